"""Reading statistics over a real library, with the dates set where a case needs them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from readinglist.core.models import Paper, ReadStatus
from readinglist.core.services import Library
from readinglist.core.stats import BacklogPoint, WeekCount, library_stats
from readinglist.core.store import transaction
from tests.benchmarks.corpus import generate_corpus

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # a Wednesday: its week begins on Monday 23 November


def at(day: int, hour: int = 12, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def dated(library: Library, paper_id: int, *, added: datetime | None = None, changed: datetime | None = None) -> None:
    """Move a paper's timestamps, as if it had been added or decided then."""
    with transaction(library.engine) as session:
        paper = session.get(Paper, paper_id)
        if added is not None:
            paper.added_at = added
        if changed is not None:
            paper.status_changed_at = changed


def decide(library: Library, paper_id: int, status: ReadStatus, when: datetime) -> None:
    library.set_status([paper_id], status)
    dated(library, paper_id, changed=when)


@pytest.fixture
def four(library: Library, daily_a: Path, daily_b: Path) -> Library:
    """Papers 1-4: Sparse Lattice, Curriculum Distillation (Quiet Lab), Benchmarks Leak, Graph Tokenizers."""
    library.import_paths([daily_a, daily_b])
    assert library.paper_ids(sort="id") == [1, 2, 3, 4]
    return library


def test_an_empty_library_has_every_status_and_week_at_zero(library: Library) -> None:
    stats = library.stats(now=NOW)
    assert stats.total == 0
    assert stats.by_status == {"new": 0, "queued": 0, "reading": 0, "read": 0, "dismissed": 0}
    assert [w.start for w in stats.read_per_week] == [date(2026, 9, 7) + timedelta(weeks=i) for i in range(12)]
    assert {w.count for w in stats.read_per_week} == {0}
    assert len(stats.backlog) == 12
    assert stats.backlog[0] == BacklogPoint(date(2026, 9, 13), 0)  # the first week's Sunday
    assert stats.backlog[-1] == BacklogPoint(date(2026, 11, 25), 0)  # this week: up to today
    assert stats.top_tags == stats.top_orgs == stats.oldest_unread == ()
    assert stats.unread == stats.read_this_week == 0


def test_statuses_are_counted_with_zeros(four: Library) -> None:
    four.set_status([1, 2], ReadStatus.QUEUED)
    four.set_status([3], ReadStatus.DISMISSED)
    stats = four.stats(now=NOW)
    assert stats.by_status == {"new": 1, "queued": 2, "reading": 0, "read": 0, "dismissed": 1}
    assert list(stats.by_status) == [s.value for s in ReadStatus]
    assert (stats.total, stats.unread) == (4, 3)


def test_reads_fall_in_the_week_of_their_latest_status_change(four: Library) -> None:
    decide(four, 1, ReadStatus.READ, at(24))  # Tuesday of this week
    decide(four, 2, ReadStatus.READ, at(22, 23, 59))  # Sunday: the week before
    decide(four, 3, ReadStatus.READ, at(23, 0, 0))  # Monday 00:00: this week's first moment
    decide(four, 4, ReadStatus.DISMISSED, at(24))  # dismissed is not read
    stats = four.stats(now=NOW, weeks=3)
    assert stats.read_per_week == (
        WeekCount(date(2026, 11, 9), 0),
        WeekCount(date(2026, 11, 16), 1),
        WeekCount(date(2026, 11, 23), 2),
    )
    assert stats.read_this_week == 2


def test_reads_older_than_the_weeks_shown_are_left_out(four: Library) -> None:
    decide(four, 1, ReadStatus.READ, at(25, month=8))  # 13 weeks before NOW's week
    decide(four, 2, ReadStatus.READ, at(7, month=9))  # the first of the 12 weeks
    stats = four.stats(now=NOW)
    assert [w.count for w in stats.read_per_week] == [1] + [0] * 11


def test_a_single_week_is_counted_too(four: Library) -> None:
    # One week is one count column: the query must still give a row, not a bare number.
    decide(four, 1, ReadStatus.READ, at(23))
    stats = four.stats(now=NOW, weeks=1)
    assert [w.count for w in stats.read_per_week] == [1]
    assert len(stats.backlog) == 1


def test_a_paper_read_then_unread_leaves_no_trace(four: Library) -> None:
    four.set_status([1], ReadStatus.READ)
    four.set_status([1], ReadStatus.NEW)
    stats = four.stats()
    assert stats.read_this_week == 0
    assert sum(w.count for w in stats.read_per_week) == 0
    assert stats.by_status["new"] == 4


