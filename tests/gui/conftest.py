"""GUI fixtures: a real MainWindow over a fresh library, driven offscreen with pytest-qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from readinglist.core.services import Library
from readinglist.core.worker import ProcessJobs
from readinglist.gui.app import configure_process
from readinglist.gui.main_window import MainWindow
from readinglist.gui.tasks import TaskRunner
from tests.helpers import LIBRARY_FIXTURES, FakeView, settle


@pytest.fixture
def tasks(qtbot) -> Iterator[TaskRunner]:
    """A TaskRunner (writer and reader threads) whose errors fail the test; shut down after it."""
    errors: list[str] = []
    runner = TaskRunner(lambda message, details: errors.append(f"{message}\n{details}"))
    yield runner
    runner.shutdown()
    assert errors == []


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """A library with the two small fixture dumps imported: four papers, one of them in both."""
    with Library.open(tmp_path / "library") as opened:
        opened.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
        yield opened


@pytest.fixture
def view() -> FakeView:
    """What a controller asks the window, as values the test sets."""
    return FakeView()


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    """Opens (and later closes) windows on one library folder; call it again to 'restart'."""
    opened: list[MainWindow] = []

    def open_one() -> MainWindow:
        configure_process()  # as readinglist.gui.app.run does
        library = Library.open(tmp_path / "library")
        window = MainWindow(library, ProcessJobs(library))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        opened.append(window)
        return window

    yield open_one
    for window in opened:
        if window.isVisible():
            window.close()
        window.jobs.close()
        window.library.close()


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    """A shown main window over an empty library."""
    return open_window()
