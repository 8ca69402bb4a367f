"""The full-text index (Whoosh): a derived cache of the database, rebuildable at any time.

Only ids are stored; titles and abstracts for display and highlighting come
from the database. Unqualified words search one combined ``text`` field, so a
word costs one posting list instead of one per field. Postings carry impact
weights (``core.impact``) and queries are answered by ``core.evaluation``,
which reads them a block at a time. One searcher stays open and is replaced
after each commit: opening a new one per query is what makes naive Whoosh slow
on large libraries.
"""

from __future__ import annotations

import functools
import html
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from whoosh import columns, fields, index, qparser, query
from whoosh.analysis import SimpleAnalyzer, StemmingAnalyzer
from whoosh.index import LockError
from whoosh.searching import Searcher
from whoosh.writing import CLEAR, IndexWriter

from readinglist.core import query as query_language
from readinglist.core.evaluation import Snapshot, TextSource
from readinglist.core.highlights import NO_MARKS, Marks, as_marks, mark, marks_of
from readinglist.core.impact import TITLE_WEIGHT, ImpactWeighting, impact_field
from readinglist.core.wordlists import WordLists

T = TypeVar("T")

# Bump when the schema or analysis changes: an index of another format is rebuilt.
INDEX_FORMAT = "4"  # 4: impact postings, no positions, a paper id column
_FORMAT_FILE = "READINGLIST_FORMAT"
# Another process's writer (an import, a rebuild) holds the index's write lock: wait for it this long
# in all, trying again after a pause that doubles from WRITER_FIRST_PAUSE_S up to WRITER_MAX_PAUSE_S.
WRITER_WAIT_S = 30.0
WRITER_FIRST_PAUSE_S = 0.05
WRITER_MAX_PAUSE_S = 1.0
# From this many documents on, indexing is spread over processes: worth their start-up (~0.5 s),
# and measured 1.6x faster than one process on 2 cores.
BULK_DOCS = 2000
BULK_PROCS = max(2, min(os.cpu_count() or 1, 4))
PREFIX_TERMS = 16  # words a prefix stands for at most (the most frequent ones)
SIMILAR_WORDS = 12  # a paper's most telling words that find papers like it
PREFIX_FIELDS = ("text", "title")  # fields whose word lists are saved with each commit (others on demand)
PREFIX_SCAN = 20_000  # words with the prefix looked at to find them: bounds the cost of very short prefixes
BULK_LIMIT_MB = 128  # per process; more did not help (SEARCH-PERF.md) and costs memory


# Average lengths in words, fixed (not measured on the index, so that a paper's weights never change):
# about what the papers of Hugging Face pages have.
TITLE_WORDS, TEXT_WORDS, NOTE_WORDS, ORG_WORDS = 12.0, 190.0, 10.0, 3.0
SCORED_FIELDS = ("text", "title", "note", "org")  # the rest (tag, status, starred, year) only choose papers


def _schema() -> fields.Schema:
    # The abstract (and the AI summary) is indexed once, in "text"; an "abstract:" query searches "text"
    # (see core.query). "text" adds a word's score in the title, TITLE_WEIGHT times, to its score in the whole text.
    stem = StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        pid=fields.COLUMN(columns.NumericColumn("I")),  # the paper id by document number, read in one piece
        text=impact_field(stem, ((TITLE_WEIGHT, TITLE_WORDS), (1.0, TEXT_WORDS)), direct=True),
        title=impact_field(stem, ((1.0, TITLE_WORDS),), direct=True),
        note=impact_field(stem, ((1.0, NOTE_WORDS),), direct=True),
        org=impact_field(SimpleAnalyzer(), ((1.0, ORG_WORDS),)),
        tag=fields.KEYWORD(lowercase=True, commas=True, scorable=True),
        status=fields.ID,
        starred=fields.ID,
        year=fields.NUMERIC(int),
    )


@dataclass(frozen=True)
class IndexDoc:
    """What the index knows about one paper, all of it taken from the database."""

    id: int
    title: str
    abstract: str
    tags: tuple[str, ...]
    note: str
    org: str
    status: str
    starred: bool
    year: int | None
    ai_summary: str = ""  # searched like the abstract, as part of "text"

    def fields(self) -> dict[str, object]:
        """The Whoosh document for this paper."""
        document: dict[str, object] = {
            "id": str(self.id),
            "pid": self.id,
            "text": (self.title, f"{self.title}\n{self.body()}"),
            "title": self.title,
            "note": self.note,
            "org": self.org,
            "tag": ",".join(self.tags),
            "status": self.status,
            "starred": "yes" if self.starred else "no",
        }
        if self.year is not None:
            document["year"] = self.year
        return document

    def body(self) -> str:
        """Everything "text" holds besides the title."""
        return "\n".join((self.abstract, self.ai_summary, " ".join(self.tags), self.note, self.org))


