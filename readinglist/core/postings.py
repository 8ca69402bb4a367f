"""Reading Whoosh posting lists a block at a time, and paper ids by document number.

Whoosh's matchers hand out one posting per method call, which in Python costs
more than the posting itself. The on-disk matcher of Whoosh 3.54
(``W3LeafMatcher``) decodes a block of up to 128 postings at once; reading its
decoded arrays (``_read_ids``, ``_read_weights``, ``_next_block``) gives a
whole block per call and lets a top-k search skip a block by its header alone.
These are private internals of the pinned release: ``FAST_PATH`` is on only for
that release (``tests/core/test_postings.py`` fails loudly when the version
changes), and any other matcher is read through the public API, slower but
the same.
"""

from __future__ import annotations

import functools
import pickle
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

import whoosh
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.columns import NumericColumn
from whoosh.matching import Matcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import IndexReader

READ_INTERNALS_OF = (3, 54, 0)  # the Whoosh release whose private block layout this module reads
FAST_PATH = tuple(whoosh.__version__[:3]) == READ_INTERNALS_OF


@dataclass(frozen=True)
class Block:
    """Up to 128 postings of one term: document numbers and weights."""

    ids: Sequence[int]
    weights: Sequence[float]


def blocks(matcher: Matcher, offset: int = 0) -> Iterator[tuple[float, Callable[[], Block]]]:
    """(highest weight in the block, a function that decodes the block) per block, in document order.

    The decoded ids are document numbers plus ``offset`` (the segment's first
    document). Decode a block before asking for the next one; a block never
    decoded costs only its header (what lets a top-k search skip it). Deleted
    documents may be among the ids: callers drop them.
    """
    if FAST_PATH and isinstance(matcher, FilterMatcher):  # a segment with deletions wraps its postings so
        matcher = matcher.child
    if not (FAST_PATH and isinstance(matcher, W3LeafMatcher)) or matcher._byteids:  # noqa: SLF001
        yield from _public_blocks(matcher, offset)
        return
    decode = functools.partial(_decoded, matcher, offset)
    while matcher.is_active():
        yield matcher.block_max_weight(), decode
        matcher._next_block()  # noqa: SLF001  # the pinned release's block step (see FAST_PATH)


def _decoded(matcher: W3LeafMatcher, offset: int) -> Block:
    """The block the matcher is on: its data tuple is (id deltas, weights, values) in Whoosh 3.54."""
    if matcher._data is None:  # noqa: SLF001
        matcher._read_data()  # noqa: SLF001
    data: Any = matcher._data  # noqa: SLF001
    deltas, weights = data[0], data[1]
    ids = list(accumulate(deltas, initial=offset))
    del ids[0]
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * len(ids)
    return Block(ids, weights)


@dataclass(frozen=True)
class BlockInfo:
    """One block's header: the range of document numbers it may hold, its highest weight, and how to decode it."""

    first: int  # no document in the block is numbered lower
    last: int  # the highest document number in the block
    top: float
    load: Callable[[], Block]


def block_infos(matcher: Matcher, offset: int = 0) -> list[BlockInfo]:
    """Every block's header of a posting list, read without decoding any block (decode them in any order)."""
    if FAST_PATH and isinstance(matcher, FilterMatcher):
        matcher = matcher.child
    if not (FAST_PATH and isinstance(matcher, W3LeafMatcher)) or matcher._byteids:  # noqa: SLF001
        return [
            BlockInfo(block.ids[0], block.ids[-1], top, functools.partial(lambda b: b, block))
            for top, load in _public_blocks(matcher, offset)
            for block in [load()]
        ]
    infos = []
    first = offset
    postfile = matcher._postfile  # noqa: SLF001
    header: Any = matcher  # its block fields are set while it is active
    while matcher.is_active():
        last = offset + header._maxid  # noqa: SLF001
        start, end = matcher._dataoffset, matcher._nextoffset  # noqa: SLF001
        load = functools.partial(_load, postfile, start, end, bool(matcher._compression), offset)  # noqa: SLF001
        infos.append(BlockInfo(first, last, header._maxweight, load))  # noqa: SLF001
        first = last + 1
        matcher._next_block()  # noqa: SLF001
    return infos


def _load(postfile: Any, start: int, end: int, compressed: bool, offset: int) -> Block:
    """A block decoded from the postings file, as ``W3LeafMatcher._read_data`` would (see FAST_PATH)."""
    data = postfile.get(start, end - start)
    deltas, weights = pickle.loads(zlib.decompress(data) if compressed else data)[:2]
    ids = list(accumulate(deltas, initial=offset))
    del ids[0]
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * len(ids)
    return Block(ids, weights)


def _public_blocks(matcher: Matcher, offset: int) -> Iterator[tuple[float, Callable[[], Block]]]:
    """The whole posting list as one block, read posting by posting (any matcher, any Whoosh)."""
    ids: list[int] = []
    weights: list[float] = []
    while matcher.is_active():
        ids.append(offset + matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    if ids:
        block = Block(ids, weights)
        yield max(weights), lambda: block


def column_values(reader: IndexReader, fieldname: str) -> array[int]:
    """A ``NumericColumn("I")`` field of every document of a segment, as one array (document number → value).

    Whoosh's column reader unpacks one value per call (about 1 µs each); the
    column is a run of big-endian 32-bit numbers, read here in one piece.
    """
    if not reader.has_column(fieldname):  # an empty segment, or no document had a value
        return array("I", bytes(4 * reader.doc_count_all()))
    column = reader.column_reader(fieldname, translate=False)
    if FAST_PATH and isinstance(column, NumericColumn.Reader) and column._typecode == "I":  # noqa: SLF001
        size = column._count * column._fixedlen  # noqa: SLF001
        values = array("I", column._dbfile.get(column._basepos, size))  # noqa: SLF001
        if sys.byteorder == "little":
            values.byteswap()
        missing = reader.doc_count_all() - len(values)
        if missing > 0:
            values.extend([0] * missing)
        return values
    return array("I", (int(value) for value in column))
