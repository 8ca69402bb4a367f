"""The ImportController on its own: a library, a TaskRunner and the controller's signals, no window."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData

from readinglist.core.import_reports import FileReport
from readinglist.core.jobs import LocalJobs
from readinglist.core.services import Library
from readinglist.gui.controllers.imports import LIVE_RELOAD_MS, ImportController
from readinglist.gui.tasks import TaskRunner
from tests.helpers import LIBRARY_FIXTURES, SignalLog

DAILY_A = LIBRARY_FIXTURES / "daily_a.txt"
DAILY_B = LIBRARY_FIXTURES / "daily_b.txt"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    with Library.open(tmp_path / "library") as opened:
        yield opened


@pytest.fixture
def controller(library: Library, tasks: TaskRunner) -> ImportController:
    return ImportController(LocalJobs(library), tasks)


def record_signals(controller: ImportController) -> SignalLog:
    """Every signal of the controller, in the order they came."""
    c = controller
    return SignalLog(started=c.started, papers_arrived=c.papers_arrived, finished=c.finished, message=c.message)


def finish(qtbot, controller: ImportController, start) -> tuple[list[FileReport], bool]:
    """Start an import with ``start()`` and wait for its finished signal: (reports, whether the summary opens)."""
    gate = threading.Event()
    controller.tasks.write(gate.wait)  # the writer answers once start() has returned, never inside it
    with qtbot.waitSignal(controller.finished, timeout=30_000) as finished:
        start()
        gate.set()
    reports, show_summary = finished.args
    return reports, show_summary


def test_files_are_announced_as_they_arrive_then_summed_up(qtbot, controller, library) -> None:
    recorder = record_signals(controller)
    reports, show_summary = finish(qtbot, controller, lambda: controller.import_paths([DAILY_A, DAILY_B]))
    assert [Path(r.source).name for r in reports] == ["daily_a.txt", "daily_b.txt"]
    assert not show_summary  # nothing failed or was skipped: the status bar says it all
    names = recorder.names()
    assert names[0] == "started"
    assert "papers_arrived" in names[: names.index("finished")]  # the first file's papers, before the end
    assert names[-2:] == ["message", "finished"]
    [(text, _ms)] = recorder.args("message")
    assert text == "Imported 2 files: 4 new papers, 1 already in the library"
    assert sum(r.new for r in reports) == library.count() == 4
    assert controller.last_reports == reports


def test_a_bad_file_opens_the_summary(qtbot, controller, tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "daily.txt").write_bytes(DAILY_A.read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    reports, show_summary = finish(qtbot, controller, lambda: controller.import_paths([folder]))
    assert sorted((Path(r.source).name, r.outcome) for r in reports) == [
        ("daily.txt", "imported"),
        ("photo.png", "failed"),
    ]
    assert show_summary


def test_the_watch_folder_announces_only_what_changed(qtbot, controller, tmp_path: Path) -> None:
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    recorder = record_signals(controller)
    _reports, show_summary = finish(qtbot, controller, lambda: controller.import_watched([DAILY_A, bad]))
    assert show_summary  # a file failed
    [(text, _ms)] = recorder.args("message")
    assert text == "Watch folder: daily_a.txt, photo.png: 3 new, 0 merged, 1 failed"


def test_a_dropped_text_becomes_a_batch_named_after_the_drop(qtbot, controller, library) -> None:
    mime = QMimeData()
    mime.setText(DAILY_B.read_text(encoding="utf-8"))
    [report], _show = finish(qtbot, controller, lambda: controller.drop(mime))
    assert report.outcome == "imported"
    [batch] = library.batches()
    assert batch.name.startswith("Dropped text ")


def test_a_paste_of_nothing_or_of_other_links_imports_nothing(qtbot, controller, library) -> None:
    recorder = record_signals(controller)
    controller.paste(None)
    links = QMimeData()
    links.setText("https://example.com/not-a-paper")
    controller.paste(links)
    assert recorder.names() == ["message", "message"]  # said in the status bar, nothing started
    [(empty, _), (other, _)] = recorder.args("message")
    assert empty == "The clipboard holds no text to import."
    assert other.startswith("The clipboard's link names no paper")
    assert controller.tasks.idle and library.count() == 0


def test_arrivals_reload_at_once_then_at_most_once_per_interval(qtbot, controller) -> None:
    arrived: list[int] = []
    controller.papers_arrived.connect(lambda: arrived.append(1))
    for _file in range(3):  # three files land in quick succession
        controller._reload_while_importing()
    assert len(arrived) == 1  # the first at once
    with qtbot.waitSignal(controller.papers_arrived, timeout=LIVE_RELOAD_MS * 5):
        pass  # the other two together, once the interval is over
    assert len(arrived) == 2
    qtbot.waitUntil(lambda: not controller._reload_soon.isActive(), timeout=LIVE_RELOAD_MS * 5)
    assert len(arrived) == 2  # nothing more arrived: no more reloads
