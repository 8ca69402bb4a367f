"""Removing an import batch, and putting a removed batch back (the undo of a removal).

Removing a batch deletes its provenance rows and the papers that only it
brought and that the user never touched (still "new", no star, no tags, no
note). Papers the user has worked on stay, whatever batch they came from.
What was deleted is returned as a snapshot of plain rows, so the removal can
be undone exactly, with the same ids, while the app runs.

The search index learns of deleted papers through the index outbox
(``readinglist.core.outbox``), written in the same transaction like the
"to index" marks: a crash before the index caught up leaves the entries,
and the next sync finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, delete, or_, select

from readinglist.core import outbox
from readinglist.core.models import PAPER_ID, ImportBatch, Note, Paper, PaperSource, PaperTag, ReadStatus


class BatchConflictError(ValueError):
    """A removed batch cannot be put back: its papers or ids are in use again."""


@dataclass(frozen=True)
class BatchSnapshot:
    """The rows a batch removal deleted, as plain values."""

    batch: dict[str, Any]
    sources: list[dict[str, Any]]
    papers: list[dict[str, Any]]

    @property
    def paper_ids(self) -> list[int]:
        """The papers the removal deleted."""
        return [paper["id"] for paper in self.papers]

    @property
    def listed_ids(self) -> list[int]:
        """Every paper the batch listed (deleted or kept)."""
        return [source["paper_id"] for source in self.sources]


def untouched_only_here(session: Session, batch_id: int) -> list[int]:
    """Papers listed by no batch but ``batch_id`` and never touched by the user."""
    listed = select(PaperSource.paper_id).where(PaperSource.batch_id == batch_id)
    elsewhere = select(PaperSource.paper_id).where(PaperSource.batch_id != batch_id)
    statement = select(PAPER_ID).where(
        col(Paper.id).in_(listed),
        col(Paper.id).not_in(elsewhere),
        Paper.status == ReadStatus.NEW.value,
        col(Paper.starred).is_(False),
        col(Paper.id).not_in(select(PaperTag.paper_id)),
        col(Paper.id).not_in(select(Note.paper_id)),
    )
    return list(session.exec(statement))


def remove_batch(session: Session, batch_id: int) -> BatchSnapshot:
    """Delete the batch, its provenance and its untouched papers, in the caller's transaction."""
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise LookupError(f"no import batch with id {batch_id}")
    doomed = untouched_only_here(session, batch_id)
    sources = list(session.exec(select(PaperSource).where(PaperSource.batch_id == batch_id)))
    papers = list(session.exec(select(Paper).where(col(Paper.id).in_(doomed))))
    snapshot = BatchSnapshot(
        batch=batch.model_dump(), sources=[s.model_dump() for s in sources], papers=[p.model_dump() for p in papers]
    )
    session.exec(delete(PaperSource).where(col(PaperSource.batch_id) == batch_id))
    session.exec(delete(Paper).where(col(Paper.id).in_(doomed)))
    session.exec(delete(ImportBatch).where(col(ImportBatch.id) == batch_id))
    outbox.queue_deletions(session, doomed)
    return snapshot


def put_back(session: Session, snapshot: BatchSnapshot) -> None:
    """Re-create what ``remove_batch`` deleted, with the same ids, in the caller's transaction."""
    _refuse_conflicts(session, snapshot)
    session.add(ImportBatch(**snapshot.batch))
    session.add_all(Paper(**paper) for paper in snapshot.papers)
    session.flush()
    session.add_all(PaperSource(**source) for source in snapshot.sources)
    outbox.mark_changed(session, snapshot.paper_ids)
    outbox.forget_deletions(session, snapshot.paper_ids)


def _refuse_conflicts(session: Session, snapshot: BatchSnapshot) -> None:
    ids = snapshot.paper_ids
    keys = [paper["title_key"] for paper in snapshot.papers]
    arxiv = [paper["arxiv_id"] for paper in snapshot.papers if paper["arxiv_id"]]
    taken = session.exec(
        select(func.count()).where(
            or_(col(Paper.id).in_(ids), col(Paper.title_key).in_(keys), col(Paper.arxiv_id).in_(arxiv))
        )
    ).one()
    batch_taken = session.get(ImportBatch, snapshot.batch["id"]) is not None or (
        session.exec(select(ImportBatch.id).where(ImportBatch.content_hash == snapshot.batch["content_hash"])).first()
        is not None  # the same file was imported again: one content hash is one batch
    )
    listed = [source["paper_id"] for source in snapshot.sources if source["paper_id"] not in set(ids)]
    kept = session.exec(select(func.count()).where(col(Paper.id).in_(listed))).one()
    if taken or batch_taken or kept != len(listed):
        raise BatchConflictError(
            f"the batch {snapshot.batch['name']!r} cannot be put back: its papers were imported again or removed since"
        )
