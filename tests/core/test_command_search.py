"""Issue 15 item 8: the palette's ranking, as a pure function over the real registry."""

from __future__ import annotations

from readinglist.core.command_search import (
    RecentCommands,
    Searchable,
    fuzzy_match,
    plain_title,
    rank,
    title_tier,
)
from readinglist.core.commands import COMMANDS

REGISTRY = [Searchable(c.id, plain_title(c.title), c.description) for c in COMMANDS]


def ranked_ids(query: str, recent: tuple[str, ...] = ()) -> list[str]:
    return [c.id for c in rank(query, REGISTRY, recent)]


def test_a_prefix_of_the_title_beats_letters_scattered_in_an_earlier_command() -> None:
    """Issue 15 item 8: "stat" puts Statistics first, not Paste as Import (menu order no longer decides)."""
    ids = ranked_ids("stat")
    assert ids[0] == "view.statistics"
    assert ids.index("file.paste") > ids.index("view.statistics")


def test_the_tiers_exact_prefix_word_starts_substring_subsequence() -> None:
    """Issue 15 item 8: the match quality orders the results."""
    assert title_tier("statistics", "Statistics") == 0
    assert title_tier("stat", "Statistics") == 1
    assert title_tier("st tri", "Start Triage") == 2
    assert title_tier("tri", "Start Triage") == 2
    assert title_tier("port", "Paste as Import") == 3
    assert title_tier("dsmss", "Dismiss") == 4
    assert title_tier("xyz", "Dismiss") is None
    assert title_tier("Settings", "Settings…") == 0  # the ellipsis of a dialog's title does not count
    assert ranked_ids("st tri")[0] == "view.triage"


def test_word_starts_must_keep_their_order() -> None:
    """Issue 15 item 8: "tri st" is not a word-start match of Start Triage."""
    assert title_tier("tri st", "Start Triage") != 2


def test_description_and_id_match_below_every_title_match() -> None:
    """Issue 15 item 8: the id and the description count, with less weight than the title."""
    ids = ranked_ids("clipboard")
    assert ids == ["file.paste"]  # only its description says clipboard
    title_matches = ranked_ids("focus")
    assert title_matches[:2] == ["view.focus_list", "view.focus_sidebar"]


def test_ties_go_to_the_recently_run_then_the_menu_order() -> None:
    """Issue 15 item 8: of equal matches the command run last comes first."""
    assert ranked_ids("focus")[:2] == ["view.focus_list", "view.focus_sidebar"]
    assert ranked_ids("focus", ("view.focus_sidebar",))[:2] == ["view.focus_sidebar", "view.focus_list"]
    assert ranked_ids("", ("help.about", "paper.star"))[:3] == ["help.about", "paper.star", "file.import"]
    assert ranked_ids("stat", ("file.paste",))[0] == "view.statistics"  # recency never beats a better match


def test_recent_commands_keep_the_last_few_most_recent_first() -> None:
    recent = RecentCommands(size=3)
    for command_id in ("a", "b", "c", "a", "d"):
        recent.note(command_id)
    assert recent.ids == ["d", "a", "c"]


def test_plain_titles_and_fuzzy_matching() -> None:
    assert plain_title("Se&ttings…") == "Settings…" and plain_title("Tom && Jerry") == "Tom & Jerry"
    assert fuzzy_match("dsms", "Paper Dismiss Mark as dismissed")
    assert not fuzzy_match("smd", "Dismiss")