def test_weeks_begin_on_monday_in_the_time_zone_of_now(four: Library) -> None:
    plus_two = timezone(timedelta(hours=2))
    monday_1am = datetime(2026, 11, 23, 1, 0, tzinfo=plus_two)  # Sunday 23:00 in UTC
    decide(four, 1, ReadStatus.READ, datetime(2026, 11, 22, 22, 30, tzinfo=UTC))  # Monday 00:30 at +2
    decide(four, 2, ReadStatus.READ, datetime(2026, 11, 22, 21, 30, tzinfo=UTC))  # Sunday 23:30 at +2
    stats = four.stats(now=monday_1am, weeks=2)
    assert stats.read_per_week == (WeekCount(date(2026, 11, 16), 1), WeekCount(date(2026, 11, 23), 1))
    in_utc = four.stats(now=monday_1am.astimezone(UTC), weeks=2)  # Sunday: both in the same week
    assert in_utc.read_per_week == (WeekCount(date(2026, 11, 9), 0), WeekCount(date(2026, 11, 16), 2))


def test_the_backlog_is_added_minus_read_or_dismissed_at_each_week_end(four: Library) -> None:
    for paper, added in ((1, at(10)), (2, at(10)), (3, at(17)), (4, at(24))):
        dated(four, paper, added=added)
    decide(four, 1, ReadStatus.READ, at(12))
    decide(four, 2, ReadStatus.DISMISSED, at(20))
    decide(four, 3, ReadStatus.QUEUED, at(18))  # queued is still unread
    stats = four.stats(now=NOW, weeks=3)
    assert stats.backlog == (
        BacklogPoint(date(2026, 11, 15), 1),  # added 1 and 2, read 1
        BacklogPoint(date(2026, 11, 22), 1),  # added 3, dismissed 2
        BacklogPoint(date(2026, 11, 25), 2),  # added 4: today, as many as are unread now
    )
    assert stats.backlog[-1].unread == stats.unread


def test_the_backlog_never_goes_below_zero(four: Library) -> None:
    # A paper read "before" it was added (a clock or an import gone wrong) must not make the count negative.
    for paper in (1, 2, 3, 4):
        dated(four, paper, added=at(24))
    decide(four, 1, ReadStatus.READ, at(1))
    stats = four.stats(now=NOW, weeks=4)
    assert [p.unread for p in stats.backlog] == [0, 0, 0, 3]


def test_top_tags_and_organisations_by_count_then_name(four: Library) -> None:
    four.add_tags([1, 2, 3], ["reasoning"])
    four.add_tags([3], ["Benchmarks"])
    four.add_tags([1], ["attention"])
    with transaction(four.engine) as session:
        session.get(Paper, 1).org = "Quiet Lab"
        session.get(Paper, 3).org = "   "  # blank: not an organisation
        session.get(Paper, 4).org = "Lattice Group"
    stats = four.stats(now=NOW)
    assert stats.top_tags == (("reasoning", 3), ("attention", 1), ("Benchmarks", 1))
    assert stats.top_orgs == (("Quiet Lab", 2), ("Lattice Group", 1))


def test_only_the_ten_most_used_tags_and_organisations_are_kept(four: Library) -> None:
    names = [f"tag{i:02}" for i in range(12)]
    four.add_tags([1], names)
    four.add_tags([2], ["tag11"])
    with transaction(four.engine) as session:
        session.get(Paper, 1).org = "Quiet Lab"
    stats = four.stats(now=NOW)
    assert stats.top_tags == (("tag11", 2), *((name, 1) for name in names[:9]))
    assert stats.top_orgs == (("Quiet Lab", 2),)


def test_the_oldest_unread_are_new_or_queued_with_their_age(four: Library) -> None:
    for paper, added in ((1, at(1)), (2, at(5)), (3, at(3)), (4, at(24, 13))):
        dated(four, paper, added=added)
    four.set_status([1], ReadStatus.READ)
    four.set_status([2], ReadStatus.QUEUED)
    four.set_status([3], ReadStatus.READING)  # started: not waiting any more
    stats = four.stats(now=NOW)
    assert [(p.id, p.status, p.age_days) for p in stats.oldest_unread] == [(2, "queued", 20), (4, "new", 0)]
    assert stats.oldest_unread[0].title == "Curriculum Distillation for Small Reasoners"


def test_only_the_five_oldest_unread_are_kept(library: Library, tmp_path: Path) -> None:
    library.import_paths(generate_corpus(tmp_path / "dumps", 20, files=1, seed=3).files)
    ids = library.paper_ids(sort="id")
    for days, paper in enumerate(reversed(ids)):  # the lowest id was added first, 49 days ago
        dated(library, paper, added=NOW - timedelta(days=30 + days))
    stats = library_stats(library.engine, NOW)
    assert [p.id for p in stats.oldest_unread] == ids[:5]
    assert [p.age_days for p in stats.oldest_unread] == [49, 48, 47, 46, 45]
