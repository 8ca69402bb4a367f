"""Search over the papers the index has not caught up with yet, answered from the database.

A change marks its papers "to index" (``outbox``) and the index learns of it
later (``Library.sync_index``). Until then the index's document of such a
paper is missing (a new paper) or stale (an edited one), and a deleted paper's
document may still be there. So that a search never waits for indexing:

- the papers marked "to index" are read from the database, analysed as the
  index analyses them (``words`` for the stemmed fields, Whoosh's simple and
  keyword analysis for ``org`` and ``tag``), and kept in a small in-memory
  inverted index, by field;
- a parsed query (the Whoosh tree of ``SearchIndex``, prefixes not expanded)
  is answered over it as sets of paper ids: words are look-ups, AND/OR/NOT
  are set operations, a prefix is expanded against the pending papers' own
  words, a phrase is the AND of its words checked for the words in sequence;
- ``merge`` drops the pending and deleted papers from the index's results
  (their documents cannot be trusted) and appends the pending matches,
  newest first.

Pending papers in the Trash are found like the others: the callers leave
them out where the Trash is not shown, as they do with the index's results.

While a large import is being indexed every keystroke searches the pending
papers, so ``PendingSearch`` keeps them analysed between searches, keyed by
the outbox's change marker (a paper's ``revision``, with ``added_at`` against
a reused id): a search reads nothing when the database has not been written
since the previous one, and otherwise reads the marks, analyses only the
papers that are new or changed, and forgets those no longer pending. Reading
and analysing 10,000 new papers takes seconds (once); a search over them when
nothing changed takes milliseconds.
"""

from __future__ import annotations

import bisect
import functools
import struct
import threading
from array import array
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, String, type_coerce
from sqlalchemy.dialects import sqlite
from sqlalchemy.pool import PoolProxiedConnection
from sqlmodel import Session, col, select
from whoosh import fields, query
from whoosh.analysis.tokenizers import default_pattern

from readinglist.core import outbox, words
from readinglist.core.index import IndexDoc, SearchIndex
from readinglist.core.models import PAPER_ID, Paper
from readinglist.core.store import transaction

# The most pending papers searched, the newest ones. Beyond it (every paper of a large library waiting
# for a rebuilt index) reading and analysing them all would stall the first search for many seconds;
# the others are answered by whatever index documents they have.
MAX_PENDING = 10_000
LOAD_BATCH = outbox.INDEX_BATCH  # pending papers read from the database at once

_YEAR = fields.NUMERIC(int)  # decodes the index's year terms (the schema's year field)


# -- analysis: the words the index keeps, per field --------------------------


def simple_words(text: str) -> list[str]:
    """``org``'s analysis (Whoosh's SimpleAnalyzer): every token, lower case, no stop words, no stems."""
    return [match.group().lower() for match in default_pattern.finditer(text)]


def tag_words(tags: Iterable[str]) -> list[str]:
    """``tag``'s analysis (KEYWORD, lower case, commas): the comma-separated names, stripped, lower case."""
    return [name.strip().lower() for name in ",".join(tags).split(",") if name.strip()]


@dataclass(frozen=True, slots=True)
class AnalysedDoc:
    """One paper as its index document would hold it: the words of each field in order, and the year."""

    id: int
    fields: Mapping[str, tuple[str, ...]]
    year: int | None


def analyse(doc: IndexDoc) -> AnalysedDoc:
    """``doc``'s words per field, as ``IndexDoc.fields`` and the index's analyzers make them."""
    title = words.words(doc.title)
    note = words.words(doc.note) if doc.note else []
    text = (*title, *words.words(doc.body()))  # no word spans the title and the rest: a line break parts them
    return AnalysedDoc(
        doc.id,
        {
            "text": text,
            "title": tuple(title),
            "note": tuple(note),
            "org": tuple(simple_words(doc.org)),
            "tag": tuple(tag_words(doc.tags)),
            "status": (doc.status,),
            "starred": ("yes" if doc.starred else "no",),
        },
        doc.year,
    )


# -- matching: a parsed query over analysed papers ----------------------------


