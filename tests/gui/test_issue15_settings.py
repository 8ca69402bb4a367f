"""Issue 15 items 7, 8 and 13: the settings dialog and the command palette, driven with real keys."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel

from readinglist import paths
from tests.gui.test_main_window import choose_list, import_and_wait
from tests.gui.test_undo import DAILY_A, press
from tests.helpers import settle


def open_palette(qtbot, window):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.command_palette.isVisible)
    return window.command_palette


def shown_titles(palette) -> list[str]:
    return [palette.filter.index(row, 0).data() for row in range(palette.filter.rowCount())]


# -- item 8: the command palette ----------------------------------------------------------------


def test_stat_then_enter_shows_the_statistics_not_an_import(qtbot, window) -> None:
    """Issue 15 item 8: "stat" ranks Statistics first, so Enter shows it instead of importing the clipboard."""
    QApplication.clipboard().setText("https://huggingface.co/papers/2401.00001\nA paper that must not be imported\n")
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "stat")
    assert shown_titles(palette)[0].startswith("Statistics")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.pages.in_statistics)
    settle(qtbot, window)
    assert window.library.paper_ids() == []  # nothing was imported


def test_word_starts_find_start_triage_and_the_last_run_wins_a_tie(qtbot, window) -> None:
    """Issue 15 item 8: "st tri" finds Start Triage first; of equal matches the one run last comes first."""
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "st tri")
    assert shown_titles(palette)[0].startswith("Start Triage")
    qtbot.keyClick(palette.query, Qt.Key.Key_Escape)
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "focus")
    assert [t.split("  ")[0] for t in shown_titles(palette)[:2]] == ["Focus List", "Focus Sidebar"]
    qtbot.keyClick(palette.query, Qt.Key.Key_Down)
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)  # runs Focus Sidebar
    qtbot.waitUntil(lambda: not palette.isVisible())
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "focus")
    assert shown_titles(palette)[0].startswith("Focus Sidebar")


def test_the_palette_reads_the_undo_title_when_it_opens(qtbot, window) -> None:
    """Issue 15 item 8: after a decision the palette offers "Undo Mark 1 paper read", not a stale "Undo"."""
    import_and_wait(qtbot, window, [DAILY_A])
    choose_list(qtbot, window, "list:all")
    open_palette(qtbot, window).hide()  # opened once before the change: nothing may be kept from it
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    paper = window.current_paper_id()
    press(qtbot, window, Qt.Key.Key_R)
    assert window.library.get(paper).status == "read"
    palette = open_palette(qtbot, window)
    qtbot.keyClicks(palette.query, "undo")
    assert any(title.startswith("Undo Mark 1 paper read") for title in shown_titles(palette))
    assert shown_titles(palette)[0].startswith("Undo Mark 1 paper read")
    qtbot.keyClick(palette.query, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.library.get(paper).status == "new"


# -- item 7: the library folder and the mnemonics ------------------------------------------------


def open_settings(qtbot, window):
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    dialog = window.preferences.dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def stored_settings() -> str | None:
    return paths.settings_file().read_text(encoding="utf-8") if paths.settings_file().exists() else None


def test_alt_letters_move_between_fields_and_never_type_into_the_folder(qtbot, window) -> None:
    """Issue 15 item 7: Alt+T goes to the Theme (the folder text stays), Alt+W and Alt+L to the folders."""
    dialog = open_settings(qtbot, window)
    shown = dialog.folder.text()
    dialog.folder.setFocus()
    qtbot.waitUntil(dialog.folder.hasFocus)
    qtbot.keyClick(dialog.folder, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    assert dialog.theme.hasFocus()
    assert dialog.folder.text() == shown == str(window.library.folder)  # the folder this window runs on
    qtbot.keyClick(dialog.theme, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert dialog.watch_folder.hasFocus()
    qtbot.keyClick(dialog.watch_folder, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.folder.hasFocus()


def test_no_literal_ampersand_anywhere_in_the_dialog(qtbot, window) -> None:
    """Issue 15 item 7: an & in a label is a working mnemonic (it has a buddy), never a character shown."""
    dialog = open_settings(qtbot, window)
    for label in dialog.findChildren(QLabel):
        if "&" in label.text():
            assert label.buddy() is not None, label.text()
    for row in range(dialog.keys.rowCount()):
        for column in range(dialog.keys.columnCount()):
            item = dialog.keys.item(row, column)
            assert item is None or "&" not in item.text()


def test_a_relative_library_folder_is_refused_and_the_dialog_stays_open(qtbot, window) -> None:
    """Issue 15 item 7: Return with a relative folder says why next to the field, keeps the dialog, saves nothing."""
    before = stored_settings()
    dialog = open_settings(qtbot, window)
    dialog.folder.setFocus()
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, "t")
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.folder.hasFocus()
    assert "relative" in dialog.folder_message.text() and dialog.folder_message.isVisible()
    assert stored_settings() == before
    dialog.folder.selectAll()
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Delete)
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Return)
    assert dialog.isVisible() and "empty" in dialog.folder_message.text()
    assert stored_settings() == before


def test_a_file_is_refused_and_a_new_absolute_folder_is_saved_for_the_next_start(qtbot, window, tmp_path) -> None:
    """Issue 15 item 7: a file is not a folder; a good new folder is saved and said to wait for the next start."""
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    dialog = open_settings(qtbot, window)
    dialog.folder.setFocus()
    dialog.folder.selectAll()
    qtbot.keyClicks(dialog.folder, str(a_file))
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Return)
    assert dialog.isVisible() and "is a file" in dialog.folder_message.text()
    dialog.folder.selectAll()
    new_folder = tmp_path / "new" / "library"
    qtbot.keyClicks(dialog.folder, str(new_folder))
    assert "next start" in dialog.folder_message.text()
    qtbot.keyClick(dialog.folder, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert json.loads(stored_settings() or "{}")["library_folder"] == str(new_folder)
    assert "next start" in window.statusBar().currentMessage()


def test_an_untouched_folder_field_keeps_the_saved_setting_and_explains_the_difference(
    qtbot, open_window, tmp_path, monkeypatch
) -> None:
    """Issue 15 item 7: a window on READINGLIST_LIBRARY says so, and Save does not store that folder."""
    monkeypatch.setenv(paths.LIBRARY_ENV, str(tmp_path / "library"))
    window = open_window()
    dialog = open_settings(qtbot, window)
    assert dialog.folder.text() == str(window.library.folder)
    assert paths.LIBRARY_ENV in dialog.folder_note.text() and dialog.folder_note.isVisible()
    qtbot.keyClick(dialog.theme, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert json.loads(stored_settings() or "{}")["library_folder"] == ""


# -- item 13: keys recorded by pressing them, conflicts as they happen -------------------------------


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_a_pressed_key_is_recorded_and_a_conflict_shows_at_once_with_titles(qtbot, window) -> None:
    """Issue 15 item 13: D pressed in Read's field says "D is also Dismiss" on both rows before any Enter."""
    dialog = open_settings(qtbot, window)
    field = dialog.key_field("paper.read")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_D)
    assert field.text() == "D"
    assert dialog.conflict_text("paper.read") == "D is also Dismiss"
    assert dialog.conflict_text("paper.dismiss") == "D is also Read"
    assert not save_button(dialog).isEnabled()
    assert "paper." not in dialog.problems.text() and "Read" in dialog.problems.text()
    qtbot.keyClick(field, Qt.Key.Key_Backspace)  # takes the D away
    assert field.text() == "" and dialog.conflict_text("paper.read") == ""
    assert save_button(dialog).isEnabled()
    qtbot.keyClick(field, Qt.Key.Key_X)
    qtbot.keyClick(field, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)  # a shortcut elsewhere: recorded
    assert field.keys() == ("X", "Ctrl+,")
    assert dialog.conflict_text("paper.read") == "Ctrl+, is also Settings"
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    assert field.keys() == () and save_button(dialog).isEnabled()
    qtbot.keyClick(field, Qt.Key.Key_Tab)  # Tab moves on, it is not recorded
    assert not field.hasFocus() and field.keys() == ()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)  # Esc still closes the dialog, saving nothing
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored_settings() is None


