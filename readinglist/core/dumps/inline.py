"""Inline Markdown split into pieces: text runs and the links among them.

Links (`[text](url)`, `<url>`), images (dropped, but an image inside a link keeps the
link's text), escapes, emphasis and leftover HTML tags are undone on one line; a short
text run naming a paper URL gets that URL as a link. Brackets are matched in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .fields import PROSE_MIN_CHARS, find_urls, paper_link_id, url_only
from .items import Piece

LINK_TEXT_MAX = 20_000  # characters a link text may span

_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ ")
_EMPHASIS_RE = re.compile(r"\*\*|__")
_SPECIAL_RE = re.compile(r"[\\<!\[]")  # where inline Markdown may start
_HTML_TAG_RE = re.compile(
    r"</?(?:a|span|div|br|img|p|sup|sub|em|strong|b|i|u|code|figure|picture|source|svg|path|button|label|time)"
    r"(?:\s[^<>]{0,2000})?/?>",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(r"^(?:LINK|Image\s*\d*)\s*:\s*", re.IGNORECASE)


def has_inline_markup(text: str) -> bool:
    """Whether `text` may hold inline Markdown, so that `tokenize` has something to undo."""
    # `in` scans at C speed; a character-class search is several times slower on an abstract.
    return "[" in text or "\\" in text or "<" in text or "**" in text or "__" in text or "://" in text


def tokenize(text: str) -> Iterator[Piece]:
    """Split inline Markdown into text runs and links; images outside links are dropped.

    A link may wrap an image (`[![](avatar.png)NVIDIA](https://huggingface.co/nvidia)`):
    the piece then keeps only the text after the image. `<https://…>` is a link to itself.
    """
    text = _HTML_TAG_RE.sub("", text) if "<" in text else text
    pairs = _bracket_pairs(text) if "](" in text else {}
    yield from _tokenize(text, 0, len(text), pairs, depth=0)


def _tokenize(text: str, start: int, end: int, pairs: dict[int, int], depth: int) -> Iterator[Piece]:
    plain: list[str] = []
    index = start
    while index < end:
        special = _SPECIAL_RE.search(text, index, end)
        if special is None:
            plain.append(text[index:end])
            break
        if special.start() > index:
            plain.append(text[index : special.start()])
            index = special.start()
        char = text[index]
        if char == "\\" and index + 1 < end and text[index + 1] in _ESCAPABLE:
            plain.append(text[index + 1])
            index += 2
            continue
        if (
            char == "<"
            and text.startswith("http", index + 1, end)
            and (close := text.find(">", index, min(end, index + 2100))) > 0
        ):
            url = url_only(text[index : close + 1])
            if url is not None:
                yield from _flush(plain)
                yield Piece(url, url=url)
                index = close + 1
                continue
        is_image = char == "!" and index + 1 < end and text[index + 1] == "["
        bracket = index + 1 if is_image else index
        if (char == "[" or is_image) and (link := _link_at(text, bracket, end, pairs)) is not None:
            label_end, url, after = link
            if not is_image and depth < 2:
                yield from _flush(plain)
                label = "".join(piece.text for piece in _tokenize(text, bracket + 1, label_end, pairs, depth + 1))
                yield Piece(_LABEL_PREFIX_RE.sub("", " ".join(label.split())), url=url)
            index = after
            continue
        plain.append(char)
        index += 1
    yield from _flush(plain)


def _flush(plain: list[str]) -> Iterator[Piece]:
    if plain:
        text = _EMPHASIS_RE.sub("", "".join(plain))
        plain.clear()
        if text.strip():
            yield from _bare_paper_links(text)


def _bare_paper_links(text: str) -> Iterator[Piece]:
    """A short text run with a paper URL in it: the URL becomes a link to itself.

    So a list in an unknown syntax (`Title - https://huggingface.co/papers/<id>`) still
    names its papers; prose (an abstract citing arXiv) is left as it is.
    """
    if "://" not in text or len(text) >= PROSE_MIN_CHARS:
        yield Piece(text)
        return
    start = 0
    for url in find_urls(text):
        if paper_link_id(url):
            at = text.find(url, start)
            if text[start:at].strip():
                yield Piece(text[start:at])
            yield Piece(url, url=url)
            start = at + len(url)
    if text[start:].strip():
        yield Piece(text[start:])


def _link_at(text: str, bracket: int, end: int, pairs: dict[int, int]) -> tuple[int, str, int] | None:
    """`(index of "]", url, index after the link)` for a `[label](url)` opening at `bracket`."""
    close = pairs.get(bracket)
    if close is None or close + 1 >= end or text[close + 1] != "(":
        return None
    paren = pairs.get(close + 1)
    if paren is None or paren > end:
        return None
    target = text[close + 2 : paren].strip()
    # `(url "title")` and `(<url>)` forms: the URL is the first word, brackets removed.
    url = target.split()[0].strip("<>") if target else ""
    return close, url, paren + 1


def _bracket_pairs(text: str) -> dict[int, int]:
    """Matching `[`/`]` and `(`/`)` positions, in one pass (escapes honoured)."""
    pairs: dict[int, int] = {}
    squares: list[int] = []
    rounds: list[int] = []
    index = 0
    length = len(text)
    while index < length:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            squares.append(index)
        elif char == "]" and squares:
            opened = squares.pop()
            if index - opened <= LINK_TEXT_MAX:
                pairs[opened] = index
        elif char == "(":
            rounds.append(index)
        elif char == ")" and rounds:
            pairs[rounds.pop()] = index
        index += 1
    return pairs
