"""Fetching Hub listings into the library: page by page, each page one batch in one transaction.

A page is asked for, read like a saved papers API response and merged like a
file (``importing.import_listing``): the person's status, star, tags and notes
are never touched, counts are refreshed. What each page brought is recorded in
``hub_fetch``; a page whose answer has not changed since is not imported again,
and a listing fetched after its period ended is complete and never asked again.
A fetch that stops halfway (offline, an error, a cancel) keeps the pages before
it, each whole, and records nothing for the rest: the next fetch asks again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from readinglist.core.hub.client import HubClient, HubError, HubOffline
from readinglist.core.hub.listings import DEFAULT_LIMITS, PAGE_SIZE, Listing
from readinglist.core.import_reports import FileReport, one_line
from readinglist.core.importing import import_listing
from readinglist.core.models import HubFetch, ImportBatch, utcnow
from readinglist.core.store import transaction

MAX_PAGES = 40  # per listing, whatever the limit: a server that never ends its pages is not followed forever
SEARCH_MAX = 120  # results asked for by a search (one page: the search has no pages)

OnReport = Callable[[FileReport], None]
Progress = Callable[[int, int], None]  # (listings done, listings)


@dataclass
class FetchReport:
    """What a fetch did: one report per page asked for, and why it stopped early, if it did."""

    reports: list[FileReport] = field(default_factory=list)
    offline: str | None = None  # the Hub could not be reached: the rest is left for the next fetch
    stopped: bool = False  # cancelled: the listings after the last report were not asked for
    requests: int = 0  # HTTP requests made, retries included

    @property
    def new(self) -> int:
        """Papers the fetch added to the library."""
        return sum(r.new for r in self.reports)

    @property
    def failed(self) -> bool:
        """Whether a page failed (the Hub answered with an error or with something unreadable)."""
        return any(r.failed for r in self.reports)


def fetch_listings(
    engine: Engine,
    client: HubClient,
    listings: Sequence[Listing],
    limit: int | None = None,
    on_report: OnReport | None = None,
    progress: Progress | None = None,
    today: date | None = None,
    result: FetchReport | None = None,
) -> FetchReport:
    """Fetch ``listings`` in order, up to ``limit`` papers each (else the kind's default); see the module text.

    ``on_report`` hears each page's report, ``progress`` each listing done; either may
    raise to stop (a cancel), after the page it heard of; pass ``result`` to keep what was
    done then.
    """
    today = today or datetime.now(UTC).date()
    result = result if result is not None else FetchReport()

    def done(report: FileReport) -> None:
        result.reports.append(report)
        if on_report is not None:
            on_report(report)

    try:
        for number, listing in enumerate(listings):
            _fetch_listing(engine, client, listing, limit or DEFAULT_LIMITS[listing.kind], today, done)
            if progress is not None:
                progress(number + 1, len(listings))
    except HubOffline as error:
        result.offline = str(error)
    finally:
        result.requests = client.requests
    return result


def _fetch_listing(
    engine: Engine, client: HubClient, listing: Listing, limit: int, today: date, done: OnReport
) -> None:
    """Fetch the pages of one listing; it is recorded complete once its last page is in, if its period is over.

    Every page is asked with the same size: the Hub counts pages in that size (page
    ``p`` starts at entry ``p * limit``), so a smaller last page would start elsewhere
    and list papers again. The entries past ``limit`` on the last page are left out.
    """
    size = min(limit, SEARCH_MAX) if listing.kind == "search" else min(PAGE_SIZE, limit)
    kept = 0
    for page in range(MAX_PAGES):
        title = listing.title(page)
        try:
            if listing.kind == "search":
                text = client.search(listing.query, size)
            else:
                text = client.daily_papers(listing.params(page, size))
        except HubError as error:
            done(FileReport(title, "failed", message=one_line(str(error))))
            return
        text, listed, entries = _first_entries(text, limit - kept)
        report = _store_page(engine, listing, page, title, text, entries)
        done(report)
        if report.failed:
            return
        kept += entries
        if listing.kind == "search" or listed < size or kept >= limit:
            break  # the last page: shorter than asked for, or the limit reached
    if listing.over_by(today):
        with transaction(engine) as session:
            for record in session.exec(select(HubFetch).where(HubFetch.listing == listing.key)):
                record.complete = True


def _store_page(engine: Engine, listing: Listing, page: int, title: str, text: str, entries: int) -> FileReport:
    """Import one page (unless it is empty or unchanged) and record what it brought, in the same transaction."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    key = f"hub:{listing.key}:p{page}"
    with transaction(engine) as session:
        earlier = session.get(HubFetch, (listing.key, page))
        same = earlier is not None and earlier.digest == digest and earlier.batch_id is not None
        batch_id = earlier.batch_id if earlier else None

    def record(session: Session, batch_id: int | None) -> None:
        row = session.get(HubFetch, (listing.key, page)) or HubFetch(listing=listing.key, page=page)
        row.batch_id, row.digest, row.entries, row.fetched_at = batch_id, digest, entries, utcnow()
        session.add(row)

    if entries and not same:
        # Recorded in the page's own transaction: the batch and its record are there together or not at all.
        return import_listing(engine, key, title, text, also=record)
    with transaction(engine) as session:
        record(session, batch_id)
    if entries == 0:
        return FileReport(title, "unchanged", message="the Hub lists no papers here (yet)")
    return FileReport(title, "unchanged", message="no change since the last fetch", batch_id=batch_id)


def _first_entries(text: str, most: int) -> tuple[str, int, int]:
    """The answer cut to its first ``most`` entries, how many it listed, and how many are kept.

    An object is one paper; anything not JSON is read as one entry (the reader says what is wrong with it).
    """
    try:
        data = json.loads(text)
    except ValueError:
        return text, 1, 1
    if not isinstance(data, list):
        return text, 1, 1
    if len(data) <= most:
        return text, len(data), len(data)
    return json.dumps(data[:most], ensure_ascii=False), len(data), most


def complete_listings(engine: Engine) -> set[str]:
    """The listings fetched after their period ended: a catch-up does not ask for them again."""
    statement = select(HubFetch.listing).where(col(HubFetch.complete)).distinct()
    with transaction(engine) as session:
        return set(session.exec(statement))


def last_fetch(engine: Engine) -> datetime | None:
    """When a page was last fetched, if ever."""
    statement = select(HubFetch.fetched_at).order_by(col(HubFetch.fetched_at).desc()).limit(1)
    with transaction(engine) as session:
        return session.exec(statement).first()


def fetched_batches(engine: Engine, listing_keys: Sequence[str]) -> list[ImportBatch]:
    """The batches the pages of these listings made (for tests and reports)."""
    statement = (
        select(ImportBatch)
        .join(HubFetch, col(HubFetch.batch_id) == ImportBatch.id)
        .where(col(HubFetch.listing).in_(listing_keys))
        .order_by(col(ImportBatch.id))
    )
    with transaction(engine) as session:
        return list(session.exec(statement))
