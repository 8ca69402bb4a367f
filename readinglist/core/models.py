"""The library's tables (SQLModel) and the read-status vocabulary.

The database is the source of truth. ``Paper.needs_index`` marks rows whose
search document is stale and ``IndexDeletion`` lists deleted papers whose
documents must go; both are written in the same transaction as the change
and cleared only after the index has committed, so a crash in between is
repaired by the next sync. ``readinglist.core.outbox`` owns them.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import cast

from sqlalchemy import JSON as SAJSON
from sqlalchemy import Column, Index, Table, UniqueConstraint, text
from sqlalchemy.orm import Mapped
from sqlmodel import Field, SQLModel, col


def utcnow() -> datetime:
    """The current time in UTC; every timestamp in the library is timezone-aware UTC."""
    return datetime.now(UTC)


def table_of(model: type[SQLModel]) -> Table:
    """The Core table of a table model (SQLModel sets ``__table__`` at run time without declaring it)."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


class ReadStatus(StrEnum):
    """Where a paper stands in the user's reading workflow."""

    NEW = "new"  # imported, not triaged yet
    QUEUED = "queued"
    READING = "reading"
    READ = "read"
    DISMISSED = "dismissed"

    @classmethod
    def parse(cls, text: str) -> ReadStatus:
        """The status named by ``text`` (case-insensitive); ValueError lists the valid names."""
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(s.value for s in cls)
            raise ValueError(f"unknown status {text!r}; use one of: {names}") from None


class Paper(SQLModel, table=True):
    """One de-duplicated paper with what the dumps showed and what the user decided."""

    __table_args__ = (
        Index("ix_paper_status_added", "status", "added_at"),
        Index("ix_paper_needs_index", "needs_index"),
        # Partial: finds the Trash's few papers without tempting the planner away from the list indexes.
        Index("ix_paper_trashed", "trashed_at", sqlite_where=text("trashed_at IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    title: str
    title_key: str = Field(index=True)  # case-folded title without punctuation or spaces
    abstract: str | None = None
    ai_summary: str | None = None  # machine-written summary (Hugging Face), kept apart from the abstract
    arxiv_id: str | None = Field(default=None, unique=True)
    authors_count: int | None = None
    org: str | None = None
    published: date | None = None
    published_text: str | None = None
    published_inferred: bool = False
    upvotes: int | None = None
    comments: int | None = None
    github_url: str | None = None
    github_stars: int | None = None
    links: list[str] = Field(default_factory=list, sa_column=Column(SAJSON, nullable=False))
    status: str = Field(default=ReadStatus.NEW.value)
    starred: bool = False
    added_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    status_changed_at: datetime | None = None
    # Search bookkeeping: ``revision`` grows with every change; the indexer clears
    # ``needs_index`` only if the revision it indexed is still the current one.
    revision: int = 1
    needs_index: bool = True
    # When the user moved the paper to the Trash (schema version 5); None: not in the Trash.
    # A trashed paper is in no list, count or search but the Trash's until it is put back or the Trash emptied.
    trashed_at: datetime | None = None


# The id column for queries. ``Paper.id`` is None only on a Paper not flushed yet; an id read
# from the database never is, so selects over this column yield ints.
PAPER_ID = cast("Mapped[int]", col(Paper.id))


class Tag(SQLModel, table=True):
    """A tag; names are unique without regard to case (``key`` is the folded name)."""

    id: int | None = Field(default=None, primary_key=True)
    name: str
    key: str = Field(unique=True)


class PaperTag(SQLModel, table=True):
    """Which paper carries which tag."""

    __tablename__ = "paper_tag"
    __table_args__ = (Index("ix_papertag_tag_paper", "tag_id", "paper_id"),)

    paper_id: int = Field(foreign_key="paper.id", primary_key=True, ondelete="CASCADE")
    tag_id: int = Field(foreign_key="tag.id", primary_key=True, ondelete="CASCADE")


class Note(SQLModel, table=True):
    """The user's Markdown note on a paper (at most one per paper)."""

    paper_id: int = Field(foreign_key="paper.id", primary_key=True, ondelete="CASCADE")
    body: str
    updated_at: datetime = Field(default_factory=utcnow)


class ImportBatch(SQLModel, table=True):
    """One imported file or paste: what it was and what it brought."""

    __tablename__ = "import_batch"
    # One batch per content: a file imported by two processes at once is imported once (schema version 4).
    # A restored export's batches ("restored:<hash>:<file>") may share a hash.
    __table_args__ = (
        Index(
            "ux_import_batch_content_hash",
            "content_hash",
            unique=True,
            sqlite_where=text("content_hash NOT LIKE 'restored:%'"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str  # file name, or "Paste 2026-11-23 14:05"
    content_hash: str = Field(index=True)
    layout: str | None = None
    list_date_text: str | None = None
    imported_at: datetime = Field(default_factory=utcnow)
    found: int = 0
    new: int = 0
    merged: int = 0
    skipped: int = 0


class PaperSource(SQLModel, table=True):
    """Provenance: batch ``batch_id`` listed ``paper_id`` at ``position`` (1-based)."""

    __tablename__ = "paper_source"
    __table_args__ = (
        UniqueConstraint("batch_id", "paper_id"),
        Index("ix_papersource_paper", "paper_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", ondelete="CASCADE")
    paper_id: int = Field(foreign_key="paper.id", ondelete="CASCADE")
    position: int


class LibraryMeta(SQLModel, table=True):
    """Key/value facts about the library itself, such as the schema version."""

    __tablename__ = "library_meta"

    key: str = Field(primary_key=True)
    value: str


class IndexDeletion(SQLModel, table=True):
    """A paper deleted from the database whose search document the index sync must still drop.

    No foreign key: the paper is gone. Queued and consumed by ``readinglist.core.outbox`` only.
    """

    __tablename__ = "index_deletion"

    paper_id: int = Field(primary_key=True)
    queued_at: datetime = Field(default_factory=utcnow)


class SavedSearch(SQLModel, table=True):
    """A query the user saved as a list of the sidebar (schema version 5); its results are counted live."""

    __tablename__ = "saved_search"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    query: str
    created_at: datetime = Field(default_factory=utcnow)


# The id columns of tags and import batches for queries, like PAPER_ID: a row read from the database has an id.
TAG_ID = cast("Mapped[int]", col(Tag.id))
BATCH_ID = cast("Mapped[int]", col(ImportBatch.id))


class HubSource(SQLModel, table=True):
    """A list of the Hugging Face Hub the person follows (schema version 6): fetched on start and every few hours.

    ``kind`` is one of ``core.hub.listings.KINDS``; ``query`` is a saved Hub search's text ("" for the others).
    """

    __tablename__ = "hub_source"
    __table_args__ = (UniqueConstraint("kind", "query"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str
    query: str = ""
    followed_at: datetime = Field(default_factory=utcnow)


class HubFetch(SQLModel, table=True):
    """What one page of a Hub listing brought when it was last fetched (schema version 6).

    ``listing`` names the list and its period ("daily:2026-12-02", "weekly:2026-W48", "trending",
    "search:diffusion"); a listing is ``complete`` once fetched after its period ended, and is then
    never asked for again. ``digest`` is the response's SHA-256: the same answer again changes nothing.
    """

    __tablename__ = "hub_fetch"

    listing: str = Field(primary_key=True)
    page: int = Field(default=0, primary_key=True)
    batch_id: int | None = Field(default=None, foreign_key="import_batch.id", ondelete="SET NULL")
    digest: str = ""
    fetched_at: datetime = Field(default_factory=utcnow)
    complete: bool = False
    entries: int = 0  # entries the page listed
