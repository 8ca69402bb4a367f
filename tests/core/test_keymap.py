"""Key bindings from the settings: overrides, unknown ids, conflicts."""

from __future__ import annotations

from readinglist.core.commands import COMMANDS
from readinglist.core.keymap import Keymap, keymap_for, overrides_for
from readinglist.core.settings import Settings


def keys_of(keymap: Keymap, command_id: str) -> tuple[str, ...]:
    return next(c.keys for c in keymap.commands if c.id == command_id)


def test_no_overrides_means_the_defaults() -> None:
    keymap = keymap_for(Settings())
    assert keymap.commands == COMMANDS and keymap.problems == ()


def test_an_override_replaces_the_keys_of_its_command() -> None:
    keymap = keymap_for(Settings(keys={"paper.read": ("X",), "no.such.command": ("Y",)}))
    assert keys_of(keymap, "paper.read") == ("X",)
    assert keys_of(keymap, "paper.queue") == ("Q",)
    assert keymap.problems == ("no command 'no.such.command'; its keys are ignored",)


def test_list_keys_are_overridden_on_their_own() -> None:
    keymap = keymap_for(Settings(keys={"edit.undo": ("Ctrl+U",)}, list_keys={"edit.redo": ()}))
    undo = next(c for c in keymap.commands if c.id == "edit.undo")
    redo = next(c for c in keymap.commands if c.id == "edit.redo")
    assert (undo.keys, undo.list_keys) == (("Ctrl+U",), ("Z",))
    assert (redo.keys, redo.list_keys) == (("Ctrl+Shift+Z",), ())
    assert keymap.problems == ()


def test_a_conflict_is_reported_not_resolved_silently() -> None:
    keymap = keymap_for(Settings(keys={"paper.read": ("D",)}))
    assert keymap.problems == ("the key D is bound to both Read and Dismiss",)


def test_a_window_key_collides_with_a_list_key() -> None:
    keymap = keymap_for(Settings(list_keys={"help.about": ("Ctrl+O",)}))
    assert keymap.problems == ("the key Ctrl+O is bound to both Import Files and About readinglist",)


def test_overrides_are_only_the_differences_from_the_defaults() -> None:
    edited = keymap_for(Settings(keys={"paper.read": ("X",)}, list_keys={"edit.undo": ()})).commands
    assert overrides_for(edited) == ({"paper.read": ("X",)}, {"edit.undo": ()})
    assert overrides_for(COMMANDS) == ({}, {})
