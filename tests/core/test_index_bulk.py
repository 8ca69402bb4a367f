"""Large index jobs: the multi-process writer, one commit, and a cancel that leaves nothing half done."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core import index as index_module
from readinglist.core.services import Library
from tests.benchmarks.corpus import generate_corpus


class Stop(Exception):
    """Raised from a progress callback, as the GUI's cancel does."""


@pytest.fixture
def bulk_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setattr(index_module, "BULK_DOCS", 50)  # small enough for a quick test, same code path
    library = Library.open(tmp_path / "library", sync=False)
    return library


def test_a_bulk_sync_indexes_everything_in_one_commit(bulk_library: Library, tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "more", 300, files=2, seed=4)
    seen: list[tuple[int, int]] = []
    reports = bulk_library.import_paths(corpus.files, index_progress=lambda done, total: seen.append((done, total)))
    assert sum(r.new for r in reports) == 300
    assert seen[-1] == (300, 300)
    assert bulk_library.check(repair=False).agree and bulk_library.pending_index_count() == 0
    some = bulk_library.records(bulk_library.paper_ids()[:5])
    for paper in some:
        assert paper.id in {r.paper.id for r in bulk_library.search(f'title:"{paper.title}"', limit=5)}
    bulk_library.close()


def test_a_cancelled_bulk_sync_indexes_nothing_and_keeps_the_marks(bulk_library: Library, tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "more", 300, files=1, seed=4)

    def stop_midway(done: int, _total: int) -> None:
        raise Stop

    with pytest.raises(Stop):
        bulk_library.import_paths(corpus.files, index_progress=stop_midway)
    assert bulk_library.count() == 300  # the database has them: the truth
    assert bulk_library.index.paper_ids() == set()
    assert bulk_library.pending_index_count() == 300
    assert bulk_library.sync_index() == 300
    assert bulk_library.check(repair=False).agree
    bulk_library.close()
