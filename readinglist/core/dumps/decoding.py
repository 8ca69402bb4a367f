"""Turn a file or a pasted text into a bounded stream of numbered lines.

Files are never read whole (except HTML, see `LineSource.whole_text`): the encoding is
sniffed from the first chunk, then an `io.TextIOWrapper` with `newline=None` yields
lines one at a time, CR and CRLF endings included, each cut at `MAX_LINE_CHARS`.
"""

from __future__ import annotations

import codecs
import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path
from typing import BinaryIO, TextIO

from .records import DumpError

SNIFF_BYTES = 64 * 1024  # bytes looked at to choose the encoding
MAX_LINE_CHARS = 1024 * 1024  # longer lines are skipped (and reported), not kept
TOO_LONG_KEPT = 200  # start of an over-long line kept, for layout detection and reports
PREFIX_LINES = 300  # bounded prefix shown to layout detection...
PREFIX_CHARS = 64 * 1024  # ...whichever limit comes first
WHOLE_TEXT_LIMIT = 64 * 1024 * 1024  # bytes; layouts read whole (HTML) refuse bigger input

BINARY_REASON = "binary file, not a text page dump"
TOO_LONG_REASON = f"line longer than {MAX_LINE_CHARS // (1024 * 1024)} MiB, skipped"


@dataclass(frozen=True, slots=True)
class Line:
    """One line of decoded text, without its line end; numbers are 1-based."""

    number: int
    text: str
    too_long: bool = False  # then `text` is only the start of the line


class LineSource:
    """The numbered lines of one input, with a bounded prefix kept for layout detection.

    Iterating yields the prefix lines first, then continues with the rest of the stream;
    a source can be iterated once.
    """

    def __init__(self, stream: TextIO, *, size: int, modified: date | None, what: str) -> None:
        self._stream = stream
        self.size = size  # bytes for files, characters for pasted text
        self.modified = modified
        self._what = what  # "file" or "text", for messages
        self._lines = _read_lines(stream, what)
        self.prefix: list[Line] = []
        chars = 0
        for line in self._lines:
            self.prefix.append(line)
            chars += len(line.text)
            if len(self.prefix) >= PREFIX_LINES or chars >= PREFIX_CHARS:
                break

    def __iter__(self) -> Iterator[Line]:
        return chain(self.prefix, self._lines)

    def check_whole_size(self, layout: str) -> None:
        """Raise `DumpError` if the input is too big for a layout that is read whole."""
        if self.size > WHOLE_TEXT_LIMIT:
            raise DumpError(
                f"{layout} {self._what} too large to read "
                f"({self.size / 2**20:.0f} MB; the limit is {WHOLE_TEXT_LIMIT // 2**20} MB)"
            )

    def whole_text(self, layout: str) -> str:
        """All the text at once, for layouts that must be parsed whole; size-limited."""
        self.check_whole_size(layout)
        try:
            self._stream.seek(0)
            return self._stream.read()
        except OSError as exc:
            raise DumpError(f"cannot read file: {exc.strerror or exc}") from exc

    def close(self) -> None:
        """Release the underlying file; safe to call more than once."""
        self._stream.close()


def open_file_source(path: Path) -> LineSource:
    """Open a page dump file, or raise `DumpError` with a one-line reason."""
    try:
        info = path.stat()
    except OSError as exc:
        raise DumpError(f"cannot read file: {path.name}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise DumpError(f"{path.name} is a folder, not a page dump file")
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices could block or never end.
        raise DumpError(f"{path.name} is not a regular file")
    try:
        raw: BinaryIO = open(path, "rb")  # noqa: SIM115 - closed by LineSource.close
    except OSError as exc:
        raise DumpError(f"cannot read file: {path.name}: {exc.strerror or exc}") from exc
    try:
        head = raw.read(SNIFF_BYTES)
        size = os.fstat(raw.fileno()).st_size
        encoding = sniff_encoding(head, complete=len(head) < SNIFF_BYTES, what="file")
        raw.seek(0)
        # errors="replace": the first chunk proved the encoding; a stray bad byte deep in
        # a huge file should cost one character, not the whole import.
        stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=None)
        modified = date.fromtimestamp(info.st_mtime)
        return LineSource(stream, size=size, modified=modified, what="file")
    except OSError as exc:
        raw.close()
        raise DumpError(f"cannot read file: {path.name}: {exc.strerror or exc}") from exc
    except BaseException:
        raw.close()
        raise


