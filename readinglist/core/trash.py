"""The Trash: papers the user removed, out of every list and search until put back or deleted for good.

A paper in the Trash keeps everything (status, tags, note, provenance); only
``Paper.trashed_at`` says it is there. Lists, counts, statistics and exports
leave such papers out through ``lists.filtered``. Search results leave them
out by id (``without_trashed``) rather than by dropping their documents from
the index: the Trash is small, so the filter is one cheap query on a partial
index, putting a paper back costs no re-indexing, searching the Trash list
still works, and the index keeps mirroring the database one paper per row
(what ``outbox.check`` compares). Emptying the Trash deletes the papers and
queues their documents for deletion like any other deletion (``outbox``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Engine, bindparam, update
from sqlmodel import Session, col, delete, select

from readinglist.core import outbox
from readinglist.core.changes import Changes, TrashChange
from readinglist.core.models import PAPER_ID, Paper, PaperTag, Tag, table_of, utcnow
from readinglist.core.store import transaction

_TRASHED = col(Paper.trashed_at).is_not(None)


def trashed_ids(session: Session) -> set[int]:
    """The ids of the papers in the Trash."""
    return set(session.exec(select(PAPER_ID).where(_TRASHED)))


class TrashMethods:
    """Moving papers to the Trash and back, and emptying it; the class using it gives ``engine`` and ``_writable``."""

    engine: Engine

    def _writable(self) -> None:
        """Raise when the library cannot be changed (see ``Library``)."""
        raise NotImplementedError

    def trash(self, paper_ids: Iterable[int]) -> Changes:
        """Move the papers to the Trash (papers already there keep the time they went)."""
        return Changes(self.set_trashed(dict.fromkeys(paper_ids, utcnow())))

    def restore_from_trash(self, paper_ids: Iterable[int]) -> Changes:
        """Put the papers back from the Trash into the lists they were in."""
        return Changes(self.set_trashed(dict.fromkeys(paper_ids, None)))

    def set_trashed(self, values: Mapping[int, datetime | None]) -> TrashChange:
        """Give each paper the Trash time in ``values`` (None: out of the Trash); returns what moved.

        Only papers that go in or come out are changed, so trashing a paper twice
        keeps its first time and undoing that second call changes nothing.
        """
        self._writable()
        with transaction(self.engine) as session:
            current = session.exec(select(PAPER_ID, Paper.trashed_at).where(PAPER_ID.in_(list(values))))
            before = {pid: old for pid, old in current if (old is None) != (values[pid] is None)}
            if before:
                table = table_of(Paper)
                statement = update(table).where(table.c.id == bindparam("pid")).values(trashed_at=bindparam("at"))
                session.connection().execute(statement, [{"pid": pid, "at": values[pid]} for pid in before])
        return TrashChange(before, {pid: values[pid] for pid in before})

    def trashed_ids(self) -> set[int]:
        """The ids of the papers in the Trash."""
        with transaction(self.engine) as session:
            return trashed_ids(session)

    def without_trashed(self, paper_ids: Sequence[int]) -> list[int]:
        """``paper_ids`` in their order, less the papers in the Trash (what search results show)."""
        trashed = self.trashed_ids()
        return [pid for pid in paper_ids if pid not in trashed] if trashed else list(paper_ids)

    def empty_trash(self) -> int:
        """Delete every paper in the Trash for good (no undo); returns how many were deleted."""
        self._writable()
        with transaction(self.engine) as session:
            doomed = sorted(trashed_ids(session))
            if doomed:
                # Tags, notes and provenance go with the paper (ON DELETE CASCADE); so do tags no paper has left.
                session.exec(delete(Paper).where(PAPER_ID.in_(doomed)))
                session.exec(delete(Tag).where(col(Tag.id).not_in(select(PaperTag.tag_id))))
                outbox.queue_deletions(session, doomed)
        return len(doomed)
