"""Issue 17: which Hub listings a catch-up asks for, and how many requests catching up makes.

The plans are checked as lists of listings; the requests a catch-up makes are counted
in the local fake Hub's request log.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import select

from readinglist.core.hub.client import HubClient
from readinglist.core.hub.fetching import complete_listings, fetch_listings
from readinglist.core.hub.listings import (
    CATCH_UP_DAYS,
    Listing,
    dated,
    due_listings,
    parse_period,
    source_listing,
)
from readinglist.core.models import HubSource
from readinglist.core.services import Library
from readinglist.core.store import transaction
from tests.hub_fake import FAST, FakeHub, PauseRecorder, paper_entry

TODAY = date(2026, 12, 2)  # a Wednesday


def days(listings: list[Listing]) -> list[str]:
    return [listing.period for listing in listings]


# -- plans ------------------------------------------------------------------------------------


def test_a_source_followed_long_ago_asks_at_most_fourteen_days() -> None:
    due = due_listings("daily", "", TODAY, set(), since=TODAY - timedelta(days=400))
    assert len(due) == CATCH_UP_DAYS == 14
    assert days(due)[0] == "2026-11-19" and days(due)[-1] == "2026-12-02"
    assert due_listings("daily", "", TODAY, set()) == due  # never fetched, no date known: the same bound


def test_a_source_followed_yesterday_asks_from_then() -> None:
    assert days(due_listings("daily", "", TODAY, set(), since=TODAY - timedelta(days=1))) == [
        "2026-12-01",
        "2026-12-02",
    ]
    assert days(due_listings("daily", "", TODAY, set(), since=TODAY + timedelta(days=3))) == ["2026-12-02"]


def test_complete_days_are_not_asked_again_but_today_is() -> None:
    complete = {f"daily:{TODAY - timedelta(days=n)}" for n in range(1, 20)}
    assert days(due_listings("daily", "", TODAY, complete, since=TODAY - timedelta(days=30))) == ["2026-12-02"]
    gap = complete - {"daily:2026-11-25"}
    assert days(due_listings("daily", "", TODAY, gap, since=TODAY - timedelta(days=30))) == [
        "2026-11-25",
        "2026-12-02",
    ]


def test_weekly_and_monthly_lists_ask_each_period_once() -> None:
    weeks = due_listings("weekly", "", TODAY, set(), since=TODAY - timedelta(days=60))
    assert days(weeks) == ["2026-W47", "2026-W48", "2026-W49"]  # 2026-11-19 .. 2026-12-02
    months = due_listings("monthly", "", TODAY, set(), since=TODAY - timedelta(days=60))
    assert days(months) == ["2026-11", "2026-12"]
    assert days(due_listings("weekly", "", TODAY, {"weekly:2026-W47", "weekly:2026-W48"})) == ["2026-W49"]


def test_trending_and_searches_ask_the_current_list() -> None:
    assert due_listings("trending", "", TODAY, set()) == [Listing("trending")]
    assert due_listings("search", "sparse  attention", TODAY, {"search:sparse attention"}) == [
        Listing("search", query="sparse attention")
    ]


def test_periods_end_when_their_last_day_is_over() -> None:
    assert dated("daily", TODAY).over_by(TODAY) is False
    assert dated("daily", TODAY).over_by(TODAY + timedelta(days=1)) is True
    assert Listing("weekly", "2026-W49").over_by(date(2026, 12, 6)) is False  # Sunday: still the week
    assert Listing("weekly", "2026-W49").over_by(date(2026, 12, 7)) is True
    assert Listing("monthly", "2026-12").over_by(date(2026, 12, 31)) is False
    assert Listing("monthly", "2026-12").over_by(date(2027, 1, 1)) is True
    assert Listing("trending").over_by(date(2100, 1, 1)) is False


def test_listings_ask_with_the_parameters_of_their_period() -> None:
    assert parse_period("daily", "2026-12-02").params(1, 50) == {"p": 1, "limit": 50, "date": "2026-12-02"}
    assert parse_period("weekly", "2026-w49").params(0, 50) == {
        "p": 0,
        "limit": 50,
        "week": "2026-W49",
        "sort": "trending",
    }
    assert parse_period("monthly", "2026-12").params(0, 20)["month"] == "2026-12"
    assert Listing("search", query="x").title(1) == "Hub search “x”, page 2"
    with pytest.raises(ValueError, match="not a weekly period"):
        parse_period("weekly", "2026-12")
    with pytest.raises(ValueError, match="unknown Hub list"):
        source_listing("hourly")
    with pytest.raises(ValueError, match="needs a query"):
        source_listing("search", "   ")


# -- catching up through the fake Hub -------------------------------------------------------------


def serve_days(hub: FakeHub, today: date, back: int, per_day: int = 3) -> None:
    """``per_day`` papers on each of the last ``back`` days (one page each)."""
    for n in range(back):
        day = (today - timedelta(days=n)).isoformat()
        hub.daily[day] = [paper_entry(100 * n + k, day=day) for k in range(per_day)]


def followed_long_ago(library: Library, kind: str = "daily") -> None:
    library.follow(kind)
    with transaction(library.engine) as session:
        for source in session.exec(select(HubSource)):
            source.followed_at = datetime.now(UTC) - timedelta(days=365)


@pytest.fixture
def hub_library(library: Library) -> Library:
    library.hub_policy = FAST
    return library


def test_catching_up_after_a_long_time_asks_fourteen_days_then_only_today(
    hub_library: Library, fake_hub: FakeHub
) -> None:
    today = datetime.now(UTC).date()
    serve_days(fake_hub, today, 30)
    followed_long_ago(hub_library)
    report = hub_library.catch_up()
    asked = [q["date"] for q in fake_hub.requests_to("/api/daily_papers")]
    assert asked == [(today - timedelta(days=n)).isoformat() for n in reversed(range(CATCH_UP_DAYS))]
    assert report.new == 14 * 3 and report.requests == 14
    assert len(complete_listings(hub_library.engine)) == 13  # every day but today

    fake_hub.asked.clear()
    again = hub_library.catch_up()
    assert [q["date"] for q in fake_hub.requests_to("/api/daily_papers")] == [today.isoformat()]
    assert again.new == 0 and again.requests == 1


def test_a_week_of_catching_up_the_daily_list_costs_eight_requests(hub_library: Library, fake_hub: FakeHub) -> None:
    """Caught up a week ago, then closed: the 7 days since, and the day of that catch-up again (not over then)."""
    today = datetime.now(UTC).date()
    week_ago = today - timedelta(days=7)
    serve_days(fake_hub, today, 30)
    followed_long_ago(hub_library)
    then = due_listings("daily", "", week_ago, set(), since=today - timedelta(days=365))
    fetch_listings(hub_library.engine, HubClient(FAST, pause=PauseRecorder()), then, today=week_ago)
    assert len(fake_hub.asked) == 14

    fake_hub.asked.clear()
    due = hub_library.due_listings()
    report = hub_library.fetch(due)
    assert [q["date"] for q in fake_hub.requests_to("/api/daily_papers")] == [
        (week_ago + timedelta(days=n)).isoformat() for n in range(8)
    ]
    assert len(fake_hub.asked) == report.requests == 8  # one page a day
    assert report.new == 7 * 3  # the week's papers; the day of the last catch-up brought nothing new


def test_a_source_followed_today_asks_yesterday_and_today(hub_library: Library, fake_hub: FakeHub) -> None:
    today = datetime.now(UTC).date()
    serve_days(fake_hub, today, 5)
    hub_library.follow("daily")
    assert days(hub_library.due_listings()) == [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    assert hub_library.catch_up().requests == 2


def test_weekly_catch_up_asks_each_week_once(hub_library: Library, fake_hub: FakeHub) -> None:
    today = datetime.now(UTC).date()
    followed_long_ago(hub_library, "weekly")
    due = hub_library.due_listings()
    weeks = {dated("weekly", today - timedelta(days=n)).period for n in range(CATCH_UP_DAYS)}
    assert sorted(days(due)) == sorted(weeks) and len(due) in (2, 3)
    hub_library.catch_up()
    assert [q["week"] for q in fake_hub.requests_to("/api/daily_papers")] == days(due)
