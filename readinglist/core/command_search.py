"""Ranking commands for a typed query: the command palette's search, without Qt.

A query is matched against a command's title (without the ``&`` of its
mnemonic), then, with less weight, its id and its description. Better matches
come first, in tiers:

0. the title is the query ("statistics");
1. the title starts with the query ("stat" → Statistics);
2. each word of the query starts a word of the title, in order ("st tri" → Start Triage);
3. the query appears inside the title ("port" → Paste as Import);
4. the query's letters appear in the title in order ("dsmss" → Dismiss).

A match only in the id or the description ranks below every title match.
Within a tier, commands run recently come first (the most recent first), then
the menu order. So "stat" + Enter runs Statistics, never an import that merely
contains the letters s, t, a, t.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

TITLE_TIERS = 5  # exact, prefix, word starts, substring, subsequence
NO_MATCH = None
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "view.note_preview" → view, note, preview


@dataclass(frozen=True)
class Searchable:
    """What the palette searches in one command."""

    id: str
    title: str  # as shown, without the & of a mnemonic
    description: str = ""


def plain_title(title: str) -> str:
    """A menu title without the ``&`` of its mnemonic ("Se&ttings…" → "Settings…"; "&&" stays one "&")."""
    return title.replace("&&", "\0").replace("&", "").replace("\0", "&")


def fuzzy_match(query: str, text: str) -> bool:
    """True when the letters of ``query`` appear in ``text`` in order (case-insensitive; spaces ignored)."""
    remaining = iter(text.casefold())
    return all(char in remaining for char in query.casefold() if not char.isspace())


def _words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _starts_words_in_order(query_words: Sequence[str], words: Sequence[str]) -> bool:
    """True when each query word starts a different word of ``words``, keeping their order."""
    position = 0
    for query_word in query_words:
        while position < len(words) and not words[position].startswith(query_word):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True


def title_tier(query: str, title: str) -> int | None:
    """How well ``query`` matches ``title`` (0 best, see the module text), or None when it does not."""
    wanted = " ".join(query.casefold().split())
    text = " ".join(title.casefold().removesuffix("…").split())
    if not wanted:
        return 0
    if text == wanted:
        return 0
    if text.startswith(wanted):
        return 1
    query_words = _words(wanted)
    if query_words and _starts_words_in_order(query_words, _words(text)):
        return 2
    if wanted in text:
        return 3
    if fuzzy_match(wanted, text):
        return 4
    return NO_MATCH


def _secondary_tier(query: str, command: Searchable) -> int | None:
    """A match in the id or the description: word starts or a substring only (their long text fits any letters)."""
    wanted = " ".join(query.casefold().split())
    query_words = _words(wanted)
    for text in (command.id, command.description):
        if query_words and _starts_words_in_order(query_words, _words(text)):
            return TITLE_TIERS
    for text in (command.id, command.description):
        if wanted in text.casefold():
            return TITLE_TIERS + 1
    return NO_MATCH


def match_tier(query: str, command: Searchable) -> int | None:
    """The tier of ``command`` for ``query`` (lower is better), or None when nothing matches."""
    tier = title_tier(query, command.title)
    return tier if tier is not None else _secondary_tier(query, command)


def rank(query: str, commands: Sequence[Searchable], recent: Sequence[str] = ()) -> list[Searchable]:
    """The commands that match ``query``, best first; ties go to ``recent`` ids (most recent first), then order."""
    recency = {command_id: place for place, command_id in enumerate(recent)}
    scored = []
    for order, command in enumerate(commands):
        tier = match_tier(query, command)
        if tier is not None:
            scored.append(((tier, recency.get(command.id, len(recency)), order), command))
    return [command for _key, command in sorted(scored, key=lambda pair: pair[0])]


class RecentCommands:
    """The last few command ids run from the palette, the most recent first (kept for this run only)."""

    def __init__(self, size: int = 5) -> None:
        self.size = size
        self.ids: list[str] = []

    def note(self, command_id: str) -> None:
        """Remember that ``command_id`` just ran."""
        self.ids = [command_id, *(i for i in self.ids if i != command_id)][: self.size]
