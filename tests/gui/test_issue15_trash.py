"""Issue 15 item A: Delete moves the selected papers to the Trash as one undo step; emptying it is asked for."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QMessageBox

from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE_COLUMN
from readinglist.gui.models.sidebar import TRASH_KEY
from readinglist.gui.views.sidebar_menu import EMPTY_TRASH_DIALOG
from tests.gui.test_main_window import choose_list
from tests.helpers import LIBRARY_FIXTURES, settle


@pytest.fixture
def four_papers(open_window: Callable[[], MainWindow], tmp_path: Path) -> MainWindow:
    """A window over the two small dumps: four papers."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    return open_window()


def show_all(qtbot, window: MainWindow) -> None:
    choose_list(qtbot, window, "list:all")
    window.focus_list()
    window.move_current(-100)


def title_at(window: MainWindow, row: int) -> str:
    return window.model.index(row, TITLE_COLUMN).data()


def search_for(qtbot, window: MainWindow, text: str) -> None:
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.search.setText(text)
    settle(qtbot, window)


def test_delete_moves_the_paper_to_the_trash_and_z_brings_it_back(qtbot, four_papers: MainWindow) -> None:
    """Issue 15 item A: Delete on the table takes the row out at once, the next paper current; z undoes it."""
    window = four_papers
    show_all(qtbot, window)
    assert window.model.rowCount() == 4
    removed, successor = window.current_paper_id(), window.model.paper_id(1)
    title = title_at(window, 0)

    qtbot.keyClick(window.table, Qt.Key.Key_Delete)

    assert window.model.rowCount() == 3  # at once, before the write lands
    assert window.current_paper_id() == successor
    settle(qtbot, window)
    assert window.library.trashed_ids() == {removed}
    assert window.sidebar_model.count_of(TRASH_KEY) == 1
    assert window.sidebar_model.count_of("list:all") == 3
    assert window.statusBar().currentMessage() == f"Moved '{title}' to the Trash — Z undoes it"
    assert removed not in window.model.ids()
    search_for(qtbot, window, title)
    assert window.model.rowCount() == 0  # search results leave the Trash out
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.search.clear()
    settle(qtbot, window)

    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_Z)
    settle(qtbot, window)

    assert window.library.trashed_ids() == set()
    assert window.current_paper_id() == removed  # back in the list, and current
    assert window.model.rowCount() == 4
    assert window.sidebar_model.count_of(TRASH_KEY) == 0


def test_the_trash_list_puts_back_and_empties_only_when_asked(qtbot, four_papers: MainWindow) -> None:
    """Issue 15 item A: in the Trash, Delete deletes nothing; Empty Trash… asks with the count; Put Back returns."""
    window = four_papers
    show_all(qtbot, window)
    first, second = window.model.paper_id(0), window.model.paper_id(1)
    window.table.selectRow(0)
    window.table.selectionModel().select(
        window.model.index(1, TITLE_COLUMN),
        window.table.selectionModel().SelectionFlag.Select | window.table.selectionModel().SelectionFlag.Rows,
    )
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert window.library.trashed_ids() == {first, second}
    assert window.statusBar().currentMessage().startswith("Moved 2 papers to the Trash")

    choose_list(qtbot, window, TRASH_KEY)
    assert sorted(window.model.ids()) == sorted([first, second])
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert window.model.rowCount() == 2 and window.library.trashed_ids() == {first, second}  # nothing by surprise
    assert "Empty Trash" in window.statusBar().currentMessage()

    window.table.selectRow(window.model.row_of(first))
    window.actions_by_id["paper.restore"].trigger()  # Put Back
    settle(qtbot, window)
    assert window.model.ids() == [second]
    assert window.library.trashed_ids() == {second}

    window.actions_by_id["file.empty_trash"].trigger()
    [box] = [b for b in window.findChildren(QMessageBox) if b.objectName() == EMPTY_TRASH_DIALOG and b.isVisible()]
    assert box.text() == "Delete the 1 paper in the Trash for good?"
    [empty] = [b for b in box.buttons() if b.text() == "Empty Trash"]
    qtbot.mouseClick(empty, Qt.MouseButton.LeftButton)
    settle(qtbot, window)

    assert window.library.records([second]) == []  # gone from the database
    assert window.library.trashed_ids() == set()
    assert window.model.rowCount() == 0
    assert window.sidebar_model.count_of(TRASH_KEY) == 0
    assert window.sidebar_model.count_of("list:all") == 3


@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")  # the popup menu, offscreen
def test_the_trash_entry_in_the_sidebar_deletes_nothing_by_key_and_offers_empty_trash(
    qtbot, four_papers: MainWindow
) -> None:
    """Issue 15 item A: Delete on the sidebar's Trash only explains; its right-click menu has Empty Trash…."""
    window = four_papers
    show_all(qtbot, window)
    removed = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    settle(qtbot, window)

    index = window.sidebar_model.index_of_key(TRASH_KEY)
    window.sidebar.setFocus()
    window.sidebar.setCurrentIndex(index)
    settle(qtbot, window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_Delete)
    settle(qtbot, window)
    assert window.library.trashed_ids() == {removed}
    assert "Empty Trash" in window.statusBar().currentMessage()

    window.sidebar.customContextMenuRequested.emit(window.sidebar.visualRect(index).center())  # the right-click
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.sidebar.findChildren(QMenu)), timeout=5000)
    [menu] = [m for m in window.sidebar.findChildren(QMenu) if m.isVisible()]
    assert [a.text() for a in menu.actions()] == ["Empty &Trash…"]
    menu.actions()[0].trigger()
    menu.close()
    [box] = [b for b in window.findChildren(QMessageBox) if b.objectName() == EMPTY_TRASH_DIALOG and b.isVisible()]
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)  # changed my mind
    settle(qtbot, window)
    assert window.library.trashed_ids() == {removed}


def test_delete_in_triage_moves_the_paper_to_the_trash_and_goes_on(qtbot, four_papers: MainWindow) -> None:
    """Issue 15 item A: Delete acts in triage too: the paper goes to the Trash and the next one comes."""
    window = four_papers
    show_all(qtbot, window)
    first, second = window.model.paper_id(0), window.model.paper_id(1)
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert window.triage.current_id() == first

    qtbot.keyClick(window.triage, Qt.Key.Key_Delete)
    settle(qtbot, window)

    assert window.library.trashed_ids() == {first}
    assert window.triage.current_id() == second
