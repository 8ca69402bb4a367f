"""Jobs in the worker process (``ProcessJobs``) give the same library as in-process work."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.jobs import Cancelled
from readinglist.core.services import Library
from readinglist.core.worker import ProcessJobs, WorkerError


@pytest.fixture
def worker_library(tmp_path: Path):
    library = Library.open(tmp_path / "lib")
    yield library
    library.close()


@pytest.fixture
def jobs(worker_library: Library):
    jobs = ProcessJobs(worker_library)
    yield jobs
    jobs.close()


def test_imports_in_the_worker_are_searchable_here(
    worker_library: Library, jobs: ProcessJobs, daily_a: Path, daily_b: Path
) -> None:
    heard: list[str] = []
    reports = jobs.import_files([daily_a, daily_b], on_file=lambda r: heard.append(Path(r.source).name))
    assert [(r.found, r.new, r.merged) for r in reports] == [(3, 3, 0), (2, 1, 1)]
    assert heard == ["daily_a.txt", "daily_b.txt"]
    assert worker_library.count() == 4
    assert worker_library.pending_index_count() == 0
    assert {r.paper.title for r in worker_library.search("contamination")} == {
        "Benchmarks Leak: Measuring Contamination in Code Models"
    }


def test_a_cancel_stops_after_the_current_file(
    worker_library: Library, jobs: ProcessJobs, daily_a: Path, daily_b: Path
) -> None:
    def stop_after_first(_report) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        jobs.import_files([daily_a, daily_b], on_file=stop_after_first)
    assert [b.name for b in worker_library.batches()] == ["daily_a.txt"]
    assert worker_library.count() == 3
    assert jobs.import_files([daily_b])[0].new == 1  # the worker still serves


def test_a_worker_killed_midway_loses_nothing_committed(
    worker_library: Library, jobs: ProcessJobs, daily_a: Path, daily_b: Path
) -> None:
    def kill_the_worker(_report) -> None:  # after the first file has committed
        process = jobs._worker._process
        assert process is not None
        process.kill()

    with pytest.raises(WorkerError, match="stopped unexpectedly"):
        jobs.import_files([daily_a, daily_b], on_file=kill_the_worker)

    assert [b.name for b in worker_library.batches()] == ["daily_a.txt"]
    assert worker_library.count() == 3
    assert worker_library.pending_index_count() == 3  # never indexed: still marked
    assert jobs.sync_index() == 3  # a fresh worker picks the marks up
    assert worker_library.check(repair=False).agree
