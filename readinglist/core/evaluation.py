"""Answering a parsed query from impact posting lists: the best k papers, all of them, or a count.

A word's score in a paper is ``idf × weight`` (see ``core.impact``). Two ways
to find the best k:

- one scored word, perhaps with filters (``status:``, ``tag:``, ``year:``,
  ``-word``): read its blocks in order and skip every block whose highest
  weight cannot beat the k-th best found so far (block-max top-k);
- anything else: decode each word's postings into a map of document → score
  (kept in a small cache while the index is unchanged: typing repeats words),
  then intersect (AND), add (OR) and subtract (NOT) the maps.

Phrases are not stored as positions: a phrase is the AND of its words, and
the papers that rank are then checked for the words in sequence in their text
from the database (``TextSource``), best first, until k pass. Ties are broken
by paper id, and every statistic (document count, document frequency) counts
live documents only, so the ranking never depends on the index's history.
Query shapes this module does not know are answered by Whoosh itself as a set
of documents (``Searcher.docs_for_query``), without scores.
"""

from __future__ import annotations

import bisect
import functools
import heapq
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

from whoosh import query
from whoosh.reading import IndexReader
from whoosh.searching import Searcher

from readinglist.core import conjunction, impact, words
from readinglist.core.errors import SearchCancelled
from readinglist.core.postings import BlockInfo, block_infos, blocks, column_values

Scores = dict[int, float]  # document number → score
# Paper ids → the texts a phrase is checked in: (title, the whole text) per paper.
TextSource = Callable[[Sequence[int]], dict[int, tuple[str, str]]]
CACHE_POSTINGS = 400_000  # postings kept decoded by the score-map path (about 45 MB at most)
CHECK_BATCH = 64  # papers whose text is read at once to check a phrase


@dataclass(frozen=True)
class Check:
    """A phrase the documents must contain: its analysed words, in the title only or in the whole text."""

    title_only: bool
    sequence: tuple[str, ...]


@dataclass
class Found:
    """Documents with their scores, and the phrases each of them must still be checked for."""

    scores: Scores
    checks: list[Check] = field(default_factory=list)


