"""Where a library lives on disk.

One place decides the folder: an explicit ``--library DIR``, else the
``READINGLIST_LIBRARY`` environment variable, else the folder chosen in the
settings, else the platformdirs user data folder. Nothing is created at import time; callers ask for a folder when they
open a library, so tests can point everything at ``tmp_path``.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from readinglist.core.settings import SETTINGS_FILE, load_settings

APP_NAME = "readinglist"
LIBRARY_ENV = "READINGLIST_LIBRARY"


def default_library_dir() -> Path:
    """The library folder used when the user names none."""
    from_env = os.environ.get(LIBRARY_ENV)
    if from_env:
        return Path(from_env).expanduser()
    chosen = load_settings(settings_file()).settings.library_folder
    if chosen:
        return Path(chosen).expanduser()
    return platform_library_dir()


def platform_library_dir() -> Path:
    """The library folder when neither the environment nor the settings name one."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "library"


def resolve_library_dir(explicit: str | os.PathLike[str] | None) -> Path:
    """The library folder for this run: ``explicit`` wins over the defaults."""
    if explicit:
        return Path(explicit).expanduser()
    return default_library_dir()


def config_dir() -> Path:
    """Folder for per-user settings such as key bindings."""
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    """The user's settings file (see ``core.settings``)."""
    return config_dir() / SETTINGS_FILE
