"""Issue 15 items 1, 2 and 19 (here item 3): the list's keys work in every focus state the window can reach.

Every key is pressed where a person's key would go: the open menu if one is
open, else the focus widget of the active window. Nothing here gives the list
the focus by hand after a dialog, menu or palette: the window has to.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu, QWidget

from readinglist.core.dumps import ParsedPaper
from readinglist.core.services import Library
from readinglist.gui.actions import LIST_TWIN
from readinglist.gui.main_window import MainWindow
from tests.gui.test_main_window import choose_list
from tests.helpers import paste_papers, settle

NONE = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
# One title per initial, so that a type-ahead on any letter would find a row to jump to.
WORDS = [
    "Attention",
    "Bayesian",
    "Contrastive",
    "Diffusion",
    "Efficient",
    "Federated",
    "Graph",
    "Hierarchical",
    "Implicit",
    "Joint",
    "Kernel",
    "Latent",
    "Meta",
    "Neural",
    "Optimal",
    "Probabilistic",
    "Quantized",
    "Robust",
    "Sparse",
    "Transformer",
    "Unsupervised",
    "Variational",
    "Wasserstein",
    "Xavier",
    "Yoked",
    "Zero-shot",
]


# -- pressing keys as a person -------------------------------------------------------------


def keyboard() -> QWidget | None:
    """Where a key pressed now goes: the open menu, else the focus widget of the active window."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


def person_presses(qtbot, window: MainWindow, key: Qt.Key, modifier: Qt.KeyboardModifier = NONE) -> None:
    """Press ``key`` where a person's key would go (the window must have given some widget the keyboard)."""
    qtbot.waitUntil(lambda: (target := keyboard()) is not None and target.isVisible(), timeout=3000)
    target = keyboard()
    assert target is not None
    qtbot.keyClick(target, key, modifier)
    settle(qtbot, window)


def person_types(qtbot, window: MainWindow, text: str) -> None:
    for char in text:
        person_presses(qtbot, window, Qt.Key(ord(char.upper())))


# -- the focus states ---------------------------------------------------------------------------


def fresh_start(qtbot, window: MainWindow) -> None:
    """The window just opened."""


def settings_closed_with_esc(qtbot, window: MainWindow) -> None:
    dialog = open_settings(qtbot, window)
    person_presses(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: closed(dialog))


def settings_saved_with_read_on_x(qtbot, window: MainWindow) -> None:
    dialog = open_settings(qtbot, window)
    if hasattr(dialog, "key_field"):  # the dialog records a pressed key
        field = dialog.key_field("paper.read")
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        qtbot.keyClick(field, Qt.Key.Key_Delete)
        qtbot.keyClick(field, Qt.Key.Key_X)
    else:  # the dialog takes keys typed as text
        dialog.keys.item(dialog.row_of("paper.read"), 1).setText("X")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed(dialog))
    assert window.actions_by_id["paper.read"].shortcut().toString() == "X"


def palette_closed_with_esc(qtbot, window: MainWindow) -> None:
    open_palette(qtbot, window)
    person_presses(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.command_palette.isVisible())


def palette_ran_a_command(qtbot, window: MainWindow) -> None:
    open_palette(qtbot, window)
    qtbot.keyClicks(keyboard(), "next paper")
    person_presses(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.command_palette.isVisible())


def menu_is_up(menu: QWidget) -> bool:
    """The menu is on screen with the keyboard, as a person sees it before pressing on."""
    return QGuiApplication.focusWindow() is menu.windowHandle()


def edit_menu_closed_with_esc(qtbot, window: MainWindow) -> None:
    person_presses(qtbot, window, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: isinstance(menu := QApplication.activePopupWidget(), QMenu) and menu_is_up(menu))
    person_presses(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def edit_menu_popped_up_and_hidden(qtbot, window: MainWindow) -> None:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Edit")
    menu.popup(window.geometry().center())
    qtbot.waitUntil(lambda: menu_is_up(menu))
    menu.hide()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def cheat_sheet_closed(qtbot, window: MainWindow) -> None:
    person_presses(qtbot, window, Qt.Key.Key_F1)
    close_cheat_sheet(qtbot, window)


def search_used_then_esc(qtbot, window: MainWindow) -> None:
    person_presses(qtbot, window, Qt.Key.Key_Slash)
    assert keyboard() is window.search
    person_types(qtbot, window, "graph")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1)
    person_presses(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == len(WORDS))