class Snapshot:
    """The index as one searcher sees it: answers queries; made anew after every commit.

    ``scored`` are the impact fields (the rest only choose documents); ``texts``
    reads papers' texts for phrase checks (without it phrases match as their
    words in any order).
    """

    def __init__(self, searcher: Searcher, scored: Iterable[str], texts: TextSource | None = None) -> None:
        self.searcher = searcher
        self.scored = frozenset(scored)
        self.texts = texts
        self.doc_count = searcher.doc_count()
        self._leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self._deleted: list[frozenset[int]] = [
            _deleted_of(reader) if reader.has_deletions() else frozenset() for reader, _offset in self._leaves
        ]
        self._pids: array[int] | None = None
        self._by_paper: dict[int, int] | None = None
        self._cancelled: Callable[[], bool] | None = None
        self._postings: OrderedDict[tuple[str, str | bytes], dict[int, float]] = OrderedDict()
        self._cached = 0

    # -- paper ids ------------------------------------------------------------------

    def pid(self, docnum: int) -> int:
        """The paper id of a document number."""
        return self._pid_array()[docnum]

    def _pid_array(self) -> array[int]:
        """Paper id by document number, over every segment (read once per snapshot)."""
        if self._pids is None:
            self._pids = array("I")
            for reader, _offset in self._leaves:
                self._pids.extend(column_values(reader, "pid"))
        return self._pids

    def docnums(self, paper_ids: Iterable[int]) -> set[int]:
        """The live document numbers of ``paper_ids`` (those indexed)."""
        if self._by_paper is None:
            deleted = self._all_deleted()
            self._by_paper = {paper: d for d, paper in enumerate(self._pid_array()) if d not in deleted}
        found = self._by_paper
        return {found[paper] for paper in paper_ids if paper in found}

    def _all_deleted(self) -> set[int]:
        return {offset + d for (_reader, offset), gone in zip(self._leaves, self._deleted, strict=True) for d in gone}

    # -- answers -------------------------------------------------------------------

    def top(
        self,
        node: query.Query,
        limit: int | None,
        excluded: Collection[int] = (),
        cancelled: Callable[[], bool] | None = None,
    ) -> list[tuple[int, float]]:
        """(paper id, score) of the best ``limit`` matches (all with None), best first, ties by paper id.

        Papers ``excluded`` (ids) are left out before ranking, so ``limit`` still comes back when it can.
        Phrase checks ask ``cancelled`` before each batch (``SearchCancelled`` when it says so).
        """
        self._cancelled = cancelled
        try:
            return self._top(node, limit, excluded)
        finally:
            self._cancelled = None

    def _top(self, node: query.Query, limit: int | None, excluded: Collection[int]) -> list[tuple[int, float]]:
        skipped = self.docnums(excluded) if excluded else set()
        if limit is not None:
            words_only = self._conjunction(node, skipped)
            if words_only is not None:
                return conjunction.best(words_only, limit, self.pid)
        found = self.evaluate(node)
        if skipped:
            found.scores = {d: s for d, s in found.scores.items() if d not in skipped}
        return self._ranked(found, limit)

    def count(self, node: query.Query, excluded: Iterable[int] = ()) -> int:
        """How many papers match, less ``excluded`` paper ids (phrases are checked; nothing is ranked)."""
        found = self.evaluate(node)
        skipped = self.docnums(excluded) if excluded else set()
        candidates = [d for d in found.scores if d not in skipped]
        return len(self._passing(candidates, found.checks)) if found.checks else len(candidates)

    def key_words(self, fieldname: str, text: str, most: int) -> list[str]:
        """The ``most`` words of ``text`` that tell it apart: frequent in it, rare in the index (tf × idf)."""
        counts = Counter(words.words(text))
        reader = self.searcher.reader()
        weighed = []
        for word, count in counts.items():
            frequency = reader.doc_frequency(fieldname, word)
            if frequency > 1:  # a word no other paper has finds nothing
                weighed.append((-count * impact.idf(self.doc_count, frequency), word))
        return [word for _weight, word in heapq.nsmallest(most, weighed)]

    # -- ranking -------------------------------------------------------------------

    def _ranked(self, found: Found, limit: int | None) -> list[tuple[int, float]]:
        """The best ``limit`` of ``found`` (all with None) as (paper id, score), passing its phrase checks."""
        scores = found.scores
        if limit is not None and limit <= 0:
            return []
        take = len(scores) if limit is None else limit if not found.checks else max(2 * limit, CHECK_BATCH)
        checked: dict[int, bool] = {}
        while True:
            best = self._best(scores, take)
            if not found.checks:
                return best[:limit]
            kept = self._checked(best, found.checks, checked, limit)
            if limit is None or len(kept) >= limit or len(best) >= len(scores):
                return kept[:limit]
            take *= 4

    def _check_wanted(self) -> None:
        """Raise SearchCancelled when whoever asked for this search no longer wants it."""
        if self._cancelled is not None and self._cancelled():
            raise SearchCancelled("a newer search came")

    def _best(self, scores: Scores, take: int) -> list[tuple[int, float]]:
        """(paper id, score) of the ``take`` best documents and any tied with the last, best first, ties by id."""
        self._check_wanted()
        if len(scores) > take:
            floor = heapq.nlargest(take, scores.values())[-1]
            candidates: Iterable[tuple[int, float]] = [(d, s) for d, s in scores.items() if s >= floor]
        else:
            candidates = scores.items()
        pids = self._pid_array()
        ordered = sorted(((-s, pids[d]) for d, s in candidates))
        return [(paper, -negative) for negative, paper in ordered]

    def _checked(
        self, ranked: list[tuple[int, float]], checks: list[Check], checked: dict[int, bool], limit: int | None
    ) -> list[tuple[int, float]]:
        """Those of ``ranked`` (paper ids) that pass ``checks``, in order, read in batches until ``limit`` pass."""
        kept: list[tuple[int, float]] = []
        for start in range(0, len(ranked), CHECK_BATCH):
            batch = ranked[start : start + CHECK_BATCH]
            unknown = [paper for paper, _score in batch if paper not in checked]
            if unknown:
                passing = self._papers_passing(unknown, checks)
                checked.update((paper, paper in passing) for paper in unknown)
            kept.extend((paper, score) for paper, score in batch if checked[paper])
            if limit is not None and len(kept) >= limit:
                break
        return kept

    # -- words that must all match: block-max top k -------------------------------------

    def _conjunction(self, node: query.Query, skipped: set[int]) -> conjunction.Conjunction | None:
        """``node`` as words (or OR groups of words, or phrases) that must all match, with filters; None if not so."""
        children = _and_children(node)
        groups: list[list[tuple[query.Term, float]]] = []
        filters: list[query.Query] = []
        excluded: list[query.Query] = []
        checks: list[Check] = []
        for child in children:
            boost = getattr(child, "boost", 1.0)
            if isinstance(child, query.Not):
                excluded.append(child.query)
            elif not _has_scored(child, self.scored):
                filters.append(child)
            elif isinstance(child, query.Phrase) and child.fieldname in self.scored:
                sequence = tuple(_text(w) for w in child.words)
                groups += [[(query.Term(child.fieldname, w), boost)] for w in dict.fromkeys(sequence)]
                if len(sequence) > 1 and self.texts is not None:
                    checks.append(Check(child.fieldname == "title", sequence))
            else:
                group = self._word_group(child, boost)
                if group is None:
                    return None
                groups.append(group)
        if not any(len(group) == 1 for group in groups):
            return None
        allowed = self._and(filters, None) if filters else None
        if allowed is not None and allowed.checks:
            return None
        blocked = self._all_deleted() | skipped
        for query_excluded in excluded:
            blocked |= self._settled(self.evaluate(query_excluded)).keys()
        return conjunction.Conjunction(
            [[self._postings_of(term, boost) for term, boost in group if self._has_postings(term)] for group in groups],
            None if allowed is None else allowed.scores,
            blocked,
            functools.partial(self._passing, checks=checks) if checks else None,
        )

    def _word_group(self, node: query.Query, boost: float) -> list[tuple[query.Term, float]] | None:
        """A scored word, or an OR of scored words at any depth, as (word, boost) pairs; None if something else."""
        if isinstance(node, query.Term) and node.fieldname in self.scored:
            return [(node, boost)]
        if not isinstance(node, query.Or):
            return None
        group: list[tuple[query.Term, float]] = []
        for child in node.children():
            inner = self._word_group(child, boost * getattr(child, "boost", 1.0))
            if inner is None:
                return None
            group += inner
        return group

    def _has_postings(self, term: query.Term) -> bool:
        return any((term.fieldname, term.text) in reader for reader, _offset in self._leaves)

    def _postings_of(self, term: query.Term, boost: float) -> conjunction.Postings:
        """A word's block headers over every segment and its score factor (idf of live documents × boost)."""
        key = (term.fieldname, term.text)
        infos: list[BlockInfo] = []
        live = 0
        for (reader, offset), deleted in zip(self._leaves, self._deleted, strict=True):
            if key not in reader:
                continue
            leaf_infos = block_infos(reader.postings(*key), offset)
            live += reader.doc_frequency(*key) - _deleted_among(leaf_infos, deleted, offset)
            infos += leaf_infos
        return conjunction.Postings(boost * impact.idf(self.doc_count, live), infos)

    # -- evaluating a query tree ---------------------------------------------------------

    def evaluate(self, node: query.Query, within: Collection[int] | None = None) -> Found:
        """Every matching document (only those ``within``, when given) with its score.

        Phrases are still to check, in ``Found.checks``.
        """
        found = self._evaluate(node, within)
        boost = getattr(node, "boost", 1.0)
        if boost != 1 and found.scores:
            found.scores = {d: s * boost for d, s in found.scores.items()}
        return found

    def _evaluate(self, node: query.Query, within: Collection[int] | None) -> Found:  # noqa: PLR0911  # a case per kind
        if isinstance(node, query.Term):
            return Found(_restricted(self._scores(node.fieldname, node.text), within))
        if isinstance(node, query.Phrase):
            return self._phrase(node, within)
        if isinstance(node, query.And):
            return self._and(list(node.children()), within)
        if isinstance(node, (query.Or, query.DisjunctionMax)):
            return self._or([self.evaluate(c, within) for c in node.children()])
        if isinstance(node, query.AndNot):
            return self._without(self.evaluate(node.a, within), node.b)
        if isinstance(node, query.Require):
            kept = self.evaluate(node.a, within)
            required = self.evaluate(node.b, kept.scores.keys())
            return Found({d: kept.scores[d] for d in required.scores}, kept.checks + required.checks)
        if isinstance(node, query.AndMaybe):
            kept = self.evaluate(node.a, within)
            maybe = self._settled(self.evaluate(node.b, kept.scores.keys()))
            return Found({d: s + maybe.get(d, 0.0) for d, s in kept.scores.items()}, kept.checks)
        if isinstance(node, query.Not):
            return self._without(self._everything(within), node.query)
        if node is query.NullQuery or isinstance(node, type(query.NullQuery)):
            return Found({})
        if isinstance(node, query.Every):
            return self._everything(within)
        # year: ranges and anything else: Whoosh finds the documents; they add nothing to the score.
        return Found(_restricted(dict.fromkeys(self.searcher.docs_for_query(node), 0.0), within))

    def _everything(self, within: Collection[int] | None) -> Found:
        return Found(_restricted(dict.fromkeys(self._all_live(), 0.0), within))

    def _estimate(self, node: query.Query) -> int:
        """About how many documents ``node`` matches, without reading postings (what to evaluate first)."""
        if isinstance(node, query.Term):
            return int(self.searcher.reader().doc_frequency(node.fieldname, node.text))
        if isinstance(node, query.Phrase):
            return min((int(self.searcher.reader().doc_frequency(node.fieldname, w)) for w in node.words), default=0)
        if isinstance(node, query.And):
            return min((self._estimate(c) for c in node.children() if not isinstance(c, query.Not)), default=0)
        if isinstance(node, (query.Or, query.DisjunctionMax)):
            return sum(self._estimate(c) for c in node.children())
        return self.doc_count

    def _scores(self, fieldname: str, text: str | bytes) -> Scores:
        """Live documents containing the word, scored ``idf × weight`` (0 in a field that only filters).

        Decoded once while this index is open (a cache of CACHE_POSTINGS); callers never change the map.
        """
        key = (fieldname, text)
        cached = self._postings.get(key)
        if cached is not None:
            self._postings.move_to_end(key)
            return cached
        self._check_wanted()
        weights: dict[int, float] = {}
        for (reader, offset), deleted in zip(self._leaves, self._deleted, strict=True):
            if key not in reader:
                continue
            for _top, decode in blocks(reader.postings(fieldname, text), offset):
                block = decode()
                weights.update(zip(block.ids, block.weights, strict=True))
            for docnum in deleted:
                weights.pop(offset + docnum, None)
        if fieldname in self.scored:
            factor = impact.idf(self.doc_count, len(weights))  # live documents only: history does not count
            scores = {d: w * factor for d, w in weights.items()}
        else:
            scores = dict.fromkeys(weights, 0.0)
        self._remember(key, scores)
        return scores

    def _remember(self, key: tuple[str, str | bytes], weights: dict[int, float]) -> None:
        self._postings[key] = weights
        self._cached += len(weights)
        while self._cached > CACHE_POSTINGS and len(self._postings) > 1:
            _key, dropped = self._postings.popitem(last=False)
            self._cached -= len(dropped)

    def _all_live(self) -> list[int]:
        return [offset + d for (reader, offset) in self._leaves for d in reader.all_doc_ids()]

    def _phrase(self, node: query.Phrase, within: Collection[int] | None) -> Found:
        sequence = tuple(_text(w) for w in node.words)
        if not sequence:
            return Found({})
        found = self._and([query.Term(node.fieldname, w) for w in dict.fromkeys(sequence)], within)
        if len(sequence) > 1 and self.texts is not None:
            found.checks.append(Check(node.fieldname == "title", sequence))
        return found

    def _and(self, children: Sequence[query.Query], within: Collection[int] | None) -> Found:
        """The documents matching every child, scores added: the likely smallest first, the rest only within it."""
        negated = [c for c in children if isinstance(c, query.Not)]
        positive = sorted((c for c in children if not isinstance(c, query.Not)), key=self._estimate)
        found = self._everything(within) if not positive else None
        for child in positive:
            part = self.evaluate(child, within if found is None else found.scores.keys())
            if found is None:
                found = part
            else:  # part holds only documents of found
                scores = found.scores
                found = Found({d: s + scores[d] for d, s in part.scores.items()}, found.checks + part.checks)
            if not found.scores:
                break
        assert found is not None
        for child in negated:
            assert isinstance(child, query.Not)
            found = self._without(found, child.query)
        return found

    def _or(self, parts: Sequence[Found]) -> Found:
        """The documents in any part, scores added (a part with phrases is checked first)."""
        settled = [self._settled(p) for p in parts]
        if not settled:
            return Found({})
        settled.sort(key=len, reverse=True)
        scores = dict(settled[0])
        for other in settled[1:]:
            get = scores.get
            for d, s in other.items():
                scores[d] = get(d, 0.0) + s
        return Found(scores)

    def _without(self, found: Found, excluded: query.Query) -> Found:
        """``found`` less the documents matching ``excluded``."""
        removed = self.evaluate(excluded, found.scores.keys())
        overlap = set(removed.scores)
        if removed.checks:
            overlap = self._passing(list(overlap), removed.checks)
        return Found({d: s for d, s in found.scores.items() if d not in overlap}, found.checks)

    def _settled(self, found: Found) -> Scores:
        """``found``'s scores, only of the documents that pass its phrase checks."""
        if not found.checks:
            return found.scores
        passing = self._passing(list(found.scores), found.checks)
        return {d: s for d, s in found.scores.items() if d in passing}

    def _passing(self, docnums: Sequence[int], checks: Sequence[Check]) -> set[int]:
        """Those of ``docnums`` whose text has every phrase of ``checks``."""
        if not checks or self.texts is None:
            return set(docnums)
        pids = self._pid_array()
        by_paper = {pids[d]: d for d in docnums}
        passing: set[int] = set()
        papers = list(by_paper)
        for start in range(0, len(papers), CHECK_BATCH * 8):
            passing |= self._papers_passing(papers[start : start + CHECK_BATCH * 8], checks)
        return {by_paper[paper] for paper in passing}

    def _papers_passing(self, papers: Sequence[int], checks: Sequence[Check]) -> set[int]:
        """Those of ``papers`` (ids) whose text has every phrase of ``checks``."""
        if self.texts is None:
            return set(papers)
        self._check_wanted()
        texts = self.texts(papers)
        passing: set[int] = set()
        for paper in papers:
            title, whole = texts.get(paper, ("", ""))
            stems: dict[bool, list[str]] = {}
            for check in checks:
                if check.title_only not in stems:
                    stems[check.title_only] = words.words(title if check.title_only else whole)
                if not words.contains_sequence(stems[check.title_only], check.sequence):
                    break
            else:
                passing.add(paper)
        return passing


