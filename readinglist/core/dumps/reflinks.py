"""Text-browser dumps (lynx/w3m style) whose links are numbered references.

    ### [Title][12]
    [
    Abstract text spread
    over several lines
    ][12]
    ...
    [12]: https://huggingface.co/papers/2401.01234      (or:   12. https://...)

References are resolved into inline markdown links and the result is read by the
markdown reader. The reference list comes last, so the dump is collected first; such
dumps are small, and bigger input than `WHOLE_TEXT_LIMIT` is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .cards import DumpContext, Entry
from .decoding import Line, LineSource
from .markdown import read_markdown

BLOCK_MAX_LINES = 200  # a `[` ... `][N]` block longer than this is not one link

_REFERENCE_RE = re.compile(r"^\s*(?:\[(\d+)\]:|(\d+)\.)\s+(\S+://\S+)\s*$")
_BLOCK_END_RE = re.compile(r"^\s*\]\[(\d+)\]\s*$")
# `[text][N]`, one level of brackets allowed inside; applied repeatedly so that
# `[![img][3]Name][4]` resolves both references.
_INLINE_RE = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\[(\d+)\]")


def read_reflinks(source: LineSource, ctx: DumpContext) -> Iterator[Entry]:
    """Papers and problems of a reference-style dump, in page order."""
    source.check_whole_size("reference-style")
    references: dict[str, str] = {}
    body: list[Line] = []
    for line in source:
        match = None if line.too_long else _REFERENCE_RE.match(line.text)
        if match:
            references[match[1] or match[2]] = match[3]
        else:
            body.append(line)
    yield from read_markdown(_resolved(body, references), ctx)


def _resolved(body: list[Line], references: dict[str, str]) -> Iterator[Line]:
    """The body with references replaced by inline links, multi-line blocks joined."""
    index = 0
    while index < len(body):
        line = body[index]
        index += 1
        if line.too_long:
            yield line
            continue
        if line.text.strip() == "[":
            end = _block_end(body, index)
            if end is not None:
                number = _BLOCK_END_RE.match(body[end].text)[1]  # type: ignore[index]
                text = " ".join(part.text.strip().rstrip("\\").strip() for part in body[index:end])
                yield Line(line.number, _link(_escape(" ".join(text.split())), number, references))
                index = end + 1
                continue
        yield Line(line.number, _resolve_inline(line.text, references))


def _block_end(body: list[Line], start: int) -> int | None:
    for index in range(start, min(start + BLOCK_MAX_LINES, len(body))):
        if body[index].too_long or body[index].text.strip() == "[":
            return None
        if _BLOCK_END_RE.match(body[index].text):
            return index
    return None


def _resolve_inline(text: str, references: dict[str, str]) -> str:
    for _ in range(3):
        resolved = _INLINE_RE.sub(lambda m: _link(m[1], m[2], references), text)
        if resolved == text:
            break
        text = resolved
    return text


def _link(text: str, number: str, references: dict[str, str]) -> str:
    url = references.get(number)
    # An unknown reference keeps its text, without a link.
    return f"[{text}]({url})" if url else text


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
