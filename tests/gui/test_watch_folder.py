"""The watch folder and the theme, set in the settings dialog and put to work at once."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from readinglist import paths
from readinglist.core.settings import Settings
from tests.gui.test_main_window import titles_on_screen
from tests.gui.test_settings_dialog import open_settings, save_button
from tests.gui.test_undo import DAILY_A
from tests.helpers import settle

# A slow writer pauses longer than the folder is polled (1 s), and less than the settle time.
CHUNK_GAP_MS = 1500
SETTLE_S = 3.0


def window_colour() -> str:
    return QApplication.instance().palette().color(QPalette.ColorRole.Window).name()


def test_watch_folder_and_theme_are_set_in_the_dialog(qtbot, window, tmp_path: Path) -> None:
    watched = tmp_path / "inbox"
    window.table.setFocus()
    dialog = open_settings(qtbot, window)
    dialog.watch_folder.setFocus()
    qtbot.keyClicks(dialog.watch_folder, str(watched))
    dialog.theme.setFocus()
    qtbot.keyClick(dialog.theme, Qt.Key.Key_End)  # the last theme: Dark
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.watch_folder.folder == watched)

    stored = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert stored["watch_folder"] == str(watched) and stored["theme"] == "dark"
    assert window_colour() == "#2b2b2b"
    window.preferences.apply(Settings(theme="light"))
    assert window_colour() != "#2b2b2b" and window.watch_folder.folder is None
    window.preferences.apply(Settings(theme="system"))


def test_a_dump_written_in_chunks_is_imported_once_when_complete(qtbot, window, tmp_path: Path) -> None:
    watched = tmp_path / "inbox"
    watched.mkdir()
    window.watch_folder.settle_s = SETTLE_S
    window.watch_folder.set_folder(watched)
    imports: list[list] = []
    window.import_finished.connect(imports.append)

    content = DAILY_A.read_bytes()
    third = len(content) // 3
    dump = watched / "daily.txt"
    with dump.open("wb") as partial:
        for start in (0, third, 2 * third):
            partial.write(content[start : start + third] if start < 2 * third else content[start:])
            partial.flush()
            qtbot.wait(CHUNK_GAP_MS)  # the writer takes its time between chunks
            assert imports == [], "nothing is read before the file has stopped growing"

    qtbot.waitUntil(lambda: len(imports) == 1, timeout=15_000)
    settle(qtbot, window)
    [[report]] = imports
    assert (report.source, report.found, report.new) == (str(dump), 3, 3)
    assert len(titles_on_screen(qtbot, window)) == 3
    assert "Watch folder: daily.txt: 3 new, 0 merged" in window.statusBar().currentMessage()
    assert len(window.library.batches()) == 1
