"""Decision key to repaint: how long a person waits for the next paper after q, d, r or p.

Run (offscreen, on an existing library; build one with corpus.py and `readinglist import`):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/benchmarks/decision_latency.py --library DIR [--decisions 60]

The real window is opened on the library, the Inbox shown and the paper table
focused. For each decision the script presses the key with QTest (the same path
as a real key: shortcut, action, handler) and measures, from the press:
- "table": until the paper table's viewport has painted with the next paper current;
- "detail": until the detail pane shows that paper (title, abstract, tags, note).
It does the same in triage mode (Ctrl+Shift+T), where "detail" is the triage view
showing the next paper. Medians and 95th percentiles are printed; nothing is asserted.
The decisions are undone at the end (the library is left as it was).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, SignalInstance
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from readinglist.core.services import Library
from readinglist.core.worker import ProcessJobs
from readinglist.gui.app import configure_process, freeze_startup_objects
from readinglist.gui.main_window import MainWindow

KEYS = (Qt.Key.Key_Q, Qt.Key.Key_D, Qt.Key.Key_R, Qt.Key.Key_P)
TIMEOUT_MS = 10_000
PAUSE_MS = 150  # between decisions: a fast person, and time for the background work to settle


class Watch(QObject):
    """Records when ``widget`` was last painted and when what it shows last changed."""

    def __init__(self, widget: QWidget, changed: SignalInstance) -> None:
        super().__init__(widget)
        self.painted_at = 0.0
        self.changed_at = 0.0
        widget.installEventFilter(self)
        changed.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.changed_at = time.perf_counter()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted_at = time.perf_counter()
        return False

    def repainted_since(self, start: float) -> bool:
        """The content changed after ``start`` and was painted after that."""
        return start < self.changed_at < self.painted_at


def wait_for(condition: Callable[[], bool], timeout_ms: int = TIMEOUT_MS) -> bool:
    """Run the event loop until ``condition()`` holds, checking it every millisecond (no busy wait)."""
    if condition():
        return True
    loop = QEventLoop()
    deadline = time.perf_counter() + timeout_ms / 1000
    check = QTimer()
    check.setInterval(1)
    check.timeout.connect(lambda: (condition() or time.perf_counter() > deadline) and loop.quit())
    check.start()
    loop.exec()
    check.stop()
    return condition()


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def measure(
    target: QWidget, current: Callable[[], int | None], watches: list[Watch], decisions: int
) -> list[list[float]]:
    """Per watch, ms from each decision key until the next paper was painted there."""
    timings: list[list[float]] = [[] for _ in watches]
    for n in range(decisions):
        before = current()
        start = time.perf_counter()
        QTest.keyClick(target, KEYS[n % len(KEYS)])
        for watch, times in zip(watches, timings, strict=True):
            if not wait_for(lambda w=watch, b=before, t=start: current() not in (None, b) and w.repainted_since(t)):
                raise SystemExit(f"decision {n}: no repaint with the next paper within {TIMEOUT_MS} ms")
            times.append((watch.painted_at - start) * 1000)
        pause(PAUSE_MS)
    return timings


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(values):7.1f} ms   p95 {p95:7.1f} ms   max {ordered[-1]:7.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True, help="library folder to open (it is left unchanged)")
    parser.add_argument("--decisions", type=int, default=60, help="decisions per mode")
    args = parser.parse_args(argv)

    configure_process()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    library = Library.open(args.library, sync=False)
    window = MainWindow(library, ProcessJobs(library))
    window.show()
    window.focus_list()
    freeze_startup_objects()
    if not wait_for(lambda: window.settled):
        raise SystemExit("the window did not settle")
    papers = window.model.rowCount()
    print(f"library: {library.count():,} papers, Inbox {papers:,}; {os.cpu_count()} cores; Qt {app.platformName()}")
    if papers < 2 * args.decisions + 2:
        raise SystemExit("the Inbox is too small for that many decisions")

    table = Watch(window.table.viewport(), window.table.selectionModel().currentRowChanged)
    detail = Watch(window.detail.info.viewport(), window.detail.info.textChanged)
    to_table, to_detail = measure(window.table, window.current_paper_id, [table, detail], args.decisions)
    print(f"table, Inbox: key -> next paper painted in the table   {summary(to_table)}")
    print(f"table, Inbox: key -> next paper painted in the detail  {summary(to_detail)}")

    QTest.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    wait_for(lambda: window.triage.pane.paper is not None)
    triage = Watch(window.triage.pane.info.viewport(), window.triage.pane.info.textChanged)
    [to_triage] = measure(window.triage, window.triage.current_id, [triage], args.decisions)
    print(f"triage:       key -> next paper painted                {summary(to_triage)}")

    window.leave_triage()
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    wait_for(lambda: window.settled, 120_000)
    window.close()
    library.close()


if __name__ == "__main__":
    main()
