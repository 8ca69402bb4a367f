"""Reading the next page dump in a helper process while the current one goes into the database."""

from __future__ import annotations

import hashlib
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from readinglist.core import export
from readinglist.core.dumps import Dump, ParsedPaper, Problem, read_dump_file

READ_AHEAD_MAX_BYTES = 8 << 20  # bigger files are streamed, never held whole in memory
READ_AHEAD_MIN_FILES = 3  # below this, starting the helper process costs more than it saves
_HASH_BLOCK = 1 << 20


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks so huge files stay cheap."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ReadAhead:
    """A page dump read and parsed in a helper process: all that importing it needs but the database."""

    digest: str
    layout: str
    list_date_text: str | None
    entries: list[ParsedPaper | Problem]

    def dump(self) -> Dump:
        """The parsed entries as the dump they came from."""
        return Dump(self.layout, self.list_date_text, iter(self.entries))


def read_ahead(path: Path) -> ReadAhead | None:
    """Parse a small page dump whole (in a helper process); None leaves the file to ``import_file``.

    Big files, exports and anything that goes wrong are read again by
    ``import_file`` itself, which streams them and reports their errors.
    """
    try:
        if not path.is_file() or path.stat().st_size > READ_AHEAD_MAX_BYTES:
            return None
        if export.json_kind(export.file_head(path)) is not None:
            return None
        with read_dump_file(path) as dump:
            return ReadAhead(file_digest(path), dump.layout, dump.list_date_text, list(dump.entries))
    except Exception:  # noqa: BLE001 - whatever it was, import_file meets it again and reports it
        return None


def read_ahead_in(helper: ProcessPoolExecutor, path: Path) -> Future[ReadAhead | None] | None:
    """``read_ahead(path)`` started in the helper; None when the helper is gone (it crashed on a file)."""
    try:
        return helper.submit(read_ahead, path)
    except Exception:  # noqa: BLE001 - a broken pool: the files are read here instead
        return None


def read_ahead_result(upcoming: Future[ReadAhead | None] | None) -> ReadAhead | None:
    """What the helper read; None (``import_file`` reads the file itself) when it failed in any way."""
    try:
        return upcoming.result() if upcoming else None
    except Exception:  # noqa: BLE001 - a crashed helper, a result that could not be sent back
        return None
