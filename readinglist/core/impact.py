"""Impact postings: each posting carries its paper's BM25 term score, worked out when the paper is indexed.

With plain BM25F, Whoosh computes a score per matching document from its term
frequency and field length, and the bound it can put on a block of 128
postings is so loose that top-k searches score nearly every match. Here the
length-normalised, saturated term frequency (the BM25 "term part") is the
posting's weight, so a word's score in a paper is ``idf × weight``: block
maxima are exact, and a top-20 search can skip every block that cannot beat
the 20th best.

The title counts more than the rest of a paper's text by adding, in the same
weight, the word's term part in the title times TITLE_WEIGHT to its term part
in the whole text: a word is one posting list, not one per field, and a title
with the word ranks above an abstract that only repeats it. The average lengths are fixed constants,
not statistics of the index: a paper's weight never changes with what else is
indexed, so the ranking does not depend on the index's history.

The format class is pickled into the index's schema: this module's path and
the class names must stay as they are (a change needs a new index format).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from whoosh import fields, formats, scoring
from whoosh.analysis import Analyzer
from whoosh.formats import tokens

from readinglist.core.words import words

K1 = 1.2  # how fast repeating a word stops adding to its score
B = 0.75  # how much a long text's words are discounted
TITLE_WEIGHT = 3.0  # a word in the title adds three times its title score


def term_part(frequency: float) -> float:
    """BM25's saturation of a length-normalised term frequency: from 0 towards K1 + 1."""
    return frequency * (K1 + 1) / (frequency + K1)


def normalised(frequency: int, length: int, average: float) -> float:
    """``frequency`` of a word in a text of ``length`` words, scaled to a text of ``average`` length."""
    return frequency / (1 - B + B * length / average)


class ImpactFormat(formats.Format):
    """Postings whose weight is the BM25 term part; no frequencies, positions or values are stored.

    ``parts`` are (weight, average length) of the parts of a field's value: a
    value is a string (one part) or a tuple of strings, one per part, and a
    word's weight is the sum of its term parts, each times its part's weight.
    With ``direct``, text is analysed by ``core.words`` (the field's analyzer
    must be a default ``StemmingAnalyzer``: the same words, at twice the speed).
    """

    posting_size = 0  # nothing per posting but the weight
    # Defaults for a format unpickled from an index written before an attribute existed.
    parts: tuple[tuple[float, float], ...] = ((1.0, 10.0),)
    direct = False

    def __init__(
        self, parts: Sequence[tuple[float, float]] = ((1.0, 10.0),), field_boost: float = 1.0, direct: bool = False
    ) -> None:
        super().__init__(field_boost=field_boost)
        self.parts = tuple((float(weight), float(average)) for weight, average in parts)
        self.direct = direct

    def word_values(  # type: ignore[override]  # words as str, as Whoosh's own formats give them
        self, value: Any, analyzer: Analyzer, **kwargs: Any
    ) -> Iterable[tuple[str, int, float, bytes]]:
        texts = (value,) if isinstance(value, str) else tuple(value)
        # A plain string for a field of several parts is its last (main) part.
        texts = ("",) * (len(self.parts) - len(texts)) + texts[-len(self.parts) :]
        impacts: defaultdict[str, float] = defaultdict(float)
        for text, (weight, average) in zip(texts, self.parts, strict=True):
            if not text:
                continue
            analysed = words(text) if self.direct else (token.text for token in tokens(text, analyzer, dict(kwargs)))
            counts = Counter(analysed)
            length = sum(counts.values())
            for word, frequency in counts.items():
                impacts[word] += weight * term_part(normalised(frequency, length, average))
        return [(word, 1, impact * self.field_boost, b"") for word, impact in impacts.items()]

    def decode_frequency(self, valuestring: bytes) -> int:
        return 1

    def decode_weight(self, valuestring: bytes) -> float:
        return 1.0


def impact_field(analyzer: Analyzer, parts: Sequence[tuple[float, float]], *, direct: bool = False) -> fields.TEXT:
    """A text field with impact postings (``parts``, ``direct`` as in ImpactFormat): no phrases, no length column."""
    field = fields.TEXT(analyzer=analyzer, phrase=False)
    field.format = ImpactFormat(parts, direct=direct)
    field.scorable = False  # scores need no field lengths: the weight has them
    return field


def idf(doc_count: int, doc_frequency: int) -> float:
    """BM25's inverse document frequency (never negative)."""
    return math.log(1 + (doc_count - doc_frequency + 0.5) / (doc_frequency + 0.5))


class ImpactScorer(scoring.BaseScorer):
    """``idf × weight`` for one term; block maxima give exact bounds for skipping."""

    def __init__(self, factor: float, max_weight: float) -> None:
        self.factor = factor
        self._max = factor * max_weight

    def supports_block_quality(self) -> bool:
        return True

    def score(self, matcher: Any) -> float:
        return float(self.factor * matcher.weight())

    def max_quality(self) -> float:
        return self._max

    def block_quality(self, matcher: Any) -> float:
        return float(self.factor * matcher.block_max_weight())


class ImpactWeighting(scoring.WeightingModel):
    """The weighting Whoosh uses where readinglist leaves a query to it: impact fields score, the rest filter."""

    def __init__(self, scored_fields: Iterable[str]) -> None:
        self.scored_fields = frozenset(scored_fields)

    def scorer(self, searcher: Any, fieldname: str, text: Any, qf: int = 1) -> scoring.BaseScorer:
        if fieldname not in self.scored_fields:
            return ImpactScorer(0.0, 0.0)  # status:, tag:, year:... choose papers, they are not evidence
        parent = searcher.get_parent()
        factor = idf(parent.doc_count(), parent.doc_frequency(fieldname, text))
        return ImpactScorer(factor, searcher.term_info(fieldname, text).max_weight())
