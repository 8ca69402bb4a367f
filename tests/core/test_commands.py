"""The action registry: unique ids, known menus, and no key claimed twice in one scope."""

from __future__ import annotations

from readinglist.core.commands import COMMANDS, MENUS, Command, Scope, key_conflicts


def test_ids_are_unique_and_menus_known() -> None:
    ids = [c.id for c in COMMANDS]
    assert len(ids) == len(set(ids))
    assert {c.menu for c in COMMANDS} <= set(MENUS)
    assert next(c.keys for c in COMMANDS if c.id == "file.quit") == ("Ctrl+Q",)


def test_the_default_keys_do_not_conflict() -> None:
    assert key_conflicts() == []


def test_conflicts_are_found_within_a_scope_and_against_window_keys() -> None:
    star = Command("paper.star", "Star", "Paper", ("S",), Scope.LIST)
    also_s = Command("paper.skip", "Skip", "Paper", ("s",), Scope.LIST)
    window_s = Command("view.sidebar", "Sidebar", "View", ("S",), Scope.WINDOW)
    assert key_conflicts((star, also_s)) == [("s", "paper.star", "paper.skip")]
    assert key_conflicts((star, window_s)) == [("S", "paper.star", "view.sidebar")]
