"""The library's Hub use cases: following lists, fetching them, completing papers (a mixin of ``Library``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime

from sqlalchemy import Engine

from readinglist.core.hub import completing, fetching, sources
from readinglist.core.hub.client import HubClient, HubPolicy
from readinglist.core.hub.completing import CompletionReport
from readinglist.core.hub.fetching import FetchReport, OnReport
from readinglist.core.hub.listings import Listing, due_listings
from readinglist.core.hub.sources import FollowedSource

Progress = Callable[[int, int], None]


class HubMethods:
    """Hub lists and lookups; the class using it gives the engine, the write check and the index sync."""

    engine: Engine
    hub_policy: HubPolicy | None = None  # None: the client's defaults (tests ask faster)

    def _writable(self) -> None:
        """Raise when the library cannot be changed (see ``Library``)."""
        raise NotImplementedError

    def sync_index(self, progress: Progress | None = None) -> int:
        """Index what is pending (see ``Library``)."""
        raise NotImplementedError

    def follow(self, kind: str, query: str = "") -> tuple[FollowedSource, bool]:
        """Follow a Hub list ("daily", "weekly", "monthly", "trending", or "search" with a query)."""
        self._writable()
        return sources.follow(self.engine, kind, query)

    def unfollow(self, kind: str, query: str = "") -> bool:
        """Stop following a Hub list; the papers it brought stay. False when it was not followed."""
        self._writable()
        return sources.unfollow(self.engine, kind, query)

    def followed(self) -> list[FollowedSource]:
        """The followed lists with their counts of papers still new."""
        return sources.followed_sources(self.engine)

    def last_fetch(self) -> datetime | None:
        """When the Hub was last fetched from, if ever."""
        return fetching.last_fetch(self.engine)

    def due_listings(self, today: date | None = None) -> list[Listing]:
        """What a catch-up of every followed list asks for now (see ``listings.due_listings``)."""
        today = today or datetime.now(UTC).date()
        complete = fetching.complete_listings(self.engine)
        return [
            listing
            for source in self.followed()
            for listing in due_listings(
                source.kind, source.query, today, complete, sources.catch_up_since(source).date()
            )
        ]

    def fetch(
        self,
        listings: Sequence[Listing],
        limit: int | None = None,
        on_report: OnReport | None = None,
        progress: Progress | None = None,
        result: FetchReport | None = None,
    ) -> FetchReport:
        """Fetch ``listings`` from the Hub into the library, then index (see ``fetching.fetch_listings``)."""
        self._writable()
        try:
            return fetching.fetch_listings(
                self.engine, HubClient(self.hub_policy), listings, limit, on_report, progress, result=result
            )
        finally:
            self.sync_index()

    def catch_up(
        self, on_report: OnReport | None = None, progress: Progress | None = None, result: FetchReport | None = None
    ) -> FetchReport:
        """Fetch what the followed lists published since they were last fetched (at most the last 14 days)."""
        return self.fetch(self.due_listings(), None, on_report, progress, result)

    def incomplete_ids(self) -> list[int]:
        """The papers without an arXiv id (outside the Trash)."""
        return completing.incomplete_ids(self.engine)

    def complete(
        self, paper_ids: Sequence[int], progress: Progress | None = None, report: CompletionReport | None = None
    ) -> CompletionReport:
        """Look papers up on the Hub and fill what they lack, then index (see ``completing``)."""
        self._writable()
        try:
            return completing.complete_papers(self.engine, HubClient(self.hub_policy), paper_ids, progress, report)
        finally:
            self.sync_index()
