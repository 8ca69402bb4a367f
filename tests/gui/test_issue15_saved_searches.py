"""Issue 15 item B: Ctrl+S saves the search as a sidebar list with a live count; renamed, remembered, deleted."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMenu

from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.sidebar import KeyRole
from readinglist.gui.views.sidebar_menu import RENAME_DIALOG, SAVE_DIALOG
from tests.gui.test_issue15_trash import search_for
from tests.gui.test_main_window import choose_list
from tests.helpers import LIBRARY_FIXTURES, settle

QUERY = "distillation OR molecule"


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    """The folder open_window opens, with the two small dumps (four papers) imported."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    return tmp_path / "library"


def answer(qtbot, window: MainWindow, name: str, text: str) -> None:
    """Type ``text`` into the open dialog ``name`` and press Return, as a person would."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(QInputDialog, name)), timeout=5000)
    [dialog] = [d for d in window.findChildren(QInputDialog, name) if d.isVisible()]
    field = dialog.findChild(QLineEdit)
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    settle(qtbot, window)


def test_save_rename_restart_and_delete_a_search(
    qtbot, library_folder: Path, open_window: Callable[[], MainWindow]
) -> None:
    """Issue 15 item B: the saved search is a sidebar entry with its count, kept across restarts."""
    window = open_window()
    searches = window.sidebar_model.searches_group.index()
    assert window.sidebar.isRowHidden(searches.row(), searches.parent())  # no heading without a saved search
    choose_list(qtbot, window, "list:all")
    window.page.focus_search()
    search_for(qtbot, window, QUERY)
    assert window.model.rowCount() == 2

    qtbot.keyClick(window.search, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    [dialog] = [d for d in window.findChildren(QInputDialog, SAVE_DIALOG) if d.isVisible()]
    assert dialog.textValue() == QUERY  # prefilled with the query
    answer(qtbot, window, SAVE_DIALOG, "Small models")

    [saved] = window.library.saved_searches()
    key = f"search:{saved.id}"
    assert (saved.name, saved.query) == ("Small models", QUERY)
    assert window.sidebar_model.count_of(key) == 2
    assert window.sidebar.currentIndex().data(KeyRole) == key
    assert not window.sidebar.isRowHidden(searches.row(), searches.parent())

    window.library.add_saved_search("Broken", 'title:"unfinished')  # e.g. saved by hand: no count, no failure
    window.papers.refresh_counts()
    settle(qtbot, window)
    [broken] = [s for s in window.library.saved_searches() if s.name == "Broken"]
    assert window.sidebar_model.count_of(f"search:{broken.id}") is None
    assert window.sidebar_model.count_of(key) == 2

    window.sidebar.setFocus()
    window.sidebar.setCurrentIndex(window.sidebar_model.index_of_key(key))
    settle(qtbot, window)
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F2)
    answer(qtbot, window, RENAME_DIALOG, "Distilled")
    assert window.sidebar_model.index_of_key(key).data() == "Distilled"

    choose_list(qtbot, window, "list:inbox")
    assert window.search.text() == ""  # leaving the saved search leaves its query behind
    choose_list(qtbot, window, key)
    assert window.search.text() == QUERY and window.model.rowCount() == 2
    window.close()

    again = open_window()  # a restart over the same library
    assert again.sidebar.currentIndex().data(KeyRole) == key
    assert again.sidebar_model.index_of_key(key).data() == "Distilled"
    assert again.search.text() == QUERY
    assert again.model.rowCount() == 2

    again.sidebar.setFocus()
    qtbot.keyClick(again.sidebar, Qt.Key.Key_Delete)
    settle(qtbot, again)
    assert again.sidebar_model.index_of_key(key) is None
    assert [s.name for s in again.library.saved_searches()] == ["Broken"]
    assert "Deleted the saved search 'Distilled'" in again.statusBar().currentMessage()


@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")  # the popup menu, offscreen
def test_the_right_click_menu_renames_and_deletes(
    qtbot, library_folder: Path, open_window: Callable[[], MainWindow]
) -> None:
    """Issue 15 item B: a right-click on a saved search offers Rename… and Delete."""
    window = open_window()
    saved = window.library.add_saved_search("Lattice", "lattice")
    window.papers.refresh_counts()
    settle(qtbot, window)
    key = f"search:{saved.id}"
    index = window.sidebar_model.index_of_key(key)
    assert window.sidebar_model.count_of(key) == 1

    window.sidebar.customContextMenuRequested.emit(window.sidebar.visualRect(index).center())  # the right-click
    qtbot.waitUntil(lambda: any(m.isVisible() for m in window.sidebar.findChildren(QMenu)), timeout=5000)
    [menu] = [m for m in window.sidebar.findChildren(QMenu) if m.isVisible()]
    assert [a.text() for a in menu.actions()] == ["&Rename…", "&Delete"]
    menu.actions()[1].trigger()
    menu.close()
    settle(qtbot, window)
    assert window.library.saved_searches() == []
    assert window.sidebar_model.index_of_key(key) is None


def test_after_saving_a_search_the_keys_act_on_the_list_again(
    qtbot, library_folder: Path, open_window: Callable[[], MainWindow]
) -> None:
    """Issue 15 (keys in every focus state): Ctrl+S from the results, Return in the dialog, then S stars the paper."""
    window = open_window()
    window.show()
    qtbot.waitExposed(window)
    choose_list(qtbot, window, "list:all")
    window.page.focus_search()
    search_for(qtbot, window, QUERY)
    window.focus_list()
    qtbot.waitUntil(window.table.hasFocus)
    paper = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    answer(qtbot, window, SAVE_DIALOG, "Small models")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S)
    settle(qtbot, window)
    assert window.library.get(paper).starred
