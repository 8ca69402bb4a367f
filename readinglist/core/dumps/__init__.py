"""Read saved or copied Hugging Face papers pages ("page dumps") into paper records.

`read_dump_file` / `read_dump_text` detect the layout (plain, markdown, reflinks,
urllines, html), then yield `ParsedPaper`s and `Problem`s lazily in page order. A whole
input that cannot be read raises `DumpError`. This package never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cards import DumpContext, Entry, merge_adjacent_duplicates
from .decoding import LineSource, open_file_source, text_source
from .detect import LAYOUTS, detect_layout
from .keys import title_key
from .markdown import read_markdown
from .plain import read_plain
from .records import DumpError, ParsedPaper, Problem
from .reflinks import read_reflinks
from .urllines import read_urllines

__all__ = [
    "LAYOUTS",
    "Dump",
    "DumpError",
    "ParsedPaper",
    "Problem",
    "read_dump_file",
    "read_dump_text",
    "split_entries",
    "title_key",
]

_READERS: dict[str, Callable[[LineSource, DumpContext], Iterator[Entry]]] = {
    "plain": read_plain,
    "markdown": read_markdown,
    "reflinks": read_reflinks,
    "urllines": read_urllines,
    "html": lambda source, ctx: _read_html(source, ctx),
}


def _read_html(source: LineSource, ctx: DumpContext) -> Iterator[Entry]:
    # Imported on first use: markdownify and BeautifulSoup take about 0.13 s to import,
    # which every start of the app and the command line would otherwise pay.
    from .html_page import read_html

    return read_html(source, ctx)


@dataclass
class Dump:
    """One readable dump: its layout, header list date and entries in page order.

    `entries` is produced lazily and can be iterated once; the file stays open until it
    is exhausted or `close()` is called (also via `with`). Iterating may raise
    `DumpError` if the file becomes unreadable half-way.
    """

    layout: str  # "plain" | "markdown" | "reflinks" | "urllines" | "html"
    list_date_text: str | None  # the list date shown in the page header, e.g. "Mar 17"
    entries: Iterator[ParsedPaper | Problem]
    _close: Callable[[], None] | None = field(default=None, repr=False, compare=False)

    def close(self) -> None:
        """Stop reading and release the file."""
        if self._close is not None:
            self._close()

    def __enter__(self) -> Dump:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def read_dump_file(path: Path, *, reference_date: date | None = None) -> Dump:
    """Open a page dump file; `reference_date` defaults to the file's modification date.

    Raises `DumpError` for a missing, unreadable, empty, binary or folder path, or an
    HTML page above the size limit.
    """
    source = open_file_source(Path(path))
    return _read(source, reference_date or source.modified or date.today())


def read_dump_text(text: str, *, reference_date: date) -> Dump:
    """Read a dump held in memory (e.g. a clipboard paste) taken on `reference_date`."""
    return _read(text_source(text), reference_date)


def split_entries(entries: Iterable[Entry]) -> tuple[list[ParsedPaper], list[Problem]]:
    """Drain `entries` into (papers, problems), each in page order."""
    papers: list[ParsedPaper] = []
    problems: list[Problem] = []
    for entry in entries:
        (papers if isinstance(entry, ParsedPaper) else problems).append(entry)  # type: ignore[arg-type]
    return papers, problems


def _read(source: LineSource, reference_date: date) -> Dump:
    try:
        layout = detect_layout([line.text for line in source.prefix])
        ctx = DumpContext(reference_date)
        entries = merge_adjacent_duplicates(_READERS[layout](source, ctx))
        # Read up to the first entry now: by then the page header, and so the list date
        # that year inference needs, has been seen.
        first = next(entries, None)
    except BaseException:
        source.close()
        raise
    stream = _entries(first, entries, source)

    def close() -> None:
        stream.close()
        source.close()

    return Dump(layout, ctx.list_date_text, stream, close)


def _entries(first: Entry | None, rest: Iterator[Entry], source: LineSource) -> Iterator[Entry]:
    try:
        if first is not None:
            yield first
            yield from rest
    finally:
        source.close()