class PendingDocs:
    """Analysed papers with an inverted index per field, answering parsed queries as sets of paper ids.

    Each paper added gets a new slot number, and the posting lists hold slots in compact arrays (a
    set per word took 100 MB at 10,000 papers, arrays about a tenth). Removing a paper only retires
    its slot: answers are worked out on slots and the retired ones are dropped at the end; once
    retired slots outnumber the live ones, the live papers are indexed again from scratch.
    """

    def __init__(self) -> None:
        self._slots: dict[int, int] = {}  # paper id → its live slot
        self._docs: dict[int, AnalysedDoc] = {}  # live slot → the paper
        self._postings: dict[str, dict[str, array[int]]] = {}  # field → word → slots
        self._years: dict[int, array[int]] = {}  # year → slots
        self._vocabularies: dict[str, list[str]] = {}  # field → its words in order, for prefixes; made when asked
        self._next_slot = 0

    def clear(self) -> None:
        """Forget every paper."""
        self._slots, self._docs, self._postings, self._years, self._vocabularies = {}, {}, {}, {}, {}
        self._next_slot = 0

    def get(self, paper_id: int) -> AnalysedDoc | None:
        """The paper as it was analysed, if it is here."""
        slot = self._slots.get(paper_id)
        return None if slot is None else self._docs[slot]

    def add(self, doc: AnalysedDoc) -> None:
        """Add ``doc``, replacing the paper's earlier one."""
        self.remove([doc.id])
        slot = self._next_slot
        self._next_slot += 1
        self._slots[doc.id] = slot
        self._docs[slot] = doc
        for name, field_words in doc.fields.items():
            postings = self._postings.setdefault(name, {})
            for word in set(field_words):
                slots = postings.get(word)
                if slots is None:
                    postings[word] = array("i", (slot,))
                    self._vocabularies.pop(name, None)
                else:
                    slots.append(slot)
        if doc.year is not None:
            self._years.setdefault(doc.year, array("i")).append(slot)

    def remove(self, paper_ids: Iterable[int]) -> None:
        """Forget these papers (those not here are ignored)."""
        for paper_id in paper_ids:
            slot = self._slots.pop(paper_id, None)
            if slot is not None:
                del self._docs[slot]
        if self._next_slot > 2 * len(self._docs) + 1000:  # mostly retired slots: start again
            staying = list(self._docs.values())
            self.clear()
            for doc in staying:
                self.add(doc)

    def matching(self, node: query.Query) -> set[int]:
        """The papers ``node`` matches; a node of a kind not known here matches none (it never raises)."""
        try:
            slots = self._matching(node)
        except (AttributeError, TypeError, ValueError, RecursionError):  # a node not as expected: no match
            return set()
        docs = self._docs
        return {docs[slot].id for slot in slots if slot in docs}

    def _matching(self, node: query.Query) -> set[int]:  # the slots matching; one case per kind of node
        if isinstance(node, query.Term):
            return self._term(node)
        if isinstance(node, query.Prefix):
            return self._prefix(node)
        if isinstance(node, query.Phrase):
            return self._phrase(node)
        if isinstance(node, query.NumericRange):
            return self._range(node)
        if isinstance(node, query.And | query.Require):  # Require: both parts must match
            return _intersection([self._matching(sub) for sub in node.subqueries])
        if isinstance(node, query.Or | query.DisjunctionMax):
            return set().union(*(self._matching(sub) for sub in node.subqueries))
        if isinstance(node, query.Not):
            return set(self._docs) - self._matching(node.query)
        if isinstance(node, query.AndNot):
            return self._matching(node.a) - self._matching(node.b)
        if isinstance(node, query.AndMaybe):
            return self._matching(node.a)  # the optional part only ranks
        if isinstance(node, query.ConstantScoreQuery):
            return self._matching(node.child)
        if isinstance(node, query.Every):
            return self._every(node)
        return set()  # NullQuery, and every kind not known here

    # -- one method per kind of node, each giving slots -----------------------

    def _term(self, node: query.Term) -> set[int]:
        if node.fieldname == "year":
            year = _year_of(node.text)
            return set(self._years.get(year, ())) if year is not None else set()
        return set(self._postings.get(node.fieldname, {}).get(_word(node.text), ()))

    def _prefix(self, node: query.Prefix) -> set[int]:
        prefix, postings = _word(node.text), self._postings.get(node.fieldname, {})
        vocabulary = self._vocabularies.get(node.fieldname)
        if vocabulary is None:
            vocabulary = self._vocabularies[node.fieldname] = sorted(postings)
        found: set[int] = set()
        for position in range(bisect.bisect_left(vocabulary, prefix), len(vocabulary)):
            word = vocabulary[position]
            if not word.startswith(prefix):
                break
            found.update(postings[word])
        return found

    def _phrase(self, node: query.Phrase) -> set[int]:
        sequence = [_word(word) for word in node.words if word is not None]
        if not sequence:
            return set()
        postings = self._postings.get(node.fieldname, {})
        candidates = _intersection([set(postings.get(word, ())) for word in sequence])
        if len(sequence) == 1:
            return candidates
        docs, name = self._docs, node.fieldname
        return {
            slot for slot in candidates if slot in docs and words.contains_sequence(docs[slot].fields[name], sequence)
        }

    def _range(self, node: query.NumericRange) -> set[int]:
        found: set[int] = set()
        if node.fieldname == "year":
            for year, slots in self._years.items():
                if _in_range(year, node):
                    found.update(slots)
        return found

    def _every(self, node: query.Every) -> set[int]:
        if not node.fieldname or node.fieldname == "*":
            return set(self._docs)
        lists = self._years.values() if node.fieldname == "year" else self._postings.get(node.fieldname, {}).values()
        found: set[int] = set()
        for slots in lists:
            found.update(slots)
        return found


