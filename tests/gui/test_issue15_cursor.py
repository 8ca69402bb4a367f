"""Issue 15: every decision lands on the paper the person sees (the cursor, the selection, the feedback).

The real window, driven with key events on the paper table and clicks on its
buttons; outcomes checked as rows on screen and statuses in the library.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from readinglist.core.hub.links import hub_search_url
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus
from tests.benchmarks.corpus import generate_corpus
from tests.gui.test_main_window import choose_list, import_and_wait
from tests.helpers import LIBRARY_FIXTURES, settle

INBOX = PaperFilter(status=ReadStatus.NEW)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` on the paper list and wait until its work is done."""
    qtbot.keyClick(window.table, key, modifier)
    settle(qtbot, window)


def corpus_window(qtbot, window, tmp_path: Path, papers: int = 12):
    """The window over a library of ``papers`` generated papers, the Inbox shown, the table focused on row 1."""
    import_and_wait(qtbot, window, generate_corpus(tmp_path / "dumps", papers, files=1, seed=5).files)
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_Home)
    return window.model.ids()


def select_first_three(qtbot, window) -> None:
    press(qtbot, window, Qt.Key.Key_Home)
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)


def status_of(window, paper_id: int) -> str:
    return window.library.get(paper_id).status


def message(window) -> str:
    return window.statusBar().currentMessage()


def test_a_decision_on_three_selected_papers_moves_to_the_paper_after_them(qtbot, window, tmp_path) -> None:
    """Issue 15 item 4: Shift+Down twice then q queues the three and makes the 4th paper (now 1st) current."""
    order = corpus_window(qtbot, window, tmp_path)
    select_first_three(qtbot, window)
    assert window.selected_ids() == order[:3]
    press(qtbot, window, Qt.Key.Key_Q)
    assert [status_of(window, pid) for pid in order[:3]] == ["queued"] * 3
    assert window.model.ids() == order[3:]
    assert window.current_paper_id() == order[3]
    assert window.table.currentIndex().row() == 0
    assert window.selected_ids() == [order[3]]  # only it is selected: the next key acts on it alone


def test_several_selected_papers_show_a_summary_whose_buttons_act_on_them(qtbot, window, tmp_path) -> None:
    """Issue 15 item 4: a multi-selection shows "3 papers selected" with the actions, and Read marks all three."""
    order = corpus_window(qtbot, window, tmp_path)
    choose_list(qtbot, window, "list:all")
    order = window.model.ids()
    window.table.setFocus()
    select_first_three(qtbot, window)
    summary = window.selection_summary
    assert summary.isVisible() and not window.detail.isVisible()
    assert "3 papers selected" in summary.title.text()
    read = summary.buttons["paper.read"]
    assert read.defaultAction() is window.actions_by_id["paper.read"]  # titles and keys declared once
    qtbot.mouseClick(read, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    assert [status_of(window, pid) for pid in order[:3]] == ["read"] * 3
    assert status_of(window, order[3]) == "new"
    press(qtbot, window, Qt.Key.Key_T)  # T types tags for all three
    assert summary.tags.hasFocus()
    qtbot.keyClicks(summary.tags, "batch, later")
    qtbot.keyClick(summary.tags, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert [window.library.get(pid).tags for pid in order[:3]] == [["batch", "later"]] * 3
    assert window.table.hasFocus() and window.selected_ids() == order[:3]
    press(qtbot, window, Qt.Key.Key_J)  # one paper current again: its details come back
    assert window.detail.isVisible() and not summary.isVisible()


def test_a_decision_is_announced_and_undo_brings_the_cursor_back(qtbot, window, tmp_path) -> None:
    """Issue 15 item 14: "Queued 'Title' — Z to undo"; Z makes the restored paper current again."""
    order = corpus_window(qtbot, window, tmp_path)
    title = window.library.get(order[0]).title
    press(qtbot, window, Qt.Key.Key_Q)
    assert f"Queued '{title[:20]}" in message(window) and "Z to undo" in message(window)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current_paper_id() == order[3]
    press(qtbot, window, Qt.Key.Key_Z)
    assert status_of(window, order[0]) == "new"
    assert window.current_paper_id() == order[0]
    assert window.selected_ids() == [order[0]]

    select_first_three(qtbot, window)
    press(qtbot, window, Qt.Key.Key_R)
    assert "Marked 3 papers read — Z to undo" in message(window)
    press(qtbot, window, Qt.Key.Key_Z)
    assert window.selected_ids() == order[:3]  # the whole restored selection
    assert window.current_paper_id() in order[:3]


def test_undo_and_redo_in_a_list_that_keeps_the_paper_return_to_it(qtbot, window, tmp_path) -> None:
    """Issue 15 item 14: in All papers (the paper stays, the cursor moves on), undo and redo go back to it."""
    corpus_window(qtbot, window, tmp_path)
    choose_list(qtbot, window, "list:all")
    window.table.setFocus()
    order = window.model.ids()
    press(qtbot, window, Qt.Key.Key_R)  # auto-advance: the cursor moves to the next paper
    press(qtbot, window, Qt.Key.Key_J)
    assert window.current_paper_id() == order[2]
    press(qtbot, window, Qt.Key.Key_Z)
    assert status_of(window, order[0]) == "new" and window.current_paper_id() == order[0]
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)  # redo
    assert status_of(window, order[0]) == "read" and window.current_paper_id() == order[0]
    assert "Redone: Mark 1 paper read" in message(window)


def test_undo_of_a_paper_outside_the_list_shown_says_so(qtbot, window, tmp_path) -> None:
    """Issue 15 item 14: undo never switches lists silently: the status bar says the paper is not shown."""
    order = corpus_window(qtbot, window, tmp_path)
    press(qtbot, window, Qt.Key.Key_Q)
    choose_list(qtbot, window, "list:queue")
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)
    assert status_of(window, order[0]) == "new"
    assert window.model.ids() == []
    assert "not in this list" in message(window)


