"""Markdown captures of papers pages, as web scrapers (and our HTML path) produce them.

    [101](https://huggingface.co/papers/2401.01234)
    ### [Title](https://huggingface.co/papers/2401.01234)
    [Abstract text, maybe hard-wrapped with `\\` ...](https://huggingface.co/papers/2401.01234)
    [GitHub 11.3k](https://github.com/o/r)
    [![](https://cdn-avatars.huggingface.co/x.png)NVIDIA](https://huggingface.co/nvidia)
    May 29[6](https://huggingface.co/papers/2401.01234#community)

Lines become `PieceLine`s (text runs and links) for the shared `LinkedCardAssembler`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .cards import DumpContext, Entry, Piece, PieceLine, assemble_linked_cards
from .decoding import Line

FRONT_MATTER_MAX_LINES = 200  # a `---` block longer than this is not front matter
JOIN_MAX_LINES = 64  # bound on lines joined into one logical line

_HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)(?:\s+#+)?$")
_RULE_RE = re.compile(r"^(?:[-=*_]\s*){3,}$")
_BLOCK_MARK_RE = re.compile(r"^(?:>\s?|[*+-]\s+|\d{1,3}[.)]\s+)")
_ESCAPABLE = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
_EMPHASIS_RE = re.compile(r"\*\*|__")


def read_markdown(lines: Iterable[Line], ctx: DumpContext) -> Iterator[Entry]:
    """Papers and problems of a markdown dump, in page order."""
    return assemble_linked_cards(piece_lines(lines), ctx)


def piece_lines(lines: Iterable[Line]) -> Iterator[PieceLine]:
    """Logical markdown lines (front matter skipped, wrapped lines joined), tokenised."""
    for line in _joined_lines(_skip_front_matter(lines)):
        if line.too_long:
            yield PieceLine(line.number, (), too_long=True)
            continue
        text = line.text.strip()
        if not text or _RULE_RE.match(text):
            continue
        heading = _HEADING_RE.match(text)
        if heading:
            text = heading[2]
        else:
            while (mark := _BLOCK_MARK_RE.match(text)) is not None:  # lists, quotes
                text = text[mark.end() :]
        pieces = tuple(tokenize(text))
        if pieces:
            yield PieceLine(line.number, pieces, heading=heading is not None)


def tokenize(text: str) -> Iterator[Piece]:
    """Split inline markdown into text runs and links; images outside links are dropped.

    A link may wrap an image (`[![](avatar.png)NVIDIA](https://huggingface.co/nvidia)`):
    the piece then keeps only the text after the image.
    """
    plain: list[str] = []
    index, end = 0, len(text)
    while index < end:
        char = text[index]
        if char == "\\" and index + 1 < end and text[index + 1] in _ESCAPABLE:
            plain.append(text[index + 1])
            index += 2
            continue
        is_image = char == "!" and text.startswith("[", index + 1)
        if char == "[" or is_image:
            start = index + 1 if is_image else index
            link = _match_link(text, start)
            if link is not None:
                inner, url, index = link
                if not is_image:
                    if plain:
                        yield Piece(_clean("".join(plain)))
                        plain = []
                    label = "".join(piece.text for piece in tokenize(inner))
                    yield Piece(" ".join(label.split()), url=url)
                continue
        plain.append(char)
        index += 1
    if plain and "".join(plain).strip():
        yield Piece(_clean("".join(plain)))


def _clean(text: str) -> str:
    return _EMPHASIS_RE.sub("", text)


def _match_link(text: str, start: int) -> tuple[str, str, int] | None:
    """`(inner text, url, index after the link)` for `[inner](url)` at `start`."""
    if text.find("](", start) < 0:  # cheap exit for brackets in running text
        return None
    close = _closing(text, start, "[", "]")
    if close is None or not text.startswith("(", close + 1):
        return None
    paren = _closing(text, close + 1, "(", ")")
    if paren is None:
        return None
    target = text[close + 2 : paren].strip()
    # `(url "title")` and `(<url>)` forms: the URL is the first word, brackets removed.
    url = target.split()[0].strip("<>") if target else ""
    return text[start + 1 : close], url, paren + 1


def _closing(text: str, start: int, opener: str, closer: str) -> int | None:
    """Index of the bracket closing the one at `start`, honouring nesting and escapes."""
    depth = 0
    index = start
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if char == opener:
            depth += 1
        elif char == closer:
            depth -= 1
            if depth == 0:
                return index
        index += 1
    return None


def _skip_front_matter(lines: Iterable[Line]) -> Iterator[Line]:
    """Drop a YAML `---` block at the very top (its title/date are page metadata)."""
    iterator = iter(lines)
    held: list[Line] = []
    for line in iterator:
        held.append(line)
        if line.text.strip():
            break
    if not held or held[-1].text.strip() != "---":
        yield from held
        yield from iterator
        return
    for line in iterator:
        held.append(line)
        if line.text.strip() in ("---", "..."):
            yield from iterator  # front matter closed: drop it
            return
        if len(held) > FRONT_MATTER_MAX_LINES:
            break
    yield from held  # never closed in time: it was not front matter
    yield from iterator


def _joined_lines(lines: Iterable[Line]) -> Iterator[Line]:
    """Join hard-wrapped lines (ending in `\\`) and link texts wrapped over lines."""
    parts: list[str] = []
    first: Line | None = None
    for line in lines:
        if line.too_long:
            if first is not None:
                yield Line(first.number, " ".join(parts))
                parts, first = [], None
            yield line
            continue
        text = line.text.strip()
        if first is not None and not text:  # a blank line ends any joining
            yield Line(first.number, " ".join(parts))
            parts, first = [], None
            continue
        if first is None:
            first = line
        stripped = text.rstrip("\\")
        parts.append(stripped.strip())
        joined = " ".join(parts)
        if len(parts) < JOIN_MAX_LINES and (
            stripped != text or (joined.lstrip("#! ").startswith("[") and _open_brackets(joined))
        ):
            continue
        yield Line(first.number, joined)
        parts, first = [], None
    if first is not None:
        yield Line(first.number, " ".join(parts))


def _open_brackets(text: str) -> bool:
    """Whether `text` opens more `[` than it closes (escaped brackets aside)."""
    depth = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        depth += (char == "[") - (char == "]")
        index += 1
    return depth > 0
