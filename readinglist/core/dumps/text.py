"""The normaliser for every text syntax: plain copies, Markdown, reference links, URL lines.

Text syntaxes are not told apart first: each of their devices is undone where it
occurs, so a capture that mixes them (a text export with Markdown links and bare URL
lines, Markdown with HTML leftovers) reads as well as a pure one:

- YAML front matter at the top is dropped;
- reference links are resolved: `[text][12]` with `[12]: url` definitions, and the
  text-browser form `[12]text` with a `References` list of `12. url` lines (such
  inputs are read whole, since the definitions come last);
- a link whose text runs over several lines (`[` … `](url)`) and `\\` hard breaks are
  joined into one line;
- a line holding only a URL becomes the link of the text line before it;
- inline Markdown is split into text runs and links (`[text](url)`, images dropped,
  image-in-link avatars keep their text, escapes, emphasis, leftover HTML tags), by
  `inline.py`;
- headings are marked, list and quote markers removed.

Every step is linear in its input: brackets are matched with one stack pass per line
and look-ahead over lines is bounded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from .decoding import Line, LineSource
from .fields import is_metadata, url_only
from .inline import has_inline_markup, tokenize
from .items import Item, Piece

FRONT_MATTER_MAX_LINES = 200  # a `---` block longer than this is not front matter
JOIN_MAX_LINES = 64  # bound on lines joined into one logical line
WRAP_MIN_WIDTH, WRAP_MAX_WIDTH = 60, 160  # columns a hard-wrapped text breaks at
WRAP_SLACK = 12  # a line this close to the width was probably wrapped
WRAP_TOLERANCE = 2  # columns the widest line may exceed the width wrapped at (a `[` put before it)
WRAP_MIN_FULL_LINES = 3  # lines that close to the width it takes to call a text hard-wrapped

_HEADING_RE = re.compile(r"#{1,6}\s+")  # the text after it, without closing `#`s: `_heading_text`
_RULE_RE = re.compile(r"^(?:[-=*_]\s*){3,}$")
_RULE_STARTS = frozenset("-=*_")
_MARK_STARTS = frozenset(">*+-")
_BLOCK_MARK_RE = re.compile(r"(?:>\s?|[*+-]\s+)")
_ESCAPED_RE = re.compile(r"\\.")

# Reference links.
_DEFINITION_RE = re.compile(r"^\s{0,8}(?:\[(\d{1,6})\]:|(\d{1,6})\.)\s+(\S+://\S+)\s*$")
_REFERENCE_USE_RE = re.compile(r"\[\d{1,6}\](?:\[|[^\W\d])|\]\[\d{1,6}\]")
_BLOCK_END_RE = re.compile(r"^\s*\]\[(\d{1,6})\]\s*$")
_INLINE_REF_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[(\d{1,6})\]")
_PREFIX_REF_RE = re.compile(r"\[(\d{1,6})\]")
_BLOCK_STARTS = ("#", "* ", "- ", "+ ", "> ", "·", "•", "]")


def text_items(source: LineSource) -> Iterator[Item]:
    """The items of a text input, in order."""
    lines: Iterable[Line] = _skip_front_matter(source)
    width = _wrap_width(source.prefix)
    if width is not None:
        lines = _unwrapped(lines, width)
    if _uses_references(source.prefix):
        lines = _resolve_references(source, lines)
    return markdown_items(lines)


def markdown_items(lines: Iterable[Line]) -> Iterator[Item]:
    """The items of Markdown (or plain) lines without front matter or reference links."""
    return _items(_attach_url_lines(_joined_lines(lines)))


# ---------------------------------------------------------------- front matter


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


# ---------------------------------------------------------------- hard-wrapped text


def _wrap_width(prefix: list[Line]) -> int | None:
    """The column a hard-wrapped text (a text browser's dump, `fold`) breaks at, or None.

    Such a text has many lines close to one length between 60 and 160 characters and
    few longer ones (a heading, a long title); a browser copy keeps each paragraph on one
    long line.
    """
    lengths = [
        len(line.text.rstrip())
        for line in prefix
        if not line.too_long and line.text.strip() and not _DEFINITION_RE.match(line.text) and not url_only(line.text)
    ]
    # The width is the length most lines end just under (the first of equals): a heading
    # or a long title is not wrapped and may stand above it. The prefix is bounded, so
    # counting for each candidate is cheap.
    best, width = 0, 0
    for candidate in sorted({n for n in lengths if WRAP_MIN_WIDTH <= n <= WRAP_MAX_WIDTH}):
        full = sum(1 for length in lengths if candidate - WRAP_SLACK <= length <= candidate)
        if full > best:
            best, width = full, candidate
    longer = sum(1 for length in lengths if length > width)
    return width if best >= WRAP_MIN_FULL_LINES and longer * 2 <= best else None


def _unwrapped(lines: Iterable[Line], width: int) -> Iterator[Line]:
    """Paragraphs of a hard-wrapped text joined back into one line each."""
    first: Line | None = None
    parts: list[str] = []
    last = ""
    for line in lines:
        if first is not None and not line.too_long and line.text.strip() and _continues(last, line.text, width):
            parts[-1] = parts[-1].rstrip("\\").rstrip()  # a Markdown hard break is a space too
            parts.append(line.text.strip())
            last = line.text
            continue
        if first is not None:
            yield first if len(parts) == 1 else Line(first.number, _indent(first.text) + " ".join(parts))
            first = None
        if line.too_long or not line.text.strip():
            yield line
            continue
        first, parts, last = line, [line.text.strip()], line.text
    if first is not None:
        yield first if len(parts) == 1 else Line(first.number, _indent(first.text) + " ".join(parts))


def _continues(previous: str, text: str, width: int) -> bool:
    """Whether `text` continues the line before it.

    It does when its first word did not fit on that line, or when that line is close to
    the width and `text` goes on mid-sentence (the wrapping may have used a narrower width).
    """
    end = len(previous.rstrip())
    stripped = text.strip()
    word = stripped.split(maxsplit=1)[0]
    fitted = end + 1 + len(word) <= width - WRAP_TOLERANCE
    if fitted and (end < width - WRAP_SLACK or not _continues_sentence(stripped)):
        return False  # the word would have fitted: the line ended there on purpose
    if previous.lstrip().startswith("#") or stripped.startswith(_BLOCK_STARTS) or _PREFIX_REF_RE.match(stripped):
        return False
    if _DEFINITION_RE.match(text) or _DEFINITION_RE.match(previous):
        return False  # the references list of a text browser
    return not is_metadata(stripped)


def _continues_sentence(text: str) -> bool:
    """Starts like the middle of a sentence (wrapped lines often do; titles never)."""
    return not text[0].isupper() and text[0] not in "[(<*#"


# ---------------------------------------------------------------- reference links


def _uses_references(prefix: list[Line]) -> bool:
    return any(not line.too_long and _REFERENCE_USE_RE.search(line.text) for line in prefix)


def _resolve_references(source: LineSource, lines: Iterable[Line]) -> Iterator[Line]:
    """The lines with reference links made inline; the input is read whole (size-limited)."""
    source.check_whole_size("reference-style")
    references: dict[str, str] = {}
    body: list[Line] = []
    for line in lines:
        match = None if line.too_long else _DEFINITION_RE.match(line.text)
        if match:
            references[match[1] or match[2]] = match[3]
        elif line.too_long or line.text.strip().casefold() not in ("references", "visible links"):
            body.append(line)
    index = 0
    while index < len(body):
        line = body[index]
        index += 1
        if not line.too_long and line.text.strip() == "[":
            block = _block_end(body, index)
            if block is not None:
                closing, number = block
                text = " ".join(part.text.strip().rstrip("\\").strip() for part in body[index:closing])
                yield Line(line.number, _reference(_escape(" ".join(text.split())), number, references))
                index = closing + 1
                continue
        if not line.too_long and line.text.lstrip().startswith("[") and (end := _wrapped_link_end(body, index - 1)):
            text = " ".join(part.text.strip() for part in body[index - 1 : end + 1])
            yield Line(line.number, _indent(line.text) + _resolve_inline(text, references))
            index = end + 1
            continue
        yield line if line.too_long else Line(line.number, _resolve_inline(line.text, references))


def _wrapped_link_end(body: list[Line], start: int) -> int | None:
    """The last line of a `[text…` link wrapped over the lines from `start` (no blank line inside)."""
    balance = 0
    for index in range(start, min(start + JOIN_MAX_LINES, len(body))):
        line = body[index]
        if line.too_long or not line.text.strip():
            return None
        balance += _bracket_balance(line.text)
        if balance <= 0:
            return index if index > start else None
    return None


def _block_end(body: list[Line], start: int) -> tuple[int, str] | None:
    """The line that closes the block opened before ``start`` (``][n]``), and its reference number."""
    for index in range(start, min(start + JOIN_MAX_LINES * 4, len(body))):
        if body[index].too_long or body[index].text.strip() == "[":
            return None
        if match := _BLOCK_END_RE.match(body[index].text):
            return index, match[1]
    return None


def _resolve_inline(text: str, references: dict[str, str]) -> str:
    for _ in range(3):  # `[![img][3]Name][4]` needs two rounds
        resolved = _INLINE_REF_RE.sub(lambda m: _reference(m[1], m[2], references), text)
        if resolved == text:
            break
        text = resolved
    return _resolve_prefixed(text, references)


def _resolve_prefixed(text: str, references: dict[str, str]) -> str:
    """Text-browser links, `[12]Link text`: the text runs to the next marker or line end."""
    marks = [m for m in _PREFIX_REF_RE.finditer(text) if m[1] in references and not text.startswith("(", m.end())]
    if not marks:
        return text
    out = [text[: marks[0].start()]]
    for position, mark in enumerate(marks):
        end = marks[position + 1].start() if position + 1 < len(marks) else len(text)
        label = text[mark.end() : end].strip()
        out.append(f"[{_escape(label)}]({references[mark[1]]}) " if label else "")
    return "".join(out).rstrip()


def _reference(text: str, number: str, references: dict[str, str]) -> str:
    url = references.get(number)
    return f"[{text}]({url})" if url else text  # an unknown reference keeps its text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


# ---------------------------------------------------------------- joining lines


def _joined_lines(lines: Iterable[Line]) -> Iterator[Line]:
    """Join `\\` hard breaks and link texts wrapped over lines (blank lines included)."""
    parts: list[str] = []
    first: Line | None = None
    depth = 0  # brackets left open by the joined text so far
    for line in lines:
        if line.too_long:
            if first is not None:
                yield Line(first.number, " ".join(parts))
                parts, first, depth = [], None, 0
            yield line
            continue
        text = line.text.strip()
        if first is None:
            if not text or (text[-1] != "\\" and "[" not in text):
                yield line  # the common case: a line that joins nothing
                continue
            first = line
        elif not text and depth <= 0:
            yield _joined(first, parts)
            parts, first, depth = [], None, 0
            yield line
            continue
        stripped = text.rstrip("\\")
        if stripped:
            parts.append(stripped.strip())
        depth += _bracket_balance(stripped)
        joined_link = depth > 0 and parts and parts[0].lstrip("#!-*+> ").startswith("[")
        if len(parts) < JOIN_MAX_LINES and (stripped != text or joined_link or not parts):
            continue
        yield _joined(first, parts)
        parts, first, depth = [], None, 0
    if first is not None:
        yield _joined(first, parts)


def _joined(first: Line, parts: list[str]) -> Line:
    """One line of `parts`, keeping the first line's number and indentation."""
    if len(parts) == 1 and parts[0] == first.text.strip():
        return first
    return Line(first.number, _indent(first.text) + " ".join(parts))


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]


