"""Key bindings from the settings file: overrides, unknown ids, broken files, conflicts."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.commands import COMMANDS
from readinglist.core.keymap import load_keymap, save_overrides


def keys_of(keymap, command_id: str) -> tuple[str, ...]:  # noqa: ANN001
    return next(c.keys for c in keymap.commands if c.id == command_id)


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    keymap = load_keymap(tmp_path / "keys.json")
    assert keymap.commands == COMMANDS and keymap.problems == ()


def test_an_override_replaces_the_keys_of_its_command(tmp_path: Path) -> None:
    save_overrides(tmp_path / "keys.json", {"paper.read": ["X"], "no.such.command": ["Y"]})
    keymap = load_keymap(tmp_path / "keys.json")
    assert keys_of(keymap, "paper.read") == ("X",)
    assert keys_of(keymap, "paper.queue") == ("Q",)
    assert keymap.problems == ("keys.json: no command 'no.such.command'; its keys are ignored",)


def test_a_conflict_is_reported_not_resolved_silently(tmp_path: Path) -> None:
    save_overrides(tmp_path / "keys.json", {"paper.read": ["D"]})
    keymap = load_keymap(tmp_path / "keys.json")
    assert keymap.problems == ("the key D is bound to both paper.read and paper.dismiss",)


def test_a_broken_file_gives_the_defaults_and_says_so(tmp_path: Path) -> None:
    (tmp_path / "keys.json").write_text("{ not json", encoding="utf-8")
    keymap = load_keymap(tmp_path / "keys.json")
    assert keymap.commands == COMMANDS
    assert keymap.problems[0].startswith("keys.json could not be read")
