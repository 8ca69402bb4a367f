"""The full-text index (Whoosh): a derived cache of the database, rebuildable at any time.

Only ids are stored; titles and abstracts for display and highlighting come
from the database. Unqualified words search one combined ``text`` field, so a
word costs one posting list instead of one per field. One searcher stays open
and is refreshed after each commit: opening a new one per query is what makes
naive Whoosh slow on large libraries.
"""

from __future__ import annotations

import functools
import html
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from whoosh import fields, highlight, index, qparser
from whoosh.analysis import SimpleAnalyzer, StemmingAnalyzer
from whoosh.searching import Searcher

from readinglist.core import query as query_language

T = TypeVar("T")

# Bump when the schema or analysis changes: an index of another format is rebuilt.
INDEX_FORMAT = "1"
_FORMAT_FILE = "READINGLIST_FORMAT"
_WRITER_LOCK_TIMEOUT_S = 10.0
HIGHLIGHT_FIELDS = ("text", "title", "abstract")


def _schema() -> fields.Schema:
    stem = StemmingAnalyzer()
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        text=fields.TEXT(analyzer=stem),
        title=fields.TEXT(analyzer=stem),
        abstract=fields.TEXT(analyzer=stem),
        note=fields.TEXT(analyzer=stem),
        org=fields.TEXT(analyzer=SimpleAnalyzer()),
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

    def fields(self) -> dict[str, object]:
        """The Whoosh document for this paper."""
        document: dict[str, object] = {
            "id": str(self.id),
            "text": "\n".join((self.title, self.abstract, " ".join(self.tags), self.note, self.org)),
            "title": self.title,
            "abstract": self.abstract,
            "note": self.note,
            "org": self.org,
            "tag": ",".join(self.tags),
            "status": self.status,
            "starred": "yes" if self.starred else "no",
        }
        if self.year is not None:
            document["year"] = self.year
        return document


@dataclass(frozen=True)
class Match:
    """One ranked search result; ``terms`` are the analysed words that matched, for highlighting."""

    paper_id: int
    score: float
    terms: frozenset[str]


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
        self._index: index.Index | None = None
        self._searcher: Searcher | None = None
        # Searches may run on one thread while another commits: the lock keeps a
        # commit from closing the searcher under a running query.
        self._lock = threading.RLock()
        self._parser: qparser.QueryParser | None = None

    # -- lifecycle -------------------------------------------------------

    def open(self) -> bool:
        """Open the index, creating it when absent, stale or unreadable.

        Returns True when the index was (re)created empty, so the caller knows
        every paper must be indexed again.
        """
        if self._readable():
            self._index = index.open_dir(str(self.folder))
            self._after_open()
            return False
        self.recreate()
        return True

    def _readable(self) -> bool:
        format_file = self.folder / _FORMAT_FILE
        if not format_file.is_file() or format_file.read_text().strip() != INDEX_FORMAT:
            return False
        try:
            with index.open_dir(str(self.folder)).searcher() as searcher:
                searcher.doc_count()
        except Exception:  # noqa: BLE001 - any damage means: rebuild from the database
            return False
        return True

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
        self._searcher = self._index.searcher()
        parser = qparser.QueryParser("text", self._index.schema)
        parser.add_plugin(qparser.PlusMinusPlugin())
        parser.add_plugin(qparser.GtLtPlugin())
        self._parser = parser

    @_locked
    def close(self) -> None:
        """Release the searcher's files."""
        if self._searcher is not None:
            self._searcher.close()
        self._searcher = None
        self._index = None

    # -- writing ---------------------------------------------------------

    def write(self, docs: Iterable[IndexDoc], deleted_ids: Iterable[int] = ()) -> int:
        """Add or replace ``docs`` and drop ``deleted_ids`` in one commit; returns docs written."""
        assert self._index is not None, "open() the index first"
        writer = self._index.writer(timeout=_WRITER_LOCK_TIMEOUT_S)
        written = 0
        try:
            for paper_id in deleted_ids:
                writer.delete_by_term("id", str(paper_id))
            for doc in docs:
                writer.update_document(**doc.fields())
                written += 1
        except BaseException:
            writer.cancel()
            raise
        writer.commit()
        self.reload()
        return written

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
        self._searcher = self._index.searcher()

    # -- reading ---------------------------------------------------------

    @_locked
    def paper_ids(self) -> set[int]:
        """Every paper id that has a document in the index."""
        assert self._searcher is not None
        reader = self._searcher.reader()
        return {int(reader.stored_fields(docnum)["id"]) for docnum in reader.all_doc_ids()}

    @_locked
    def search(self, text: str, limit: int | None = 50) -> list[Match]:
        """Ranked matches for a query in the readinglist query language (QueryError if malformed)."""
        assert self._searcher is not None and self._parser is not None
        parsed = self._parser.parse(query_language.translate(text))
        results = self._searcher.search(parsed, limit=limit, terms=True)
        terms = frozenset(
            word.decode() if isinstance(word, bytes) else word
            for field, word in (results.query_terms(expand=True) if results.has_matched_terms() else ())
            if field in HIGHLIGHT_FIELDS
        )
        return [Match(int(hit["id"]), hit.score, terms) for hit in results]

    @_locked
    def similar(self, paper_id: int, text: str, limit: int = 10) -> list[Match]:
        """Papers whose words resemble ``text`` (the paper's title and abstract), best first."""
        assert self._searcher is not None
        docnum = self._searcher.document_number(id=str(paper_id))
        if docnum is None:
            return []
        results = self._searcher.more_like(docnum, "text", text=text, top=limit + 1)
        return [Match(int(hit["id"]), hit.score, frozenset()) for hit in results if int(hit["id"]) != paper_id][:limit]

    def highlight(self, text: str, terms: frozenset[str], fragments: int | None = 2) -> str:
        """HTML of ``text`` with ``terms`` marked by ``<b>`` (the text is escaped).

        With ``fragments`` a few short passages around the matches; with None the
        whole text (for a detail view), even when nothing in it matches.
        """
        if not text:
            return ""
        if not terms:
            return "" if fragments else html.escape(text)
        analyzer = self._index.schema["text"].analyzer if self._index else StemmingAnalyzer()
        fragmenter = highlight.WholeFragmenter() if fragments is None else highlight.ContextFragmenter(200, 40)
        marked = highlight.highlight(
            text, terms, analyzer, fragmenter, _BoldFormatter(tagname="b", between=" … "), top=fragments or 1
        )
        return marked or ("" if fragments else html.escape(text))


class _BoldFormatter(highlight.HtmlFormatter):
    """Marks matches with a bare ``<b>`` so every front end can style them its own way."""

    template = "<%(tag)s>%(t)s</%(tag)s>"