class IndexBusy(Exception):
    """Another process held the index's write lock for longer than WRITER_WAIT_S.

    Nothing is lost: the outbox keeps what was to be indexed until an index
    commit clears it, so the next sync finishes the work.
    """


def index_busy(error: BaseException) -> bool:
    """Whether ``error`` is an ``IndexBusy``, here or reported from a child process ("IndexBusy: ...")."""
    return isinstance(error, IndexBusy) or str(error).startswith(f"{IndexBusy.__name__}: ")


class Writer:
    """Adds documents to one open Whoosh writer (see ``SearchIndex.writer``)."""

    def __init__(self, writer: IndexWriter, empty: bool) -> None:
        self._writer = writer
        # In an empty index no document can need replacing, and adding skips the look-up.
        self._put = writer.add_document if empty else writer.update_document
        self.changed = False  # whether anything was added or deleted

    def add(self, docs: Iterable[IndexDoc]) -> int:
        """Add or replace ``docs``; returns how many."""
        written = 0
        for doc in docs:
            self._put(**doc.fields())
            written += 1
        self.changed = self.changed or written > 0
        return written

    def delete(self, paper_ids: Iterable[int]) -> None:
        """Drop the documents of ``paper_ids``."""
        for paper_id in paper_ids:
            self._writer.delete_by_term("id", str(paper_id))
            self.changed = True


@dataclass(frozen=True)
class Match:
    """One ranked search result; ``terms`` are the words and phrases the search marks, by field."""

    paper_id: int
    score: float
    terms: Marks


def _locked(method: Callable[..., T]) -> Callable[..., T]:
    """Run ``method`` holding the index's lock."""

    @functools.wraps(method)
    def wrapper(self: SearchIndex, *args: object, **kwargs: object) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return wrapper


