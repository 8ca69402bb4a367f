"""Imports into the library: files and folders, drops, the clipboard, the watch folder and hand-overs.

Every import runs as one cancellable write on the ``TaskRunner``. While it runs,
``papers_arrived`` asks for the list to be reloaded: at once after the first
file, then at most once per LIVE_RELOAD_MS as more arrive, so a big import
shows its papers early without reloading the list for every file. When it is
done, ``finished`` hands over the reports and whether the import summary should
open by itself; ``message`` carries what the status bar should say.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, QTimer, Signal

from readinglist.core.import_reports import FileReport
from readinglist.core.importing import expand_paths
from readinglist.core.jobs import Jobs
from readinglist.gui.controllers.import_messages import Source, import_message
from readinglist.gui.mime import Payload, import_payload
from readinglist.gui.tasks import TaskControl, TaskRunner
from readinglist.gui.watch_folder import WatchFolder

LIVE_RELOAD_MS = 1000


class ImportController(QObject):
    """Starts imports on the library's writer and reports them; the window connects its list and status bar."""

    started = Signal()  # an import was queued (before any of it is written)
    papers_arrived = Signal()  # more papers are in the library: reload the list (throttled)
    finished = Signal(list, bool)  # the FileReports; whether the summary should open by itself
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(self, jobs: Jobs, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.tasks = tasks
        self.last_reports: list[FileReport] = []  # of the last import that finished
        self._reload_soon = QTimer(self)
        self._reload_soon.setSingleShot(True)
        self._reload_soon.setInterval(LIVE_RELOAD_MS)
        self._reload_soon.timeout.connect(self._reload_if_more_arrived)
        self._arrived_since_reload = False
        self.watch_folder = WatchFolder(tasks.read, self)
        self.watch_folder.files_ready.connect(self.import_watched)

    # -- what starts an import ----------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import files and folders in the background, announcing papers as they arrive."""
        self._import_files(paths, self._done_saying("files"))

    def import_watched(self, files: Sequence[Path]) -> None:
        """Import dumps that appeared or changed in the watch folder; only what they add is announced."""
        self._import_files(files, self._watched_import_done)

    def import_text(
        self, text: str, name: str | None = None, syntax: str | None = None, source: Source = "paste"
    ) -> None:
        """Import page text (a paste or a text drop) as one batch named after the time.

        ``syntax``: "html" or "links" when the text is known to be that (a browser's
        HTML flavour, dropped links); None lets the reader recognise it. ``source``
        says how the status bar names it ("Pasted page", "Dropped page").
        """
        batch_name = name or f"Paste {_now()}"

        def run(control: TaskControl) -> list[FileReport]:
            control.progress(0, 1, "Importing")
            report = self.jobs.import_text(text, batch_name, syntax)
            return [report]

        self._start(run, self._done_saying(source))

    def paste(self, mime: QMimeData | None) -> None:
        """Import what the clipboard (whose data is ``mime``) holds: files, a page's HTML, links or text."""
        payload = import_payload(mime)
        if payload is None:
            self.message.emit("The clipboard holds no text to import.", 4000)
            return
        self.import_payload(payload, f"Paste {_now()}", "The clipboard", "paste")

    def drop(self, mime: QMimeData) -> None:
        """Import what was dropped on the window."""
        payload = import_payload(mime)
        if payload is None:
            self.message.emit("The drop holds nothing to import.", 4000)
            return
        kind = "links" if payload.kind == "links" else "text"
        self.import_payload(payload, f"Dropped {kind} {_now()}", "The drop", "drop")

    def import_payload(self, payload: Payload, name: str, where: str, source: Source = "paste") -> None:
        """Import a paste's or a drop's payload: its files, or its text as a batch called ``name``."""
        if payload.files:
            self.import_paths(payload.files)
        elif payload.text:
            self.import_text(payload.text, name, payload.syntax, source)
        else:
            links = "link names" if payload.other_links == 1 else "links name"
            self.message.emit(
                f"{where}'s {links} no paper: only huggingface.co/papers/… and arxiv.org/abs/… links are imported.",
                8000,
            )

    # -- running it ----------------------------------------------------------------

    def _import_files(self, paths: Sequence[Path], done: Callable[[list[FileReport]], None]) -> None:
        def run(control: TaskControl) -> list[FileReport]:
            files = expand_paths(paths)
            control.progress(0, len(files), "Importing")
            done_files = 0

            def file_done(_report: FileReport) -> None:
                nonlocal done_files
                done_files += 1
                if done_files < len(files):  # after the last one, the finished import reloads the list anyway
                    control.on_gui(self._reload_while_importing)
                control.progress(done_files, len(files), "Importing")

            return self.jobs.import_files(files, file_done, lambda d, t: control.progress(d, t, "Indexing"))

        self._start(run, done)

    def _start(self, run: Callable[[TaskControl], list[FileReport]], done: Callable[[list[FileReport]], None]) -> None:
        self.started.emit()
        self.tasks.long_write(run, done)

    def _reload_while_importing(self) -> None:
        """Papers have arrived: announce them at once after the first file, then at most once per LIVE_RELOAD_MS."""
        if self._reload_soon.isActive():
            self._arrived_since_reload = True
            return
        self.papers_arrived.emit()
        self._reload_soon.start()

    def _reload_if_more_arrived(self) -> None:
        if self._arrived_since_reload:
            self._arrived_since_reload = False
            self.papers_arrived.emit()
            self._reload_soon.start()

    # -- the outcome ------------------------------------------------------------------

    def _done_saying(self, source: Source) -> Callable[[list[FileReport]], None]:
        """What ends an import of ``source``: its message in words, then ``finished``."""

        def done(reports: list[FileReport]) -> None:
            self.message.emit(import_message(reports, source), 10000)
            self._finish(reports, any(r.failed or r.skipped for r in reports))

        return done

    def _watched_import_done(self, reports: list[FileReport]) -> None:
        changed = [r for r in reports if r.new or r.merged or r.failed]
        if changed:
            names = ", ".join(Path(r.source).name for r in changed)
            self.message.emit(f"Watch folder: {names}: {import_counts(changed)}", 15000)
        self._finish(reports, any(r.failed for r in reports))

    def _finish(self, reports: list[FileReport], show_summary: bool) -> None:
        self._reload_soon.stop()  # the finished import reloads the list itself
        self._arrived_since_reload = False
        self.last_reports = reports
        self.finished.emit(reports, show_summary)


def import_counts(reports: Sequence[FileReport]) -> str:
    """Counts such as "3 new, 5 merged, 1 failed" for the status bar."""
    failed = sum(r.failed for r in reports)
    counts = f"{sum(r.new for r in reports)} new, {sum(r.merged for r in reports)} merged"
    return counts + (f", {failed} failed" if failed else "")


def _now() -> str:
    return f"{datetime.now():%Y-%m-%d %H:%M:%S}"