def test_recorded_keys_are_saved_and_work(qtbot, window) -> None:
    """Issue 15 item 13: Shift+X recorded for Read, saved with Enter, then marks the paper read."""
    import_and_wait(qtbot, window, [DAILY_A])
    choose_list(qtbot, window, "list:all")
    dialog = open_settings(qtbot, window)
    field = dialog.key_field("paper.read")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_X, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert json.loads(stored_settings() or "{}")["keys"] == {"paper.read": ["Shift+X"]}
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    paper = window.current_paper_id()
    press(qtbot, window, Qt.Key.Key_X, Qt.KeyboardModifier.ShiftModifier)
    assert window.library.get(paper).status == "read"


def test_alt_k_finds_a_command_and_enter_goes_to_its_keys(qtbot, window) -> None:
    """Issue 15 item 13: keys are rebound from the keyboard alone: Alt+K, the command's name, Enter, the new key."""
    dialog = open_settings(qtbot, window)
    qtbot.keyClick(dialog, Qt.Key.Key_K, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(dialog.key_filter.hasFocus)
    qtbot.keyClicks(dialog.key_filter, "read")
    shown = [
        dialog.keys.item(row, 0).text() for row in range(dialog.keys.rowCount()) if not dialog.keys.isRowHidden(row)
    ]
    assert {"Paper › Reading", "Paper › Read"} <= set(shown) and "Paper › Dismiss" not in shown
    qtbot.keyClick(dialog.key_filter, Qt.Key.Key_Return)
    assert dialog.isVisible(), "Enter in the filter must not save and close"
    field = dialog.key_field("paper.read")
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_X)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert json.loads(stored_settings() or "{}")["keys"] == {"paper.read": ["X"]}
