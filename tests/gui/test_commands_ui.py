"""The command palette and the cheat sheet, both generated from the registry."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.core.commands import COMMANDS
from readinglist.gui.dialogs.commands import fuzzy_match
from tests.gui.test_main_window import import_and_wait
from tests.helpers import LIBRARY_FIXTURES, settle


def test_fuzzy_matching_takes_letters_in_order() -> None:
    assert fuzzy_match("dsms", "Paper Dismiss Mark as dismissed")
    assert fuzzy_match("", "anything")
    assert not fuzzy_match("smd", "Dismiss")


def test_the_palette_runs_an_action_found_by_a_fuzzy_query(qtbot, window) -> None:
    import_and_wait(qtbot, window, [LIBRARY_FIXTURES / "daily_a.txt"])
    paper = window.current_paper_id()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.command_palette.isVisible)
    qtbot.keyClicks(window.command_palette.query, "dsmss")
    assert window.command_palette.filter.rowCount() >= 1
    assert window.command_palette.list.currentIndex().data().startswith("Dismiss")
    qtbot.keyClick(window.command_palette.query, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert not window.command_palette.isVisible()
    assert window.library.get(paper).status == "dismissed"


def test_the_cheat_sheet_lists_every_registered_action(qtbot, window) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F1)
    qtbot.waitUntil(window.cheat_sheet.isVisible)
    assert window.cheat_sheet.command_rows() == len(COMMANDS)
    texts = {
        window.cheat_sheet.model.item(g).child(r, 1).text()
        for g in range(window.cheat_sheet.model.rowCount())
        for r in range(window.cheat_sheet.model.item(g).rowCount())
    }
    assert "Ctrl+Z, Z" in texts and "Ctrl+Q" in texts
