"""The words of each index segment with their document frequencies, for expanding a prefix at no cost.

A prefix as typed ("diffusion mod") stands for the most frequent words that
start with it. Asking Whoosh for them decodes the term information of every
word with the prefix on each keystroke (tens of milliseconds at 100,000
papers). A segment never changes once written, so its sorted word list is
computed once, by the process that committed it, and kept beside it in the
index folder (``<segment id>.<field>.words`` and ``.counts``); searching processes read it
once and keep it in memory, keyed by segment id. A list that is missing (a
crash between commit and writing it, an older index) is computed when first
needed.
"""

from __future__ import annotations

import bisect
import heapq
import os
import sys
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from whoosh.reading import IndexReader

SUFFIX = ".words"
COUNTS = ".counts"


@dataclass(frozen=True)
class WordList:
    """A segment's words in one field, sorted, and in how many of its documents each occurs."""

    words: list[str]
    frequencies: array[int]

    def with_prefix(self, prefix: str, scan: int) -> Iterable[tuple[str, int]]:
        """(word, frequency) of the first ``scan`` words starting with ``prefix``, in order."""
        start = bisect.bisect_left(self.words, prefix)
        for position in range(start, min(start + scan, len(self.words))):
            word = self.words[position]
            if not word.startswith(prefix):
                break
            yield word, self.frequencies[position]


class WordLists:
    """The word lists of an index folder's segments, read or computed once each."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lists: dict[tuple[str, str], WordList] = {}

    def expand(self, leaves: Sequence[IndexReader], fieldname: str, prefix: str, most: int, scan: int) -> list[str]:
        """The ``most`` most frequent words of ``fieldname`` starting with ``prefix`` (ties alphabetical)."""
        totals: Counter[str] = Counter()
        for reader in leaves:
            for word, frequency in self.of(reader, fieldname).with_prefix(prefix, scan):
                totals[word] += frequency
        return [word for word, _n in heapq.nsmallest(most, totals.items(), key=lambda item: (-item[1], item[0]))]

    def of(self, reader: IndexReader, fieldname: str) -> WordList:
        """The word list of one segment's field: from memory, from its file, or computed (and saved)."""
        key = (_segment_id(reader), fieldname)
        found = self._lists.get(key)
        if found is None:
            found = self._read(key) or self._compute(reader, key)
            self._lists[key] = found
        return found

    def save_missing(self, leaves: Sequence[IndexReader], fieldnames: Iterable[str]) -> None:
        """Compute and save the lists the segments lack; drop the files of segments gone (merged away)."""
        names = list(fieldnames)
        current = {_segment_id(reader) for reader in leaves}
        for reader in leaves:
            for fieldname in names:
                self.of(reader, fieldname)
        try:
            for path in [*self.folder.glob(f"*{SUFFIX}"), *self.folder.glob(f"*{COUNTS}")]:
                if path.name.split(".", 1)[0] not in current:
                    path.unlink(missing_ok=True)
        except OSError:
            pass  # a read-only folder: the lists are kept in memory only
        for key in [key for key in self._lists if key[0] not in current]:
            del self._lists[key]

    def _paths(self, key: tuple[str, str]) -> tuple[Path, Path]:
        """The words (one per line) and their frequencies (32-bit numbers, little-endian) of a list."""
        stem = self.folder / f"{key[0]}.{key[1]}"
        return stem.with_name(stem.name + SUFFIX), stem.with_name(stem.name + COUNTS)

    def _read(self, key: tuple[str, str]) -> WordList | None:
        words_path, counts_path = self._paths(key)
        try:
            text = words_path.read_text(encoding="utf-8")
            counts = counts_path.read_bytes()
        except (OSError, UnicodeDecodeError):
            return None
        words = text.split("\n") if text else []
        frequencies = array("I")
        if len(counts) != 4 * len(words):
            return None  # damaged or half written: computed again
        frequencies.frombytes(counts)
        if sys.byteorder != "little":
            frequencies.byteswap()
        return WordList(words, frequencies)

    def _compute(self, reader: IndexReader, key: tuple[str, str]) -> WordList:
        words: list[str] = []
        frequencies = array("I")
        if key[1] in reader.indexed_field_names():
            for word, info in reader.iter_field(key[1]):
                text = word.decode() if isinstance(word, bytes) else str(word)
                if "\n" not in text:  # a tag may hold anything; such a word is left out of prefixes
                    words.append(text)
                    frequencies.append(info.doc_frequency())
        found = WordList(words, frequencies)
        self._save(key, found)
        return found

    def _save(self, key: tuple[str, str], found: WordList) -> None:
        counts = array("I", found.frequencies)
        if sys.byteorder != "little":
            counts.byteswap()
        for path, data in zip(self._paths(key), ("\n".join(found.words).encode(), counts.tobytes()), strict=True):
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            try:
                partial.write_bytes(data)
                os.replace(partial, path)
            except OSError:
                partial.unlink(missing_ok=True)  # read-only: kept in memory only
                return


def _segment_id(reader: IndexReader) -> str:
    segment = reader.segment()
    return "" if segment is None else str(segment.segment_id())
