"""LocalJobs: long work run in the caller's thread, with progress and one Cancelled."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.jobs import Cancelled, LocalJobs
from readinglist.core.services import Library


def test_local_jobs_import_then_index(library: Library, daily_a: Path, daily_b: Path) -> None:
    jobs = LocalJobs(library)
    progress: list[tuple[int, int]] = []
    reports = jobs.import_files([daily_a, daily_b], progress=lambda done, total: progress.append((done, total)))
    assert [(r.new, r.merged) for r in reports] == [(3, 0), (1, 1)]
    assert progress[-1] == (4, 4)  # the index heard every new paper
    assert not library.index_work_pending()
    assert library.search("contamination")


def test_a_cancel_from_a_callback_stops_after_the_current_file(library: Library, daily_a: Path, daily_b: Path) -> None:
    def stop(_report) -> None:
        raise Cancelled

    with pytest.raises(Cancelled):
        LocalJobs(library).import_files([daily_a, daily_b], on_file=stop)
    assert [b.name for b in library.batches()] == ["daily_a.txt"]
    assert library.index_work_pending()  # not indexed yet: the marks stay for the next sync
    assert LocalJobs(library).sync_index() == 3


def test_reindex_rebuilds_from_the_database(library: Library, daily_a: Path) -> None:
    jobs = LocalJobs(library)
    jobs.import_files([daily_a])
    assert jobs.reindex() == 3
    assert library.check(repair=False).agree