def closed(dialog: QWidget) -> bool:
    """Hidden, or already deleted (the settings dialog deletes itself once closed)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def open_settings(qtbot, window: MainWindow):
    person_presses(qtbot, window, Qt.Key.Key_Comma, CTRL)
    dialog = window.preferences.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def open_palette(qtbot, window: MainWindow) -> None:
    person_presses(qtbot, window, Qt.Key.Key_K, CTRL)
    qtbot.waitUntil(window.command_palette.isActiveWindow)


def close_cheat_sheet(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(window.cheat_sheet.isActiveWindow)
    person_presses(qtbot, window, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.cheat_sheet.isVisible())


FOCUS_STATES: list[Callable[..., None]] = [
    fresh_start,
    settings_closed_with_esc,
    settings_saved_with_read_on_x,
    palette_closed_with_esc,
    palette_ran_a_command,
    edit_menu_closed_with_esc,
    edit_menu_popped_up_and_hidden,
    cheat_sheet_closed,
    search_used_then_esc,
]


# -- the library and what the tests read --------------------------------------------------------


@pytest.fixture
def restarted(open_window, tmp_path: Path) -> MainWindow:
    """A window opened on a library that already has 26 new papers, one title per initial."""
    papers = [
        ParsedPaper(f"{word} methods for learning", i + 1, abstract=f"About {word}.", arxiv_id=f"2501.{i + 10000}")
        for i, word in enumerate(WORDS)
    ]
    with Library.open(tmp_path / "library") as library:
        paste_papers(library, papers, "letters")
    window = open_window()
    assert window.model.rowCount() == len(WORDS)
    return window


def status(window: MainWindow, paper_id: int) -> str:
    return window.library.get(paper_id).status


def unbound_letter(window: MainWindow) -> str:
    """A letter no command has, and not the current title's initial (so a type-ahead would move)."""
    bound = {key.casefold() for cmd in window.preferences.keymap.commands for key in (*cmd.keys, *cmd.list_keys)}
    title = window.model.index(window.table.currentIndex().row(), 1).data() or ""
    return next(w[0] for w in WORDS if w[0].casefold() not in bound and not title.startswith(w[0]))


def selection(window: MainWindow) -> tuple[int, list[int]]:
    return window.table.currentIndex().row(), sorted(i.row() for i in window.table.selectionModel().selectedRows())


# -- item 2 (and 1): every state ------------------------------------------------------------------


@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")  # the menus, offscreen
@pytest.mark.parametrize("reach", FOCUS_STATES, ids=[state.__name__ for state in FOCUS_STATES])
def test_the_list_keys_work_in_every_focus_state(qtbot, restarted: MainWindow, reach) -> None:
    """Issue 15 item 2 (and item 1): after any dialog, menu or palette, d then ONE z undoes, Shift+Z redoes,
    ? shows the cheat sheet, and an unbound letter leaves the cursor and the selection where they were."""
    window = restarted
    reach(qtbot, window)

    paper = window.current_paper_id()
    assert paper is not None
    person_presses(qtbot, window, Qt.Key.Key_D)
    assert status(window, paper) == "dismissed"
    person_presses(qtbot, window, Qt.Key.Key_Z)
    assert status(window, paper) == "new"  # one z
    person_presses(qtbot, window, Qt.Key.Key_Z, SHIFT)
    assert status(window, paper) == "dismissed"

    person_presses(qtbot, window, Qt.Key.Key_Question, SHIFT)  # "?" as typed on a US keyboard
    assert window.cheat_sheet.isVisible()
    close_cheat_sheet(qtbot, window)

    letter = unbound_letter(window)
    before = selection(window)
    person_presses(qtbot, window, Qt.Key(ord(letter)))
    assert selection(window) == before
    assert window.statusBar().currentMessage().startswith(f"No command on {letter}")


