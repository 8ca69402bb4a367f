"""The normaliser for HTML: saved pages ("Save Page As") and a browser's clipboard fragments.

HTML is parsed whole with a real parser, so pages above `WHOLE_TEXT_LIMIT` are refused.
Scripts, styles and SVG are dropped, the rest is converted to Markdown, and the
Markdown becomes items as any text does. Before conversion every block element gets
an invisible marker with its source line, so papers and problems report lines of the
HTML file, not of the intermediate Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import chain

from bs4 import Tag
from bs4.element import NavigableString
from markdownify import MarkdownConverter

from .decoding import Line, LineSource
from .items import Item, Piece
from .markup import TOO_DEEP_REASON, parse_html
from .text import markdown_items

# Elements whose content never reaches the reader.
_DROPPED = ("script", "style", "svg", "noscript", "template", "head", "iframe")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "div", "article", "section")
# Private-use characters: they survive markdownify untouched and never occur in pages.
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_MARK_RE = re.compile(f"{_MARK_OPEN}(\\d+){_MARK_CLOSE}")
_BREAK_RE = re.compile(r"\s*[\r\n]\s*")


def html_items(source: LineSource) -> Iterator[Item]:
    """The items of an HTML page or fragment, in page order.

    Markup nested deeper than `markup.MAX_DEPTH` is read as text, and reported once as a
    problem at its line; markup the parser rejects raises `DumpError`.
    """
    markdown, flattened_at = _markdown(source.whole_text("HTML page"))
    items = markdown_items(_source_lines(markdown))
    if flattened_at is None:
        return items
    return chain([Item(flattened_at, (Piece(TOO_DEEP_REASON),), role="problem")], items)


def html_to_markdown(html: str) -> str:
    """Markdown for `html` with line markers; scripts, styles and SVG removed first."""
    return _markdown(html)[0]


def _markdown(html: str) -> tuple[str, int | None]:
    soup, flattened_at = parse_html(html, dropped=_DROPPED)
    # A line break inside a paragraph's source is a space when the page is shown. Strings
    # are replaced parent by parent, in one pass over each parent's children: `replace_with`
    # searches the parent for each string, which made a page of paragraphs quadratic.
    broken: dict[int, tuple[Tag, set[int]]] = {}
    for string in soup.find_all(string=_BREAK_RE):
        parent = string.parent
        if type(string) is NavigableString and parent is not None and not string.find_parent(("pre", "textarea")):
            broken.setdefault(id(parent), (parent, set()))[1].add(id(string))
    for parent, strings in broken.values():
        for index, child in reversed(list(enumerate(parent.contents))):
            if id(child) in strings:
                child.extract(_self_index=index)
                parent.insert(index, NavigableString(_BREAK_RE.sub(" ", str(child))))
    for tag in soup.find_all(_BLOCKS):
        if isinstance(tag, Tag) and tag.sourceline is not None:
            tag.insert(0, NavigableString(f"{_MARK_OPEN}{tag.sourceline}{_MARK_CLOSE}"))
    converter = MarkdownConverter(heading_style="ATX", bullets="*")
    return converter.convert_soup(soup), flattened_at


def _source_lines(markdown: str) -> Iterator[Line]:
    """Markdown lines numbered by the HTML line of their innermost marked element."""
    number = 1
    for text in markdown.splitlines():
        marks = _MARK_RE.findall(text)
        if marks:
            number = int(marks[-1])
            text = _MARK_RE.sub("", text)
        yield Line(number, text)