def _bracket_balance(text: str) -> int:
    """`[` minus `]`, escaped brackets aside."""
    if "\\" in text:
        text = _ESCAPED_RE.sub("", text)
    return text.count("[") - text.count("]")


# ---------------------------------------------------------------- URL lines


def _attach_url_lines(lines: Iterable[Line]) -> Iterator[Line]:
    """A line holding only a URL becomes the link of the text line before it.

    Blank lines may stand between the two. A URL with no text line waiting (two URL
    lines in a row, or at the top) is a bare link: kept as a link to itself.
    """
    waiting: Line | None = None
    for line in lines:
        if line.too_long:
            if waiting is not None:
                yield waiting
                waiting = None
            yield line
            continue
        text = line.text.strip()
        if not text:
            continue
        url = url_only(text) if text.startswith(("http", "<http")) else None
        if url is not None:
            if waiting is not None and "](" not in waiting.text:
                label = _escape(waiting.text.strip())
                yield Line(waiting.number, f"{_indent(waiting.text)}[{label}]({url})")
            else:
                if waiting is not None:
                    yield waiting
                yield Line(line.number, f"<{url}>")
            waiting = None
            continue
        if waiting is not None:
            yield waiting
        waiting = line
    if waiting is not None:
        yield waiting


# ---------------------------------------------------------------- lines as items


def _heading_text(text: str) -> str:
    """A heading's text without the optional closing `#`s (`## Title ##`); one pass, no backtracking."""
    without = text.rstrip("#")
    if without != text and without[-1:].isspace():
        return without.rstrip()
    return text


def _items(lines: Iterable[Line]) -> Iterator[Item]:
    for line in lines:
        if line.too_long:
            yield Item(line.number, (), too_long=True)
            continue
        text = line.text.strip()
        if not text:
            continue
        first = text[0]
        if first in _RULE_STARTS and _RULE_RE.match(text):
            continue
        heading = _HEADING_RE.match(text) if first == "#" else None
        if heading:
            text = _heading_text(text[heading.end() :])
        elif first in _MARK_STARTS:
            start = 0
            while (mark := _BLOCK_MARK_RE.match(text, start)) is not None and mark.end() > start:  # lists, quotes
                start = mark.end()
            text = text[start:]
        pieces = tuple(tokenize(text)) if has_inline_markup(text) else (Piece(text),)
        if pieces:
            yield Item(line.number, pieces, heading=heading is not None, indented=line.text[:1].isspace())
