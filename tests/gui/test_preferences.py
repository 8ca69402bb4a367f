"""Preferences on their own: settings read at the start, applied, stored and announced; no window."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox, QWidget

from readinglist import paths
from readinglist.core.settings import Settings
from readinglist.gui.preferences import Preferences
from tests.helpers import SignalLog


def test_applied_settings_are_stored_and_announced(qtbot, tmp_path) -> None:
    preferences = Preferences()
    assert preferences.problems == () and preferences.settings == Settings()
    log = SignalLog(applied=preferences.applied, message=preferences.message)
    chosen = Settings(auto_advance=False, keys={"paper.read": ("X",)}, library_folder=str(tmp_path / "elsewhere"))
    preferences.apply(chosen)
    assert log.args("applied") == [(chosen,)] and preferences.settings == chosen
    assert [cmd.keys for cmd in preferences.keymap.commands if cmd.id == "paper.read"] == [("X",)]
    assert log.args("message") == [("The new library folder is used from the next start.", 10000)]
    stored = json.loads(paths.settings_file().read_text(encoding="utf-8"))
    assert stored["auto_advance"] is False and stored["keys"] == {"paper.read": ["X"]}
    assert Preferences().settings == chosen  # the next start reads them back


def test_problems_are_said_without_blocking(qtbot) -> None:
    paths.settings_file().parent.mkdir(parents=True, exist_ok=True)
    paths.settings_file().write_text('{"version": 1, "colour": 3}', encoding="utf-8")
    preferences = Preferences()
    assert len(preferences.problems) == 1 and "colour" in preferences.problems[0]
    log = SignalLog(message=preferences.message)
    parent = QWidget()
    qtbot.addWidget(parent)
    preferences.report_problems(parent)
    [(text, _ms)] = log.args("message")
    assert text == f"Settings: {preferences.problems[0]}"
    [box] = parent.findChildren(QMessageBox)
    assert box.isVisible() and not box.isModal() and "colour" in box.text()
