"""Jobs in a child process (``ProcessJobs``), so long work never holds the caller's GIL.

Parsing, SQLAlchemy and Whoosh are pure Python, and some of their calls run
long without letting other threads in: run in a thread of the desktop app they
stall its event loop for a tenth of a second (imports) to seconds (Whoosh
commits). A child process (started with "spawn": forking a process that runs
Qt's threads is unsafe) opens the same library folder and does that work
there, reporting progress and per-file results through a pipe.

The database stays the source of truth: every file is one transaction and
every index batch clears only its own marks, so if the child dies nothing is
lost or half-written; the next run picks up what is still marked.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from readinglist.core.hub.completing import CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.hub.listings import Listing
from readinglist.core.import_reports import FileReport
from readinglist.core.jobs import Cancelled, Jobs, LocalJobs, OnFile, Progress
from readinglist.core.services import Library

WORKER_NICENESS = 10  # added to the child's niceness (POSIX): it yields the CPU to the window


class WorkerError(RuntimeError):
    """The child failed or died; what it did not finish stays marked for the next run."""


class ProcessJobs:
    """``Jobs`` run by a child process on ``library``'s folder; ``library`` then serves what the child committed."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._worker = WorkerProcess(library.folder)

    @property
    def pid(self) -> int | None:
        """The child's process id, once started (for memory figures)."""
        return self._worker.pid

    def import_files(
        self, files: Sequence[Path], on_file: OnFile | None = None, progress: Progress | None = None
    ) -> list[FileReport]:
        reports: list[FileReport] = self._run("import_files", list(files), on_file=on_file, progress=progress)
        return reports

    def import_text(self, text: str, name: str, syntax: str | None = None) -> FileReport:
        report: FileReport = self._run("import_text", text, name, syntax)
        return report

    def sync_index(self, progress: Progress | None = None) -> int:
        if not self.library.index_work_pending():
            return 0  # no round trip to the child for nothing
        indexed: int = self._run("sync_index", progress=progress)
        return indexed

    def reindex(self, progress: Progress | None = None) -> int:
        indexed: int = self._run("reindex", progress=progress)
        return indexed

    def fetch(
        self,
        listings: Sequence[Listing],
        limit: int | None = None,
        on_report: OnFile | None = None,
        progress: Progress | None = None,
    ) -> FetchReport:
        report: FetchReport = self._run(
            "fetch", list(listings), limit, progress=progress, on_file=on_report, partial=Cancelled
        )
        return report

    def catch_up(self, on_report: OnFile | None = None, progress: Progress | None = None) -> FetchReport:
        report: FetchReport = self._run("catch_up", progress=progress, on_file=on_report, partial=Cancelled)
        return report

    def complete(self, paper_ids: Sequence[int], progress: Progress | None = None) -> CompletionReport:
        report: CompletionReport = self._run("complete", list(paper_ids), progress=progress, partial=Cancelled)
        return report

    def close(self) -> None:
        self._worker.close()

    def _run(
        self,
        job: str,
        *args: Any,
        progress: Progress | None = None,
        on_file: OnFile | None = None,
        partial: type[BaseException] | None = None,
    ) -> Any:
        try:
            return self._worker.run(job, *args, progress=progress, on_file=on_file, partial=partial)
        finally:
            self.library.index.reload()  # serve what the child committed, even if it stopped early


class _CancelRequested(Cancelled):
    """The parent asked the child to stop after the file or batch it is on (a fetch or completion: with what it did)."""


