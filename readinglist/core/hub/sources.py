"""The Hub lists a person follows, and how many of the papers each brought are still waiting in the Inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func
from sqlalchemy.engine import Engine
from sqlmodel import col, select
from sqlmodel.sql.expression import SelectOfScalar

from readinglist.core.hub.listings import DATED, Listing, source_listing
from readinglist.core.models import HubFetch, HubSource, Paper, PaperSource, ReadStatus
from readinglist.core.store import transaction


@dataclass(frozen=True)
class FollowedSource:
    """A followed list: its kind, query (searches), name, and the papers it brought that are still new."""

    id: int
    kind: str
    query: str
    followed_at: datetime
    new: int = 0

    @property
    def key(self) -> str:
        """What the source's listings start with: "daily", "trending", "search:diffusion"."""
        return source_key(self.kind, self.query)

    @property
    def name(self) -> str:
        """How the sidebar and the command line name it: "Hub daily list", "Hub search “diffusion”"."""
        return Listing(self.kind, query=self.query).title()


def source_key(kind: str, query: str = "") -> str:
    """The key of a source: its kind, or "search:<query>"."""
    return f"search:{query}" if kind == "search" else kind


def listing_condition(key: str) -> ColumnElement[bool]:
    """The ``hub_fetch`` rows of the source ``key``: every period of a dated list, else the one listing."""
    listing = col(HubFetch.listing)
    if key in DATED:
        return listing.startswith(f"{key}:", autoescape=True)
    return listing == key


def source_papers(key: str) -> SelectOfScalar[int]:
    """A select of the ids of papers the source ``key`` listed (for ``IN``)."""
    return (
        select(PaperSource.paper_id)
        .join(HubFetch, col(HubFetch.batch_id) == PaperSource.batch_id)
        .where(listing_condition(key))
    )


def follow(engine: Engine, kind: str, query: str = "") -> tuple[FollowedSource, bool]:
    """Follow a list (ValueError for an unknown kind or a bad query); True when it was not followed yet."""
    listing = source_listing(kind, query)
    with transaction(engine) as session:
        existing = session.exec(
            select(HubSource).where(HubSource.kind == listing.kind, HubSource.query == listing.query)
        ).first()
        source = existing or HubSource(kind=listing.kind, query=listing.query)
        session.add(source)
        session.flush()
        followed = _plain(source)
    return followed, existing is None


def unfollow(engine: Engine, kind: str, query: str = "") -> bool:
    """Stop following a list (what it brought stays); False when it was not followed."""
    listing = source_listing(kind, query)
    with transaction(engine) as session:
        source = session.exec(
            select(HubSource).where(HubSource.kind == listing.kind, HubSource.query == listing.query)
        ).first()
        if source is None:
            return False
        session.delete(source)
    return True


def followed_sources(engine: Engine) -> list[FollowedSource]:
    """The followed lists in the order they were followed, each with its count of papers still new."""
    with transaction(engine) as session:
        sources = list(session.exec(select(HubSource).order_by(col(HubSource.id))))
        counted: list[FollowedSource] = []
        for source in sources:
            key = source_key(source.kind, source.query)
            new = session.exec(
                select(func.count())
                .select_from(Paper)
                .where(
                    col(Paper.id).in_(source_papers(key)),
                    Paper.status == ReadStatus.NEW.value,
                    col(Paper.trashed_at).is_(None),
                )
            ).one()
            counted.append(_plain(source, new))
    return counted


def catch_up_since(source: FollowedSource) -> datetime:
    """The earliest day a catch-up of ``source`` reaches back to: the day before it was followed."""
    return source.followed_at - timedelta(days=1)


def _plain(source: HubSource, new: int = 0) -> FollowedSource:
    assert source.id is not None  # read from, or flushed to, the database
    return FollowedSource(source.id, source.kind, source.query, source.followed_at, new)
