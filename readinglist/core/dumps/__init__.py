"""Read captures of Hugging Face papers pages ("dumps") into paper records.

Reading has two stages. A normaliser turns the input's syntax into one stream of
`Item`s (lines of text pieces with their link targets, headings, roles): `text.py` for
plain text, Markdown, reference links and URL lines; `html_page.py` for HTML;
`feeds.py` for RSS, Atom, JSON Feed and the papers API. One recogniser
(`recognise.py`) turns items into `ParsedPaper`s and `Problem`s, lazily and in page
order. A new syntax is a new normaliser; the recogniser stays one.

`read_dump_file` / `read_dump_text` are the entry points. A whole input that cannot
be read raises `DumpError`. This package never imports Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cards import DumpContext, Entry, merge_adjacent_duplicates
from .decoding import LineSource, open_file_source, text_source
from .detect import FEEDS, LAYOUTS, UNRECOGNISED, detect_layout
from .items import Item
from .keys import title_key
from .recognise import RecognitionSummary, recognise
from .records import DumpError, ParsedPaper, Problem
from .text import text_items

__all__ = [
    "FEEDS",
    "LAYOUTS",
    "UNRECOGNISED",
    "Dump",
    "DumpError",
    "ParsedPaper",
    "Problem",
    "read_dump_file",
    "read_dump_text",
    "split_entries",
    "title_key",
]


def _items(layout: str, source: LineSource) -> Iterator[Item]:
    """The normaliser for `layout`. HTML and feed parsers load on first use (0.1 s each)."""
    if layout in FEEDS:
        from .feeds import feed_items

        return feed_items(source.whole_text(layout), layout)
    if layout == "html":
        from .html_page import html_items

        return html_items(source)
    return text_items(source)


@dataclass
class Dump:
    """One readable dump: its layout, header list date and entries in page order.

    `entries` is produced lazily and can be iterated once; the file stays open until it
    is exhausted or `close()` is called (also via `with`). Iterating may raise
    `DumpError` if the file becomes unreadable half-way.
    """

    layout: str  # one of LAYOUTS; "unrecognised" once read if papers came only from bare links
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


def read_dump_text(text: str, *, reference_date: date, syntax: str | None = None) -> Dump:
    """Read a dump held in memory (e.g. a clipboard paste) taken on `reference_date`.

    `syntax`: one of `LAYOUTS` when the caller knows it ("html" for a browser's clipboard
    flavour, "links" for dragged links); otherwise it is recognised from the text.
    """
    return _read(text_source(text), reference_date, syntax)


def split_entries(entries: Iterable[Entry]) -> tuple[list[ParsedPaper], list[Problem]]:
    """Drain `entries` into (papers, problems), each in page order."""
    papers: list[ParsedPaper] = []
    problems: list[Problem] = []
    for entry in entries:
        if isinstance(entry, ParsedPaper):
            papers.append(entry)
        else:
            problems.append(entry)
    return papers, problems


def _read(source: LineSource, reference_date: date, syntax: str | None = None) -> Dump:
    summary = RecognitionSummary()
    try:
        layout = syntax or detect_layout([line.text for line in source.prefix])
        ctx = DumpContext(reference_date)
        entries = merge_adjacent_duplicates(recognise(_items(layout, source), ctx, summary))
        # Read up to the first entry now: by then the page header, and so the list date
        # that year inference needs, has been seen.
        first = next(entries, None)
    except BaseException:
        source.close()
        raise
    dump = Dump(layout, ctx.list_date_text, iter(()))
    # Only a syntax that was guessed can turn out not to be recognised.
    stream = _entries(first, entries, source, dump, summary if syntax is None else None)

    def close() -> None:
        stream.close()
        source.close()

    dump.entries, dump._close = stream, close
    return dump


def _entries(
    first: Entry | None,
    rest: Iterator[Entry],
    source: LineSource,
    dump: Dump,
    summary: RecognitionSummary | None,
) -> Generator[Entry]:
    try:
        if first is not None:
            yield first
            yield from rest
        if summary is not None and summary.links_only:
            dump.layout = UNRECOGNISED
    finally:
        source.close()
