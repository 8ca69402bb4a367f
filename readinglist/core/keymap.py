"""Key bindings as data: the registry's defaults, overridden per command id by a settings file.

The file (``keys.json`` in the user's config folder) looks like
``{"version": 1, "keys": {"paper.read": ["X"], "edit.find": ["Ctrl+F"]}}``.
An override replaces a command's keys. Anything wrong with the file (broken
JSON, an unknown id, two commands on one key in one scope) is reported as a
message, never raised: the app then starts with what it could understand.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.commands import COMMANDS, Command, key_conflicts

KEYMAP_FILE = "keys.json"
KEYMAP_VERSION = 1


@dataclass(frozen=True)
class Keymap:
    """The commands with their effective keys, and what was wrong on the way."""

    commands: tuple[Command, ...]
    problems: tuple[str, ...] = ()


def load_keymap(path: Path) -> Keymap:
    """The registry's commands with the overrides in ``path`` applied (defaults if it is absent)."""
    if not path.is_file():
        return _checked(COMMANDS, [])
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        overrides = data["keys"]
        if not isinstance(overrides, dict):
            raise TypeError("'keys' must map command ids to lists of keys")
    except (OSError, ValueError, KeyError, TypeError) as error:
        return _checked(COMMANDS, [f"{path.name} could not be read ({error}); using the default keys"])
    problems: list[str] = []
    known = {c.id for c in COMMANDS}
    for command_id in sorted(set(overrides) - known):
        problems.append(f"{path.name}: no command '{command_id}'; its keys are ignored")
    commands = tuple(
        dataclasses.replace(c, keys=tuple(str(k) for k in overrides[c.id]), list_keys=())
        if c.id in overrides and isinstance(overrides[c.id], list)
        else c
        for c in COMMANDS
    )
    return _checked(commands, problems)


def _checked(commands: tuple[Command, ...], problems: list[str]) -> Keymap:
    conflicts = [
        f"the key {key} is bound to both {first} and {second}" for key, first, second in key_conflicts(commands)
    ]
    return Keymap(commands, tuple(problems + conflicts))


def save_overrides(path: Path, overrides: dict[str, list[str]]) -> None:
    """Write ``overrides`` as the key settings file (for the settings dialog and tests)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": KEYMAP_VERSION, "keys": overrides}, indent=2), encoding="utf-8")
