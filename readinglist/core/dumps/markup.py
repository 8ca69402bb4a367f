"""HTML parsed safely: linear time, bounded nesting, and a `DumpError` instead of a parser crash.

Python's `html.parser` (which BeautifulSoup drives, and which gives source lines) rescans
the rest of the input for every construct left open at its end: 80 KB of `<a b` took
100 s. Before parsing, `neutralise` makes every construct either complete or plain
text, in one pass each, so the parser reads every character a bounded number of
times; the markup a browser would show is unchanged for real pages:

- `<` after the last `>` cannot start a complete tag: it becomes `&lt;`;
- `<!--` after the last comment end (`--` `>`) cannot be closed: it becomes `&lt;!--`;
- `<![` (marked sections, which the parser rejects or rescans) becomes `&lt;![`;
- end tags of void elements (`</br>`, `</img>`), which mean nothing, are removed (BeautifulSoup
  keeps a list of them that each one searches).

After parsing, elements nested deeper than `MAX_DEPTH` are flattened into their text, so
that nothing recursive (markdownify, the converters after it) meets a deep tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .records import DumpError

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

MAX_DEPTH = 200  # element nesting kept; deeper content is read as the text of its ancestor
TOO_DEEP_REASON = f"HTML nested too deep: below {MAX_DEPTH} levels read as plain text"

_COMMENT_END_RE = re.compile(r"--\s*>")  # what html.parser ends a comment at
_VOID_END_TAG_RE = re.compile(
    r"</(?:area|base|br|col|embed|hr|img|input|keygen|link|menuitem|meta|param|source|track|wbr|basefont"
    r"|bgsound|command|frame|image|isindex|nextid|spacer)(?=[\s/>])[^<>]*>",
    re.IGNORECASE,
)


def neutralise(markup: str) -> str:
    """`markup` with the constructs that make `html.parser` slow or fail turned into text."""
    markup = markup.replace("<![", "&lt;![")
    if "</" in markup:
        markup = _VOID_END_TAG_RE.sub("", markup)
    last_close = markup.rfind(">") + 1
    if "<" in markup[last_close:]:
        markup = markup[:last_close] + markup[last_close:].replace("<", "&lt;")
    if "<!--" in markup:
        comment_end = 0
        for end in _COMMENT_END_RE.finditer(markup):
            comment_end = end.end()
        if "<!--" in markup[comment_end:]:
            markup = markup[:comment_end] + markup[comment_end:].replace("<!--", "&lt;!--")
    return markup


def parse_html(markup: str, *, dropped: tuple[str, ...] = ()) -> tuple[BeautifulSoup, int | None]:
    """The parsed tree of `markup` without the `dropped` elements, and where it was flattened.

    The second value is the source line of the first element found deeper than
    `MAX_DEPTH` (its content was replaced by its text), or None. Markup the parser
    rejects raises `DumpError`.
    """
    from bs4 import BeautifulSoup  # slow to import: loaded on first use

    try:
        soup = BeautifulSoup(neutralise(markup), "html.parser")
    except RecursionError as error:
        raise DumpError("HTML nested too deep to read") from error
    except Exception as error:  # bs4's ParserRejectedMarkup, or what html.parser raised inside it
        raise DumpError(f"HTML the parser cannot read ({type(error).__name__}: {str(error)[:80]})") from error
    if dropped:
        for tag in soup.find_all(dropped):
            tag.decompose()
    return soup, _flatten_deep(soup)


def _flatten_deep(soup: BeautifulSoup) -> int | None:
    """Replace the content of elements at depth `MAX_DEPTH` by their text; iterative and linear."""
    from bs4 import Tag

    first_line: int | None = None
    stack: list[tuple[Tag, int]] = [(soup, 0)]
    while stack:
        tag, depth = stack.pop()
        for child in tag.contents:
            if not isinstance(child, Tag):
                continue
            if depth + 1 < MAX_DEPTH:
                stack.append((child, depth + 1))
            elif any(isinstance(grandchild, Tag) for grandchild in child.contents):
                if first_line is None:
                    first_line = child.sourceline or 1
                child.string = child.get_text()
    return first_line
