"""Issue 17, the settings dialog's Hub section: following and unfollowing lists and searches (in the library), and
catching up (in the settings file), through the real dialog and its Save button."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from readinglist import paths
from readinglist.core.settings import Settings, load_settings
from readinglist.gui.dialogs.settings import SettingsDialog
from readinglist.gui.main_window import MainWindow
from tests.helpers import settle


def open_settings(qtbot, window: MainWindow) -> SettingsDialog:
    """Edit › Settings…, as a person opens it."""
    window.actions_by_id["edit.settings"].trigger()
    dialog = window.preferences.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def save(qtbot, window: MainWindow, dialog: SettingsDialog) -> None:
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)


def followed(window: MainWindow) -> list[str]:
    return [source.key for source in window.library.followed()]


def test_checking_daily_follows_it_and_unchecking_unfollows_it_and_catching_up_is_saved(
    qtbot, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    dialog = open_settings(qtbot, window)
    hub = dialog.hub
    assert not any(box.isChecked() for box in hub.lists.values()) and not hub.catch_up.isChecked()
    assert not hub.interval.isEnabled()  # the interval is for catching up, which is off
    qtbot.mouseClick(hub.lists["daily"], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(hub.catch_up, Qt.MouseButton.LeftButton)
    assert hub.interval.isEnabled()
    hub.interval.setValue(6)
    qtbot.keyClicks(hub.query, "  diffusion   models ")
    qtbot.keyClick(hub.query, Qt.Key.Key_Return)  # adds the search; the dialog stays open
    assert dialog.isVisible() and hub.search_queries() == ["diffusion models"]
    save(qtbot, window, dialog)

    assert followed(window) == ["daily", "search:diffusion models"]
    stored = load_settings(paths.settings_file()).settings
    assert (stored.hub_catch_up_on_start, stored.hub_interval_hours) == (True, 6)
    assert window.hub._interval.isActive() and window.hub._interval.interval() == 6 * 3_600_000
    assert window.sidebar_model.count_of("source:daily") == 0  # the source is in the sidebar, nothing new yet
    assert window.sidebar_model.index_of_key("source:search:diffusion models") is not None
    assert window.statusBar().currentMessage().startswith("Following Hub daily list, Hub search “diffusion models”")

    again = open_settings(qtbot, window)
    assert again.hub.lists["daily"].isChecked() and again.hub.catch_up.isChecked()
    assert again.hub.interval.value() == 6
    qtbot.mouseClick(again.hub.lists["daily"], Qt.MouseButton.LeftButton)
    again.hub.searches.setCurrentRow(0)
    qtbot.mouseClick(again.hub.remove_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(again.hub.catch_up, Qt.MouseButton.LeftButton)
    save(qtbot, window, again)

    assert followed(window) == []
    assert not load_settings(paths.settings_file()).settings.hub_catch_up_on_start
    assert not window.hub._interval.isActive()
    assert window.sidebar_model.index_of_key("source:daily") is None
    group = window.sidebar_model.sources_group.index()
    assert window.sidebar.isRowHidden(group.row(), group.parent())  # the heading goes with its last source


def test_a_search_that_cannot_be_followed_is_said_in_the_dialog(qtbot, open_window: Callable[[], MainWindow]) -> None:
    window = open_window()
    dialog = open_settings(qtbot, window)
    qtbot.mouseClick(dialog.hub.add_button, Qt.MouseButton.LeftButton)  # nothing typed
    assert dialog.hub.problem.isVisible() and "query" in dialog.hub.problem.text()
    assert dialog.hub.search_queries() == []
    dialog.reject()
    settle(qtbot, window)
    assert followed(window) == []


def test_an_interval_out_of_range_in_the_file_is_a_problem_and_the_default(tmp_path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 1, "hub_interval_hours": 0, "hub_catch_up_on_start": "yes"}))
    loaded = load_settings(path)
    assert loaded.settings == Settings()
    assert len(loaded.problems) == 2
    path.write_text(json.dumps({"version": 1, "hub_interval_hours": 24, "hub_catch_up_on_start": True}))
    assert load_settings(path).settings == Settings(hub_catch_up_on_start=True, hub_interval_hours=24)
    path.write_text(json.dumps({"version": 1, "hub_interval_hours": True}))
    assert load_settings(path).settings.hub_interval_hours == 4
