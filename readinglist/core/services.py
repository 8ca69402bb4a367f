"""The library's use cases: every read and every change goes through ``Library``.

Each change runs in one database transaction that also marks the touched
papers "to index" (through ``outbox``); the search index catches up
afterwards (``sync_index``), taking what the outbox says is pending.
Changes return a ``Changes`` value naming what moved and what it was before,
which is what views refresh from and what undo restores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Mapped
from sqlmodel import Session, col, delete, select
from sqlmodel.sql.expression import SelectOfScalar

from readinglist.core import batches, importing, outbox
from readinglist.core.batches import BatchSnapshot
from readinglist.core.index import IndexDoc, SearchIndex
from readinglist.core.migrations import migrate
from readinglist.core.models import (
    BATCH_ID,
    PAPER_ID,
    ImportBatch,
    Note,
    Paper,
    PaperSource,
    PaperTag,
    ReadStatus,
    Tag,
    utcnow,
)
from readinglist.core.records import Changes, PaperRecord, PaperRow, SearchResult, Source
from readinglist.core.stats import WEEKS, LibraryStats, library_stats
from readinglist.core.store import open_engine, transaction
from readinglist.core.tagging import clean_tag_names, ensure_tags, tag_key
from readinglist.core.worker import WorkerProcess

DB_FILE = "library.sqlite3"
INDEX_DIR = "index"
INDEX_BATCH = 1000  # papers read from the database per step while indexing: bounds memory, moves progress

Progress = Callable[[int, int], None]  # (done, total)
_Row = TypeVar("_Row")

SORT_COLUMNS: dict[str, Mapped[Any]] = {
    "added": col(Paper.added_at),
    "published": col(Paper.published),
    "title": col(Paper.title_key),
    "upvotes": col(Paper.upvotes),
    "comments": col(Paper.comments),
    "status": col(Paper.status),
    "starred": col(Paper.starred),
    "authors": col(Paper.authors_count),
    "org": col(Paper.org),
    "id": col(Paper.id),
}


class NotFoundError(LookupError):
    """No paper matches the id or arXiv id the user gave."""


@dataclass(frozen=True)
class PaperFilter:
    """Which papers a list shows; None means "any"."""

    status: ReadStatus | None = None
    tag: str | None = None
    starred: bool | None = None
    batch_id: int | None = None


@dataclass(frozen=True)
class CheckReport:
    """How the database and the index compared, and what was repaired."""

    papers: int
    indexed: int
    missing: int  # papers with no index document
    extra: int  # index documents with no paper
    pending: int  # papers marked "to index"

    @property
    def agree(self) -> bool:
        """True when every paper is indexed, up to date, and nothing else is."""
        return not (self.missing or self.extra or self.pending)


class Library:
    """One library folder: the SQLite database (the truth) and its search index."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db_path = folder / DB_FILE
        self.engine = open_engine(self.db_path)
        self.index = SearchIndex(folder / INDEX_DIR)
        self._worker: WorkerProcess | None = None  # long work in a child process, when set

    @classmethod
    def open(cls, folder: Path, *, sync: bool = True) -> Library:
        """Open (creating if needed) the library in ``folder`` and repair a stale index."""
        folder.mkdir(parents=True, exist_ok=True)
        library = cls(folder)
        migrate(library.engine, library.db_path)
        if library.index.open():
            library._mark_all_for_index()
        if sync:
            library.sync_index()
        return library

    def close(self) -> None:
        """Stop the indexing process, release the index and the database connections."""
        if self._worker is not None:
            self._worker.close()
            self._worker = None
        self.index.close()
        self.engine.dispose()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- long work in a child process -------------------------------------

    def use_worker_process(self) -> None:
        """Do imports and indexing in a child process from now on.

        For the desktop app: that work then never competes with the GUI thread
        for the interpreter lock. Quick changes (status, tags, notes) stay here.
        """
        if self._worker is None:
            self._worker = WorkerProcess(self.folder)

    @property
    def worker_pid(self) -> int | None:
        """The process id of the worker process, if one is in use."""
        return self._worker.pid if self._worker is not None else None

    def _in_worker(
        self,
        command: str,
        *args: object,
        progress: Progress | None = None,
        on_file: Callable[[importing.FileReport], None] | None = None,
    ) -> Any:
        assert self._worker is not None
        try:
            return self._worker.run(command, *args, progress=progress, on_file=on_file)
        finally:
            self.index.reload()  # serve what the child committed, even if it stopped early

    # -- importing -------------------------------------------------------

    def import_paths(
        self,
        paths: Sequence[Path],
        on_file: Callable[[importing.FileReport], None] | None = None,
        index_progress: Progress | None = None,
    ) -> list[importing.FileReport]:
        """Import files and folders (recursively), then index; one report per file, in order."""
        if self._worker is not None:
            reports: list[importing.FileReport] = self._in_worker(
                "import_paths", list(paths), on_file=on_file, progress=index_progress
            )
            return reports
        reports = importing.import_files(self.engine, importing.expand_paths(paths), on_file)
        self.sync_index(index_progress)
        return reports

    def import_text(self, text: str, name: str, syntax: str | None = None) -> importing.FileReport:
        """Import pasted page text (or standard input) as a batch called ``name``.

        ``syntax``: "html" when the text is known to be HTML (a browser's clipboard flavour).
        """
        if self._worker is not None:
            report: importing.FileReport = self._in_worker("import_text", text, name, syntax)
            return report
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
            return _load_records(session, paper_ids)

    def rows(self, paper_ids: Sequence[int]) -> list[PaperRow]:
        """List rows for ``paper_ids``, in that order: the cheap read a table page needs."""
        ids = list(paper_ids)
        names = [f.name for f in fields(PaperRow) if f.name != "tags"]
        columns = [getattr(Paper, name) for name in names]
        with transaction(self.engine) as session:
            found: dict[int, Sequence[Any]] = {
                row[0]: row for row in session.exec(select(*columns).where(col(Paper.id).in_(ids)))
            }
            tags = _tags_of(session, found)
        return [
            PaperRow(**dict(zip(names, found[pid], strict=True)), tags=tuple(tags[pid])) for pid in ids if pid in found
        ]

    def paper_ids(
        self,
        where: PaperFilter = PaperFilter(),
        sort: str = "added",
        descending: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[int]:
        """Ids of the papers ``where`` selects, sorted by the database, one page at a time."""
        column = SORT_COLUMNS[sort]
        order = column.desc() if descending else column.asc()
        tiebreak = PAPER_ID.desc() if descending else PAPER_ID.asc()
        statement = _filtered(select(PAPER_ID), where).order_by(order, tiebreak)
        statement = statement.offset(offset).limit(limit)
        # A Core round trip: no ORM row processing for what can be 100,000 ints.
        with self.engine.connect() as connection:
            return list(connection.execute(statement).scalars())

    def count(self, where: PaperFilter = PaperFilter()) -> int:
        """How many papers ``where`` selects."""
        with transaction(self.engine) as session:
            statement = _filtered(select(func.count()).select_from(Paper), where)
            return session.exec(statement).one()

    def status_counts(self) -> dict[str, int]:
        """How many papers have each read status (every status present, zeros included)."""
        statement = select(Paper.status, func.count()).group_by(Paper.status)
        with transaction(self.engine) as session:
            counts = dict(session.exec(statement).all())
        return {status.value: counts.get(status.value, 0) for status in ReadStatus}

    def tag_counts(self) -> list[tuple[str, int]]:
        """Every tag with the number of papers carrying it, by name."""
        statement = (
            select(Tag.name, func.count(col(PaperTag.paper_id)))
            .join(PaperTag, isouter=True)
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

    def search(self, query: str, limit: int | None = 50) -> list[SearchResult]:
        """Ranked papers for ``query`` (QueryError when malformed), with highlighted snippets."""
        matches = self.index.search(query, limit)
        records = {r.id: r for r in self.records([m.paper_id for m in matches])}
        return [
            SearchResult(paper, m.score, self._snippet(paper, m.terms))
            for m in matches
            if (paper := records.get(m.paper_id))
        ]

    def _snippet(self, paper: PaperRecord, terms: frozenset[str]) -> str:
        """Passages of the abstract where ``terms`` occur, or else of the AI summary."""
        abstract = self.index.highlight(paper.abstract or "", terms)
        return abstract or self.index.highlight(paper.ai_summary or "", terms)

    def search_ids(
        self, query: str, where: PaperFilter = PaperFilter(), limit: int | None = None
    ) -> tuple[list[int], frozenset[str]]:
        """Ids matching ``query`` within ``where``, best first, and the matched words for highlighting."""
        matches = self.index.search(query, limit)
        terms = matches[0].terms if matches else frozenset()
        ranked = [m.paper_id for m in matches]
        if where == PaperFilter():
            return ranked, terms
        with transaction(self.engine) as session:
            kept: set[int] = set()
            for start in range(0, len(ranked), 900):  # stays under SQLite's bound-parameter limit
                chunk = ranked[start : start + 900]
                kept.update(session.exec(_filtered(select(PAPER_ID).where(PAPER_ID.in_(chunk)), where)))
        return [pid for pid in ranked if pid in kept], terms

    def mark_terms(self, text: str, terms: frozenset[str]) -> str:
        """The whole of ``text`` as HTML with the searched words marked by ``<b>``."""
        return self.index.highlight(text, terms, fragments=None)

    def similar(self, paper_id: int, limit: int = 10) -> list[PaperRecord]:
        """Papers most like ``paper_id`` by the words of their titles and abstracts."""
        paper = self.get(paper_id)
        matches = self.index.similar(paper_id, f"{paper.title}\n{paper.abstract or ''}", limit)
        return self.records([m.paper_id for m in matches])

    # -- changing --------------------------------------------------------

    def set_status(self, paper_ids: Iterable[int], status: ReadStatus) -> Changes:
        """Give every paper in ``paper_ids`` the read status ``status``."""
        return self._set_column(paper_ids, "status", status.value, status_changed_at=utcnow())

    def set_starred(self, paper_ids: Iterable[int], starred: bool) -> Changes:
        """Star or unstar every paper in ``paper_ids``."""
        return self._set_column(paper_ids, "starred", starred)

    def toggle_starred(self, paper_ids: Iterable[int]) -> Changes:
        """Star the papers, or unstar them all when every one of them has a star already."""
        ids = list(paper_ids)
        with transaction(self.engine) as session:
            stars = list(session.exec(select(Paper.starred).where(col(Paper.id).in_(ids))))
        return self.set_starred(ids, not (stars and all(stars)))

    def _set_column(self, paper_ids: Iterable[int], name: str, value: object, **also: object) -> Changes:
        column = getattr(Paper, name)
        with transaction(self.engine) as session:
            before = dict(session.exec(select(PAPER_ID, column).where(col(Paper.id).in_(list(paper_ids)))).all())
            changed = [pid for pid, old in before.items() if old != value]
            _touch(session, changed, **{name: value}, **also)
        return Changes(papers=frozenset(changed), what=name, previous={pid: before[pid] for pid in changed})

    def add_tags(self, paper_ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Put the tags ``names`` on every paper in ``paper_ids`` (creating new tags)."""
        wanted = clean_tag_names(names)
        with transaction(self.engine) as session:
            before = _tags_of(session, paper_ids)
            tag_ids = ensure_tags(session, wanted)
            changed = []
            for pid, current in before.items():
                missing = [tag_ids[tag_key(n)] for n in wanted if tag_key(n) not in map(tag_key, current)]
                session.add_all(PaperTag(paper_id=pid, tag_id=tid) for tid in missing)
                if missing:
                    changed.append(pid)
            _touch(session, changed)
        return Changes(papers=frozenset(changed), what="tags", tags=True, previous={p: before[p] for p in changed})

    def remove_tags(self, paper_ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Take the tags ``names`` off every paper in ``paper_ids``; unused tags disappear."""
        keys = {tag_key(n) for n in clean_tag_names(names)}
        with transaction(self.engine) as session:
            before = _tags_of(session, paper_ids)
            tag_ids = list(session.exec(select(Tag.id).where(col(Tag.key).in_(keys))))
            changed = [pid for pid, current in before.items() if keys & set(map(tag_key, current))]
            session.exec(delete(PaperTag).where(col(PaperTag.paper_id).in_(changed), col(PaperTag.tag_id).in_(tag_ids)))
            _drop_unused_tags(session)
            _touch(session, changed)
        return Changes(papers=frozenset(changed), what="tags", tags=True, previous={p: before[p] for p in changed})

    def set_tags(self, paper_id: int, names: Iterable[str]) -> Changes:
        """Make ``names`` exactly the tags of ``paper_id`` (what undo of a tag edit uses)."""
        wanted = clean_tag_names(names)
        with transaction(self.engine) as session:
            before = _tags_of(session, [paper_id])
            if paper_id not in before:
                raise NotFoundError(f"no paper with id {paper_id}")
            if {tag_key(n) for n in before[paper_id]} == {tag_key(n) for n in wanted}:
                return Changes()
            session.exec(delete(PaperTag).where(col(PaperTag.paper_id) == paper_id))
            tag_ids = ensure_tags(session, wanted)
            session.add_all(PaperTag(paper_id=paper_id, tag_id=tid) for tid in tag_ids.values())
            session.flush()
            _drop_unused_tags(session)
            _touch(session, [paper_id])
        return Changes(papers=frozenset([paper_id]), what="tags", tags=True, previous=before)

    def set_note(self, paper_id: int, body: str) -> Changes:
        """Replace the Markdown note of ``paper_id``; an empty body removes the note."""
        with transaction(self.engine) as session:
            if session.get(Paper, paper_id) is None:
                raise NotFoundError(f"no paper with id {paper_id}")
            note = session.get(Note, paper_id)
            previous = note.body if note else ""
            if previous == body:
                return Changes()
            if not body:
                session.delete(note)
            elif note:
                note.body, note.updated_at = body, utcnow()
            else:
                session.add(Note(paper_id=paper_id, body=body))
            _touch(session, [paper_id])
        return Changes(papers=frozenset([paper_id]), what="note", notes=True, previous={paper_id: previous})

    def remove_batch(self, batch_id: int) -> Changes:
        """Remove an import batch and the papers only it brought that the user never touched."""
        with transaction(self.engine) as session:
            snapshot = batches.remove_batch(session, batch_id)
        return Changes(
            papers=frozenset(snapshot.listed_ids), what="batch_removed", batches=True, previous={batch_id: snapshot}
        )

    def _put_back_batch(self, snapshot: BatchSnapshot) -> Changes:
        with transaction(self.engine) as session:
            batches.put_back(session, snapshot)
        batch_id = snapshot.batch["id"]
        return Changes(
            papers=frozenset(snapshot.listed_ids), what="batch_added", batches=True, previous={batch_id: None}
        )

    def restore(self, changes: Changes) -> Changes:
        """Put back what ``changes`` replaced (undo); returns the changes that makes (for redo)."""
        if changes.what == "batch_removed":
            (snapshot,) = changes.previous.values()
            assert isinstance(snapshot, BatchSnapshot)  # what remove_batch recorded
            return self._put_back_batch(snapshot)
        if changes.what == "batch_added":
            return self.remove_batch(*changes.previous)
        if changes.what in ("tags", "note"):
            setter = self.set_tags if changes.what == "tags" else self.set_note
            undone = [setter(pid, value) for pid, value in changes.previous.items()]  # type: ignore[arg-type]
            return _combined(changes.what, undone)
        groups: dict[object, list[int]] = defaultdict(list)
        for pid, value in changes.previous.items():
            groups[value].append(pid)
        if changes.what == "status":
            undone = [self.set_status(ids, ReadStatus(str(value))) for value, ids in groups.items()]
        elif changes.what == "starred":
            undone = [self.set_starred(ids, bool(value)) for value, ids in groups.items()]
        else:
            undone = []
        return _combined(changes.what, undone)

    # -- the index -------------------------------------------------------

    def pending_index_count(self) -> int:
        """Papers whose search document is missing or stale."""
        with transaction(self.engine) as session:
            return outbox.pending_count(session)

    def sync_index(self, progress: Progress | None = None) -> int:
        """Index every paper marked "to index", then clear the marks; returns papers indexed.

        Papers deleted from the database leave the index first.
        """
        if self._worker is not None:
            if not (self.pending_index_count() or self._pending_deletions()):
                return 0
            indexed: int = self._in_worker("sync", progress=progress)
            return indexed
        deleted = self._pending_deletions()
        pending = self._pending_index_marks()
        total = len(pending)
        if not (pending or deleted):
            return 0
        with self.index.writer(total) as writer:
            writer.delete(deleted)
            for start in range(0, total, INDEX_BATCH):
                batch = pending[start : start + INDEX_BATCH]
                with transaction(self.engine) as session:
                    writer.add(_index_docs(session, [pid for pid, _ in batch]))
                if progress:
                    progress(start + len(batch), total)
        with transaction(self.engine) as session:
            outbox.settle(session, pending, deleted)
        return total

    def _pending_index_marks(self) -> list[tuple[int, int]]:
        with transaction(self.engine) as session:
            return outbox.pending_papers(session)

    def _pending_deletions(self) -> set[int]:
        with transaction(self.engine) as session:
            return outbox.pending_deletions(session)

    def _mark_all_for_index(self) -> None:
        with transaction(self.engine) as session:
            outbox.mark_changed(session, None)

    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the index from the database; returns papers indexed."""
        if self._worker is not None:
            indexed: int = self._in_worker("reindex", progress=progress)
            return indexed
        self.index.recreate()
        self._mark_all_for_index()
        return self.sync_index(progress)

    def check(self, repair: bool = True) -> CheckReport:
        """Compare the database with the index; with ``repair``, fix what differs."""
        with transaction(self.engine) as session:
            paper_ids = set(session.exec(select(PAPER_ID)))
            pending = outbox.pending_count(session)
        indexed = self.index.paper_ids()
        missing, extra = paper_ids - indexed, indexed - paper_ids
        report = CheckReport(len(paper_ids), len(indexed), len(missing), len(extra), pending)
        if repair and not report.agree:
            with transaction(self.engine) as session:
                outbox.mark_changed(session, missing)
            self.index.write((), deleted_ids=extra)
            self.sync_index()
        return report

    # -- export ----------------------------------------------------------

    def iter_records(self, paper_ids: Sequence[int], chunk: int = 500) -> Iterator[PaperRecord]:
        """Full records for many papers, loaded a chunk at a time."""
        for start in range(0, len(paper_ids), chunk):
            yield from self.records(paper_ids[start : start + chunk])


def _combined(what: str, parts: list[Changes]) -> Changes:
    """One Changes value for several calls that changed the same field."""
    previous: dict[int, object] = {}
    for part in parts:
        previous.update(part.previous)
    return Changes(
        papers=frozenset(previous),
        what=what,
        tags=any(p.tags for p in parts),
        notes=any(p.notes for p in parts),
        previous=previous,
    )


# -- helpers over one session ---------------------------------------------


def _filtered(statement: SelectOfScalar[_Row], where: PaperFilter) -> SelectOfScalar[_Row]:
    """``statement`` (any select over Paper) narrowed to the papers ``where`` selects."""
    if where.status is not None:
        statement = statement.where(Paper.status == where.status.value)
    if where.starred is not None:
        statement = statement.where(Paper.starred == where.starred)
    if where.tag is not None:
        tagged = select(PaperTag.paper_id).join(Tag).where(Tag.key == tag_key(where.tag))
        statement = statement.where(col(Paper.id).in_(tagged))
    if where.batch_id is not None:
        listed = select(PaperSource.paper_id).where(PaperSource.batch_id == where.batch_id)
        statement = statement.where(col(Paper.id).in_(listed))
    return statement


def _touch(session: Session, paper_ids: Sequence[int], **values: object) -> None:
    """Apply ``values`` to the papers and mark them "to index", in the caller's transaction."""
    outbox.mark_changed(session, paper_ids, updated_at=utcnow(), **values)


def _tags_of(session: Session, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """Tag names per existing paper among ``paper_ids`` (papers without tags map to [])."""
    ids = list(paper_ids)
    result: dict[int, list[str]] = {pid: [] for pid in session.exec(select(PAPER_ID).where(PAPER_ID.in_(ids)))}
    rows = session.exec(
        select(PaperTag.paper_id, Tag.name).join(Tag).where(col(PaperTag.paper_id).in_(ids)).order_by(Tag.key)
    )
    for pid, name in rows:
        result[pid].append(name)
    return result


def _drop_unused_tags(session: Session) -> None:
    session.exec(delete(Tag).where(col(Tag.id).not_in(select(PaperTag.tag_id))))


def _load_records(session: Session, paper_ids: Sequence[int], with_sources: bool = True) -> list[PaperRecord]:
    ids = list(paper_ids)
    papers = {p.id: p for p in session.exec(select(Paper).where(col(Paper.id).in_(ids)))}
    tags = _tags_of(session, ids)
    notes = dict(session.exec(select(Note.paper_id, Note.body).where(col(Note.paper_id).in_(ids))).all())
    sources = _sources_of(session, ids) if with_sources else {}
    return [
        _record(papers[pid], tags.get(pid, []), notes.get(pid), sources.get(pid, [])) for pid in ids if pid in papers
    ]


def _sources_of(session: Session, ids: list[int]) -> dict[int, list[Source]]:
    sources: dict[int, list[Source]] = defaultdict(list)
    # Five columns: more than sqlmodel's typed select() takes, so a Core select on the session's connection.
    source_rows = session.connection().execute(
        sa_select(
            col(PaperSource.paper_id),
            BATCH_ID,
            col(ImportBatch.name),
            col(PaperSource.position),
            col(ImportBatch.imported_at),
        )
        .join(ImportBatch)
        .where(col(PaperSource.paper_id).in_(ids))
        .order_by(col(ImportBatch.imported_at), col(ImportBatch.id))
    )
    for pid, batch_id, name, position, imported_at in source_rows:
        sources[pid].append(Source(batch_id, name, position, imported_at))
    return sources


# The record's fields that come straight from the paper row.
_ROW_FIELDS = [f.name for f in fields(PaperRecord) if f.name not in {"tags", "note", "sources"}]


def _record(paper: Paper, tags: list[str], note: str | None, sources: list[Source]) -> PaperRecord:
    row = {name: getattr(paper, name) for name in _ROW_FIELDS}
    return PaperRecord(**row | {"links": list(paper.links or [])}, tags=tags, note=note, sources=sources)


def _index_docs(session: Session, paper_ids: list[int]) -> list[IndexDoc]:
    return [
        IndexDoc(
            id=r.id,
            title=r.title,
            abstract=r.abstract or "",
            ai_summary=r.ai_summary or "",
            tags=tuple(r.tags),
            note=r.note or "",
            org=r.org or "",
            status=r.status,
            starred=r.starred,
            year=r.published.year if r.published else None,
        )
        for r in _load_records(session, paper_ids, with_sources=False)
    ]
