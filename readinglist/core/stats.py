"""Reading statistics: where the papers stand, how fast they are read, what they are about.

Everything is computed by the database with portable SQL (counts, ``CASE``
and comparisons of bound UTC timestamps: no dialect functions), a handful of
queries whatever the size of the library.

Weeks start on Monday at 00:00 in the time zone of ``now`` (by default the
computer's current UTC offset). The library keeps one timestamp per paper for
its status, ``status_changed_at``: only the latest status change is kept, so
the history below is rebuilt from where papers stand now. A paper read and
then put back to "new" leaves no trace in the weeks it was read; a paper
dismissed in March and marked read in May counts as read in May only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, func
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from readinglist.core.models import PAPER_ID, Paper, PaperTag, ReadStatus, Tag
from readinglist.core.store import transaction

WEEKS = 12
TOP = 10  # tags and organisations shown
OLDEST = 5  # unread papers shown
UNREAD = (ReadStatus.NEW, ReadStatus.QUEUED, ReadStatus.READING)
DONE = (ReadStatus.READ, ReadStatus.DISMISSED)  # a paper in these has left the backlog
WAITING = (ReadStatus.NEW, ReadStatus.QUEUED)  # not started: what "oldest unread" looks at
_KEPT = col(Paper.trashed_at).is_(None)  # papers in the Trash count nowhere


@dataclass(frozen=True)
class WeekCount:
    """How many papers something happened to in the week beginning on ``start`` (a Monday)."""

    start: date
    count: int


@dataclass(frozen=True)
class BacklogPoint:
    """How many papers were unread at the end of ``day`` (a Sunday, or today for this week)."""

    day: date
    unread: int


@dataclass(frozen=True)
class WaitingPaper:
    """An unread paper and how long it has been in the library."""

    id: int
    title: str
    status: str
    added_at: datetime
    age_days: int


@dataclass(frozen=True)
class LibraryStats:
    """The numbers behind the statistics view, as of ``now``."""

    now: datetime
    total: int
    by_status: dict[str, int]  # every ReadStatus, in its order, zeros included
    read_per_week: tuple[WeekCount, ...]  # oldest week first; the last is the current week
    backlog: tuple[BacklogPoint, ...]  # unread papers at the end of each of those weeks
    top_tags: tuple[tuple[str, int], ...]  # (tag, papers), most used first
    top_orgs: tuple[tuple[str, int], ...]  # (organisation, papers), most frequent first
    oldest_unread: tuple[WaitingPaper, ...]  # new or queued, longest in the library first

    @property
    def unread(self) -> int:
        """Papers not read or dismissed yet (new, queued or reading)."""
        return sum(self.by_status[s.value] for s in UNREAD)

    @property
    def read_this_week(self) -> int:
        """Papers whose status became "read" this week (and still is)."""
        return self.read_per_week[-1].count if self.read_per_week else 0


def library_stats(engine: Engine, now: datetime | None = None, weeks: int = WEEKS) -> LibraryStats:
    """The library's reading statistics as of ``now`` (default: the present), over ``weeks`` weeks.

    - ``by_status``: papers in each read status.
    - ``read_per_week``: papers whose status is "read", counted in the week of
      their ``status_changed_at``. Only the latest status change is kept, so
      a paper read and later un-read (or dismissed) leaves no trace.
    - ``backlog``: for the end of each week (for this week: ``now``), papers
      added by then minus papers whose status is read or dismissed with
      ``status_changed_at`` by then. An approximation from today's statuses:
      a paper read and then put back to "new" counts as unread all along; a
      paper now dismissed but read before counts from its latest change;
      papers removed with their import are not counted at all. Never below 0.
    - ``top_tags`` / ``top_orgs``: the ten most frequent, ties by name.
    - ``oldest_unread``: the five new or queued papers added longest ago.
    """
    now = _aware(now or datetime.now().astimezone())
    weeks = max(weeks, 1)
    this_monday = datetime.combine(now.date() - timedelta(days=now.weekday()), datetime.min.time(), now.tzinfo)
    starts = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    with transaction(engine) as session:
        counts = dict(session.exec(select(Paper.status, func.count()).where(_KEPT).group_by(col(Paper.status))).all())
        read_per_week = _read_per_week(session, starts)
        backlog = _backlog(session, starts, now)
        tag_count = func.count(col(PaperTag.paper_id))
        top_tags = session.exec(
            select(Tag.name, tag_count)
            .join(PaperTag)
            .join(Paper)
            .where(_KEPT)
            .group_by(col(Tag.id), col(Tag.name), col(Tag.key))
            .order_by(tag_count.desc(), col(Tag.key))
            .limit(TOP)
        ).all()
        org_count = func.count()
        top_orgs = session.exec(
            select(Paper.org, org_count)
            .where(col(Paper.org).is_not(None), func.trim(col(Paper.org)) != "", _KEPT)
            .group_by(col(Paper.org))
            .order_by(org_count.desc(), col(Paper.org))
            .limit(TOP)
        ).all()
        oldest = session.exec(
            select(PAPER_ID, Paper.title, Paper.status, Paper.added_at)
            .where(col(Paper.status).in_([s.value for s in WAITING]), _KEPT)
            .order_by(col(Paper.added_at), PAPER_ID)
            .limit(OLDEST)
        ).all()
    return LibraryStats(
        now=now,
        total=sum(counts.values()),
        by_status={s.value: counts.get(s.value, 0) for s in ReadStatus},
        read_per_week=read_per_week,
        backlog=backlog,
        top_tags=tuple((name, n) for name, n in top_tags),
        top_orgs=tuple((org, n) for org, n in top_orgs if org is not None),  # None is filtered out above
        oldest_unread=tuple(
            WaitingPaper(pid, title, status, added, max((now - added).days, 0)) for pid, title, status, added in oldest
        ),
    )


def _aware(moment: datetime) -> datetime:
    """``moment`` with a time zone (a naive one is taken as UTC)."""
    return moment if moment.utcoffset() is not None else moment.replace(tzinfo=UTC)


def _read_per_week(session: Session, starts: list[datetime]) -> tuple[WeekCount, ...]:
    changed = col(Paper.status_changed_at)
    columns = [func.count(case((and_(changed >= start, changed < start + timedelta(weeks=1)), 1))) for start in starts]
    # A Core select: its row is a row even when there is only one week (one column).
    statement = sa_select(*columns).where(col(Paper.status) == ReadStatus.READ.value, changed >= starts[0], _KEPT)
    row = session.connection().execute(statement).one()
    return tuple(WeekCount(start.date(), count) for start, count in zip(starts, row, strict=True))


def _backlog(session: Session, starts: list[datetime], now: datetime) -> tuple[BacklogPoint, ...]:
    done = col(Paper.status).in_([s.value for s in DONE])
    added_at, changed = col(Paper.added_at), col(Paper.status_changed_at)
    columns: list[ColumnElement[int]] = []
    for start in starts:
        end = start + timedelta(weeks=1)
        if end > now:  # this week: up to now, inclusive
            added, left = added_at <= now, and_(done, changed <= now)
        else:
            added, left = added_at < end, and_(done, changed < end)
        columns += [func.count(case((added, 1))), func.count(case((left, 1)))]
    row = session.connection().execute(sa_select(*columns).where(_KEPT)).one()
    points = []
    for i, start in enumerate(starts):
        end = start + timedelta(weeks=1)
        day = now.date() if end > now else (end - timedelta(days=1)).date()
        points.append(BacklogPoint(day, max(row[2 * i] - row[2 * i + 1], 0)))
    return tuple(points)
