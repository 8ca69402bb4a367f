"""The index outbox: what the search index still has to learn from the database.

The database is the source of truth and the search index follows it. Every
change that makes a search document stale records so here, in the same
transaction as the change itself, and the index sync reads what is pending
and clears it only after the index has committed. A crash in between leaves
the outbox as it was, and the next sync finishes the job.

Two kinds of entries:

- papers "to index": ``Paper.needs_index``, set with a bump of
  ``Paper.revision`` by ``mark_changed`` alone. The sync clears a mark only
  if the revision it indexed is still the current one, so a paper changed
  again while it was being indexed stays marked. (A paper is born marked, at
  revision 1: the model's defaults.)
- papers deleted from the database whose documents must leave the index:
  rows of the ``IndexDeletion`` table.

``sync`` and ``reindex`` are the ways entries leave the outbox; ``check``
repairs the index through ``sync``. Both read what to index while holding the
index's write lock, so two processes (an import and a rebuild, two imports)
take turns and neither writes what is older than the other's commit. One
that waits too long for the lock raises ``IndexBusy`` and clears nothing: the
next sync finishes its work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, bindparam, func, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, delete, select

from readinglist.core import reading
from readinglist.core.dumps.records import SEARCHED_FIELDS
from readinglist.core.index import IndexDoc, SearchIndex, Writer
from readinglist.core.models import PAPER_ID, IndexDeletion, Note, Paper, utcnow
from readinglist.core.store import transaction

INDEX_BATCH = 1000  # papers read from the database per step while indexing: bounds memory, moves progress

Progress = Callable[[int, int], None]  # (done, total)

# -- papers "to index" ----------------------------------------------------


def mark_changed(session: Session, paper_ids: Iterable[int] | None, **values: object) -> None:
    """Mark papers "to index" (and bump their revision), in the caller's transaction.

    ``values`` are other columns to set in the same statement (e.g. ``updated_at``).
    ``paper_ids`` None marks every paper: for an index that is new or was rebuilt.
    This is the only place that sets the mark.
    """
    statement = update(Paper).values(revision=col(Paper.revision) + 1, needs_index=True, **values)
    if paper_ids is not None:
        ids = list(paper_ids)
        if not ids:
            return
        statement = statement.where(col(Paper.id).in_(ids))
    session.connection().execute(statement)


def pending_count(session: Session) -> int:
    """How many papers are marked "to index"."""
    return session.exec(select(func.count()).where(Paper.needs_index)).one()


def pending_papers(session: Session) -> list[tuple[int, int]]:
    """(id, revision) of every paper marked "to index", by id."""
    statement = select(PAPER_ID, Paper.revision).where(Paper.needs_index).order_by(PAPER_ID)
    return [(pid, revision) for pid, revision in session.exec(statement)]


def clear_indexed(session: Session, indexed: Sequence[tuple[int, int]]) -> None:
    """The index has committed these (id, revision) pairs: clear the marks still at that revision.

    A paper changed again after it was read for indexing keeps its mark.
    """
    if not indexed:
        return
    statement = (
        update(Paper)
        .where(bindparam("pid") == PAPER_ID, col(Paper.revision) == bindparam("rev"))
        .values(needs_index=False)
    )
    session.connection().execute(statement, [{"pid": pid, "rev": rev} for pid, rev in indexed])


# -- deletions ------------------------------------------------------------


def queue_deletions(session: Session, paper_ids: Iterable[int]) -> None:
    """Remember papers whose search documents must go (done by the next index sync)."""
    queued = pending_deletions(session)
    now = utcnow()
    session.add_all(IndexDeletion(paper_id=pid, queued_at=now) for pid in set(paper_ids) - queued)
    session.flush()


def forget_deletions(session: Session, paper_ids: Iterable[int]) -> None:
    """The index has dropped these papers (or they are back): stop remembering them."""
    ids = list(paper_ids)
    if ids:
        session.exec(delete(IndexDeletion).where(col(IndexDeletion.paper_id).in_(ids)))


def pending_deletions(session: Session) -> set[int]:
    """Papers deleted from the database whose search documents may still be in the index."""
    return set(session.exec(select(IndexDeletion.paper_id)))


# -- after the index has committed -----------------------------------------


def settle(session: Session, indexed: Sequence[tuple[int, int]], deleted: Iterable[int]) -> None:
    """What one sync wrote is in the index: clear those marks and deletions, in the caller's transaction."""
    forget_deletions(session, deleted)
    clear_indexed(session, indexed)


# -- syncing the index -------------------------------------------------------


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


def pending_work(engine: Engine) -> bool:
    """Whether the index has papers to (re)index or documents to drop."""
    with transaction(engine) as session:
        return bool(pending_count(session) or pending_deletions(session))


