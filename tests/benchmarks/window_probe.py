"""The window's figures for the benchmark, measured in a process of their own (offscreen).

    python tests/benchmarks/window_probe.py open --library DIR --started T
    python tests/benchmarks/window_probe.py import --library DIR --dumps DIR

``open``: the app's start-up path (``gui.startup``: the start-up window, the
app loaded behind it, the swap) on an existing library, timed from T (the
parent's clock just before it started this process): ``first_paint_s`` to the
first painted rows (the start-up window's, or the real window's when there is
no start-up window), ``ready_s`` to the whole app ready (the real window shown,
active, taking keys), ``window_paint_s`` to the real window's first painted
table (what ``first_paint_s`` measured before the start-up window existed);
``heavy_at_first_paint`` lists the heavy modules already imported at the first
paint (none, when the fast path works). Then decision key to repaint, End (and
Home) to repaint, and the peak memory of the window's process and of its
worker. Every decision is undone before the probe quits.

``import``: an empty library's window imports the dumps folder, as a drop
would, while a 5 ms timer on the GUI thread records the longest gap between
its ticks: the longest time the window could not react.

Prints one JSON object on the last line of standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest

from readinglist.gui.app import application, configure_process, freeze_startup_objects, open_window, start_app

# Imported only once the first rows are painted: the start-up path must not pay for them (see ``probe_open``).
HEAVY = ("sqlalchemy", "sqlmodel", "whoosh", "readinglist.core.services", "readinglist.gui.main_window")

DECISIONS = 20
JUMPS = 10
HEARTBEAT_MS = 5


class FirstPaint(QObject):
    """Records the wall-clock time of the first paint of a widget while ``ready()`` holds."""

    def __init__(self, widget: QObject, ready) -> None:  # a callable
        super().__init__(widget)
        self.at: float | None = None
        self._ready = ready
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if self.at is None and event.type() == QEvent.Type.Paint and self._ready():
            self.at = time.time()
        return False


def peak_rss_mb() -> float:
    """This process's peak resident memory.

    From /proc, not ``getrusage``: on Linux ``ru_maxrss`` survives ``exec``, so a
    process started by a big parent (the benchmark holds a 100k library) reports
    the parent's peak. That made this figure 266-312 MB where the app used 160 MB.
    """
    return _high_water_mb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_peak_rss_mb(window) -> float | None:  # the MainWindow
    """The worker process's peak resident memory."""
    pid = getattr(window.jobs, "pid", None)
    return _high_water_mb(str(pid)) if pid else None


def _high_water_mb(pid: str) -> float | None:
    """VmHWM of a process from /proc (Linux): its peak resident memory since it started its program."""
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def app_window(library: Path):  # (QApplication, MainWindow)
    """The application and its window on ``library``, opened as the app opens them (without the start-up window)."""
    configure_process()
    app = application()
    window = open_window(library)
    if window is None:
        raise SystemExit(f"cannot open {library}")
    return app, window


def close(app, window) -> None:
    """Close the window and its library as quitting the app does."""
    window.close()
    window.library.close()
    app.processEvents()


def probe_open(library: Path, started: float) -> dict:
    configure_process()
    app = application()
    heavy: list[str] = []
    painted: list[FirstPaint] = []

    def load():  # the MainWindow, as the app opens it; first noting what the first paint had imported
        heavy.extend(name for name in HEAVY if name in sys.modules)
        window = open_window(library)
        if window is not None:
            painted.append(FirstPaint(window.table.viewport(), lambda: window.model.rowCount() > 0))
        return window

    startup = start_app(library, load)
    window = startup.window
    if window is None:
        raise SystemExit(f"cannot open {library}")
    freeze_startup_objects()
    from tests.benchmarks.decision_latency import Watch, measure, wait_for

    wait_for(lambda: painted[0].at is not None, 30_000)
    first_rows = startup.painted_at or painted[0].at
    result: dict = {
        "first_paint_s": first_rows - started if first_rows else None,
        "ready_s": startup.ready_at - started if startup.ready_at else None,
        "window_paint_s": painted[0].at - started if painted[0].at else None,
        "start_window": startup.start is not None,
        "heavy_at_first_paint": heavy,
        "papers": window.model.rowCount(),
    }
    wait_for(lambda: window.settled, 120_000)

    table = Watch(window.table.viewport(), window.table.selectionModel().currentRowChanged)
    [decisions] = measure(window.table, window.current_paper_id, [table], DECISIONS)
    result["decision_ms"] = statistics.median(decisions)
    result["jump_ms"] = statistics.median(jumps(window, table))
    result["gui_rss_mb"] = peak_rss_mb()
    result["worker_rss_mb"] = worker_peak_rss_mb(window)
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
    wait_for(lambda: window.settled, 120_000)
    close(app, window)
    return result


def jumps(window, watch) -> list[float]:  # the MainWindow, a decision_latency.Watch
    """End, then Home, alternately: ms from the key to the repaint with the new current row."""
    from tests.benchmarks.decision_latency import wait_for

    times = []
    for n in range(JUMPS):
        key = Qt.Key.Key_End if n % 2 == 0 else Qt.Key.Key_Home
        before = window.current_paper_id()
        start = time.perf_counter()
        QTest.keyClick(window.table, key)
        if not wait_for(lambda b=before, t=start: window.current_paper_id() != b and watch.repainted_since(t)):
            raise SystemExit("no repaint after End/Home")
        times.append((watch.painted_at - start) * 1000)
        wait_for(lambda: window.settled, 10_000)
    return times


def probe_import(library: Path, dumps: Path) -> dict:
    from tests.benchmarks.decision_latency import wait_for

    app, window = app_window(library)
    window.show()
    freeze_startup_objects()
    wait_for(lambda: window.settled, 30_000)
    longest, last = 0.0, time.perf_counter()

    def tick() -> None:
        nonlocal longest, last
        now = time.perf_counter()
        longest, last = max(longest, now - last), now

    heartbeat = QTimer()
    heartbeat.setInterval(HEARTBEAT_MS)
    heartbeat.timeout.connect(tick)
    finished: list = []
    window.import_finished.connect(finished.append)
    started = time.perf_counter()
    heartbeat.start()
    window.import_paths([dumps])
    wait_for(lambda: bool(finished) and window.settled, 3_600_000)
    heartbeat.stop()
    result = {
        "stall_ms": longest * 1000,
        "import_s": time.perf_counter() - started,
        "papers": window.library.count(),
        "gui_rss_mb": peak_rss_mb(),
    }
    close(app, window)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("open", "import"))
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--started", type=float, default=None, help="the parent's time.time() before starting this")
    parser.add_argument("--dumps", type=Path)
    args = parser.parse_args()
    if args.mode == "open":
        result = probe_open(args.library, args.started or time.time())
        print(f"first painted rows {_seconds(result['first_paint_s'])}, whole app ready {_seconds(result['ready_s'])}")
    else:
        result = probe_import(args.library, args.dumps)
    print(json.dumps(result))


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f} s"


if __name__ == "__main__":
    main()
