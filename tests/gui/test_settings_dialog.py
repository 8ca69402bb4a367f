"""The settings dialog: keys typed into its table, conflicts shown, Save applying at once."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from readinglist import paths
from tests.gui.test_main_window import choose_list, import_and_wait
from tests.gui.test_undo import DAILY_A, press
from tests.helpers import settle


def open_settings(qtbot, window):
    qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences.dialog
    qtbot.waitExposed(dialog)
    return dialog


def type_keys(qtbot, dialog, command_id: str, text: str) -> None:
    """Record ``text`` (one key, e.g. "Q") in the command's Keys field by pressing it, as a person would."""
    field = dialog.key_field(command_id)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_a_conflict_is_shown_and_blocks_save_until_resolved(qtbot, window) -> None:
    window.table.setFocus()
    dialog = open_settings(qtbot, window)
    assert dialog.problems.text() == "" and save_button(dialog).isEnabled()
    type_keys(qtbot, dialog, "paper.star", "Q")
    assert dialog.problems.text() == "Q is bound to both Queue and Star"
    assert not save_button(dialog).isEnabled()
    type_keys(qtbot, dialog, "paper.star", "S")
    assert dialog.problems.text() == "" and save_button(dialog).isEnabled()


def test_saved_keys_and_auto_advance_act_at_once_and_are_stored(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    choose_list(qtbot, window, "list:all")
    window.table.setFocus()
    dialog = open_settings(qtbot, window)
    type_keys(qtbot, dialog, "paper.read", "X")
    qtbot.mouseClick(dialog.auto_advance, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.isActiveWindow() and window.table.hasFocus())  # the keyboard is back on the list

    stored = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert stored["keys"] == {"paper.read": ["X"]} and stored["auto_advance"] is False
    paper = window.current_paper_id()
    press(qtbot, window, Qt.Key.Key_R)  # the old key does nothing now
    assert window.library.get(paper).status == "new"
    press(qtbot, window, Qt.Key.Key_X)
    assert window.library.get(paper).status == "read"
    assert window.current_paper_id() == paper  # auto-advance is off
    assert "X" in window.cheat_sheet.model.findItems("Paper")[0].child(2, 1).text()
    settle(qtbot, window)


def test_a_broken_settings_file_gives_defaults_a_backup_and_a_message(qtbot, open_window) -> None:
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"auto_advance": fal', encoding="utf-8")
    window = open_window()
    assert window.operations.auto_advance is True
    assert window.preferences.problems[0].startswith("settings.json could not be read")
    assert "Settings: settings.json could not be read" in window.statusBar().currentMessage()
    backups = list(paths.settings_file().parent.glob("settings.json.broken-*"))
    assert [b.read_text(encoding="utf-8") for b in backups] == ['{"auto_advance": fal']
