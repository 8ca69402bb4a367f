"""Changing papers: statuses, stars, tags, notes, import batches, and applying a change record (undo, redo).

``ChangeMethods`` is the part of ``Library`` that writes: each method is one
transaction that also marks the touched papers "to index" (``outbox``) and
returns a typed ``Changes`` record of what it changed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TypeVar

from sqlalchemy import Engine
from sqlmodel import Session, col, delete, select

from readinglist.core import batches, outbox, reading
from readinglist.core.changes import (
    BatchPutBack,
    BatchRemoved,
    Change,
    Changes,
    CompletionChange,
    FieldChange,
    NoteChange,
    StarChange,
    StatusChange,
    TagsChange,
    TrashChange,
)
from readinglist.core.errors import NotFoundError
from readinglist.core.hub import completing
from readinglist.core.models import PAPER_ID, Note, Paper, PaperTag, ReadStatus, Tag, utcnow
from readinglist.core.store import transaction
from readinglist.core.tagging import clean_tag_names, ensure_tags, tag_key
from readinglist.core.trash import TrashMethods

_Value = TypeVar("_Value")


class ChangeMethods(TrashMethods):
    """The changes a library offers (the Trash: ``TrashMethods``); the user class gives ``engine``, ``_writable``."""

    engine: Engine

    def _writable(self) -> None:
        """Raise when the library cannot be changed (see ``Library``)."""
        raise NotImplementedError

    def set_status(self, paper_ids: Iterable[int], status: ReadStatus) -> Changes:
        """Give every paper in ``paper_ids`` the read status ``status``."""
        before = self._set_column(paper_ids, "status", status.value, status_changed_at=utcnow())
        return Changes(StatusChange(before, dict.fromkeys(before, status.value)))

    def set_starred(self, paper_ids: Iterable[int], starred: bool) -> Changes:
        """Star or unstar every paper in ``paper_ids``."""
        before = self._set_column(paper_ids, "starred", starred)
        return Changes(StarChange(before, dict.fromkeys(before, starred)))

    def toggle_starred(self, paper_ids: Iterable[int]) -> Changes:
        """Star the papers, or unstar them all when every one of them has a star already."""
        ids = list(paper_ids)
        with transaction(self.engine) as session:
            stars = list(session.exec(select(Paper.starred).where(col(Paper.id).in_(ids))))
        return self.set_starred(ids, not (stars and all(stars)))

    def _set_column(self, paper_ids: Iterable[int], name: str, value: _Value, **also: object) -> dict[int, _Value]:
        """Set one column of the papers; returns the old value of each paper it changed."""
        self._writable()
        column = getattr(Paper, name)
        with transaction(self.engine) as session:
            before = dict(session.exec(select(PAPER_ID, column).where(col(Paper.id).in_(list(paper_ids)))).all())
            changed = {pid: old for pid, old in before.items() if old != value}
            _touch(session, list(changed), **{name: value}, **also)
        return changed

    def add_tags(self, paper_ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Put the tags ``names`` on every paper in ``paper_ids`` (creating new tags)."""
        self._writable()
        wanted = clean_tag_names(names)
        with transaction(self.engine) as session:
            before = reading.tags_of(session, paper_ids)
            tag_ids = ensure_tags(session, wanted)
            changed = []
            for pid, current in before.items():
                missing = [tag_ids[tag_key(n)] for n in wanted if tag_key(n) not in map(tag_key, current)]
                session.add_all(PaperTag(paper_id=pid, tag_id=tid) for tid in missing)
                if missing:
                    changed.append(pid)
            _touch(session, changed)
            session.flush()
            after = reading.tags_of(session, changed)
        return Changes(_tags_change(before, after))

    def remove_tags(self, paper_ids: Iterable[int], names: Iterable[str]) -> Changes:
        """Take the tags ``names`` off every paper in ``paper_ids``; unused tags disappear."""
        self._writable()
        keys = {tag_key(n) for n in clean_tag_names(names)}
        with transaction(self.engine) as session:
            before = reading.tags_of(session, paper_ids)
            tag_ids = list(session.exec(select(Tag.id).where(col(Tag.key).in_(keys))))
            changed = [pid for pid, current in before.items() if keys & set(map(tag_key, current))]
            session.exec(delete(PaperTag).where(col(PaperTag.paper_id).in_(changed), col(PaperTag.tag_id).in_(tag_ids)))
            _drop_unused_tags(session)
            _touch(session, changed)
            after = reading.tags_of(session, changed)
        return Changes(_tags_change(before, after))

    def set_tags(self, paper_id: int, names: Iterable[str]) -> Changes:
        """Make ``names`` exactly the tags of ``paper_id`` (what undo of a tag edit uses)."""
        self._writable()
        wanted = clean_tag_names(names)
        with transaction(self.engine) as session:
            before = reading.tags_of(session, [paper_id])
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
            after = reading.tags_of(session, [paper_id])
        return Changes(_tags_change(before, after))

    def set_note(self, paper_id: int, body: str) -> Changes:
        """Replace the Markdown note of ``paper_id``; an empty body removes the note."""
        self._writable()
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
        return Changes(NoteChange({paper_id: previous}, {paper_id: body}))

    def remove_batch(self, batch_id: int) -> Changes:
        """Remove an import batch and the papers only it brought that the user never touched."""
        self._writable()
        with transaction(self.engine) as session:
            snapshot = batches.remove_batch(session, batch_id)
        return Changes(BatchRemoved(snapshot))

    def apply(self, change: Change) -> Changes:
        """Carry out ``change`` (its ``after`` values, or its batch step); returns what that changed."""
        self._writable()
        match change:
            case StatusChange():
                return _merged(self.set_status(ids, ReadStatus(value)) for value, ids in _by_value(change.after))
            case StarChange():
                return _merged(self.set_starred(ids, value) for value, ids in _by_value(change.after))
            case TagsChange():
                return _merged(self.set_tags(pid, names) for pid, names in change.after.items())
            case NoteChange():
                return _merged(self.set_note(pid, body) for pid, body in change.after.items())
            case TrashChange():
                return Changes(self.set_trashed(change.after))
            case CompletionChange():
                completing.set_fields(self.engine, dict(change.after))
                return Changes(change)
            case BatchRemoved():
                return self.remove_batch(change.batch_id)
            case BatchPutBack():
                with transaction(self.engine) as session:
                    batches.put_back(session, change.snapshot)
                return Changes(change)

    def restore(self, changes: Changes) -> Changes:
        """Put back what ``changes`` replaced (undo); returns the changes that makes (for redo)."""
        return self.apply(changes.change.inverse()) if changes.change is not None else Changes()

    # -- the index -------------------------------------------------------


