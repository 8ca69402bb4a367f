"""Fetching from the Hub, measured against a local fake Hub (real HTTP, the client's default policy).

    .venv/bin/python tests/benchmarks/hub_fetch.py [--repeats 5]

Prints, each the median of ``--repeats`` fresh libraries:
- fetch: the time to fetch a 50-paper daily list and import it (one request, one batch),
  and the index sync after it;
- reference (same run): importing the same answer saved as a file (``Library.import_files``),
  which is the fetch without the HTTP request;
and the requests catching up makes: after a week with the laptop closed (one catch-up on
start), and over a week with the app open and catching up every 4 hours.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from pytest_httpserver import HTTPServer

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from readinglist.core.hub import fetching  # noqa: E402
from readinglist.core.hub.client import HubClient  # noqa: E402
from readinglist.core.hub.listings import dated, due_listings  # noqa: E402
from readinglist.core.services import Library  # noqa: E402
from tests.hub_fake import FakeHub, paper_entry  # noqa: E402

DAY = date(2026, 12, 2)


def serve() -> tuple[HTTPServer, FakeHub]:
    server = HTTPServer()
    server.start()
    hub = FakeHub(server.url_for("/").rstrip("/"))
    for path in ("/api/daily_papers", "/api/papers/search", re.compile("^/api/papers/.+")):
        server.expect_request(path).respond_with_handler(hub.answer)
    import os

    os.environ["HF_ENDPOINT"] = hub.url
    return server, hub


def fetch_once(hub: FakeHub, work: Path) -> tuple[float, float, float, float]:
    """(first page in s, fetch and import s, index s, the same answer imported as a file s), on fresh libraries.

    A 50-paper list is two requests: the second (empty) page proves the first was the last, and waits
    its turn (one request a second). Each run starts a second after the last one's requests, as a
    person's first fetch does.
    """
    time.sleep(1.1)
    with Library.open(work / "fetch") as library:
        pages: list[float] = []
        started = time.perf_counter()
        report = fetching.fetch_listings(
            library.engine,
            HubClient(),
            [dated("daily", DAY)],
            on_report=lambda _page: pages.append(time.perf_counter()),
            today=DAY,
        )
        fetched = time.perf_counter()
        library.sync_index()
        indexed = time.perf_counter()
        assert report.new == 50, report
    answer = work / "daily.json"
    answer.write_text(json.dumps(hub.daily[DAY.isoformat()]), encoding="utf-8")
    with Library.open(work / "file") as library:
        started_file = time.perf_counter()
        [file_report] = library.import_files([answer])  # indexes too: take the import part alone below
        reference = time.perf_counter() - started_file
        assert file_report.new == 50, file_report
    return pages[0] - started, fetched - started, indexed - fetched, reference


def week_closed(hub: FakeHub, work: Path) -> tuple[int, float]:
    """Requests and seconds of the one catch-up after a week away (the daily list followed)."""
    today = datetime.now(UTC).date()
    for back in range(8):
        day = today - timedelta(days=back)
        hub.daily[day.isoformat()] = [paper_entry(1000 * back + n, day=day.isoformat()) for n in range(1, 41)]
    with Library.open(work / "closed") as library:
        library.follow("daily")
        listings = due_listings("daily", "", today, set(), today - timedelta(days=7))
        client = HubClient()
        started = time.perf_counter()
        fetching.fetch_listings(library.engine, client, listings, today=today)
        return client.requests, time.perf_counter() - started


def week_open(hub: FakeHub, work: Path, every_hours: int = 4) -> int:
    """Requests of a week of catch-ups every ``every_hours`` with the app open (the daily list followed)."""
    with Library.open(work / "open") as library:
        requests = 0
        for step in range(7 * 24 // every_hours):
            now = datetime(2026, 11, 20, tzinfo=UTC) + timedelta(hours=every_hours * step)
            today = now.date()
            hub.daily.setdefault(today.isoformat(), [paper_entry(n, day=today.isoformat()) for n in range(1, 41)])
            complete = fetching.complete_listings(library.engine)
            listings = due_listings("daily", "", today, complete, today - timedelta(days=1))
            client = HubClient()
            fetching.fetch_listings(library.engine, client, listings, today=today)
            requests += client.requests
        return requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    server, hub = serve()
    hub.daily[DAY.isoformat()] = [paper_entry(n, day=DAY.isoformat()) for n in range(1, 51)]
    try:
        runs = []
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory() as folder:
                runs.append(fetch_once(hub, Path(folder)))
        first_s, fetch_s, index_s, reference_s = (statistics.median(column) for column in zip(*runs, strict=True))
        print(
            f"50-paper daily list: its page fetched and imported in {first_s * 1000:.0f} ms; the whole fetch "
            f"(the empty second page a second later) {fetch_s * 1000:.0f} ms; then index {index_s * 1000:.0f} ms"
        )
        print(
            f"  reference, same run: the same answer imported from a file (import + index) {reference_s * 1000:.0f} ms"
        )
        with tempfile.TemporaryDirectory() as folder:
            requests, seconds = week_closed(hub, Path(folder))
        print(f"catch-up after a week closed (8 daily lists of 40 papers): {requests} requests in {seconds:.1f} s")
        with tempfile.TemporaryDirectory() as folder:
            print(f"a week open, catching up every 4 h: {week_open(hub, Path(folder))} requests")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