def _word(text: str | bytes) -> str:
    return text.decode() if isinstance(text, bytes) else text


def _intersection(sets: Sequence[set[int]]) -> set[int]:
    """What is in every one of ``sets`` (nothing when there are no sets), intersected smallest first."""
    if not sets:
        return set()
    ordered = sorted(sets, key=len)
    found = set(ordered[0])
    for other in ordered[1:]:
        if not found:
            break
        found &= other
    return found


def _year_of(text: str | bytes) -> int | None:
    """The year a ``year:`` term stands for (the index encodes numbers as bytes)."""
    try:
        value = _YEAR.from_bytes(text) if isinstance(text, bytes) else int(text)
    except (ValueError, TypeError, struct.error):  # not a number's encoding
        return None
    return int(value)


def _in_range(year: int, node: query.NumericRange) -> bool:
    start, end = node.start, node.end
    if start is not None and (year < start or (node.startexcl and year == start)):
        return False
    return end is None or not (year > end or (node.endexcl and year == end))


def matches(parsed: query.Query, docs: Iterable[IndexDoc]) -> list[int]:
    """The ids of ``docs`` that ``parsed`` matches, in the order of ``docs``: for a one-off question."""
    pending = PendingDocs()
    order = []
    for doc in docs:
        pending.add(analyse(doc))
        order.append(doc.id)
    found = pending.matching(parsed)
    return [pid for pid in dict.fromkeys(order) if pid in found]


# -- the papers marked "to index", kept analysed between searches -------------


def parse(index: SearchIndex, text: str) -> query.Query:
    """``text`` (the query language) as the index parses it, prefixes not expanded (QueryError if malformed).

    The index expands a prefix into the words of its own vocabulary; a pending paper's words may not be
    among them yet, so here a prefix is expanded against the pending papers' words instead.
    """
    return index.parse(text, expand_prefixes=False)


@dataclass(frozen=True)
class Pending:
    """What one search learns of the papers the index lacks."""

    stale: frozenset[int]  # papers whose index documents must be left out: pending (searched) and deleted
    # The pending papers that match, newest first; those in the Trash too (the Trash list is searched
    # as well): like the index's results, leave them out where the Trash is not shown.
    matches: tuple[int, ...]


def merge(indexed: Iterable[int], pending: Pending) -> list[int]:
    """The index's results (best first) less the papers it cannot answer for, then the pending matches."""
    return [pid for pid in indexed if pid not in pending.stale] + list(pending.matches)


# One paper marked "to index": (id, revision, added_at as SQLite's text). The revision is the outbox's
# change marker; added_at tells a new paper from a deleted one whose id SQLite gave again.
_MarkRow = tuple[int, int, str]


