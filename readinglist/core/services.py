"""The library's use cases: every read and every change goes through ``Library``.

This module opens a library and answers reads and searches; the changes come
from ``changing.ChangeMethods``, the index upkeep from ``outbox``.

Each change runs in one database transaction that also marks the touched
papers "to index" (through ``outbox``); the search index catches up
afterwards (``sync_index``), taking what the outbox says is pending.
Changes return a ``Changes`` value naming what moved and what it was before,
which is what views refresh from and what undo restores.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy.exc import OperationalError
from sqlmodel import col, select

from readinglist.core import importing, outbox, reading, unindexed
from readinglist.core.changing import ChangeMethods
from readinglist.core.errors import IndexUnavailableError as IndexUnavailableError
from readinglist.core.errors import NotFoundError as NotFoundError
from readinglist.core.errors import ReadOnlyLibraryError as ReadOnlyLibraryError
from readinglist.core.errors import SearchCancelled as SearchCancelled
from readinglist.core.highlights import marks_of
from readinglist.core.hub.methods import HubMethods
from readinglist.core.index import SearchIndex
from readinglist.core.lists import ALL_PAPERS, PaperFilter, filtered, sort_order
from readinglist.core.migrations import SCHEMA_VERSION, SchemaError, inspect_file, migrate
from readinglist.core.models import (
    PAPER_ID,
    ImportBatch,
    Paper,
    PaperSource,
    PaperTag,
    ReadStatus,
    Tag,
)
from readinglist.core.outbox import CheckReport
from readinglist.core.records import PaperRecord, PaperRow, SearchResult
from readinglist.core.saved_searches import SavedSearchMethods
from readinglist.core.stats import WEEKS, LibraryStats, library_stats
from readinglist.core.store import (
    can_write,
    integrity_check_due,
    integrity_problems,
    is_read_only_error,
    open_engine,
    record_integrity,
    transaction,
)

DB_FILE = "library.sqlite3"
INDEX_DIR = "index"

Progress = Callable[[int, int], None]  # (done, total)
_Row = TypeVar("_Row")
_Value = TypeVar("_Value")


def damaged_message(db_path: Path, problems: Sequence[str]) -> str:
    """What to tell the user about a database SQLite's integrity check finds damaged."""
    lines = [line for problem in problems for line in problem.splitlines() if not line.startswith("***")]
    first = lines[0] if lines else "unknown damage"
    if len(lines) > 1:
        first += f", and {len(lines) - 1} more problem(s)"
    return f"the library database {db_path} is damaged ({first})"


REPAIR_HINT = "run `readinglist repair` to recover it"
ASKED_READ_ONLY = "it was opened read-only"


def _read_only_note(reason: str) -> str:
    """Why a library is open read-only, what still works, and the way out when there is one."""
    if reason == ASKED_READ_ONLY:
        return reason
    hint = f"; {REPAIR_HINT}" if "damaged" in reason else ""
    return f"{reason}; it is open read-only, so list, search, show and export still work{hint}"