def sync(engine: Engine, index: SearchIndex, progress: Progress | None = None) -> int:
    """Index every paper marked "to index", then clear the marks; returns papers indexed.

    Papers deleted from the database leave the index first. The marks and
    deletions are cleared only after the index has committed. What is pending
    is read once the index's write lock is held (``IndexBusy`` if another
    process keeps it too long): what another process indexed meanwhile is not
    indexed again.
    """
    with transaction(engine) as session:
        expected = pending_count(session)  # chooses the writer; the lock may find less to do
        if not (expected or pending_deletions(session)):
            return 0
    with index.writer(expected) as writer:
        with transaction(engine) as session:
            deleted = pending_deletions(session)
            pending = pending_papers(session)
        _write(engine, writer, pending, deleted, progress)
    with transaction(engine) as session:
        settle(session, pending, deleted)
    return len(pending)


def _write(
    engine: Engine, writer: Writer, papers: Sequence[tuple[int, int]], deleted: Iterable[int], progress: Progress | None
) -> None:
    """Drop ``deleted``, then write the documents of ``papers`` (id, revision), INDEX_BATCH at a time."""
    writer.delete(deleted)
    total = len(papers)
    for start in range(0, total, INDEX_BATCH):
        batch = papers[start : start + INDEX_BATCH]
        with transaction(engine) as session:
            writer.add(index_docs(session, [pid for pid, _ in batch]))
        if progress:
            progress(start + len(batch), total)


def mark_all(engine: Engine) -> None:
    """Mark every paper "to index": for an index that is new or rebuilt."""
    with transaction(engine) as session:
        mark_changed(session, None)


def reindex(engine: Engine, index: SearchIndex, progress: Progress | None = None) -> int:
    """Rebuild the index from the database; returns papers indexed.

    Every paper is read and written holding the index's write lock, and one
    commit replaces the old documents: searches (here and in other processes)
    use the old index until then, another process's index writer waits for
    it, and a rebuild that stops early (cancelled, ``IndexBusy``, a crash)
    leaves the old index and every mark as they were.
    """
    with transaction(engine) as session:
        expected = session.exec(select(func.count()).select_from(Paper)).one()
    with index.writer(expected, rebuild=True) as writer:
        with transaction(engine) as session:
            deleted = pending_deletions(session)  # the rebuild drops them with everything else
            papers = [
                (pid, revision) for pid, revision in session.exec(select(PAPER_ID, Paper.revision).order_by(PAPER_ID))
            ]
        _write(engine, writer, papers, (), progress)
    with transaction(engine) as session:
        settle(session, papers, deleted)
    return len(papers)


def check(engine: Engine, index: SearchIndex, repair: bool = True) -> CheckReport:
    """Compare the database with the index; with ``repair``, fix what differs."""
    with transaction(engine) as session:
        paper_ids = set(session.exec(select(PAPER_ID)))
        pending = pending_count(session)
    index.reload()  # what other processes committed, too
    indexed = index.paper_ids()
    missing, extra = paper_ids - indexed, indexed - paper_ids
    report = CheckReport(len(paper_ids), len(indexed), len(missing), len(extra), pending)
    if repair and not report.agree:
        with transaction(engine) as session:
            mark_changed(session, missing)
        index.write((), deleted_ids=extra)
        sync(engine, index)
    return report


def index_docs(session: Session, paper_ids: list[int]) -> list[IndexDoc]:
    return [
        IndexDoc(
            id=r.id,
            **{name: getattr(r, name) or "" for name in SEARCHED_FIELDS},
            tags=tuple(r.tags),
            note=r.note or "",
            status=r.status,
            starred=r.starred,
            year=r.published.year if r.published else None,
        )
        for r in reading.load_records(session, paper_ids, with_sources=False)
    ]


def index_texts(engine: Engine, paper_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """(title, the whole text the index reads) per paper: what a phrase is checked in.

    Only the columns the index reads (a phrase check reads a few dozen papers per search).
    """
    ids = list(paper_ids)
    columns = [col(getattr(Paper, name)) for name in SEARCHED_FIELDS]
    with transaction(engine) as session:
        tags = reading.tags_of(session, ids)
        notes = dict(session.exec(select(Note.paper_id, Note.body).where(col(Note.paper_id).in_(ids))).all())
        rows = session.connection().execute(sa_select(PAPER_ID, *columns).where(PAPER_ID.in_(ids)))
        texts: dict[int, tuple[str, str]] = {}
        for paper_id, title, *rest in rows:
            body = [part or "" for part in rest] + [" ".join(tags.get(paper_id, [])), notes.get(paper_id) or ""]
            texts[paper_id] = (title or "", "\n".join([title or "", *body]))
    return texts