def test_esc_on_a_search_keeps_the_result_current_in_the_list(qtbot, window, tmp_path) -> None:
    """Issue 15 item 16: search, move to the 3rd result, Esc: that paper stays current in the list."""
    corpus_window(qtbot, window, tmp_path)
    choose_list(qtbot, window, "list:all")
    window.search.setFocus()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClicks(window.search, "learning")
    settle(qtbot, window)
    assert window.model.rowCount() >= 3
    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # to the results
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Down)
    chosen = window.current_paper_id()
    assert window.table.currentIndex().row() == 2
    window.search.setFocus()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert window.search.text() == ""
    assert window.model.rowCount() == 12
    assert window.model.row_of(chosen) != 0  # else the test could not tell
    assert window.current_paper_id() == chosen


def test_reopening_the_window_keeps_the_current_paper(qtbot, open_window, tmp_path) -> None:
    """Issue 15 item 16: the paper current when the window closed is current again when it reopens."""
    window = open_window()
    order = corpus_window(qtbot, window, tmp_path)
    for _ in range(4):
        press(qtbot, window, Qt.Key.Key_J)
    assert window.current_paper_id() == order[4]
    window.close()

    again = open_window()
    assert again.model.ids() == order
    assert again.current_paper_id() == order[4]


def test_o_says_what_it_opened_or_that_no_browser_started(qtbot, window, monkeypatch) -> None:
    """Issue 15 item 17, as issue 17 changed it: `o` on a paper without an arXiv id opens a Hub search for its
    title and says so; with no browser to start, the status bar says that instead."""
    opened: list[str] = []
    browser = [True]
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or browser[0])
    import_and_wait(qtbot, window, [LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    records = window.library.records(window.library.paper_ids())
    unlinked = next(p for p in records if not (p.hf_url or p.github_url or p.links))
    other = next(p for p in records if p.id != unlinked.id)

    window.show_paper(unlinked.id)
    settle(qtbot, window)
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: "opened a Hub search for its title" in message(window))
    assert f"'{unlinked.title}'" in message(window)
    assert opened == [QUrl(hub_search_url(unlinked.title)).toString()]

    browser[0] = False
    window.show_paper(other.id)
    settle(qtbot, window)
    press(qtbot, window, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: "No browser could be started" in message(window))
    assert opened[-1] == QUrl(hub_search_url(other.title)).toString()


def test_fifty_rapid_dismissals_never_show_a_paper_twice(qtbot, window, tmp_path) -> None:
    """Issue 19 (from item 19 of issue 15): rapid `d` (and an undo among them) never shows a paper twice,
    and the list ends as the library's Inbox."""
    corpus_window(qtbot, window, tmp_path, papers=150)
    model = window.model
    twice: list[str] = []

    def check(*_args) -> None:
        ids = model.ids()
        if len(ids) != len(set(ids)):
            twice.append(f"{len(ids) - len(set(ids))} ids twice")

    for signal in (model.rowsInserted, model.modelReset, model.dataChanged, model.rowsRemoved):
        signal.connect(check)
    taken: set[int] = set()  # rows dropped at once by a decision
    undone: set[int] = set()  # papers an undo brought back (they may show again)
    window.operations.taken_out.connect(taken.update)
    window.operations.returned.connect(lambda ids, _what: undone.update(ids))
    back: list[int] = []  # decided papers a stale list brought back on screen
    model.modelReset.connect(lambda: back.extend(set(model.ids()) & (taken - undone)))
    for presses in range(50):
        qtbot.keyClick(window.table, Qt.Key.Key_D)
        if presses == 20:
            qtbot.keyClick(window.table, Qt.Key.Key_Z)  # an undo reloads the list while decisions are in flight
        if presses % 2:
            QApplication.processEvents()  # some answers land between presses, as on a busy machine
    settle(qtbot, window)
    assert twice == []
    assert back == []
    assert model.ids() == window.library.paper_ids(INBOX, "added", True)
    assert len(window.library.paper_ids(PaperFilter(status=ReadStatus.DISMISSED))) == 49