def text_source(text: str) -> LineSource:
    """A source over text that is already in memory (e.g. a clipboard paste)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DumpError("empty text")
    return LineSource(io.StringIO(text, newline=None), size=len(text), modified=None, what="text")


def sniff_encoding(head: bytes, *, complete: bool, what: str = "file") -> str:
    """Choose the codec for a dump from its first bytes, or raise `DumpError`.

    BOMs decide first (UTF-8, UTF-16 LE/BE); without one the bytes must be strict UTF-8,
    or else cp1252 when they are clearly text. `complete` says `head` is the whole input.
    """
    for bom, encoding, body_codec in (
        (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
    ):
        if head.startswith(bom):
            body = head[len(bom) :]
            text = _decode_or_none(body, body_codec, complete)
            if text is None or not _is_text(text):
                raise DumpError(BINARY_REASON)
            _check_not_empty(text, complete, what)
            return encoding
    if not head:
        raise DumpError(f"empty {what}")
    if b"\x00" in head:
        raise DumpError(BINARY_REASON)
    text = _decode_or_none(head, "utf-8", complete)
    if text is not None:
        if not _is_text(text):
            raise DumpError(BINARY_REASON)
        _check_not_empty(text, complete, what)
        return "utf-8"
    text = _decode_or_none(head, "cp1252", complete)
    # cp1252 decodes almost any byte, so demand that it reads like (mostly English) text.
    if text is None or not _is_text(text) or _ascii_share(text) < 0.9:
        raise DumpError(BINARY_REASON)
    return "cp1252"


def _decode_or_none(data: bytes, codec: str, complete: bool) -> str | None:
    # Incremental decoding: a chunk may end in the middle of a multi-byte character.
    try:
        return codecs.getincrementaldecoder(codec)(errors="strict").decode(data, final=complete)
    except UnicodeDecodeError:
        return None


def _is_text(text: str) -> bool:
    """No NULs and (almost) no other control characters."""
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text if (ch < " " and ch not in "\t\n\r\f\v") or ch == "\x7f")
    return controls <= len(text) // 100


def _ascii_share(text: str) -> float:
    return sum(1 for ch in text if ch < "\x7f") / max(len(text), 1)


def _check_not_empty(text: str, complete: bool, what: str) -> None:
    if complete and not text.strip():
        raise DumpError(f"empty {what}")


def _read_lines(stream: TextIO, what: str) -> Iterator[Line]:
    """Numbered lines, each read with a size limit so memory stays bounded."""
    number = 0
    while True:
        chunk = _read_line(stream, what)
        if not chunk:
            return
        number += 1
        if chunk.endswith("\n"):
            yield Line(number, chunk[:-1])
        elif len(chunk) < MAX_LINE_CHARS:
            yield Line(number, chunk)  # last line, without a line end
        else:
            start = chunk[:TOO_LONG_KEPT]
            while chunk and not chunk.endswith("\n"):
                chunk = _read_line(stream, what)  # drop the rest piece by piece
            yield Line(number, start, too_long=True)


def _read_line(stream: TextIO, what: str) -> str:
    try:
        return stream.readline(MAX_LINE_CHARS)
    except OSError as exc:  # e.g. a network drive gone mid-way
        raise DumpError(f"cannot read {what}: {exc.strerror or exc}") from exc
