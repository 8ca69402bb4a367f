"""``readinglist smoke-test``: open the window, import files as a drop does, save a screenshot.

For checking a build (the PyInstaller bundle above all) without a person at the
screen. It goes the way a user does: the window over the library, the import a
file drop starts (in the worker process, which may start its own helpers), the
icon from the package's resources, then a grab of the painted window. It waits
on signals in an event loop, bounded by one deadline, never by sleeping.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist.core.import_reports import FileReport
from readinglist.gui.app import application, configure_process, open_window
from readinglist.gui.main_window import MainWindow

DEFAULT_TIMEOUT_S = 300.0
_POLL_MS = 20  # how often the loop looks whether the background work has settled


@dataclass
class SmokeResult:
    """What the smoke test saw: the papers in the library and what went wrong, if anything."""

    papers: int = 0
    problems: list[str] = field(default_factory=list)
    reports: list[FileReport] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """Nothing went wrong and the library has papers."""
        return not self.problems and self.papers > 0


class _MessageBoxes(QObject):
    """Notes every message box the app shows, closes it, and ends the wait it interrupts.

    A failed background task shows a box; a library that cannot be opened shows a
    modal one. Offscreen nobody would close either, so the smoke test does.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.messages: list[str] = []
        self.loop: QEventLoop | None = None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QMessageBox):
            details = watched.detailedText().strip().splitlines()
            self.messages.append(watched.text() + (f" ({details[-1]})" if details else ""))
            QTimer.singleShot(0, watched.reject)
            if self.loop is not None:
                self.loop.quit()
        return False


def _run_until(
    boxes: _MessageBoxes, deadline: QTimer, done: Callable[[], bool], signal: SignalInstance | None = None
) -> bool:
    """Run the event loop until ``done()`` holds; False if the deadline or a message box came first.

    ``done()`` is looked at whenever ``signal`` fires, and every few milliseconds
    when no signal tells of what it waits for (whether background work settled).
    """
    if done():
        return True
    if not deadline.isActive() or boxes.messages:
        return False
    loop = QEventLoop()

    def look() -> None:
        if done():
            loop.quit()

    poll = QTimer()
    poll.setInterval(_POLL_MS)
    poll.timeout.connect(look)
    if signal is not None:
        signal.connect(look)
    else:
        poll.start()
    deadline.timeout.connect(loop.quit)
    boxes.loop = loop
    try:
        loop.exec()
    finally:
        boxes.loop = None
        poll.stop()
        deadline.timeout.disconnect(loop.quit)
        if signal is not None:
            signal.disconnect(look)
    return done()


def _settle(boxes: _MessageBoxes, deadline: QTimer, window: MainWindow) -> bool:
    """Wait until the list, counts, rows and detail pane have arrived; then paint what arrived."""
    if not _run_until(boxes, deadline, lambda: window.settled):
        return False
    window.grab()  # painting asks for the rows on screen, on the reader thread
    return _run_until(boxes, deadline, lambda: window.settled)


def run_smoke_test(
    library_dir: Path, files: Sequence[Path], screenshot: Path, timeout_s: float = DEFAULT_TIMEOUT_S
) -> SmokeResult:
    """Open the window on ``library_dir``, import ``files`` as a drop would, save a screenshot."""
    result = SmokeResult()
    configure_process()
    app = application()
    if app.windowIcon().pixmap(64, 64).isNull():
        result.problems.append("the application icon (readinglist.svg) did not render")
    boxes = _MessageBoxes(app)
    deadline = QTimer()
    deadline.setSingleShot(True)
    deadline.start(int(timeout_s * 1000))
    try:
        window = open_window(library_dir)  # a library that cannot be opened shows a box, which the watcher closes
        if window is None:
            result.problems += boxes.messages or [f"cannot open the library in {library_dir}"]
            return result
        _import_and_grab(window, files, screenshot, boxes, deadline, result)
    finally:
        deadline.stop()
        app.removeEventFilter(boxes)
        boxes.deleteLater()
    return result


def _import_and_grab(
    window: MainWindow,
    files: Sequence[Path],
    screenshot: Path,
    boxes: _MessageBoxes,
    deadline: QTimer,
    result: SmokeResult,
) -> None:
    timeout_s = deadline.interval() / 1000
    try:
        window.show()
        window.focus_list()
        finished: list[list[FileReport]] = []
        window.import_finished.connect(finished.append)
        window.import_paths(list(files))  # what a drop of these files onto the window calls
        if not _run_until(boxes, deadline, lambda: bool(finished), window.import_finished):
            result.problems.append("the import did not finish" + ("" if boxes.messages else f" within {timeout_s:g} s"))
        elif not _settle(boxes, deadline, window):
            result.problems.append(f"the window did not settle within {timeout_s:g} s of the start")
        result.reports = finished[0] if finished else []
        result.problems += [f"{r.source}: {r.message}" for r in result.reports if r.failed]
        result.problems += boxes.messages
        screenshot.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(screenshot)):
            result.problems.append(f"could not save the screenshot to {screenshot}")
    finally:
        window.close()  # saves the window state and waits for the background threads
        try:
            result.papers = window.library.count()
        finally:
            window.library.close()
