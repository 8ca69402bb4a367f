"""Issue 17: fetches and completions as jobs (in this process and in the worker), cancelled and killed midway.

A cancel keeps what was done; a process killed in the middle of a page (while the
page is on its way, or while it is being written) leaves the pages before it whole,
nothing of that page, and a sound database.
"""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from readinglist.core.hub.client import HubPolicy
from readinglist.core.hub.listings import Listing
from readinglist.core.import_reports import FileReport
from readinglist.core.jobs import Cancelled, LocalJobs
from readinglist.core.models import HubFetch
from readinglist.core.services import DB_FILE, Library
from readinglist.core.store import transaction
from readinglist.core.worker import ProcessJobs
from tests.hub_fake import FAST, FakeHub, paper_entry, row_counts, stalled, status

DAY = "2026-12-02"
DAILY = Listing("daily", DAY)
SPAWN = multiprocessing.get_context("spawn")  # as the worker starts its child: no forked Qt or SQLite state
PATIENT = HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=60, attempts=1)  # waits out a stalled page


def cancel(_report: Any = None, _total: Any = None) -> None:
    raise Cancelled


def fetch_records(library: Library) -> list[tuple[str, int]]:
    with transaction(library.engine) as session:
        return [(row.listing, row.page) for row in session.exec(select(HubFetch).order_by(HubFetch.page))]


def integrity(folder: Path) -> str:
    connection = sqlite3.connect(folder / DB_FILE)
    try:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        connection.close()


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    """A daily list of 120 papers: three pages."""
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(120)]
    return fake_hub


# -- cancelling ------------------------------------------------------------------------------------


def test_a_cancelled_local_fetch_returns_what_it_did(library: Library, hub: FakeHub) -> None:
    library.hub_policy = FAST
    heard: list[FileReport] = []

    def first_page_only(report: FileReport) -> None:
        heard.append(report)
        raise Cancelled

    report = LocalJobs(library).fetch([DAILY], on_report=first_page_only)
    assert report.stopped and report.offline is None
    assert (
        [(r.source, r.new) for r in report.reports]
        == [("Hub daily list 2026-12-02", 50)]
        == [(r.source, r.new) for r in heard]
    )
    assert report.requests == 1 and len(hub.asked) == 1  # page 2 never asked for
    assert library.count() == 50 and fetch_records(library) == [(DAILY.key, 0)]
    assert len(library.search("sparse attention", limit=None)) == 50  # indexed though cancelled


def test_a_cancelled_local_completion_keeps_the_papers_done(library: Library, fake_hub: FakeHub) -> None:
    library.hub_policy = FAST
    titles = [f"Fake paper number {n} on sparse attention" for n in range(3)]
    fake_hub.searchable = [paper_entry(n) for n in range(3)]
    page = "".join(f"{t}\n\nWe study {t.lower()} and what it does to long inputs.\n\n·\nNov 18\n\n" for t in titles)
    library.import_text("Daily Papers\n\n" + page, "copied")
    ids = library.paper_ids()

    report = LocalJobs(library).complete(ids, progress=cancel)
    assert report.stopped and [r.outcome for r in report.results] == ["completed"]
    assert report.change.papers == {ids[0]}
    assert [p.arxiv_id for p in library.records(ids)] == ["2512.00000", None, None]


def test_a_cancelled_fetch_in_the_worker_returns_what_it_did(tmp_path: Path, hub: FakeHub) -> None:
    """The child inherits HF_ENDPOINT (set by the fixture before it starts) and asks at one request a second."""
    with Library.open(tmp_path / "lib") as library:
        jobs = ProcessJobs(library)
        try:
            report = jobs.fetch([DAILY], on_report=cancel)
            assert report.stopped and [r.new for r in report.reports] == [50]
            assert report.requests == 1 and len(hub.asked) == 1
            assert library.count() == 50
            assert len(library.search("sparse attention", limit=None)) == 50  # the child indexed, we see it

            hub.asked.clear()
            again = jobs.fetch([DAILY], limit=60)  # the worker still serves; page 1 is unchanged
            assert [(r.outcome, r.new) for r in again.reports] == [("unchanged", 0), ("imported", 10)]
            assert [q["p"] for q in hub.requests_to("/api/daily_papers")] == ["0", "1"]
        finally:
            jobs.close()


