"""The Hub's papers lists as listings: which list, which period, how it is asked for and named.

A listing is one list for one period: the daily list of 2026-12-02
("daily:2026-12-02"), the weekly list of 2026-W49, the monthly list of 2026-12,
trending now ("trending"), or a Hub search ("search:<query>"). A followed
source (a kind, and a query for searches) stands for all its listings;
``due_listings`` says which of them a catch-up asks for.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

KINDS = ("daily", "weekly", "monthly", "trending", "search")
DATED = ("daily", "weekly", "monthly")
CATCH_UP_DAYS = 14  # a catch-up never reaches further back, however long the app was closed
PAGE_SIZE = 50  # papers asked for per request (the Hub's own default page)
DEFAULT_LIMITS = {"daily": 200, "weekly": 100, "monthly": 100, "trending": 50, "search": 50}  # papers per listing
MAX_QUERY_CHARS = 200

_TITLES = {
    "daily": "daily list",
    "weekly": "weekly list",
    "monthly": "monthly list",
    "trending": "trending",
    "search": "search",
}


@dataclass(frozen=True)
class Listing:
    """One list of one period; ``period`` is an ISO date, week ("2026-W49") or month, or "" (trending, search)."""

    kind: str
    period: str = ""
    query: str = ""

    @property
    def key(self) -> str:
        """The listing's name in the fetch records ("daily:2026-12-02", "trending", "search:diffusion")."""
        if self.kind == "search":
            return f"search:{self.query}"
        return f"{self.kind}:{self.period}" if self.period else self.kind

    def title(self, page: int = 0) -> str:
        """What the batch of one page is called: "Hub daily list 2026-12-02", "Hub search “diffusion”, page 2"."""
        what = f"Hub {_TITLES[self.kind]}"
        if self.kind == "search":
            what += f" “{self.query}”"
        elif self.period:
            what += f" {self.period}"
        return what if page == 0 else f"{what}, page {page + 1}"

    def params(self, page: int, limit: int) -> dict[str, str | int]:
        """The ``/api/daily_papers`` parameters of one page (not for searches)."""
        params: dict[str, str | int] = {"p": page, "limit": limit}
        if self.kind == "daily" and self.period:
            params["date"] = self.period
        elif self.kind == "weekly" and self.period:
            params["week"] = self.period
        elif self.kind == "monthly" and self.period:
            params["month"] = self.period
        if self.kind in ("weekly", "monthly", "trending"):
            params["sort"] = "trending"  # the best of the week or month first: what a limit keeps
        return params

    def over_by(self, today: date) -> bool:
        """Whether the period had ended by ``today`` (a listing fetched then is complete); never for undated ones."""
        if self.kind not in DATED or not self.period:
            return False
        return period_end(self.kind, self.period) < today


def source_listing(kind: str, query: str = "") -> Listing:
    """The undated listing of a source (the current list), after checking ``kind`` and ``query``."""
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise ValueError(f"unknown Hub list {kind!r}; use one of: {', '.join(KINDS)}")
    query = " ".join(query.split())
    if kind == "search" and not query:
        raise ValueError("a Hub search needs a query")
    if kind != "search" and query:
        raise ValueError(f"only a search takes a query, not the {kind} list")
    if len(query) > MAX_QUERY_CHARS:
        raise ValueError(f"a Hub search query has at most {MAX_QUERY_CHARS} characters")
    return Listing(kind, query=query)


def dated(kind: str, day: date) -> Listing:
    """The listing of ``kind`` whose period holds ``day``."""
    if kind == "daily":
        return Listing(kind, day.isoformat())
    if kind == "weekly":
        year, week, _ = day.isocalendar()
        return Listing(kind, f"{year}-W{week:02d}")
    if kind == "monthly":
        return Listing(kind, f"{day.year}-{day.month:02d}")
    raise ValueError(f"the {kind} list has no periods")


def parse_period(kind: str, text: str) -> Listing:
    """The listing for a period the person typed: a date (daily), "2026-W49" (weekly) or "2026-12" (monthly)."""
    text = text.strip()
    try:
        if kind == "daily":
            return dated(kind, date.fromisoformat(text))
        if kind == "weekly":
            year, _, week = text.upper().partition("-W")
            return dated(kind, date.fromisocalendar(int(year), int(week), 1))
        if kind == "monthly":
            year, _, month = text.partition("-")
            return dated(kind, date(int(year), int(month), 1))
    except ValueError:
        pass
    examples = {"daily": "2026-12-02", "weekly": "2026-W49", "monthly": "2026-12"}
    if kind not in examples:
        raise ValueError(f"the {kind} list has no periods")
    raise ValueError(f"{text!r} is not a {kind} period (for example {examples[kind]})")


def period_end(kind: str, period: str) -> date:
    """The last day of a daily, weekly or monthly period."""
    if kind == "daily":
        return date.fromisoformat(period)
    if kind == "weekly":
        year, _, week = period.partition("-W")
        return date.fromisocalendar(int(year), int(week), 7)
    year, _, month = period.partition("-")
    first_of_next = date(int(year) + int(month) // 12, int(month) % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def due_listings(
    kind: str, query: str, today: date, complete: Collection[str], since: date | None = None
) -> list[Listing]:
    """The listings a catch-up of a source asks for, oldest first.

    Dated lists: every period from ``since`` (the day the source was followed, or the
    last CATCH_UP_DAYS days when that is longer ago) to today's, except those already
    fetched ``complete``. Trending and searches: the current list.
    """
    if kind not in DATED:
        return [source_listing(kind, query)]
    first = today - timedelta(days=CATCH_UP_DAYS - 1)
    if since is not None and since > first:
        first = min(since, today)
    due: list[Listing] = []
    for day in _days(first, today):
        listing = dated(kind, day)
        if listing.key not in complete and (not due or due[-1] != listing):
            due.append(listing)
    return due


def _days(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)
