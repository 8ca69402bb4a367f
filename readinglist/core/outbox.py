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
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import bindparam, func, update
from sqlmodel import Session, col, delete, select

from readinglist.core.models import PAPER_ID, IndexDeletion, Paper, utcnow

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