def test_an_unbound_letter_in_the_table_never_moves_the_cursor(qtbot, restarted: MainWindow) -> None:
    """Issue 15 item 1: with Read rebound to X, r (and any unbound letter) leaves the cursor; x then marks
    the paper that was current, not a row a type-ahead jumped to."""
    window = restarted
    settings_saved_with_read_on_x(qtbot, window)
    choose_list(qtbot, window, "list:all")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    paper, before = window.current_paper_id(), selection(window)
    assert paper is not None
    for key, modifier in ((Qt.Key.Key_R, NONE), (Qt.Key.Key_W, SHIFT), (Qt.Key.Key_7, NONE)):
        qtbot.keyClick(window.table, key, modifier)
        assert selection(window) == before
    assert window.statusBar().currentMessage() == "No command on 7 — press ? for the keys"
    qtbot.keyClick(window.table, Qt.Key.Key_X)
    settle(qtbot, window)
    assert status(window, paper) == "read"
    assert [p.status for p in window.library.records(window.library.paper_ids())].count("read") == 1

    qtbot.keyClick(window.table, Qt.Key.Key_T, CTRL | SHIFT)  # triage: its letters do not move on either
    qtbot.waitUntil(lambda: window.triage.current_id() is not None)
    shown = window.triage.current_id()
    for key, modifier in ((Qt.Key.Key_R, NONE), (Qt.Key.Key_W, SHIFT), (Qt.Key.Key_7, NONE)):
        qtbot.keyClick(window.triage, key, modifier)
        assert window.triage.current_id() == shown
    settle(qtbot, window)
    assert [p.status for p in window.library.records(window.library.paper_ids())].count("read") == 1


# -- item 3: the Paper menu ---------------------------------------------------------------------------


def paper_menu(window: MainWindow) -> QMenu:
    return next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Paper")


def test_the_paper_menu_waits_for_a_paper(qtbot, restarted: MainWindow) -> None:
    """Issue 15 item 19 (here 3): with no paper to act on, Paper ▸ Queue/Read/…/Open/Tag/Note are disabled
    (and their keys do nothing); with a current paper they are enabled again; Undo's z waits for a step."""
    window = restarted
    paper_actions = [a for a in paper_menu(window).actions() if not a.isSeparator()]
    assert {a.objectName() for a in paper_actions} >= {"paper.queue", "paper.read", "paper.open", "paper.tag"}
    assert all(action.isEnabled() for action in paper_actions)

    person_presses(qtbot, window, Qt.Key.Key_Z)  # nothing to undo yet: Z says so instead of firing
    assert window.statusBar().currentMessage() == "Undo: nothing to act on now"

    choose_list(qtbot, window, "list:read")  # no paper is read: an empty list
    assert window.model.rowCount() == 0 and window.current_paper_id() is None
    assert not any(action.isEnabled() for action in paper_actions)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_D)
    settle(qtbot, window)
    assert window.statusBar().currentMessage() == "Dismiss: nothing to act on now"
    assert window.undo_stack.count() == 0

    choose_list(qtbot, window, "list:inbox")
    assert window.current_paper_id() is not None
    assert all(action.isEnabled() for action in paper_actions)


def test_the_menus_say_which_keys_act_only_in_the_list(qtbot, restarted: MainWindow) -> None:
    """Issue 15 item 2: the Edit menu shows Ctrl+Z (it works everywhere); its status tip says Z works in the
    list, as the Paper menu's tips say D does; after Settings are saved the twins are neither lost nor doubled."""
    window = restarted
    undo = window.actions_by_id["edit.undo"]
    assert undo.shortcut().toString() == "Ctrl+Z"
    assert undo.statusTip() == "Undo the last change (Z in the paper list)"
    assert window.actions_by_id["paper.dismiss"].statusTip() == "Mark as dismissed (D in the paper list)"
    settings_saved_with_read_on_x(qtbot, window)
    assert window.actions_by_id["paper.read"].statusTip() == "Mark as read (X in the paper list)"
    for command_id in ("edit.undo", "edit.redo", "help.cheatsheet"):
        assert len(window.findChildren(QAction, LIST_TWIN.format(command_id))) == 1
