"""What a search marks in the papers it finds: per field, phrases as phrases, never what it excludes.

``marks_of`` reads the parsed query: a word or a phrase typed without a field
is marked in the title and the abstract, one typed as ``title:`` only in the
title, and nothing under a ``-`` or ``NOT``. ``mark`` puts ``<b>`` around each
run of consecutive words that makes up a marked word or phrase, so a phrase
is marked where it occurs as a phrase and its words alone are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from whoosh import highlight, query
from whoosh.analysis import Analyzer, Token

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


def mark(
    text: str,
    marked: Iterable[Words],
    analyzer: Analyzer,
    fragmenter: highlight.Fragmenter,
    formatter: highlight.Formatter,
    top: int,
) -> str:
    """``text`` formatted by ``formatter``, each run of words in ``marked`` one matched token; '' if none occurs.

    The words are analysed as the index analyses them (stop words left out),
    so ``"chain of thought"`` is found in "chain of thought" and marked whole.
    """
    sequences = {words for words in marked if words}
    tokens = [t.copy() for t in analyzer(text, chars=True, mode="query")]
    runs = _runs([t.text for t in tokens], sequences)
    if not runs:
        return ""
    fragments = fragmenter.fragment_tokens(text, _merged(tokens, runs))
    best = highlight.top_fragments(fragments, top, highlight.BasicFragmentScorer(), highlight.FIRST)
    return str(formatter(text, best))


def _runs(words: list[str], sequences: set[Words]) -> list[tuple[int, int]]:
    """The [start, end) token spans where a sequence occurs, overlapping ones joined (adjacent ones stay apart)."""
    spans = sorted(
        (start, start + len(seq))
        for seq in sequences
        for start in range(len(words) - len(seq) + 1)
        if tuple(words[start : start + len(seq)]) == seq
    )
    joined: list[tuple[int, int]] = []
    for start, end in spans:
        if joined and start < joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], end))
        else:
            joined.append((start, end))
    return joined


def _merged(tokens: list[Token], runs: list[tuple[int, int]]) -> list[Token]:
    """``tokens`` with each run replaced by one matched token spanning it (the formatter marks it once)."""
    out: list[Token] = []
    position = 0
    for start, end in runs:
        out.extend(_unmatched(tokens[position:start]))
        whole = tokens[start].copy()
        whole.endchar = tokens[end - 1].endchar
        whole.matched = True  # type: ignore[attr-defined]  # Whoosh's tokens take any attribute
        out.append(whole)
        position = end
    out.extend(_unmatched(tokens[position:]))
    return out


def _unmatched(tokens: list[Token]) -> list[Token]:
    for token in tokens:
        token.matched = False  # type: ignore[attr-defined]
    return tokens