class SearchIndex:
    """A Whoosh index in ``folder`` that answers text queries with ranked paper ids."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._index: index.FileIndex | None = None
        self._searcher: Searcher | None = None
        # Searches may run on one thread while another commits: the lock keeps a
        # commit from closing the searcher under a running query.
        self._lock = threading.RLock()
        self._parser: qparser.QueryParser | None = None
        self._snapshot: Snapshot | None = None
        self._word_lists = WordLists(folder)
        # Reads papers' (title, whole text) by id for phrase checks; the library sets it.
        self.texts: TextSource | None = None

    # -- lifecycle -------------------------------------------------------

    def open(self) -> bool:
        """Open the index, creating it when absent, stale or unreadable.

        Returns True when the index was (re)created empty, so the caller knows
        every paper must be indexed again.
        """
        existing = self._open_existing()
        if existing is not None:
            self._index = existing
            self._after_open()
            return False
        self.recreate()
        return True

    def _open_existing(self) -> index.FileIndex | None:
        """The index on disk, if it has this release's format and can be read."""
        format_file = self.folder / _FORMAT_FILE
        if not format_file.is_file() or format_file.read_text().strip() != INDEX_FORMAT:
            return None
        try:
            existing = index.open_dir(str(self.folder))
            with existing.searcher() as searcher:
                searcher.doc_count()
        except Exception:  # any damage means: rebuild from the database
            return None
        return existing

    def recreate(self) -> None:
        """Throw the index away and start an empty one."""
        self.close()
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self._index = index.create_in(str(self.folder), _schema())
        (self.folder / _FORMAT_FILE).write_text(INDEX_FORMAT)
        self._after_open()

    def _after_open(self) -> None:
        assert self._index is not None
        self._new_searcher()
        schema = self._index.schema
        parser = qparser.QueryParser("text", schema)
        # + and - are operators only at the start of a word: "zero-shot" and "tag:to-read" are words.
        parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
        parser.add_plugin(qparser.GtLtPlugin())
        self._parser = parser

    @_locked
    def close(self) -> None:
        """Release the searcher's files."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._snapshot = None
        self._index = None

    # -- writing ---------------------------------------------------------

    def write(self, docs: Iterable[IndexDoc], deleted_ids: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and drop ``deleted_ids`` in one commit; returns docs written."""
        with self.writer(0) as writer:
            writer.delete(deleted_ids)
            return writer.add(docs)

    @contextmanager
    def writer(self, expected_docs: int, *, rebuild: bool = False) -> Iterator[Writer]:
        """One commit for everything written in the ``with`` block; nothing at all if it raises.

        The block runs holding the index's write lock, which one process at a
        time has: the writer waits up to WRITER_WAIT_S for another process's
        writer, then raises ``IndexBusy``. Read what to write inside the block:
        it is then newer than anything another writer committed before.

        ``expected_docs`` chooses the writer: from BULK_DOCS on, documents are
        analysed in BULK_PROCS processes and the segments they make are kept
        as they are (merging them is left to later, smaller commits).
        With ``rebuild``, the commit replaces every document the index had by
        those written in the block (in one commit: searches see the old index
        until then, and another process's writer waits for it).
        """
        bulk = expected_docs >= BULK_DOCS
        # Segments as separate files, not one compound file: Whoosh copies each part of a compound
        # file into memory when it opens a searcher (measured: 540 MB for a 100k-paper index).
        options: dict[str, object] = {"compound": False}
        if bulk:
            options |= {
                "procs": BULK_PROCS,
                "multisegment": True,
                "limitmb": BULK_LIMIT_MB,
                "start_method": "spawn",  # never fork a process that may run threads
            }
        whoosh_writer = self._acquire_writer(options)
        try:
            # Empty as the writer sees it (our searcher may predate another process's commits).
            segments = getattr(whoosh_writer, "segments", None) or []
            empty = rebuild or not any(segment.doc_count_all() for segment in segments)
            writer = Writer(whoosh_writer, empty=empty)
            yield writer
        except BaseException:
            whoosh_writer.cancel()
            raise
        if rebuild:
            whoosh_writer.commit(mergetype=CLEAR)
        elif writer.changed:
            whoosh_writer.commit(merge=not bulk)
        else:  # nothing to write after all (another process did it): no new generation
            whoosh_writer.cancel()
        self.reload()
        self._save_word_lists()

    @_locked
    def _save_word_lists(self) -> None:
        """Write the word lists of new segments now, so no search has to compute them."""
        assert self._searcher is not None
        leaves = [leaf.reader() for leaf, _offset in self._searcher.leaf_searchers()]
        self._word_lists.save_missing(leaves, PREFIX_FIELDS)

    def _acquire_writer(self, options: dict[str, object]) -> IndexWriter:
        """A Whoosh writer, once another process's writer lets go of the lock (IndexBusy after WRITER_WAIT_S)."""
        assert self._index is not None, "open() the index first"
        deadline = time.monotonic() + WRITER_WAIT_S
        pause = WRITER_FIRST_PAUSE_S
        while True:
            try:
                return self._index.writer(**options)  # tries the lock once (Whoosh's timeout is 0)
            except LockError:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise IndexBusy(
                        f"the search index stayed locked by another readinglist for {WRITER_WAIT_S:g} s"
                    ) from None
                # A file lock (flock, non-blocking in Whoosh) cannot be waited on: poll it.
                time.sleep(min(pause, left))
                pause = min(pause * 2, WRITER_MAX_PAUSE_S)

    @_locked
    def reload(self) -> None:
        """Serve the committed state from now on (also what another process committed).

        A new searcher, not ``Searcher.refresh()``: the refreshed searcher of
        Whoosh 3.54 reuses segment readers with their old deletion sets, so
        replaced documents would still match (and refreshing a searcher opened
        on an empty index fails outright). This costs one reader open per
        commit, never per query.
        """
        assert self._searcher is not None and self._index is not None
        self._searcher.close()
        self._new_searcher()

    def _new_searcher(self) -> None:
        assert self._index is not None
        self._searcher = self._index.searcher(weighting=ImpactWeighting(SCORED_FIELDS))
        self._snapshot = Snapshot(self._searcher, SCORED_FIELDS, lambda ids: self._texts(ids))

    def _texts(self, paper_ids: object) -> dict[int, tuple[str, str]]:
        return self.texts(paper_ids) if self.texts is not None else {}  # type: ignore[arg-type]

    # -- reading ---------------------------------------------------------

    @_locked
    def paper_ids(self) -> set[int]:
        """Every paper id that has a document in the index."""
        assert self._searcher is not None
        reader = self._searcher.reader()
        return {int(reader.stored_fields(docnum)["id"]) for docnum in reader.all_doc_ids()}

    @_locked
    def search(
        self,
        text: str,
        limit: int | None = 50,
        *,
        excluded: Collection[int] = (),
        only: Mapping[str, str] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> list[Match]:
        """Ranked matches for a query in the readinglist query language (QueryError if malformed).

        ``excluded`` papers (ids) are left out and ``only`` (field → value, e.g.
        ``{"status": "queued"}``) keeps the documents with those values, both
        before ranking: the ``limit`` best of the rest come back. A long search
        (every match of a phrase checked) asks ``cancelled`` between batches and
        raises ``SearchCancelled`` when it says so.
        """
        assert self._snapshot is not None
        parsed = self.parse(text)
        marks = marks_of(parsed)
        if only:
            parsed = query.And([parsed, *(query.Term(name, value) for name, value in only.items())])
        try:
            ranked = self._snapshot.top(parsed, limit, excluded, cancelled)
        except query.QueryError as error:  # a query Whoosh builds but cannot run; core.query should prevent it
            raise query_language.QueryError(f"this query cannot be searched: {error}") from None
        return [Match(paper_id, score, marks) for paper_id, score in ranked]

    @_locked
    def count(self, text: str, excluded: Iterable[int] = ()) -> int:
        """How many documents match a query, less the papers ``excluded``: no ranking, no stored fields read.

        What a saved search's live count needs, several times after every change (``search`` with
        no limit ranks and loads every hit: about ten times the work on a broad query).
        """
        assert self._snapshot is not None
        parsed = self.parse(text)
        try:
            return self._snapshot.count(parsed, excluded)
        except query.QueryError as error:
            raise query_language.QueryError(f"this query cannot be searched: {error}") from None

    def parse(self, text: str, *, expand_prefixes: bool = True) -> query.Query:
        """The Whoosh query for ``text`` in the readinglist query language (QueryError if malformed).

        A prefix becomes the words of the index it stands for, unless ``expand_prefixes`` is False.
        """
        if self._parser is None:
            raise query_language.QueryError("the search index is not open")
        try:
            parsed = self._parser.parse(query_language.translate(text))
        except NotImplementedError:  # how Whoosh fails on a "-word" inside an OR group
            raise query_language.QueryError("'-word' cannot be part of OR; use NOT word instead") from None
        return parsed.accept(self._capped_prefix) if expand_prefixes else parsed

    def _capped_prefix(self, node: query.Query) -> query.Query:
        """A prefix query as the PREFIX_TERMS most frequent words it stands for (from the word lists).

        Whoosh would score every word with the prefix: "re*" is thousands of
        posting lists at 100,000 papers (seconds per query). The words a person
        means are almost always among the most frequent ones. They choose
        papers but add nothing to the score (as a prefix query does in Lucene):
        the ranking comes from the words typed in full, so a top-k search need
        not read the postings of "model" to rank "diffusion mod".
        """
        if not isinstance(node, query.Prefix):
            return node
        assert self._searcher is not None
        leaves = [leaf.reader() for leaf, _offset in self._searcher.leaf_searchers()]
        frequent = self._word_lists.expand(leaves, node.fieldname, node.text, PREFIX_TERMS, PREFIX_SCAN)
        if not frequent:
            return query.NullQuery
        return query.Or([query.Term(node.fieldname, word) for word in frequent], boost=0.0)

    @_locked
    def similar(self, paper_id: int, text: str, limit: int = 10) -> list[Match]:
        """Papers whose words resemble ``text`` (the paper's title and abstract), best first."""
        assert self._snapshot is not None
        words = self._snapshot.key_words("text", text, SIMILAR_WORDS)
        if not words:
            return []
        ranked = self._snapshot.top(query.Or([query.Term("text", word) for word in words]), limit + 1)
        return [Match(paper, score, NO_MARKS) for paper, score in ranked if paper != paper_id][:limit]

    def highlight(self, text: str, terms: frozenset[str], fragments: int | None = 2, *, title: bool = False) -> str:
        """HTML of ``text`` with the search's ``terms`` (``Marks``) marked by ``<b>`` (the text is escaped).

        ``text`` is an abstract, or with ``title`` a title: ``title:`` words are
        marked only in titles, a phrase only where it occurs whole. With
        ``fragments`` a few short passages around the matches; with None the
        whole text (for a detail view), even when nothing in it matches.
        """
        if not text:
            return ""
        marks = as_marks(terms)
        marked = marks.in_title() if title else marks.in_abstract()
        if not marked:
            return "" if fragments else html.escape(text)
        return mark(text, marked, fragments) or ("" if fragments else html.escape(text))