class Library(ChangeMethods, SavedSearchMethods, HubMethods):
    """One library folder: the SQLite database (the truth) and its search index."""

    def __init__(self, folder: Path, *, read_only: str | None = None) -> None:
        self.folder = folder
        self.db_path = folder / DB_FILE
        # Why the library is open read-only (damaged, read-only folder), or None when it can be changed.
        self.read_only = read_only
        self.engine = open_engine(self.db_path, read_only=read_only is not None)
        self.index = SearchIndex(folder / INDEX_DIR)
        self.index.texts = functools.partial(outbox.index_texts, self.engine)  # where phrases are checked
        self.index_problem: str | None = None  # what is wrong with the search index, when something is
        self._index_ready = False  # whether searches can be answered
        self._checked_sound = False  # opened for writing after a sound (or recorded) integrity check

    @classmethod
    def open(cls, folder: Path, *, sync: bool = True, read_only: bool = False) -> Library:
        """Open (creating if needed) the library in ``folder`` and repair a stale index.

        Nothing is written before the file is known to be a sound readinglist
        library: another program's database is refused (NotALibraryError), an
        unreadable schema version too (SchemaError). A damaged database (SQLite's
        quick_check) or a library in a read-only folder is opened read-only: reads
        work, changes raise ReadOnlyLibraryError, ``read_only`` says why.
        """
        db_path = folder / DB_FILE
        reason = ASKED_READ_ONLY if read_only else None
        if reason is None and not folder.exists():
            folder.mkdir(parents=True)
        if reason is None and not can_write(folder, db_path):
            reason = f"the library folder {folder} is read-only"
        if reason is None and db_path.exists() and db_path.stat().st_size > 0 and integrity_check_due(folder, db_path):
            problems = integrity_problems(db_path)
            if problems:
                reason = damaged_message(db_path, problems)
            else:
                record_integrity(folder, db_path)
        try:
            version = inspect_file(db_path)
        except sqlite3.DatabaseError:
            if reason is None or "damaged" not in reason:
                raise
            version = None  # too damaged to read the version: reads say what they can
        if reason is None:
            library = cls(folder)
            try:
                migrate(library.engine, library.db_path)
            except OperationalError as error:
                library.engine.dispose()
                if not is_read_only_error(error):
                    raise
                reason = f"the library in {folder} cannot be written ({error.orig})"
            else:
                library._checked_sound = True
                library._open_index(sync)
                return library
        if not db_path.exists():
            raise SchemaError(f"there is no library in {folder}, and none can be made there: {reason}")
        if version is not None and version < SCHEMA_VERSION:
            raise SchemaError(
                f"this library (schema version {version}) must be upgraded to version {SCHEMA_VERSION}, "
                f"which writes to it, but {reason}" + (f"; {REPAIR_HINT}" if "damaged" in reason else "")
            )
        library = cls(folder, read_only=_read_only_note(reason))
        library._open_index(sync=False)
        return library

    def _open_index(self, sync: bool) -> None:
        """Open the search index (rebuilding a stale one when the library can be written); sync with ``sync``.

        An index that cannot be opened or written leaves the library usable: the
        database keeps every change and marks it "to index" (see ``outbox``).
        """
        try:
            fresh = self.index.open()
        except OSError as error:
            self.index_problem = self._index_message(error)
            return
        if fresh and self.read_only is not None:
            self.index_problem = f"searching needs the search index, which cannot be rebuilt now: {self.read_only}"
            return
        self._index_ready = True
        if fresh:
            outbox.mark_all(self.engine)
        if sync:
            try:
                self.sync_index()
            except IndexUnavailableError as error:
                self.index_problem = str(error)

    def _index_message(self, error: OSError) -> str:
        return (
            f"the search index in {self.index.folder} cannot be written ({error.strerror or error}); "
            "every change is kept in the database: make that folder writable, then run `readinglist reindex`"
        )

    def _writable(self) -> None:
        """Raise ReadOnlyLibraryError when the library is open read-only."""
        if self.read_only is not None:
            raise ReadOnlyLibraryError(f"cannot change the library: {self.read_only}")

    def _searchable(self) -> None:
        """Raise IndexUnavailableError when searches cannot be answered (the index did not open)."""
        if not self._index_ready:
            raise IndexUnavailableError(self.index_problem or "the search index is not open")

    def close(self) -> None:
        """Release the index and the database connections."""
        self.index.close()
        self.engine.dispose()
        if self._checked_sound:
            record_integrity(self.folder, self.db_path)  # sound at open; what this process wrote since is too

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- importing -------------------------------------------------------

    def import_paths(
        self,
        paths: Sequence[Path],
        on_file: Callable[[importing.FileReport], None] | None = None,
        index_progress: Progress | None = None,
    ) -> list[importing.FileReport]:
        """Import files and folders (recursively), then index; one report per file, in order."""
        return self.import_files(importing.expand_paths(paths), on_file, index_progress)

    def import_files(
        self,
        files: Sequence[Path],
        on_file: Callable[[importing.FileReport], None] | None = None,
        index_progress: Progress | None = None,
    ) -> list[importing.FileReport]:
        """Import ``files`` (already expanded, see ``importing.expand_paths``), then index."""
        self._writable()
        reports = importing.import_files(self.engine, files, on_file)
        self.sync_index(index_progress)
        return reports

    def import_text(self, text: str, name: str, syntax: str | None = None) -> importing.FileReport:
        """Import pasted page text (or standard input) as a batch called ``name``.

        ``syntax``: "html" when the text is known to be HTML (a browser's clipboard flavour).
        """
        self._writable()
        report = importing.import_text(self.engine, text, name, syntax)
        self.sync_index()
        return report

    # -- reading ---------------------------------------------------------

    def resolve(self, reference: str) -> int:
        """The paper id for ``reference``: a library id or an arXiv id."""
        with transaction(self.engine) as session:
            if reference.isdigit() and session.get(Paper, int(reference)) is not None:
                return int(reference)
            found = session.exec(select(Paper.id).where(Paper.arxiv_id == reference)).first()
        if found is None:
            raise NotFoundError(f"no paper with id or arXiv id {reference!r}")
        return found

    def get(self, paper_id: int) -> PaperRecord:
        """The full record of one paper (NotFoundError when there is none)."""
        records = self.records([paper_id])
        if not records:
            raise NotFoundError(f"no paper with id {paper_id}")
        return records[0]

    def records(self, paper_ids: Sequence[int]) -> list[PaperRecord]:
        """Full records for ``paper_ids``, in that order (unknown ids are left out)."""
        with transaction(self.engine) as session:
            return reading.load_records(session, paper_ids)

    def rows(self, paper_ids: Sequence[int]) -> list[PaperRow]:
        """List rows for ``paper_ids``, in that order: the cheap read a table page needs."""
        ids = list(paper_ids)
        names = [f.name for f in fields(PaperRow) if f.name != "tags"]
        columns = [getattr(Paper, name) for name in names]
        with transaction(self.engine) as session:
            found: dict[int, Sequence[Any]] = {
                row[0]: row for row in session.exec(select(*columns).where(col(Paper.id).in_(ids)))
            }
            tags = reading.tags_of(session, found)
        return [
            PaperRow(**dict(zip(names, found[pid], strict=True)), tags=tuple(tags[pid])) for pid in ids if pid in found
        ]

    def paper_ids(
        self,
        where: PaperFilter = ALL_PAPERS,
        sort: str = "added",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        """Ids of the papers ``where`` selects, sorted by the database, one page at a time."""
        statement = filtered(select(PAPER_ID), where).order_by(*sort_order(sort, descending))
        statement = statement.offset(offset).limit(limit)
        # A Core round trip: no ORM row processing for what can be 100,000 ints.
        with self.engine.connect() as connection:
            return list(connection.execute(statement).scalars())

    def count(self, where: PaperFilter = ALL_PAPERS) -> int:
        """How many papers ``where`` selects."""
        with transaction(self.engine) as session:
            statement = filtered(select(func.count()).select_from(Paper), where)
            return session.exec(statement).one()

    def status_counts(self) -> dict[str, int]:
        """How many papers have each read status (every status present, zeros included)."""
        statement = select(Paper.status, func.count()).where(col(Paper.trashed_at).is_(None)).group_by(Paper.status)
        with transaction(self.engine) as session:
            counts = dict(session.exec(statement).all())
        return {status.value: counts.get(status.value, 0) for status in ReadStatus}

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with the number of papers carrying it, by name."""
        statement = (
            select(Tag.name, func.count(col(Paper.id)))
            .select_from(Tag)
            .join(PaperTag, isouter=True)
            .join(Paper, (col(Paper.id) == PaperTag.paper_id) & col(Paper.trashed_at).is_(None), isouter=True)
            .group_by(col(Tag.id))
            .order_by(col(Tag.key))
        )
        with transaction(self.engine) as session:
            return [(name, count) for name, count in session.exec(statement)]

    def stats(self, now: datetime | None = None, weeks: int = WEEKS) -> LibraryStats:
        """Reading statistics as of ``now``: statuses, reads per week, backlog, top tags and orgs, oldest unread."""
        return library_stats(self.engine, now, weeks)

    def batches(self) -> list[ImportBatch]:
        """Every import batch, oldest first."""
        with transaction(self.engine) as session:
            return list(session.exec(select(ImportBatch).order_by(col(ImportBatch.id))))

    def batch_counts(self) -> dict[int, int]:
        """Per import batch, how many of the papers it listed its list shows now (the Trash's left out)."""
        statement = (
            select(PaperSource.batch_id, func.count())
            .join(Paper, col(Paper.id) == PaperSource.paper_id)
            .where(col(Paper.trashed_at).is_(None))
            .group_by(col(PaperSource.batch_id))
        )
        with transaction(self.engine) as session:
            return dict(session.exec(statement).all())

    def search(self, query: str, limit: int | None = 50) -> list[SearchResult]:
        """Ranked papers for ``query`` (QueryError when malformed), with highlighted snippets."""
        self._searchable()
        trashed = self.trashed_ids()
        pending = self.pending.find(query)
        matches = self.index.search(query, limit, excluded=trashed | pending.stale)
        scores = {m.paper_id: m.score for m in matches}
        terms = matches[0].terms if matches else marks_of(unindexed.parse(self.index, query))
        ids = ([m.paper_id for m in matches] + [pid for pid in pending.matches if pid not in trashed])[:limit]
        records = {r.id: r for r in self.records(ids)}
        return [
            SearchResult(paper, scores.get(pid, 0.0), self._snippet(paper, terms))
            for pid in ids
            if (paper := records.get(pid))
        ]

    def _snippet(self, paper: PaperRecord, terms: frozenset[str]) -> str:
        """Passages of the abstract where ``terms`` occur, or else of the AI summary."""
        abstract = self.index.highlight(paper.abstract or "", terms)
        return abstract or self.index.highlight(paper.ai_summary or "", terms)

    def search_ids(
        self,
        query: str,
        where: PaperFilter = ALL_PAPERS,
        limit: int | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> tuple[list[int], frozenset[str]]:
        """Ids matching ``query`` within ``where``, best first, and what to mark in them (``Marks``, by field).

        A long search asks ``cancelled`` now and then and raises ``SearchCancelled`` when it says so.
        """
        self._searchable()
        only = where.index_terms()
        pending = self.pending.find(query)
        if only is not None:  # the list's papers are chosen in the index, before ranking: top-k stays top-k
            matches = self.index.search(
                query, limit, excluded=self.trashed_ids() | pending.stale, only=only, cancelled=cancelled
            )
            ids = [m.paper_id for m in matches] + self._kept(pending.matches, where)
            return ids[:limit], matches[0].terms if matches else frozenset()
        # A batch, the Trash: the database chooses among every match.
        matches = self.index.search(query, None, cancelled=cancelled)
        ranked = unindexed.merge([m.paper_id for m in matches], pending)
        return self._kept(ranked, where)[:limit], matches[0].terms if matches else frozenset()

    def _kept(self, ranked: Sequence[int], where: PaperFilter) -> list[int]:
        """``ranked`` (in order) less the papers ``where`` does not select."""
        with transaction(self.engine) as session:
            kept: set[int] = set()
            for start in range(0, len(ranked), 900):  # stays under SQLite's bound-parameter limit
                chunk = ranked[start : start + 900]
                kept.update(session.exec(filtered(select(PAPER_ID).where(PAPER_ID.in_(chunk)), where)))
        return [pid for pid in ranked if pid in kept]

    def mark_terms(self, text: str, terms: frozenset[str], *, title: bool = False) -> str:
        """All of ``text`` (an abstract; with ``title`` a title) as HTML, the search's words marked by ``<b>``."""
        return self.index.highlight(text, terms, fragments=None, title=title)

    def similar(self, paper_id: int, limit: int = 10) -> list[PaperRecord]:
        """Papers most like ``paper_id`` by the words of their titles and abstracts."""
        self._searchable()
        paper = self.get(paper_id)
        matches = self.index.similar(paper_id, f"{paper.title}\n{paper.abstract or ''}", limit)
        return self.records(self.without_trashed([m.paper_id for m in matches]))

    # -- the index (the outbox owns it) ------------------------------------

    def pending_index_count(self) -> int:
        """Papers whose search document is missing or stale."""
        with transaction(self.engine) as session:
            return outbox.pending_count(session)

    def index_work_pending(self) -> bool:
        """Whether the index has papers to (re)index or documents to drop."""
        return outbox.pending_work(self.engine)

    def sync_index(self, progress: Progress | None = None) -> int:
        """Bring the index up to date with the database; returns papers indexed.

        Nothing to do on a read-only library (its outbox cannot be emptied).
        IndexUnavailableError when the index cannot be written: the changes stay
        marked "to index" in the database.
        """
        if self.read_only is not None:
            return 0
        if not self._index_ready:
            raise IndexUnavailableError(self.index_problem or "the search index is not open")
        try:
            return outbox.sync(self.engine, self.index, progress)
        except OSError as error:
            self.index_problem = self._index_message(error)
            raise IndexUnavailableError(self.index_problem) from error

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the database; returns papers indexed."""
        self._writable()
        try:
            done = outbox.reindex(self.engine, self.index, progress)
        except OSError as error:
            self.index_problem = self._index_message(error)
            raise IndexUnavailableError(self.index_problem) from error
        self._index_ready = True
        return done

    def check(self, repair: bool = True) -> CheckReport:
        """Compare the database with the index; with ``repair``, fix what differs."""
        if repair:
            self._writable()
        self._searchable()
        try:
            return outbox.check(self.engine, self.index, repair)
        except OSError as error:
            self.index_problem = self._index_message(error)
            raise IndexUnavailableError(self.index_problem) from error

    # -- export ----------------------------------------------------------

    def iter_records(self, paper_ids: Sequence[int], chunk: int = 500) -> Iterator[PaperRecord]:
        """Full records for many papers, loaded a chunk at a time."""
        for start in range(0, len(paper_ids), chunk):
            yield from self.records(paper_ids[start : start + chunk])
