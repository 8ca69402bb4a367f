"""Plain text where every link's URL stands on its own line after the link text.

    Models
    https://huggingface.co/models
     [-] 12
    Title
    https://huggingface.co/papers/2401.01234
    Abstract ...

Each URL line is attached to the text line before it, turning the pair into one link;
the lines then go to the shared `LinkedCardAssembler`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .cards import DumpContext, Entry, Piece, PieceLine, assemble_linked_cards
from .decoding import Line
from .fields import url_only


def read_urllines(lines: Iterable[Line], ctx: DumpContext) -> Iterator[Entry]:
    """Papers and problems of a URL-per-line dump, in page order."""
    return assemble_linked_cards(_linked_lines(lines), ctx)


def _linked_lines(lines: Iterable[Line]) -> Iterator[PieceLine]:
    """Text lines, each merged with the URL line that follows it (if any)."""
    waiting: Line | None = None  # a text line whose URL may come next
    for line in lines:
        if line.too_long:
            if waiting is not None:
                yield PieceLine(waiting.number, (Piece(waiting.text),))
                waiting = None
            yield PieceLine(line.number, (), too_long=True)
            continue
        text = line.text.strip()
        if not text:
            continue  # blank lines may stand between a text and its URL
        url = url_only(text)
        if url is not None:
            if waiting is not None:
                yield PieceLine(waiting.number, (Piece(waiting.text, url=url),))
                waiting = None
            continue  # a URL with no text before it is a bare navigation link
        if waiting is not None:
            yield PieceLine(waiting.number, (Piece(waiting.text),))
        waiting = Line(line.number, text)
    if waiting is not None:
        yield PieceLine(waiting.number, (Piece(waiting.text),))
