"""What a library call changed, as typed records that views refresh from and undo inverts.

One record type per kind of change. A field change keeps, per paper, the
value before and after the call; its inverse swaps the two, so undo is
"apply the inverse" and redo is "apply the inverse of the undo". A batch
removal keeps the snapshot of what it deleted; its inverse puts it back.
``Library.apply`` carries a record out, choosing what to do by its type.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, Self, TypeVar

from readinglist.core.batches import BatchSnapshot

V = TypeVar("V")


@dataclass(frozen=True)
class FieldChange(Generic[V]):
    """One field of some papers changed: its value per paper before and after."""

    before: Mapping[int, V] = field(default_factory=dict)
    after: Mapping[int, V] = field(default_factory=dict)

    @property
    def papers(self) -> frozenset[int]:
        """The papers whose field changed."""
        return frozenset(self.after)

    def inverse(self) -> Self:
        """The change that puts every paper's value back."""
        return type(self)(before=self.after, after=self.before)

    def merged(self, others: Iterable[Self]) -> Self:
        """This change and ``others`` of the same kind (on other papers) as one."""
        before, after = dict(self.before), dict(self.after)
        for other in others:
            before.update(other.before)
            after.update(other.after)
        return type(self)(before=before, after=after)


class StatusChange(FieldChange[str]):
    """Read statuses changed (values are ``ReadStatus`` values)."""


class StarChange(FieldChange[bool]):
    """Stars were given or taken."""


class TagsChange(FieldChange[tuple[str, ...]]):
    """Tag sets changed (values are a paper's whole set of tag names)."""


class NoteChange(FieldChange[str]):
    """Notes changed (values are Markdown bodies; "" is no note)."""


class TrashChange(FieldChange[datetime | None]):
    """Papers went to the Trash or came back from it (values: when they were trashed; None is not trashed)."""


FieldValues = tuple[tuple[str, object], ...]  # (column, value) pairs; lists as tuples


class CompletionChange(FieldChange[FieldValues]):
    """Papers were completed from the Hub (values: the completed columns of each paper)."""


@dataclass(frozen=True)
class BatchRemoved:
    """An import batch was removed with the papers only it brought that were never touched."""

    snapshot: BatchSnapshot

    @property
    def batch_id(self) -> int:
        """The id of the batch removed."""
        batch_id: int = self.snapshot.batch["id"]
        return batch_id

    @property
    def papers(self) -> frozenset[int]:
        """Every paper the batch listed: deleted ones and kept ones."""
        return frozenset(self.snapshot.listed_ids)

    def inverse(self) -> BatchPutBack:
        """Putting the batch and its deleted papers back, with the same ids."""
        return BatchPutBack(self.snapshot)


@dataclass(frozen=True)
class BatchPutBack:
    """A removed import batch was put back (the undo of a removal)."""

    snapshot: BatchSnapshot

    @property
    def papers(self) -> frozenset[int]:
        """Every paper the batch lists again."""
        return frozenset(self.snapshot.listed_ids)

    def inverse(self) -> BatchRemoved:
        """Removing the batch again."""
        return BatchRemoved(self.snapshot)


Change = (
    StatusChange | StarChange | TagsChange | NoteChange | TrashChange | CompletionChange | BatchRemoved | BatchPutBack
)


@dataclass(frozen=True)
class Changes:
    """What one library call changed (``change`` None: nothing)."""

    change: Change | None = None

    @property
    def papers(self) -> frozenset[int]:
        """The papers touched."""
        return self.change.papers if self.change is not None else frozenset()

    @property
    def empty(self) -> bool:
        """True when the call changed nothing."""
        return not self.papers and not isinstance(self.change, BatchRemoved | BatchPutBack)

    @property
    def tags(self) -> bool:
        """Whether tags changed (the sidebar's tag counts)."""
        return isinstance(self.change, TagsChange)

    @property
    def notes(self) -> bool:
        """Whether a note changed."""
        return isinstance(self.change, NoteChange)

    @property
    def batches(self) -> bool:
        """Whether an import batch went or came back (papers may have gone or come)."""
        return isinstance(self.change, BatchRemoved | BatchPutBack)
