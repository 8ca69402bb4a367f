"""What a search marks in the papers it finds: per field, phrases as phrases, never what it excludes.

``marks_of`` reads the parsed query: a word or a phrase typed without a field
is marked in the title and the abstract, one typed as ``title:`` only in the
title, and nothing under a ``-`` or ``NOT``. ``mark`` puts ``<b>`` around each
run of consecutive words that makes up a marked word or phrase, so a phrase
is marked where it occurs as a phrase and its words alone are not.
"""

from __future__ import annotations

import heapq
import html
from collections.abc import Iterable, Iterator

from whoosh import query

from readinglist.core.words import analysed

Words = tuple[str, ...]  # analysed (stemmed) words: one for a word, several for a phrase
TITLE_ONLY = "title"  # index field of ``title:``
ANYWHERE = "text"  # index field of unqualified words (and of ``abstract:``)
MARKED_FIELDS = (ANYWHERE, TITLE_ONLY)


class Marks(frozenset[str]):
    """The words a search marks, as a set of analysed words, and where and how to mark them.

    ``anywhere``: words and phrases for the title and the abstract; ``title``:
    those of ``title:``, for the title only. A set of plain words (what callers
    knew before phrases and fields) is the same as each word marked anywhere.
    """

    anywhere: frozenset[Words]
    title: frozenset[Words]

    def __new__(cls, anywhere: Iterable[Words] = (), title: Iterable[Words] = ()) -> Marks:
        anywhere, title = frozenset(anywhere), frozenset(title)
        marks = super().__new__(cls, {word for words in anywhere | title for word in words})
        marks.anywhere, marks.title = anywhere, title
        return marks

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Marks):
            return (self.anywhere, self.title) == (other.anywhere, other.title)
        return super().__eq__(other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.anywhere, self.title))

    def __repr__(self) -> str:
        return f"Marks(anywhere={set(self.anywhere)}, title={set(self.title)})"

    def in_title(self) -> frozenset[Words]:
        """What to mark in a title."""
        return self.anywhere | self.title

    def in_abstract(self) -> frozenset[Words]:
        """What to mark in an abstract (or an AI summary)."""
        return self.anywhere


def as_marks(terms: frozenset[str]) -> Marks:
    """``terms`` as Marks: already so, or plain words marked anywhere."""
    return terms if isinstance(terms, Marks) else Marks((word,) for word in terms)


NO_MARKS = Marks()


def marks_of(parsed: query.Query) -> Marks:
    """The words and phrases of ``parsed`` to mark, by field; none of an excluded part."""
    found: dict[str, set[Words]] = {ANYWHERE: set(), TITLE_ONLY: set()}
    for field, words in _wanted(parsed):
        if words:
            found[field].add(words)
    return Marks(frozenset(found[ANYWHERE]), frozenset(found[TITLE_ONLY]))


def _wanted(node: query.Query) -> Iterator[tuple[str, Words]]:
    """(field, words) of every term and phrase that a match must or may contain."""
    if isinstance(node, query.Not):
        return
    if isinstance(node, query.AndNot):
        yield from _wanted(node.a)
        return
    if isinstance(node, query.Phrase):
        if node.fieldname in MARKED_FIELDS:
            yield node.fieldname, tuple(_text(w) for w in node.words)
        return
    if isinstance(node, query.Term):
        if node.fieldname in MARKED_FIELDS:  # not tag:, status:, year: (numbers, in bytes)...
            yield node.fieldname, (_text(node.text),)
        return
    for child in node.children():
        yield from _wanted(child)


def _text(word: str | bytes) -> str:
    return word.decode() if isinstance(word, bytes) else word


CONTEXT = 40  # characters shown before and after a match in a passage
PASSAGE = 200  # characters of a passage at most (a longer match is shown whole)
BETWEEN = " … "  # between two passages


def mark(text: str, marked: Iterable[Words], fragments: int | None) -> str:
    """HTML of ``text`` with each run of words in ``marked`` in ``<b>``; '' if none occurs.

    The words are analysed as the index analyses them (stop words left out),
    so ``"chain of thought"`` is found in "chain of thought" and marked whole.
    With ``fragments``, only that many passages around the matches (those
    with the most matches, in text order); with None the whole text.
    """
    sequences = {words for words in marked if words}
    spans = list(analysed(text))
    runs = _runs([word for word, _start, _end in spans], sequences)
    if not runs:
        return ""
    chars = [(spans[start][1], spans[end - 1][2]) for start, end in runs]
    if fragments is None:
        return _bold(text, 0, len(text), chars)
    passages = _passages(text, chars)
    best = sorted(heapq.nsmallest(fragments, passages, key=lambda p: (-len(p[2]), p[0])))
    return BETWEEN.join(_bold(text, start, end, inside) for start, end, inside in best)


def _passages(text: str, chars: list[tuple[int, int]]) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """(start, end, the matches inside) of passages: CONTEXT around matches, PASSAGE characters at most."""
    passages: list[tuple[int, int, list[tuple[int, int]]]] = []
    inside: list[tuple[int, int]] = []
    for match in chars:
        if inside and match[1] - _left(text, inside[0][0]) > PASSAGE:
            passages.append(_passage(text, inside))
            inside = []
        inside.append(match)
    passages.append(_passage(text, inside))
    return passages


def _passage(text: str, inside: list[tuple[int, int]]) -> tuple[int, int, list[tuple[int, int]]]:
    start = _left(text, inside[0][0])
    end = _right(text, inside[-1][1], max(inside[-1][1], start + PASSAGE))
    return start, end, inside


def _left(text: str, match_start: int) -> int:
    """Where a passage whose first match starts at ``match_start`` begins: CONTEXT before, at a word's start."""
    if match_start <= CONTEXT:
        return 0
    space = text.find(" ", match_start - CONTEXT, match_start)
    return match_start if space < 0 else space + 1


def _right(text: str, match_end: int, limit: int) -> int:
    """Where a passage whose last match ends at ``match_end`` ends: CONTEXT after, before ``limit``, at a word end."""
    end = min(len(text), match_end + CONTEXT, limit)
    if end >= len(text):
        return len(text)
    space = text.rfind(" ", match_end, end)
    return match_end if space < 0 else space


def _bold(text: str, start: int, end: int, matches: list[tuple[int, int]]) -> str:
    """``text[start:end]`` escaped, with ``matches`` (character spans inside it) in ``<b>``."""
    out: list[str] = []
    position = start
    for match_start, match_end in matches:
        if match_start < start or match_end > end:
            continue
        out += [html.escape(text[position:match_start]), "<b>", html.escape(text[match_start:match_end]), "</b>"]
        position = match_end
    out.append(html.escape(text[position:end]))
    return "".join(out).strip()


def _runs(words: list[str], sequences: set[Words]) -> list[tuple[int, int]]:
    """The [start, end) word spans where a sequence occurs, overlapping ones joined (adjacent ones stay apart)."""
    firsts: dict[str, list[Words]] = {}
    for seq in sequences:
        firsts.setdefault(seq[0], []).append(seq)
    spans = sorted(
        (start, start + len(seq))
        for start, word in enumerate(words)
        if word in firsts
        for seq in firsts[word]
        if tuple(words[start : start + len(seq)]) == seq
    )
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined
