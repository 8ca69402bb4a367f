"""Which papers a list shows and in what order, and which changes can move papers in or out of it.

A list is a ``PaperFilter`` (the sidebar's Inbox, a tag, an import batch…)
plus a sort column. The filter answers for itself whether a paper given some
status still belongs and whether a kind of change can alter its membership,
so front ends never restate those rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import ColumnElement
from sqlalchemy.orm import Mapped
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from readinglist.core.changes import (
    BatchPutBack,
    BatchRemoved,
    Change,
    StarChange,
    StatusChange,
    TagsChange,
    TrashChange,
)
from readinglist.core.hub.sources import source_papers
from readinglist.core.models import PAPER_ID, Paper, PaperSource, PaperTag, ReadStatus, Tag
from readinglist.core.tagging import tag_key

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


def sort_order(sort: str, descending: bool) -> tuple[ColumnElement[Any], ...]:
    """ORDER BY terms for the sort column ``sort``: papers without a value (undated, no upvotes…) last in
    both directions, then by id, so every page of a list continues the one before.

    An ``IS NULL`` key rather than NULLS LAST: SQLite puts NULLs first when ascending, PostgreSQL when
    descending; this reads the same on both.
    """
    column = SORT_COLUMNS[sort]
    return (
        column.is_(None),
        column.desc() if descending else column.asc(),
        PAPER_ID.desc() if descending else PAPER_ID.asc(),
    )


@dataclass(frozen=True)
class PaperFilter:
    """Which papers a list shows; None means "any"."""

    status: ReadStatus | None = None
    tag: str | None = None
    starred: bool | None = None
    batch_id: int | None = None
    trash: bool = False  # True: the Trash (only trashed papers); every other list leaves them out
    source: str | None = None  # a followed Hub list's key ("daily", "search:diffusion"): the papers it brought

    def index_terms(self) -> dict[str, str] | None:
        """This list as values of the search index's fields (None when it cannot tell: a batch, a source, the Trash)."""
        if self.batch_id is not None or self.trash or self.source is not None:
            return None
        terms: dict[str, str] = {}
        if self.status is not None:
            terms["status"] = self.status.value
        if self.starred is not None:
            terms["starred"] = "yes" if self.starred else "no"
        if self.tag is not None:
            terms["tag"] = self.tag.lower()
        return terms

    def admits_status(self, status: ReadStatus) -> bool:
        """Whether a paper given ``status`` can still be in this list (False: it leaves, as from the Inbox)."""
        return self.status is None or self.status == status

    def affected_by(self, change: Change | None) -> bool:
        """Whether ``change`` can move papers into or out of this list."""
        match change:
            case BatchRemoved() | BatchPutBack() | TrashChange():
                return True  # papers went or came back
            case StatusChange():
                return self.status is not None
            case StarChange():
                return self.starred is not None
            case TagsChange():
                return self.tag is not None
            case _:
                return False


ALL_PAPERS = PaperFilter()  # every paper: the default list
TRASH = PaperFilter(trash=True)  # the papers moved to the Trash


def filtered(statement: SelectOfScalar[_Row], where: PaperFilter) -> SelectOfScalar[_Row]:
    """``statement`` (any select over Paper) narrowed to the papers ``where`` selects.

    A paper in the Trash is in the Trash list only: every other list, count and export leaves it out.
    """
    trashed = col(Paper.trashed_at).is_not(None)
    statement = statement.where(trashed if where.trash else ~trashed)
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
    if where.source is not None:
        statement = statement.where(col(Paper.id).in_(source_papers(where.source)))
    return statement
