"""From the process start to the real window: the start-up window first, the app loaded behind it, then the swap.

1. ``first_paint.start_window`` shows the last list's first rows (stdlib,
   ``sqlite3`` and PySide6 only) and is painted.
2. ``load`` (``app.open_window``) imports and opens everything else and builds
   the main window, hidden.
3. The real window takes the rows the start-up window read (read again, they
   would queue behind the sidebar's counts on its reader thread) and is shown
   over the start-up window at its geometry and scroll position; when it is
   active the start-up window closes and the keys pressed meanwhile are
   pressed again on it, in order, once. The sidebar and the detail pane, empty
   in the start-up window, fill in as their reads arrive: waiting for them
   made the window take keys 0.3-0.4 s later at 30,000 papers.

Without a saved layout (a first run, a new library) there is no start-up
window: the real window simply shows when it is ready, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractItemModel, QByteArray, QEvent, QEventLoop, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QTableView, QWidget

from readinglist.core.records import PaperRow
from readinglist.gui.first_paint import KeyRecorder, StartWindow, start_window

PAINT_WAIT_MS = 1500  # the start-up window's first paint (a guard: it comes within tens of ms of showing)
ROWS_WAIT_MS = 3000  # the real window's rows on screen, read on its reader thread
ACTIVATION_WAIT_MS = 1000  # the window manager activating the real window


class RowSource(Protocol):
    """What the swap needs of the real window's table model."""

    dataChanged: Any  # a Qt signal (typed as the class attribute in PySide's stubs)

    def row_data(self, row: int) -> object | None: ...


class AppWindow(Protocol):
    """What the swap needs of ``MainWindow``."""

    def show_rows_read(self, rows: Sequence[PaperRow]) -> None: ...

    @property
    def table(self) -> QTableView: ...
    @property
    def model(self) -> RowSource: ...

    def current_paper_id(self) -> int | None: ...
    def focus_list(self) -> None: ...
    def show(self) -> None: ...
    def close(self) -> bool: ...
    def raise_(self) -> None: ...
    def activateWindow(self) -> None: ...
    def isActiveWindow(self) -> bool: ...
    def restoreGeometry(self, geometry: QByteArray) -> bool: ...
    def focusWidget(self) -> QWidget: ...
    def installEventFilter(self, watcher: QObject) -> None: ...
    def removeEventFilter(self, watcher: QObject) -> None: ...


Window = TypeVar("Window", bound=AppWindow)


class Startup(Generic[Window]):
    """Runs the start-up once; ``painted_at`` and ``ready_at`` (``time.time()``) say when each part was done."""

    def __init__(self, folder: Path, load: Callable[[], Window | None]) -> None:
        """``load`` imports and opens the real window (hidden); it runs once the start-up window is painted."""
        self.folder = folder
        self._load = load
        self.start: StartWindow | None = None  # deleted once the real window has taken its place
        self.painted_at: float | None = None  # the start-up window's rows painted (None: there was none)
        self.ready_at: float | None = None  # the real window shown, active and taking keys
        self.replayed = 0  # keys pressed during the start-up and pressed again on the real window
        self.window: Window | None = None  # what ``run`` returned
        self.close_requested = False  # the start-up window was closed: the real one closed as soon as it was up

    def run(self) -> Window | None:
        """Show the start-up window, load the app, hand over; the real window (None if it could not open)."""
        self.start = start_window(self.folder)
        recorder = None
        if self.start is not None:
            recorder = KeyRecorder(self.start)
            self._show_start(self.start)
        window = self.window = self._load()
        if window is None or self.start is None or recorder is None:
            if self.start is not None and recorder is not None:
                recorder.stop()
                self.start.leave()
            if window is not None:
                window.show()
                window.focus_list()
                self.ready_at = time.time()
            return window
        self._wait_for_rows(window, self.start)
        self._swap(window, self.start, recorder)
        return window

    def _show_start(self, start: StartWindow) -> None:
        painted = _Painted(start.table.viewport())
        start.show()
        start.activateWindow()
        _wait(painted.done, PAINT_WAIT_MS, painted.signal_like)
        self.painted_at = painted.at

    def _wait_for_rows(self, window: AppWindow, start: StartWindow) -> None:
        """Until the real table has the rows the start-up window shows (those it read, it is given)."""
        window.show_rows_read(start.model.rows_read())
        shown = window.table.model().rowCount()  # the list may have changed meanwhile (another process)
        rows = [row for row in _rows_on_screen(start.table) if row < shown]
        model = window.model
        _wait(lambda: all(model.row_data(row) is not None for row in rows), ROWS_WAIT_MS, model.dataChanged)

    def _swap(self, window: AppWindow, start: StartWindow, recorder: KeyRecorder) -> None:
        """The real window over the start-up one, in its place; once active, the start-up window goes."""
        window.restoreGeometry(start.saveGeometry())  # moved or resized meanwhile: where it is now
        window.show()
        if window.current_paper_id() == start.current_paper_id():
            window.table.verticalScrollBar().setValue(start.table.verticalScrollBar().value())
        window.raise_()
        window.activateWindow()
        window.focus_list()
        active = _Activated(window)
        _wait(window.isActiveWindow, ACTIVATION_WAIT_MS, active.signal_like)
        active.stop()
        self.close_requested = start.close_requested
        start.leave()
        self.replayed = recorder.replay(lambda: QApplication.focusWidget() or window.focusWidget())
        self.ready_at = time.time()
        if self.close_requested:
            window.close()


def _rows_on_screen(table: QTableView) -> list[int]:
    """The rows the table shows (its first and last on screen, and the current one)."""
    model: QAbstractItemModel = table.model()
    if not model.rowCount():
        return []
    first = max(table.rowAt(0), 0)
    last = table.rowAt(table.viewport().height() - 1)
    rows = {first, model.rowCount() - 1 if last < 0 else last}
    if table.currentIndex().isValid():
        rows.add(table.currentIndex().row())
    return sorted(rows)


class _Painted(QObject):
    """Notes the first paint of ``widget``."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.at: float | None = None
        self.signal_like = _Wake()
        widget.installEventFilter(self)

    def done(self) -> bool:
        return self.at is not None

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.time()
            QTimer.singleShot(0, self.signal_like.wake)  # after the paint has been flushed to the screen
        return False


class _Activated(QObject):
    """Wakes a wait when ``window`` becomes the active window."""

    def __init__(self, window: AppWindow) -> None:
        super().__init__()
        self.signal_like = _Wake()
        self._window = window
        window.installEventFilter(self)

    def stop(self) -> None:
        self._window.removeEventFilter(self)
        self.deleteLater()  # on the GUI thread (see ``StartWindow.leave``)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:
            QTimer.singleShot(0, self.signal_like.wake)
        return False


class _Wake:
    """A stand-in for a signal: ``wait`` connects the loop's wake-up to it."""

    def __init__(self) -> None:
        self._calls: list[Callable[[], None]] = []

    def connect(self, call: Callable[[], None]) -> None:
        self._calls.append(call)

    def disconnect(self, call: Callable[[], None]) -> None:
        self._calls.remove(call)

    def wake(self) -> None:
        for call in self._calls:
            call()


def _wait(condition: Callable[[], bool], timeout_ms: int, wakes: SignalInstance | _Wake) -> None:
    """Run the event loop until ``condition()`` holds (checked whenever ``wakes`` fires) or ``timeout_ms``."""
    if condition():
        return
    loop = QEventLoop()

    def check(*_args: object) -> None:
        if condition():
            loop.quit()

    wakes.connect(check)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(timeout_ms)
    loop.exec()
    timer.stop()
    wakes.disconnect(check)