def _by_value(values: Mapping[int, _Value]) -> list[tuple[_Value, list[int]]]:
    """The papers grouped by the value they get: one statement per value."""
    groups: dict[_Value, list[int]] = defaultdict(list)
    for pid, value in values.items():
        groups[value].append(pid)
    return list(groups.items())


def _merged(parts: Iterable[Changes]) -> Changes:
    """One Changes value for several calls that changed the same field of different papers."""
    changes = [p.change for p in parts if p.change is not None]
    if not changes:
        return Changes()
    first, *rest = changes
    assert isinstance(first, FieldChange) and all(type(c) is type(first) for c in rest)
    return Changes(first.merged(rest))  # type: ignore[arg-type]  # rest has first's type, checked above


def _tags_change(before: Mapping[int, list[str]], after: Mapping[int, list[str]]) -> TagsChange:
    """The tag sets of the papers in ``after`` (the changed ones), before and after."""
    return TagsChange({p: tuple(before[p]) for p in after}, {p: tuple(names) for p, names in after.items()})


# -- helpers over one session ---------------------------------------------


def _touch(session: Session, paper_ids: Sequence[int], **values: object) -> None:
    """Apply ``values`` to the papers and mark them "to index", in the caller's transaction."""
    outbox.mark_changed(session, paper_ids, updated_at=utcnow(), **values)


def _drop_unused_tags(session: Session) -> None:
    session.exec(delete(Tag).where(col(Tag.id).not_in(select(PaperTag.tag_id))))
