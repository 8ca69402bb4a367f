"""The window stays responsive while a 10,000-paper import runs in the background."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from readinglist.gui.app import freeze_startup_objects
from tests.benchmarks.corpus import generate_corpus
from tests.helpers import drop, file_mime, settle

pytestmark = pytest.mark.serial  # it measures the event loop: no other test runs meanwhile

STALL_BOUND_S = 0.050
HEARTBEAT_MS = 5


class Heartbeat:
    """A fast timer on the GUI thread that records the longest gap between its ticks."""

    def __init__(self) -> None:
        self.longest = 0.0
        self.ticks = 0
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(HEARTBEAT_MS)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self._last)
        self._last = now
        self.ticks += 1

    def start(self) -> None:
        self._last = time.perf_counter()
        self.timer.start()


@pytest.mark.slow
def test_no_event_loop_stall_while_importing_ten_thousand_papers(
    qtbot, window, tmp_path: Path, record_property
) -> None:
    freeze_startup_objects()  # as the app does once its window is up
    corpus = generate_corpus(tmp_path / "corpus", 10_000, seed=7)
    heartbeat = Heartbeat()
    heartbeat.start()
    shown_during_import: list[int] = []
    window.list_loaded.connect(shown_during_import.append)
    started = time.perf_counter()
    with qtbot.waitSignal(window.import_finished, timeout=600_000):
        drop(window.table.viewport(), file_mime([tmp_path / "corpus"]))
    settle(qtbot, window)
    elapsed = time.perf_counter() - started
    heartbeat.timer.stop()

    assert window.library.count() == corpus.unique_papers
    assert window.model.rowCount() == corpus.unique_papers
    assert heartbeat.ticks > elapsed / 0.05  # the loop really ran throughout
    assert any(0 < rows < corpus.unique_papers for rows in shown_during_import)  # papers appeared as they came
    record_property("import_seconds", round(elapsed, 1))
    record_property("longest_stall_ms", round(heartbeat.longest * 1000, 1))
    assert heartbeat.longest < STALL_BOUND_S, f"the event loop stalled for {heartbeat.longest * 1000:.0f} ms"
