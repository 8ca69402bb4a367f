"""The statistics page, driven by real keys on the real window: triage, look, decide, look again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from readinglist.core.stats import LibraryStats
from readinglist.gui.views.stats import BarList, ColumnChart, LineChart, StatisticsView, days
from tests.gui.test_main_window import import_and_wait
from tests.helpers import LIBRARY_FIXTURES, settle

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
STATUSES = ("New", "Queued", "Reading", "Read", "Dismissed")


def press(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
    """A key on the paper table (or ``widget``), then wait for the work it started."""
    qtbot.keyClick(widget or window.table, key, modifier)
    settle(qtbot, window)


def shown_statuses(view: StatisticsView) -> dict[str, int]:
    counts = dict(view.status_chart.shown())
    assert tuple(counts) == STATUSES
    return counts


def open_statistics(qtbot, window) -> LibraryStats:
    """Ctrl+Shift+S from wherever the keyboard is, and wait for the numbers to arrive."""
    with qtbot.waitSignal(window.statistics.stats_shown, timeout=10_000) as shown:
        qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_S, CTRL_SHIFT)
    assert window.pages.currentWidget() is window.statistics
    assert window.statistics.hasFocus()
    return shown.args[0]


@pytest.fixture
def four_new(qtbot, window):
    """The window over the four fixture papers, all new, the first one current in the Inbox."""
    import_and_wait(qtbot, window, [LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    assert window.model.rowCount() == 4
    window.table.setFocus()
    return window


def test_the_statistics_show_a_triage_and_follow_later_decisions(qtbot, four_new) -> None:
    window = four_new
    view = window.statistics
    press(qtbot, window, Qt.Key.Key_T)  # tag the current paper, as a person would
    assert window.detail.tags.hasFocus()
    qtbot.keyClicks(window.detail.tags, "distillation")
    press(qtbot, window, Qt.Key.Key_Return, widget=window.detail.tags)
    assert window.table.hasFocus()
    for key in (Qt.Key.Key_Q, Qt.Key.Key_R, Qt.Key.Key_D):  # each decides the current paper, the next comes up
        press(qtbot, window, key)

    stats = open_statistics(qtbot, window)
    assert view.shown_stats() is stats
    assert shown_statuses(view) == {"New": 1, "Queued": 1, "Reading": 0, "Read": 1, "Dismissed": 1}
    assert "<b>4</b> papers" in view.summary.text()
    assert "<b>2</b> unread" in view.summary.text()
    assert "<b>1</b> read this week" in view.summary.text()
    assert len(view.week_chart.shown()) == 12 and view.week_chart.shown()[-1][1] == 1
    assert view.backlog_chart.shown()[-1][1] == 2
    assert view.tag_chart.shown() == [("distillation", 1)]
    assert view.org_chart.shown() == [("Quiet Lab", 1)]
    assert [age for _title, age in view.oldest_chart.shown()] == [0, 0]  # the new one and the queued one
    assert view.accessibleName() == "Statistics"
    assert "Read: 1" in view.status_chart.accessibleDescription()

    # Undo, with the page shown: it follows at once.
    with qtbot.waitSignal(view.stats_shown, timeout=10_000):
        qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert shown_statuses(view) == {"New": 2, "Queued": 1, "Reading": 0, "Read": 1, "Dismissed": 0}

    # Back to the library, one more paper read, and the page again.
    press(qtbot, window, Qt.Key.Key_Escape, widget=view)
    assert window.pages.currentWidget() is window.splitter
    assert window.table.hasFocus()
    press(qtbot, window, Qt.Key.Key_R)
    open_statistics(qtbot, window)
    assert shown_statuses(view) == {"New": 1, "Queued": 1, "Reading": 0, "Read": 2, "Dismissed": 0}
    assert "<b>2</b> read this week" in view.summary.text()
    assert view.week_chart.shown()[-1][1] == 2
    assert view.backlog_chart.shown()[-1][1] == 2

    press(qtbot, window, Qt.Key.Key_S, CTRL_SHIFT, widget=view)  # the same command goes back
    assert window.pages.currentWidget() is window.splitter
    assert window.table.hasFocus()


def test_a_burst_of_changes_is_counted_once_and_a_hidden_page_counts_nothing(qtbot, four_new) -> None:
    window = four_new
    view = window.statistics
    open_statistics(qtbot, window)
    loads = view.loads
    with qtbot.waitSignal(view.stats_shown, timeout=10_000):
        for _ in range(5):
            view.papers_changed()
    assert view.loads == loads + 1

    press(qtbot, window, Qt.Key.Key_Escape, widget=view)
    for key in (Qt.Key.Key_R, Qt.Key.Key_R):
        press(qtbot, window, key)
    assert view.loads == loads + 1  # hidden: nothing counted
    open_statistics(qtbot, window)
    assert view.loads == loads + 2
    assert shown_statuses(view)["Read"] == 2


def test_statistics_leave_triage_and_keep_its_decisions(qtbot, four_new) -> None:
    window = four_new
    press(qtbot, window, Qt.Key.Key_T, CTRL_SHIFT)
    assert window.in_triage
    press(qtbot, window, Qt.Key.Key_Q, widget=window.triage)
    open_statistics(qtbot, window)
    assert not window.in_triage
    assert shown_statuses(window.statistics)["Queued"] == 1


def test_an_empty_library_shows_zeros_and_paints(qtbot, window) -> None:
    window.table.setFocus()
    stats = open_statistics(qtbot, window)
    view = window.statistics
    assert stats.total == 0
    assert shown_statuses(view) == dict.fromkeys(STATUSES, 0)
    assert view.tag_chart.shown() == view.org_chart.shown() == view.oldest_chart.shown() == []
    assert {value for _label, value in view.week_chart.shown()} == {0}
    for width, height in ((1100, 700), (320, 200)):
        view.resize(width, height)
        assert not view.grab().isNull()


@pytest.mark.parametrize(
    "items", [[], [("Only", 0)], [("One", 3)], [("A very long label that cannot fit in the room", 10**6), ("B", 0)]]
)
def test_every_chart_paints_any_data_at_any_size(qtbot, items: list[tuple[str, int]]) -> None:
    for chart in (BarList("bars", "none"), ColumnChart("columns", "none"), LineChart("line", "none")):
        qtbot.addWidget(chart)
        chart.set_items(items)
        assert chart.shown() == items
        for width, height in ((400, 240), (40, 12), (1, 1)):
            chart.resize(width, height)
            assert not chart.grab().isNull()


def test_ages_are_said_in_days() -> None:
    assert [days(0), days(1), days(1200)] == ["today", "1 day", "1,200 days"]
