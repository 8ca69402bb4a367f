"""The best k papers for words that must all match, reading only the posting blocks that can make the top.

Each block header says the highest weight in the block and the range of
documents it covers. For the rarest word (the driver) every block gets a bound:
its own highest score plus, for every other word (or OR of words, as a prefix
as typed is), the highest score of that word's blocks over the same range of
documents. Blocks are visited best bound first; once the k-th best score found
beats the next bound, no later block can change the top, and the rest of the
postings are never decoded.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from readinglist.core.postings import Block, BlockInfo

Word = tuple[str, str | bytes]  # (field, text)


@dataclass
class Postings:
    """One word's blocks over every segment, in document order, and its score per unit of weight."""

    factor: float
    blocks: list[BlockInfo]
    lasts: list[int] = field(init=False)
    _weights: dict[int, dict[int, float]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.lasts = [block.last for block in self.blocks]

    def overlapping(self, first: int, last: int) -> range:
        """Positions of the blocks that may hold documents numbered ``first`` to ``last``."""
        start = bisect.bisect_left(self.lasts, first)
        end = start
        while end < len(self.blocks) and self.blocks[end].first <= last:
            end += 1
        return range(start, end)

    def top_between(self, first: int, last: int) -> float:
        """The highest score this word can give a document numbered ``first`` to ``last``."""
        return self.factor * max((self.blocks[i].top for i in self.overlapping(first, last)), default=0.0)

    def add_scores(self, documents: dict[int, float], added: dict[int, float]) -> None:
        """Add this word's score in each of ``documents`` that has it to ``added``."""
        factor, lasts, blocks = self.factor, self.lasts, self.blocks
        ordered = sorted(documents)
        position = 0
        while position < len(ordered):
            at = bisect.bisect_left(lasts, ordered[position])
            if at == len(blocks):
                return
            weights = self.weights(at)
            last = lasts[at]
            end = bisect.bisect_right(ordered, last, position)
            for d in ordered[position:end]:
                weight = weights.get(d)
                if weight is not None:
                    added[d] = added.get(d, 0.0) + factor * weight
            position = end

    def decoded(self, position: int) -> Block:
        return self.blocks[position].load()

    def weights(self, position: int) -> dict[int, float]:
        """Document → weight of one block, decoded once."""
        found = self._weights.get(position)
        if found is None:
            block = self.blocks[position].load()
            found = self._weights[position] = dict(zip(block.ids, block.weights, strict=True))
        return found


Group = list[Postings]  # words of which a document must have at least one (scores added)


@dataclass(frozen=True)
class Conjunction:
    """Groups that must all match, documents ``allowed`` (None: all) less ``blocked``, and what a hit must pass."""

    groups: list[Group]
    allowed: Collection[int] | None
    blocked: Collection[int]
    passing: Callable[[list[int]], set[int]] | None  # document numbers → those that pass the phrase checks


CHECKED_FIRST = 64  # best candidates read at first to check a phrase in


def best(conjunction: Conjunction, limit: int, paper_id: Callable[[int], int]) -> list[tuple[int, float]]:
    """(paper id, score) of the best ``limit`` documents, best first, ties by paper id.

    With phrases to check, the best candidates are found as if the phrase were
    its words, then checked best first; when too few pass, more candidates
    are found (the blocks already decoded are kept).
    """
    if conjunction.passing is None:
        return [(paper, score) for paper, score, _d in _best(conjunction, limit, paper_id)]
    take = max(2 * limit, CHECKED_FIRST)
    verdicts: dict[int, bool] = {}
    while True:
        candidates = _best(conjunction, take, paper_id)
        kept: list[tuple[int, float]] = []
        for start in range(0, len(candidates), CHECKED_FIRST):
            batch = candidates[start : start + CHECKED_FIRST]
            unknown = [d for _p, _s, d in batch if d not in verdicts]
            if unknown:
                passing = conjunction.passing(unknown)
                verdicts.update((d, d in passing) for d in unknown)
            kept += [(paper, score) for paper, score, d in batch if verdicts[d]]
            if len(kept) >= limit:
                return kept[:limit]
        if len(candidates) < take:
            return kept
        take *= 4


def _best(conjunction: Conjunction, limit: int, paper_id: Callable[[int], int]) -> list[tuple[int, float, int]]:
    """(paper id, score, document) of the best ``limit`` documents as if there were no phrase to check."""
    groups = conjunction.groups
    if limit <= 0 or not groups or any(not group for group in groups):
        return []
    driver_group = min((g for g in groups if len(g) == 1), key=lambda g: len(g[0].blocks), default=None)
    if driver_group is None:
        raise ValueError("a conjunction needs one single word to drive it")
    driver = driver_group[0]
    # Scoring words first, then the words that only choose, most frequent first: most documents stop there.
    others = [sorted(g, key=lambda w: (w.factor == 0, -len(w.blocks))) for g in groups if g is not driver_group]
    visits = []  # (-bound, position, what each other group can add at most) per driver block
    for position, block in enumerate(driver.blocks):
        slacks = [sum(word.top_between(block.first, block.last) for word in group) for group in others]
        visits.append((-(driver.factor * block.top + sum(slacks)), position, slacks))
    visits.sort(key=lambda visit: visit[:2])
    heap: list[tuple[float, int, int]] = []  # (score, -paper id, document): the worst kept on top
    for negative_bound, position, slacks in visits:
        floor = heap[0][0] if len(heap) == limit else None
        if floor is not None and -negative_bound < floor:
            break  # no block left can change the top
        found = _block_scores(conjunction, driver, position, list(zip(others, slacks, strict=True)), floor)
        for docnum, score in found.items():
            item = (score, -paper_id(docnum), docnum)
            if len(heap) < limit:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
    return [(-negative_id, score, docnum) for score, negative_id, docnum in sorted(heap, reverse=True)]


def _block_scores(
    conjunction: Conjunction, driver: Postings, position: int, others: list[tuple[Group, float]], floor: float | None
) -> dict[int, float]:
    """Scores of the documents of one driver block that every other group has (none blocked or not allowed).

    ``others`` are the other groups with the most each can add here. With a
    ``floor`` (the k-th best so far), a document is dropped as soon as its
    score so far plus what the groups not yet read can add falls below it;
    words that only choose are looked up last, for the documents left.
    """
    block = driver.decoded(position)
    allowed, blocked, factor = conjunction.allowed, conjunction.blocked, driver.factor
    scores = {
        d: factor * w
        for d, w in zip(block.ids, block.weights, strict=True)
        if (allowed is None or d in allowed) and d not in blocked
    }
    remaining = sum(slack for _group, slack in others)
    for group, slack in others:
        if floor is not None:
            scores = {d: s for d, s in scores.items() if s + remaining >= floor}
        if not scores:
            break
        remaining -= slack
        added: dict[int, float] = {}
        for word in group:
            if word.factor:
                word.add_scores(scores, added)
        if floor is not None:
            scores = {d: s for d, s in scores.items() if s + added.get(d, 0.0) + remaining >= floor}
        for word in group:
            if not word.factor:  # a word that only chooses (a prefix's expansion): for documents not yet chosen
                unseen = {d: s for d, s in scores.items() if d not in added}
                if not unseen:
                    break
                word.add_scores(unseen, added)
        scores = {d: s + added[d] for d, s in scores.items() if d in added}
    if floor is not None:
        scores = {d: s for d, s in scores.items() if s >= floor}
    return scores
