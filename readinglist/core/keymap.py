"""Key bindings as data: the registry's defaults, overridden per command id by the settings.

``Settings.keys`` replaces a command's keys and ``Settings.list_keys`` its
list-only keys (the single letters that act only in the paper list). Anything
wrong (an unknown id, two commands on one key in one scope) is reported as a
message, never raised and never resolved by silently picking one: the app
starts with what it could understand and says the rest.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from readinglist.core.commands import COMMANDS, Command, key_conflicts
from readinglist.core.settings import KeyOverrides, Settings


@dataclass(frozen=True)
class Keymap:
    """The commands with their effective keys, and what was wrong on the way."""

    commands: tuple[Command, ...]
    problems: tuple[str, ...] = ()


def keymap_for(settings: Settings) -> Keymap:
    """The registry's commands with the key overrides of ``settings`` applied."""
    known = {c.id for c in COMMANDS}
    unknown = sorted((set(settings.keys) | set(settings.list_keys)) - known)
    problems = [f"no command '{command_id}'; its keys are ignored" for command_id in unknown]
    commands = tuple(
        dataclasses.replace(
            c,
            keys=tuple(settings.keys.get(c.id, c.keys)),
            list_keys=tuple(settings.list_keys.get(c.id, c.list_keys)),
        )
        for c in COMMANDS
    )
    return Keymap(commands, tuple(problems) + tuple(describe_conflicts(commands)))


def describe_conflicts(commands: Sequence[Command]) -> list[str]:
    """One sentence per key that two commands share in one scope, naming the commands as the menus do."""
    names = {cmd.id: cmd.name for cmd in commands}
    return [
        f"the key {key} is bound to both {names[first]} and {names[second]}"
        for key, first, second in key_conflicts(commands)
    ]


def overrides_for(commands: Sequence[Command]) -> tuple[KeyOverrides, KeyOverrides]:
    """The (keys, list_keys) overrides that turn the registry's defaults into ``commands``."""
    defaults = {c.id: c for c in COMMANDS}
    keys = {c.id: c.keys for c in commands if c.keys != defaults[c.id].keys}
    list_keys = {c.id: c.list_keys for c in commands if c.list_keys != defaults[c.id].list_keys}
    return keys, list_keys
