"""The Hub in the window: fetching the followed lists (Fetch Now, at start, every few hours), completing papers,
and following or unfollowing lists.

Fetches and completions run in the worker process (``Jobs.catch_up``,
``Jobs.complete``) as cancellable long writes on the ``TaskRunner``'s writer,
so they queue behind a running import and an import queues behind them, as
every library write does; the status bar shows their progress and Cancel.
Never two fetches at once: one asked for while another is queued or running is
not started again. Nothing is sent to the Hub unless a list is followed and a
fetch is due (catching up is on) or asked for (Fetch Now), or a person asks
for a lookup (Complete from the Hub). An unreachable Hub is a state, not an
error: a quiet note in the status bar and a try again later (``RETRY_MINUTES``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import QObject, QTimer, Signal

from readinglist.core.hub.completing import CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.hub.listings import Listing
from readinglist.core.hub.sources import FollowedSource
from readinglist.core.import_reports import FileReport
from readinglist.core.jobs import Cancelled, Jobs
from readinglist.core.lists import PaperFilter
from readinglist.core.services import Library
from readinglist.core.settings import Settings
from readinglist.gui.controllers.hub_messages import NOTHING_FOLLOWED, NOTHING_TO_COMPLETE, fetch_message
from readinglist.gui.tasks import TaskControl, TaskRunner

FETCH_LABEL = "Fetching from the Hub"
COMPLETE_LABEL = "Completing from the Hub"
RETRY_MINUTES = 30  # after an unreachable Hub, the next try (sooner when the interval is shorter)
START_POLL_MS = 500  # the catch-up at start waits, checking this often, until the start-up work is done
HOUR_MS = 3_600_000

Source = tuple[str, str]  # (kind, query) of a followed list: ("daily", ""), ("search", "diffusion")


class HubController(QObject):
    """Starts fetches and completions in the worker and says what they did; the window connects the views."""

    started = Signal()  # a fetch was queued (the list notes whether it was empty, as for an import)
    papers_arrived = Signal()  # a fetched page is in the library: reload the list and the counts
    fetched = Signal(object, object)  # the FetchReport of a finished fetch, and when it ran (a local datetime)
    completed = Signal(object, int)  # the CompletionReport of a finished completion, and how many were asked
    follows_changed = Signal()  # lists were followed or unfollowed: the sidebar recounts
    last_fetch_known = Signal(object)  # when the Hub was last fetched from (read at start; None: never)
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        tasks: TaskRunner,
        ready: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.tasks = tasks
        self._ready = ready  # whether the start-up work is done (the catch-up at start waits for it)
        self.settings = Settings()
        self.fetching = False  # a fetch is queued or running
        self.followed: list[FollowedSource] = []  # as last counted for the sidebar
        self.retry_at: datetime | None = None  # the next try after an unreachable Hub
        self._interval = QTimer(self)  # every hub_interval_hours while catching up is on
        self._interval.timeout.connect(self.catch_up)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.catch_up)
        self._at_start = QTimer(self)
        self._at_start.setInterval(START_POLL_MS)
        self._at_start.timeout.connect(self._catch_up_once_ready)

    # -- settings and start --------------------------------------------------------

    def start(self, settings: Settings) -> None:
        """At the window's start: take up ``settings`` (catching up once ready, if on) and read the last fetch."""
        self.use_settings(settings)
        if settings.hub_catch_up_on_start:
            self._at_start.start()
        self.tasks.read(self.library.last_fetch, self.last_fetch_known.emit)

    def use_settings(self, settings: Settings) -> None:
        """Catch up every ``hub_interval_hours`` while catching up is on; stop when it is turned off."""
        self.settings = settings
        if not settings.hub_catch_up_on_start:
            self._interval.stop()
            self._at_start.stop()
            return
        interval = settings.hub_interval_hours * HOUR_MS
        if not self._interval.isActive() or self._interval.interval() != interval:
            self._interval.start(interval)

    @property
    def waiting_to_start(self) -> bool:
        """Whether the catch-up at start is still to come (the window is not settled before it has run)."""
        return self._at_start.isActive()

    def _catch_up_once_ready(self) -> None:
        if self._ready():
            self._at_start.stop()
            self.catch_up()

    # -- fetching ---------------------------------------------------------------------

    def fetch_now(self) -> None:
        """Fetch Now: what the followed lists published since the last fetch, or say that nothing is followed."""
        self._fetch(asked=True)

    def catch_up(self) -> None:
        """A fetch nobody asked for just now (at start, on the timer, a retry): silent when nothing is followed."""
        self._fetch(asked=False)

    def _fetch(self, asked: bool) -> None:
        if self.fetching:
            if asked:
                self.message.emit("A fetch from the Hub is already under way.", 5000)
            return
        self.fetching = True
        self._retry.stop()
        self.retry_at = None
        self.tasks.read(self.library.followed, lambda sources: self._fetch_followed(sources, asked))

    def _fetch_followed(self, sources: list[FollowedSource], asked: bool) -> None:
        self.followed = sources
        if not sources:  # nothing followed: the Hub is not asked
            self.fetching = False
            if asked:
                self.message.emit(NOTHING_FOLLOWED, 15000)
            return
        self.started.emit()
        self.tasks.long_write(self._run_fetch, lambda report: self._fetch_done(report, asked))

    def _run_fetch(self, control: TaskControl) -> FetchReport:
        """In the writer: the catch-up in the worker, each page announced; a cancel keeps the pages done."""
        where = [0, 1]  # (listings done, listings): a page's report checks for a cancel at the same place

        def progress(done: int, total: int) -> None:
            where[:] = [done, total]
            control.progress(done, total, FETCH_LABEL)

        def page_done(_report: FileReport) -> None:
            control.on_gui(self.papers_arrived.emit)
            control.progress(where[0], where[1], FETCH_LABEL)

        try:
            control.progress(0, 1, FETCH_LABEL)
            return self.jobs.catch_up(page_done, progress)
        except Cancelled:  # before the worker was asked: nothing done
            return FetchReport(stopped=True)
        finally:
            control.on_gui(self._fetch_over)  # before the result (or an error) is delivered

    def _fetch_over(self) -> None:
        self.fetching = False

    def _fetch_done(self, report: FetchReport, asked: bool) -> None:
        ran_at = datetime.now().astimezone()
        if report.offline is not None:
            minutes = min(RETRY_MINUTES, self.settings.hub_interval_hours * 60)
            self.retry_at = ran_at + timedelta(minutes=minutes)
            self._retry.start(minutes * 60_000)
        if asked or report.new or report.failed or report.offline is not None or report.stopped:
            self.message.emit(fetch_message(report, ran_at, self.retry_at), 30000)
        self.fetched.emit(report, ran_at)

    def retry_soon(self, ms: int) -> None:
        """Bring the next try after an unreachable Hub forward to ``ms`` from now (tests; a network that came back)."""
        if self._retry.isActive():
            self._retry.start(ms)

    # -- following ---------------------------------------------------------------------

    def counted(self, sources: list[FollowedSource]) -> None:
        """The sidebar's latest count of the followed lists (what the settings dialog shows as followed)."""
        self.followed = sources

    def followed_pairs(self) -> list[Source]:
        """The followed lists as (kind, query), for the settings dialog."""
        return [(source.kind, source.query) for source in self.followed]

    def change_follows(self, shown: Collection[Source], chosen: Collection[Source]) -> None:
        """Follow what was chosen and not shown as followed; unfollow what was shown and is no longer chosen."""
        follow = sorted(set(chosen) - set(shown))
        unfollow = sorted(set(shown) - set(chosen))
        if not follow and not unfollow:
            return

        def write() -> None:
            for kind, query in follow:
                self.library.follow(kind, query)
            for kind, query in unfollow:
                self.library.unfollow(kind, query)

        def done(_nothing: None) -> None:
            self.message.emit(follow_message(follow, unfollow, self.settings.hub_catch_up_on_start), 12000)
            self.follows_changed.emit()

        self.tasks.write(write, done)

    # -- completing ----------------------------------------------------------------------

    def complete(self, paper_ids: Sequence[int]) -> None:
        """Look the papers up on the Hub by exact title (by id when known) and fill what they lack."""
        ids = list(dict.fromkeys(paper_ids))
        if not ids:
            self.message.emit("No paper to complete: select papers first.", 5000)
            return

        def run(control: TaskControl) -> CompletionReport:
            try:
                control.progress(0, len(ids), COMPLETE_LABEL)
                return self.jobs.complete(ids, lambda done, total: control.progress(done, total, COMPLETE_LABEL))
            except Cancelled:  # before the worker was asked: nothing done
                return CompletionReport(stopped=True)

        self.tasks.long_write(run, lambda report: self.completed.emit(report, len(ids)))

    def complete_all(self) -> None:
        """Complete every paper without an arXiv id (outside the Trash), or say there is none."""
        self.tasks.read(self.library.incomplete_ids, self._complete_found)

    def complete_batches(self, batch_ids: Sequence[int]) -> None:
        """Complete the papers of these imports that have no arXiv id."""
        self.find_incomplete(batch_ids, self._complete_found)

    def _complete_found(self, ids: list[int]) -> None:
        if ids:
            self.complete(ids)
        else:
            self.message.emit(NOTHING_TO_COMPLETE, 6000)

    def find_incomplete(self, batch_ids: Sequence[int], deliver: Callable[[list[int]], None]) -> None:
        """The papers of the imports ``batch_ids`` without an arXiv id (outside the Trash), read off the GUI thread."""
        batches = list(batch_ids)

        def find() -> list[int]:
            if not batches:
                return []
            incomplete = set(self.library.incomplete_ids())
            found: dict[int, None] = {}
            for batch_id in batches:
                for paper_id in self.library.paper_ids(PaperFilter(batch_id=batch_id)):
                    if paper_id in incomplete:
                        found[paper_id] = None
            return list(found)

        self.tasks.read(find, deliver)


def follow_message(follow: Sequence[Source], unfollow: Sequence[Source], catching_up: bool) -> str:
    """What the status bar says once lists were followed or unfollowed."""
    parts = []
    if follow:
        parts.append("Following " + ", ".join(_name(kind, query) for kind, query in follow))
    if unfollow:
        parts.append("no longer following " + ", ".join(_name(kind, query) for kind, query in unfollow))
    line = "; ".join(parts)
    line = line[0].upper() + line[1:]
    if follow:
        line += (
            ": fetched at start and every few hours, or now with File › Fetch Now"
            if catching_up
            else ": File › Fetch Now fetches it"
        )
    return line + "."


def _name(kind: str, query: str) -> str:
    return Listing(kind, query=query).title()
