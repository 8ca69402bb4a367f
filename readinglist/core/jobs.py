"""Long library work behind one interface: imports, index syncs and rebuilds.

Front ends start long work through a ``Jobs`` object and never ask where it
runs. ``LocalJobs`` runs it here, in the caller's thread (the command line,
tests); ``worker.ProcessJobs`` runs the same calls in a child process (the
desktop app, whose window must keep the interpreter lock). Each job takes
callbacks that hear progress; a callback stops the job by raising
``Cancelled``, which ends the job after the file or index batch it is on and
is raised again to the caller. What was committed before stays: every file is
one transaction and every index batch clears only its own marks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from readinglist.core.hub.completing import CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.hub.listings import Listing
from readinglist.core.import_reports import FileReport
from readinglist.core.services import Library

Progress = Callable[[int, int], None]  # (done, total)
OnFile = Callable[[FileReport], None]


class Cancelled(Exception):
    """Raised by a progress callback to stop a job; raised again to its caller."""


class Jobs(Protocol):
    """The long work a front end can start on one library."""

    def import_files(
        self, files: Sequence[Path], on_file: OnFile | None = None, progress: Progress | None = None
    ) -> list[FileReport]:
        """Import ``files`` (already expanded: see ``importing.expand_paths``), then index; one report per file."""
        ...

    def import_text(self, text: str, name: str, syntax: str | None = None) -> FileReport:
        """Import pasted page text as a batch called ``name`` (``syntax``: a hint such as "html"), then index."""
        ...

    def sync_index(self, progress: Progress | None = None) -> int:
        """Index what the outbox says is pending; returns papers indexed."""
        ...

    def fetch(
        self,
        listings: Sequence[Listing],
        limit: int | None = None,
        on_report: OnFile | None = None,
        progress: Progress | None = None,
    ) -> FetchReport:
        """Fetch Hub listings (``on_report`` hears each page), then index; a cancel returns what was done."""
        ...

    def catch_up(self, on_report: OnFile | None = None, progress: Progress | None = None) -> FetchReport:
        """Fetch what the followed Hub lists published since their last fetch, then index."""
        ...

    def complete(self, paper_ids: Sequence[int], progress: Progress | None = None) -> CompletionReport:
        """Complete papers from the Hub, then index; a cancel returns what was done (undoable)."""
        ...

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the database; returns papers indexed."""
        ...

    def close(self) -> None:
        """Release what the jobs hold (a child process); the library stays open."""
        ...


class LocalJobs:
    """Jobs run in the caller's thread, on ``library``."""

    def __init__(self, library: Library) -> None:
        self.library = library

    def import_files(
        self, files: Sequence[Path], on_file: OnFile | None = None, progress: Progress | None = None
    ) -> list[FileReport]:
        return self.library.import_files(files, on_file, progress)

    def import_text(self, text: str, name: str, syntax: str | None = None) -> FileReport:
        return self.library.import_text(text, name, syntax)

    def sync_index(self, progress: Progress | None = None) -> int:
        return self.library.sync_index(progress)

    def reindex(self, progress: Progress | None = None) -> int:
        return self.library.reindex(progress)

    def fetch(
        self,
        listings: Sequence[Listing],
        limit: int | None = None,
        on_report: OnFile | None = None,
        progress: Progress | None = None,
    ) -> FetchReport:
        return _kept_on_cancel(
            FetchReport(), lambda result: self.library.fetch(listings, limit, on_report, progress, result)
        )

    def catch_up(self, on_report: OnFile | None = None, progress: Progress | None = None) -> FetchReport:
        return self.fetch(self.library.due_listings(), None, on_report, progress)

    def complete(self, paper_ids: Sequence[int], progress: Progress | None = None) -> CompletionReport:
        return _kept_on_cancel(CompletionReport(), lambda report: self.library.complete(paper_ids, progress, report))

    def close(self) -> None:
        pass


_Report = TypeVar("_Report", FetchReport, CompletionReport)


def _kept_on_cancel(report: _Report, run: Callable[[_Report], _Report]) -> _Report:
    """``run(report)``, which fills ``report`` as it goes; a cancel returns what it had done, marked stopped."""
    try:
        return run(report)
    except Cancelled:
        report.stopped = True
        return report
