"""The index's text analysis, done directly: the words of a text as the search index sees them.

Whoosh's ``StemmingAnalyzer`` makes a ``Token`` object per word and runs it
through a chain of filters; for a 200-word abstract that is most of the cost
of a snippet or a phrase check. ``analysed`` gives the same words (the same
tokenizer pattern, lower case, the same stop words and minimum length, the
Porter stemmer with a shared cache) as plain strings with their character
spans. ``tests/core/test_words.py`` holds it equal to the analyzer on real
abstracts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from whoosh.analysis import STOP_WORDS
from whoosh.lang.porter import stem as porter_stem

# Whoosh's default tokenizer pattern (analysis.tokenizers.default_pattern), which StemmingAnalyzer uses.
_TOKEN = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*")
_STOP = frozenset(STOP_WORDS)
MIN_LENGTH = 2  # shorter words are dropped, as StemmingAnalyzer's StopFilter(minsize=2) does
STEM_CACHE = 200_000  # distinct words kept stemmed: a 100,000-paper vocabulary fits


_STEMS: dict[str, str] = {}  # lower-case word → its stem, or "" for a word the index drops


def stem(word: str) -> str:
    """The Porter stem of a lower-case ``word`` ("" for a stop word or one too short), cached.

    A library repeats its words endlessly; the cache is a plain dict so that
    ``words`` can look a whole text up in one ``map``. It stops growing at
    STEM_CACHE words (later ones are stemmed each time).
    """
    known = _STEMS.get(word)
    if known is not None:
        return known
    stemmed = "" if len(word) < MIN_LENGTH or word in _STOP else porter_stem(word)
    if len(_STEMS) < STEM_CACHE:
        _STEMS[word] = stemmed
    return stemmed


def analysed(text: str) -> Iterator[tuple[str, int, int]]:
    """(stem, start, end) of each word the index keeps from ``text``, in order (stop words left out)."""
    ascii_text = text.isascii()  # then lower-casing keeps every character where it was
    known = _STEMS.get
    for match in _TOKEN.finditer(text.lower() if ascii_text else text):
        word = match.group() if ascii_text else match.group().lower()
        stemmed = known(word)
        if stemmed is None:
            stemmed = stem(word)
        if stemmed:
            yield stemmed, match.start(), match.end()


def words(text: str) -> list[str]:
    """The stems the index keeps from ``text``, in order."""
    if not text.isascii():  # lower-casing may change the length of some letters: word by word
        return [word for word, _start, _end in analysed(text)]
    found = _TOKEN.findall(text.lower())
    stems = list(map(_STEMS.get, found))
    if None in stems:  # words not seen before: stem those, then look the text up again
        new = set(found).difference(_STEMS)
        if len(_STEMS) + len(new) > STEM_CACHE:
            return list(filter(None, map(stem, found)))
        _STEMS.update((word, stem(word)) for word in new)
        stems = list(map(_STEMS.get, found))
    return list(filter(None, stems))


def contains_sequence(stems: Sequence[str], sequence: Sequence[str]) -> bool:
    """Whether ``sequence`` occurs in ``stems`` as consecutive words (what a phrase query asks)."""
    size = len(sequence)
    if not size:
        return False
    first = sequence[0]
    target = list(sequence)
    start = 0
    while True:
        try:
            start = stems.index(first, start)
        except ValueError:
            return False
        if list(stems[start : start + size]) == target:
            return True
        start += 1
