"""The user's settings in use: read at the start, changed in the settings dialog, stored, and announced."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget

from readinglist import paths
from readinglist.core.keymap import keymap_for
from readinglist.core.settings import Settings, load_settings, save_settings
from readinglist.gui.dialogs.hub_settings import Source
from readinglist.gui.dialogs.settings import LibraryFolder, SettingsDialog
from readinglist.gui.status_bar import show_warning
from readinglist.gui.theme import apply_theme


class Preferences(QObject):
    """The settings and their keymap; ``applied`` announces new ones, ``problems`` says what could not be used."""

    applied = Signal(object)  # the Settings now in use (after the dialog's Save)
    sources_chosen = Signal(object, object)  # the Hub lists (kind, query) shown as followed, and chosen, on Save
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(self, parent: QObject | None = None, library_folder: Path | None = None) -> None:
        super().__init__(parent)
        self.library_folder = library_folder  # the folder of the library open in this window (None: none yet)
        loaded = load_settings(paths.settings_file(), repair=True)
        self.settings = loaded.settings
        self.keymap = keymap_for(loaded.settings)
        self.problems = loaded.problems + self.keymap.problems  # a broken file, unknown settings, key conflicts
        self.dialog: SettingsDialog | None = None  # the settings dialog last opened

    def use_theme(self) -> None:
        """Give the application the look the settings choose."""
        apply_theme(_qapp(), self.settings.theme)

    def open_dialog(self, parent: QWidget, closed: Callable[[], None], followed: Sequence[Source] = ()) -> None:
        """Show the settings dialog over ``parent``; Save applies and stores what it holds; ``closed`` runs after.

        ``followed``: the Hub lists followed now; on Save, ``sources_chosen`` says which to follow instead.
        """
        running = self.library_folder or paths.default_library_dir()
        folder = LibraryFolder(str(running), running_folder_note(running, self.settings))
        dialog = SettingsDialog(self.settings, self.keymap.commands, folder, parent, followed)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(closed)
        self.dialog = dialog
        dialog.open()

    def _saved(self, dialog: SettingsDialog) -> None:
        self.apply(dialog.chosen())
        self.sources_chosen.emit(dialog.shown_sources(), dialog.chosen_sources())

    def apply(self, settings: Settings) -> None:
        """Store ``settings`` and put them to work; a new library folder waits for the next start."""
        save_settings(paths.settings_file(), settings)
        folder_changed = settings.library_folder != self.settings.library_folder
        self.settings = settings
        self.keymap = keymap_for(settings)
        self.applied.emit(settings)
        self.use_theme()
        if folder_changed:
            self.message.emit("The new library folder is used from the next start.", 10000)

    def report_problems(self, parent: QWidget) -> None:
        """Say what is wrong with the settings, without blocking the start."""
        self.message.emit(f"Settings: {self.problems[0]}", 15000)
        show_warning(parent, "readinglist: settings", "Some settings could not be used:\n\n" + "\n".join(self.problems))


def running_folder_note(running: Path, settings: Settings) -> str:
    """Why the window runs on ``running`` rather than the library folder the settings name ("" when it does not)."""
    saved = Path(settings.library_folder).expanduser() if settings.library_folder else paths.platform_library_dir()
    if _same_folder(running, saved):
        return ""
    from_env = os.environ.get(paths.LIBRARY_ENV)
    source = (
        f"the {paths.LIBRARY_ENV} environment variable"
        if from_env and _same_folder(Path(from_env).expanduser(), running)
        else "the command line (--library)"
    )
    return f"This window runs on {running} because {source} names it; the saved setting is {saved}."


def _same_folder(first: Path, second: Path) -> bool:
    return first.resolve(strict=False) == second.resolve(strict=False)


def _qapp() -> QApplication:
    """The running application (a window exists only inside one)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app