class PendingSearch:
    """Searches the papers marked "to index" in one library, keeping them analysed between searches.

    Safe to share between threads: one search at a time reads and updates the kept papers.
    """

    def __init__(self, engine: Engine, index: SearchIndex) -> None:
        self._engine = engine
        self._index = index
        self._docs = PendingDocs()
        self._marks: Sequence[_MarkRow] = ()  # as the previous search read them
        self._versions: dict[int, tuple[int, str]] = {}  # paper id → (revision, added_at) of its analysed doc
        self._deleted: frozenset[int] = frozenset()  # papers deleted whose documents the index may still have
        self._stamp_key = object()  # under which a database connection keeps what it last showed this search
        self._lock = threading.Lock()

    def find(self, text: str) -> Pending:
        """The pending papers ``text`` matches, and the papers whose index documents must be left out.

        ``text`` is parsed only when papers are pending (QueryError when malformed).
        """
        with self._lock:
            with transaction(self._engine) as session:
                self._update(session)
            stale = frozenset(self._versions).union(self._deleted)
            if not self._versions:
                return Pending(stale, ())
            found = self._docs.matching(parse(self._index, text))
        # Newest first: ids grow with every paper added.
        return Pending(stale, tuple(sorted(found, reverse=True)))

    def analysed(self, paper_id: int) -> AnalysedDoc | None:
        """The paper as the last search analysed it, if it was pending then."""
        with self._lock:
            return self._docs.get(paper_id)

    def refresh(self) -> None:
        """Analyse now what was marked "to index" since the last search: a worker may call it after an import."""
        with self._lock, transaction(self._engine) as session:
            self._update(session)

    def _update(self, session: Session) -> None:
        """Forget the papers no longer pending or changed since, analyse those new or changed.

        Nothing is read when the database has not changed since this connection last showed it to
        this search: the usual case while typing, and reading the marks of 10,000 pending papers
        costs more than the rest of a search.
        """
        connection = session.connection().connection  # the pooled driver connection
        stamp = _change_stamp(connection)  # taken first: a write from now on changes it
        if connection.info.get(self._stamp_key) == stamp:
            return
        self._deleted = frozenset(outbox.pending_deletions(session))
        marks = _read_marks(session)
        if marks != self._marks:
            self._analyse(session, marks)
        connection.info[self._stamp_key] = stamp

    def _analyse(self, session: Session, marks: Sequence[_MarkRow]) -> None:
        """Bring the analysed papers in line with ``marks``: drop the changed and the gone, add the new."""
        current = {pid: (revision, added_at) for pid, revision, added_at in marks}
        versions = self._versions
        gone = [pid for pid, seen in versions.items() if current.get(pid) != seen]
        self._docs.remove(gone)
        for pid in gone:
            del versions[pid]
        missing = [pid for pid in current if pid not in versions]
        for start in range(0, len(missing), LOAD_BATCH):
            for doc in outbox.index_docs(session, missing[start : start + LOAD_BATCH]):
                self._docs.add(analyse(doc))
                versions[doc.id] = current[doc.id]
        self._marks = marks


# The newest MAX_PENDING papers marked "to index", newest first. Run on the driver's cursor, "added_at"
# as SQLite's text: SQLAlchemy's rows (and ORM rows, and datetimes) made up most of a search's time at
# 10,000 pending papers; plain tuples also compare with the previous search's in one step.
_MARKS_SQL = str(
    select(PAPER_ID, Paper.revision, type_coerce(col(Paper.added_at), String))
    .where(Paper.needs_index)
    .order_by(PAPER_ID.desc())
    .limit(MAX_PENDING)
    .compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
)


def _change_stamp(connection: PoolProxiedConnection) -> object:
    """What changes whenever the database is written: by another connection (SQLite's data_version,
    which sees other processes too) or by this one (its total of changed rows).

    A driver that does not count its changes gives a stamp equal to no other: everything is read.
    """
    changes = getattr(connection.driver_connection, "total_changes", None)
    if not isinstance(changes, int):
        return object()
    cursor = connection.cursor()
    try:
        (version,) = cursor.execute("PRAGMA data_version").fetchone()
    finally:
        cursor.close()
    return version, changes


def _read_marks(session: Session) -> list[_MarkRow]:
    """The papers marked "to index" (at most MAX_PENDING, the newest), newest first."""
    cursor = session.connection().connection.cursor()
    try:
        rows: list[_MarkRow] = cursor.execute(_MARKS_SQL).fetchall()
        return rows
    finally:
        cursor.close()


class PendingSearchMethods:
    """A library's ``pending`` search, made on first use; the class using it gives the engine and the index."""

    engine: Engine
    index: SearchIndex

    @functools.cached_property
    def pending(self) -> PendingSearch:
        """Searches the library's papers marked "to index" (see ``PendingSearch``)."""
        return PendingSearch(self.engine, self.index)