def test_the_worker_is_offline_quietly(tmp_path: Path) -> None:
    """No fake Hub: the endpoint is a closed port; the child reports the state, not an error."""
    with Library.open(tmp_path / "lib") as library:
        jobs = ProcessJobs(library)
        try:
            report = jobs.fetch([DAILY])
            assert report.offline is not None and "cannot connect" in report.offline
            assert report.reports == [] and library.count() == 0
        finally:
            jobs.close()


# -- killed midway -------------------------------------------------------------------------------


def _fetch_in_child(folder: str, hold_in_import: Any) -> None:
    """A child process fetching DAILY; with ``hold_in_import`` (an Event), it stops inside page 2's transaction.

    There it has written page 2's papers and its batch (flushed, not committed), sets the event
    and waits to be killed.
    """
    if hold_in_import is not None:
        import time

        from readinglist.core import matching

        merge = matching.Merger.merge
        batches: list[int] = []

        def merge_then_hold(self: matching.Merger, papers: Any) -> None:
            merge(self, papers)
            if self.batch_id not in batches:
                batches.append(self.batch_id)
            if len(batches) == 2:
                self.session.flush()
                hold_in_import.set()
                time.sleep(120)

        matching.Merger.merge = merge_then_hold  # type: ignore[method-assign]
    with Library.open(Path(folder), sync=False) as library:
        library.hub_policy = PATIENT
        library.fetch([DAILY])


def assert_only_page_one(folder: Path) -> None:
    """Page 1's batch whole, nothing of page 2, a sound database; the next fetch brings page 2."""
    assert integrity(folder) == "ok"
    with Library.open(folder) as library:
        assert [(b.name, b.found, b.new) for b in library.batches()] == [("Hub daily list 2026-12-02", 50, 50)]
        assert row_counts(library.engine) == {"paper": 50, "import_batch": 1, "paper_source": 50, "hub_fetch": 1}
        assert fetch_records(library) == [(DAILY.key, 0)]
        assert library.check(repair=False).agree
        library.hub_policy = FAST
        again = library.fetch([DAILY])
        assert [(r.outcome, r.new) for r in again.reports] == [("unchanged", 0), ("imported", 50), ("imported", 20)]


def test_a_fetch_killed_while_a_page_arrives_leaves_no_partial_batch(tmp_path: Path, hub: FakeHub) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    started, release = threading.Event(), threading.Event()
    hub.script = [status(200, json.dumps(hub.daily[DAY][:50])), stalled(started, release)]
    child = SPAWN.Process(target=_fetch_in_child, args=(str(folder), None))
    child.start()
    try:
        assert started.wait(60), "the child never asked for page 2"
        child.kill()  # page 2 half received
        child.join(10)
    finally:
        release.set()
        if child.is_alive():
            child.kill()
    assert child.exitcode is not None and child.exitcode < 0  # killed, not finished
    assert_only_page_one(folder)


def test_a_fetch_killed_while_a_page_is_written_leaves_no_partial_batch(tmp_path: Path, hub: FakeHub) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    holding = SPAWN.Event()
    child = SPAWN.Process(target=_fetch_in_child, args=(str(folder), holding))
    child.start()
    try:
        assert holding.wait(60), "the child never reached page 2's transaction"
        child.kill()  # page 2's papers and batch written but not committed
        child.join(10)
    finally:
        if child.is_alive():
            child.kill()
    assert child.exitcode is not None and child.exitcode < 0
    assert [q["p"] for q in hub.requests_to("/api/daily_papers")] == ["0", "1"]
    assert_only_page_one(folder)