def _deleted_of(reader: IndexReader) -> frozenset[int]:
    """The deleted document numbers of a segment (kept as postings until the segment is merged)."""
    deleted = getattr(reader, "deleted_docs_set", None)
    if isinstance(deleted, frozenset):
        return deleted
    return frozenset(d for d in range(reader.doc_count_all()) if reader.is_deleted(d))


def _restricted(scores: Scores, within: Collection[int] | None) -> Scores:
    """``scores`` of the documents ``within`` (all with None; the map itself then, never to be changed)."""
    if within is None:
        return scores
    if len(within) < len(scores):
        return {d: scores[d] for d in within if d in scores}
    return {d: s for d, s in scores.items() if d in within}


def _and_children(node: query.Query) -> list[query.Query]:
    """The operands of ``node`` as an AND, nested ANDs (without a boost) opened up."""
    if not isinstance(node, query.And):
        return [node]
    return [
        c for child in node.children() for c in (_and_children(child) if getattr(child, "boost", 1.0) == 1 else [child])
    ]


def _deleted_among(infos: list[BlockInfo], deleted: frozenset[int], offset: int) -> int:
    """How many of a segment's ``deleted`` documents (numbered within it) a word's blocks hold."""
    if not deleted:
        return 0
    lasts = [info.last for info in infos]
    count = 0
    for at in sorted({bisect.bisect_left(lasts, offset + d) for d in deleted}):
        if at < len(infos):
            count += sum(1 for d in infos[at].load().ids if d - offset in deleted)
    return count


def _has_scored(node: query.Query, scored: frozenset[str]) -> bool:
    """Whether ``node`` (outside a ``Not``) holds a word of a scored field."""
    if isinstance(node, query.Not):
        return False
    if isinstance(node, (query.Term, query.Phrase)):
        return node.fieldname in scored
    return any(_has_scored(child, scored) for child in node.children())


def _text(word: str | bytes) -> str:
    return word.decode() if isinstance(word, bytes) else word