class WorkerProcess:
    """A long-lived child process doing one library folder's imports and indexing."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._process: multiprocessing.process.BaseProcess | None = None
        self._conn: Connection | None = None

    def _ensure_started(self) -> Connection:
        if self._process is None or not self._process.is_alive():
            context = multiprocessing.get_context("spawn")
            parent_end, child_end = context.Pipe()
            # Not a daemon: the child starts processes of its own (the index's bulk writer),
            # which daemons may not. It still ends with the parent: its pipe closes then.
            self._process = context.Process(target=_serve, args=(str(self.folder), child_end), daemon=False)
            self._process.start()
            atexit.register(self.close)  # before multiprocessing joins its children at exit
            child_end.close()
            self._conn = parent_end
        assert self._conn is not None
        return self._conn

    def run(
        self,
        command: str,
        *args: Any,
        progress: Progress | None = None,
        on_file: OnFile | None = None,
        partial: type[BaseException] | None = None,
    ) -> Any:
        """Run ``command`` in the child with ``args``; returns its result.

        ``progress`` hears indexing progress and ``on_file`` each file's report.
        An exception either of them raises (a cancel) stops the child after its
        current file or batch, and is raised here once the child has stopped;
        except one of type ``partial``: then the child's result, what was done, is returned.
        """
        conn = self._ensure_started()
        conn.send((command, args))
        interrupted: BaseException | None = None
        while True:
            try:
                kind, value = conn.recv()
            except (EOFError, OSError) as error:
                self.close()
                raise WorkerError("the library worker process stopped unexpectedly") from error
            if kind == "done":
                if interrupted is not None and not (partial is not None and isinstance(interrupted, partial)):
                    raise interrupted
                return value
            if kind == "failed":
                raise WorkerError(value)
            if interrupted is None:
                try:
                    if kind == "progress":
                        if progress is not None:
                            progress(*value)
                    elif on_file is not None:
                        on_file(value)
                except BaseException as error:  # raised once the child has stopped
                    interrupted = error
            # The child waits for this answer, so a cancel takes effect right after this file or batch.
            conn.send("cancel" if interrupted is not None else "go on")

    @property
    def pid(self) -> int | None:
        """The child's process id (for memory figures)."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Stop the child; whatever it had not committed is simply not there."""
        atexit.unregister(self.close)
        if self._conn is not None:
            with contextlib.suppress(OSError, ValueError):
                self._conn.send(("stop", ()))
            self._conn.close()
        if self._process is not None:
            self._process.join(timeout=10)
            if self._process.is_alive():
                self._process.terminate()
        self._process = self._conn = None


def _serve(folder: str, conn: Connection) -> None:
    """The child: open the library (no start-up sync) and run jobs until "stop"."""
    if hasattr(os, "nice"):
        # Below the window in the scheduler: with imports, the parser helper and the index's
        # writers there are more busy processes than cores, and the window must still get its turns.
        os.nice(WORKER_NICENESS)
    library = Library.open(Path(folder), sync=False)
    try:
        while True:
            try:
                command, args = conn.recv()
            except EOFError:
                return
            if command == "stop":
                return
            _answer(LocalJobs(library), command, args, conn)
    finally:
        library.close()


def _answer(jobs: Jobs, command: str, args: tuple[Any, ...], conn: Connection) -> None:
    def check_cancel() -> None:
        if conn.recv() == "cancel":
            raise _CancelRequested

    def progress(done: int, total: int) -> None:
        conn.send(("progress", (done, total)))
        check_cancel()

    def on_file(report: FileReport) -> None:
        conn.send(("file", report))
        check_cancel()

    handlers: dict[str, Callable[[], Any]] = {
        "sync_index": lambda: jobs.sync_index(progress),
        "reindex": lambda: jobs.reindex(progress),
        "import_files": lambda: jobs.import_files(args[0], on_file, progress),
        "import_text": lambda: jobs.import_text(*args),
        "fetch": lambda: jobs.fetch(args[0], args[1], on_file, progress),
        "catch_up": lambda: jobs.catch_up(on_file, progress),
        "complete": lambda: jobs.complete(args[0], progress),
    }
    try:
        result = handlers[command]()
    except _CancelRequested:
        result = None
    except Exception as error:  # reported to the parent as one line
        conn.send(("failed", f"{type(error).__name__}: {error}"))
        return
    conn.send(("done", result))
