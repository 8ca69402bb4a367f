"""The user's settings: one small versioned JSON file in the config folder.

    {"version": 1, "library_folder": "", "watch_folder": "", "auto_advance": true,
     "theme": "system", "hub_catch_up_on_start": false, "hub_interval_hours": 4,
     "keys": {"paper.read": ["X"]}, "list_keys": {"edit.undo": ["Z"]}}

``keys`` and ``list_keys`` override the command registry's keys per command
id (see ``core.keymap``). Reading never raises: a value of the wrong type falls
back to its default, and a file that cannot be understood at all (not JSON,
not an object, a newer version) gives the defaults. Each such case is a
message in ``problems``. With ``repair=True`` (the app at start) a file that
could not be understood is also copied aside and replaced by the defaults, so
the user's file is never lost and the next start is clean.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"
SETTINGS_VERSION = 1

KeyOverrides = Mapping[str, tuple[str, ...]]
THEMES = ("system", "light", "dark")
HUB_INTERVAL_HOURS = (1, 24)  # the catch-up interval's least and greatest value
RANGES = {"hub_interval_hours": HUB_INTERVAL_HOURS}  # the whole-number settings and their ranges


@dataclass(frozen=True)
class Settings:
    """Everything the user can set; the defaults are what a new user gets."""

    library_folder: str = ""  # empty: the platform's data folder
    watch_folder: str = ""  # dumps appearing or changing here are imported; empty: none
    auto_advance: bool = True  # after a decision on one paper, the next becomes current
    theme: str = "system"  # one of THEMES
    # Catch up with the followed Hub lists at start and then every ``hub_interval_hours`` while the app runs.
    # Off: the Hub is asked only on Fetch Now (and a lookup a person asks for); nothing is followed by default.
    hub_catch_up_on_start: bool = False
    hub_interval_hours: int = 4  # within HUB_INTERVAL_HOURS
    keys: KeyOverrides = field(default_factory=dict)  # command id -> keys, replacing the defaults
    list_keys: KeyOverrides = field(default_factory=dict)  # command id -> keys that act only in the paper list


@dataclass(frozen=True)
class LoadedSettings:
    """The settings read, and what was wrong on the way."""

    settings: Settings
    problems: tuple[str, ...] = ()


class _Unreadable(ValueError):
    """The file as a whole cannot be used."""


def load_settings(path: Path, *, repair: bool = False) -> LoadedSettings:
    """The settings in ``path`` (the defaults if it is absent); see the module text for ``repair``."""
    if not path.exists():
        return LoadedSettings(Settings())
    try:
        data = _read_object(path)
    except _Unreadable as error:
        problem = f"{path.name} could not be read ({error}); using the default settings"
        if repair:
            backup = _set_aside(path)
            save_settings(path, Settings())
            problem += f"; your file was kept as {backup.name}"
        return LoadedSettings(Settings(), (problem,))
    problems: list[str] = []
    values: dict[str, Any] = {}  # each checked against its default's kind
    defaults = Settings()
    for setting in fields(Settings):
        if setting.name not in data:
            continue
        value = _checked_value(setting.name, data[setting.name], getattr(defaults, setting.name))
        if value is None:
            problems.append(f"{path.name}: '{setting.name}' has a value of the wrong kind; using the default")
        else:
            values[setting.name] = value
    unknown = sorted(set(data) - {f.name for f in fields(Settings)} - {"version"})
    problems.extend(f"{path.name}: no setting '{name}'; it is ignored" for name in unknown)
    return LoadedSettings(Settings(**values), tuple(problems))


def _read_object(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise _Unreadable(str(error)) from error
    if not isinstance(data, dict):
        raise _Unreadable("it is not a JSON object")
    version = data.get("version", SETTINGS_VERSION)
    if not isinstance(version, int) or version > SETTINGS_VERSION:
        raise _Unreadable(f"version {version!r} is newer than this readinglist understands ({SETTINGS_VERSION})")
    return data


def _checked_value(name: str, value: object, default: object) -> object | None:
    """``value`` in the setting's type, or None when it does not fit."""
    if isinstance(default, bool):
        return value if isinstance(value, bool) else None
    if name == "theme":
        return value if value in THEMES else None
    if isinstance(default, str):
        return value if isinstance(value, str) else None
    if name in RANGES:  # a whole number in its range (a bool is not one, though Python calls it an int)
        least, greatest = RANGES[name]
        fits = isinstance(value, int) and not isinstance(value, bool) and least <= value <= greatest
        return value if fits else None
    # keys / list_keys: command id -> list of key strings
    if not isinstance(value, dict) or not all(
        isinstance(keys, list) and all(isinstance(k, str) for k in keys) for keys in value.values()
    ):
        return None
    return {str(command_id): tuple(keys) for command_id, keys in value.items()}


def _set_aside(path: Path) -> Path:
    backup = path.with_name(f"{path.name}.broken-{datetime.now():%Y%m%d-%H%M%S}")
    shutil.copy2(path, backup)
    return backup


def save_settings(path: Path, settings: Settings) -> None:
    """Write ``settings`` to ``path`` atomically (a crash leaves the old file or the new one)."""
    data = {"version": SETTINGS_VERSION, **asdict(settings)}
    data["keys"] = {cid: list(keys) for cid, keys in settings.keys.items()}
    data["list_keys"] = {cid: list(keys) for cid, keys in settings.list_keys.items()}
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)


def library_folder_problem(text: str) -> str | None:
    """Why ``text`` cannot be the library folder, or None when it can.

    The folder must be an absolute path ("~" counts), must not be a file, and
    must exist or be creatable: its nearest existing parent is a folder that
    can be written. A relative path would depend on where readinglist starts.
    """
    if not text.strip():
        return "Give a folder: the library folder cannot be empty."
    folder = Path(text.strip()).expanduser()
    if not folder.is_absolute():
        return f"Give a full path (starting with / or ~): '{text.strip()}' is relative."
    if folder.exists():
        return None if folder.is_dir() else f"{folder} is a file, not a folder."
    parent = next(p for p in folder.parents if p.exists())  # the root always exists
    if not parent.is_dir():
        return f"{parent} is a file, so no folder can be made inside it."
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"The folder cannot be made: {parent} cannot be written."
    return None
