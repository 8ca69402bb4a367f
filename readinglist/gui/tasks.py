"""Background work with results, progress and cancel delivered on the GUI thread.

Two single-thread executors, as in Anki's task manager: one serialises every
library write (imports, status changes, indexing), so two writers never race;
the other runs read-only work (searches, page loads) so typing never waits
behind an import. Workers never touch widgets: they return values, and the
callbacks run on the GUI thread through a queued signal.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot

from readinglist.core.errors import IndexUnavailableError, NotFoundError, ReadOnlyLibraryError
from readinglist.core.jobs import Cancelled
from readinglist.core.query import QueryError

T = TypeVar("T")
# Errors that say what the user can do about them: shown without a traceback.
USER_SITUATIONS = (NotFoundError, ReadOnlyLibraryError, IndexUnavailableError, QueryError)


@dataclass
class TaskControl:
    """Handed to a running task: report progress, and learn whether to stop."""

    report: Callable[[int, int, str], None]
    on_gui: Callable[[Callable[[], None]], None]  # run a closure on the GUI thread
    _cancel: threading.Event = field(default_factory=threading.Event)

    def progress(self, done: int, total: int, label: str = "") -> None:
        """Report progress; raises Cancelled once the user has pressed Cancel."""
        if self._cancel.is_set():
            raise Cancelled
        self.report(done, total, label)

    def cancel(self) -> None:
        """Ask the task to stop at its next progress report."""
        self._cancel.set()


class TaskRunner(QObject):
    """Runs callables off the GUI thread and calls back on it."""

    progress = Signal(int, int, str)  # done, total, label of the running write task
    busy_changed = Signal(bool)  # a cancellable write task started or ended
    _deliver = Signal(object)  # a closure to run on the GUI thread

    def __init__(self, on_error: Callable[[str, str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-writer")
        self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="library-reader")
        self._on_error = on_error
        self._pending: set[Future[Any]] = set()
        self._control: TaskControl | None = None
        self._closed = False  # after shutdown() new work is ignored and results are dropped
        # Queued even when emitted on the GUI thread (a future already done runs its callback at once, here):
        # a result is never delivered inside the call that asked for it.
        self._deliver.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run_closure(self, closure: Callable[[], None]) -> None:
        closure()

    def write(self, work: Callable[[], T], done: Callable[[T], None] | None = None) -> Future[T] | None:
        """Run ``work`` on the writer thread; ``done(result)`` runs on the GUI thread."""
        return self._submit(self._writer, work, done)

    def read(self, work: Callable[[], T], done: Callable[[T], None] | None = None) -> Future[T] | None:
        """Run read-only ``work`` on the reader thread; ``done(result)`` runs on the GUI thread."""
        return self._submit(self._reader, work, done)

    def long_write(self, work: Callable[[TaskControl], T], done: Callable[[T], None] | None = None) -> Future[T] | None:
        """A write that reports progress and can be cancelled (imports, indexing)."""
        control = TaskControl(
            report=lambda d, t, label: self._deliver.emit(lambda: self.progress.emit(d, t, label)),
            on_gui=self._deliver.emit,
        )

        def run() -> T:
            self._deliver.emit(lambda: self._start_long(control))
            try:
                return work(control)
            finally:
                self._deliver.emit(self._end_long)

        return self._submit(self._writer, run, done)

    def _start_long(self, control: TaskControl) -> None:
        self._control = control
        self.busy_changed.emit(True)

    def _end_long(self) -> None:
        self._control = None
        self.busy_changed.emit(False)

    def cancel(self) -> None:
        """Ask the running long task to stop."""
        if self._control is not None:
            self._control.cancel()

    @property
    def idle(self) -> bool:
        """True when nothing is queued or running."""
        return not self._pending

    def _submit(
        self, executor: ThreadPoolExecutor, work: Callable[[], T], done: Callable[[T], None] | None
    ) -> Future[T] | None:
        if self._closed:
            return None
        future = executor.submit(work)
        self._pending.add(future)
        future.add_done_callback(lambda f: self._deliver.emit(lambda: self._finish(f, done)))
        return future

    def _finish(self, future: Future[T], done: Callable[[T], None] | None) -> None:
        self._pending.discard(future)
        if self._closed:
            return
        error = future.exception()
        if isinstance(error, Cancelled):
            return
        if error is not None:
            # A traceback only for the unexpected: a situation the user can put right is said in its message.
            details = "" if isinstance(error, USER_SITUATIONS) else "".join(traceback.format_exception(error))
            self._on_error(str(error) or type(error).__name__, details)
        elif done is not None:
            done(future.result())

    def shutdown(self) -> None:
        """Cancel what runs, wait for the threads to finish, then stop them."""
        self._closed = True
        self.cancel()
        self._writer.shutdown(wait=True, cancel_futures=False)
        self._reader.shutdown(wait=True, cancel_futures=True)
