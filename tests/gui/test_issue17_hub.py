"""Issue 17, the window: follow the daily list, Fetch Now from a local fake Hub, the papers in the Inbox and the count
on the source; an unreachable Hub is a quiet note and a later try, never a dialog; catching up at start.

The fake Hub is a real HTTP server on a local port (``tests/hub_fake.py``); the window's worker process reaches it
through HF_ENDPOINT, set (by the ``fake_hub`` fixture) before the window and its worker start.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from readinglist import paths
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.core.settings import Settings, save_settings
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.sidebar import KeyRole
from tests.gui.test_main_window import choose_list, titles_on_screen
from tests.helpers import settle
from tests.hub_fake import FakeHub, paper_entry, status

TODAY = datetime.now(UTC).date().isoformat()  # the day the Hub's daily list is dated (UTC)


def follow_before_start(tmp_path: Path, *kinds: str) -> None:
    """Follow Hub lists in the library ``open_window`` opens, as the command line would."""
    with Library.open(tmp_path / "library") as library:
        for kind in kinds:
            library.follow(kind)


def fetch_now(qtbot, window: MainWindow, timeout: int = 30_000) -> object:
    """Press F5 (Fetch Now) in the paper list, as a person would; the FetchReport once the fetch is done."""
    window.table.setFocus()
    with qtbot.waitSignal(window.fetch_finished, timeout=timeout) as finished:
        qtbot.keyClick(window.table, Qt.Key.Key_F5)
    settle(qtbot, window)
    return finished.args[0]


def dialogs_shown() -> list[str]:
    """The titles of the message boxes and dialogs on screen."""
    return [w.windowTitle() for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


def sources_heading_hidden(window: MainWindow) -> bool:
    group = window.sidebar_model.sources_group.index()
    return window.sidebar.isRowHidden(group.row(), group.parent())


def test_fetch_now_brings_todays_daily_list_into_the_inbox_with_its_count_on_the_source(
    qtbot, fake_hub: FakeHub, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    """The issue's test: follow the daily list, fetch from the local server, the new papers in the Inbox and the
    count on the source; a second Fetch Now adds nothing."""
    fake_hub.daily[TODAY] = [paper_entry(n, day=TODAY) for n in range(1, 6)]
    follow_before_start(tmp_path, "daily")
    window = open_window()
    choose_list(qtbot, window, "list:inbox")
    assert window.model.rowCount() == 0
    assert not sources_heading_hidden(window)
    assert window.sidebar_model.count_of("source:daily") == 0
    assert fake_hub.asked == []  # nothing is asked before Fetch Now (catching up is off by default)

    report = fetch_now(qtbot, window)

    assert report.new == 5 and report.offline is None
    expected = {entry["title"] for entry in fake_hub.daily[TODAY]}
    assert set(titles_on_screen(qtbot, window)) == expected
    assert window.sidebar_model.count_of("source:daily") == 5
    assert window.sidebar_model.count_of("list:inbox") == 5
    message = window.statusBar().currentMessage()
    assert message.startswith("Fetched from the Hub at ") and ": 5 new papers, " in message
    assert window.status_bar.hub_label.text().endswith(", 5 new")
    assert any(query.get("date") == TODAY for query in fake_hub.requests_to("/api/daily_papers"))
    assert not any("authorization" in {k.lower() for k in headers} for headers in fake_hub.headers)  # no token

    again = fetch_now(qtbot, window)
    assert again.new == 0
    assert sorted(titles_on_screen(qtbot, window)) == sorted(expected)
    assert window.sidebar_model.count_of("source:daily") == 5
    assert "nothing new" in window.statusBar().currentMessage()
    assert len(window.library.paper_ids()) == 5


def test_the_source_lists_its_papers_still_new_and_is_chosen_again_after_a_restart(
    qtbot, fake_hub: FakeHub, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    fake_hub.daily[TODAY] = [paper_entry(n, day=TODAY) for n in range(1, 4)]
    follow_before_start(tmp_path, "daily")
    window = open_window()
    fetch_now(qtbot, window)
    choose_list(qtbot, window, "source:daily")
    assert window.model.rowCount() == 3 == window.sidebar_model.count_of("source:daily")
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_R)  # read: it leaves the source's list of new papers
    settle(qtbot, window)
    assert window.model.rowCount() == 2 == window.sidebar_model.count_of("source:daily")
    assert window.library.count() == 3 and len(window.library.paper_ids(PaperFilter(status=ReadStatus.READ))) == 1
    window.close()

    again = open_window()
    assert again.papers.list_key == "source:daily"
    assert again.sidebar.currentIndex().data(KeyRole) == "source:daily"
    assert again.model.rowCount() == 2


def test_an_unreachable_hub_is_a_quiet_note_and_a_later_try_never_a_dialog(
    qtbot, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    """HF_ENDPOINT is a closed local port (the tests' default): offline is a state."""
    follow_before_start(tmp_path, "daily")
    window = open_window()

    report = fetch_now(qtbot, window)

    assert report.offline and report.new == 0
    assert dialogs_shown() == []
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    message = window.statusBar().currentMessage()
    assert message.startswith("Hub unreachable (") and " — will try again at " in message
    assert window.hub.retry_at is not None
    assert message.endswith(f"{window.hub.retry_at:%H:%M}")
    assert window.status_bar.hub_label.text().startswith("Hub: unreachable at ")

    with qtbot.waitSignal(window.fetch_finished, timeout=30_000) as retried:
        window.hub.retry_soon(0)  # the try scheduled for later, brought forward
    assert retried.args[0].offline
    settle(qtbot, window)
    assert dialogs_shown() == []


def test_fetch_now_with_nothing_followed_asks_nothing_and_points_to_the_settings(
    qtbot, fake_hub: FakeHub, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    assert sources_heading_hidden(window)  # no heading while nothing is followed
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: "Settings" in window.statusBar().currentMessage(), timeout=10_000)
    settle(qtbot, window)
    assert window.statusBar().currentMessage().startswith("Nothing to fetch: no Hub list is followed")
    assert fake_hub.asked == []


def test_catching_up_at_start_fetches_once_the_window_is_ready_and_only_when_on(
    qtbot, fake_hub: FakeHub, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    fake_hub.daily[TODAY] = [paper_entry(n, day=TODAY) for n in range(1, 4)]
    follow_before_start(tmp_path, "daily")
    first = open_window()  # catching up is off: nothing is asked, though a list is followed
    assert fake_hub.asked == [] and first.model.rowCount() == 0
    first.close()

    save_settings(paths.settings_file(), Settings(hub_catch_up_on_start=True, hub_interval_hours=2))
    window = open_window()  # settled only once the catch-up at start has run
    choose_list(qtbot, window, "list:inbox")
    assert sorted(titles_on_screen(qtbot, window)) == sorted(e["title"] for e in fake_hub.daily[TODAY])
    assert window.sidebar_model.count_of("source:daily") == 3
    assert window.hub._interval.isActive() and window.hub._interval.interval() == 2 * 3_600_000
    assert window.status_bar.hub_label.text().endswith(", 3 new")


def test_a_page_the_hub_answers_with_an_error_page_is_named_in_the_status_bar_without_a_dialog(
    qtbot, fake_hub: FakeHub, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    fake_hub.daily[TODAY] = [paper_entry(n, day=TODAY) for n in range(1, 3)]
    fake_hub.script = [status(200, "<!DOCTYPE html><html><body>Maintenance</body></html>", content_type="text/html")]
    follow_before_start(tmp_path, "daily")
    window = open_window()

    report = fetch_now(qtbot, window)

    [failed] = [r for r in report.reports if r.failed]
    message = window.statusBar().currentMessage()
    assert f"; {failed.source} failed: " in message and "did not send JSON" in message
    assert failed.source.startswith("Hub daily list ")
    assert dialogs_shown() == []
    assert report.new == len(window.library.paper_ids())  # the pages before and after it are in, whole
