"""The table and sidebar models, checked by Qt's own model tester and for lazy loading."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from readinglist.core.lists import PaperFilter
from readinglist.core.records import PaperRow
from readinglist.core.services import Library
from readinglist.gui.models.paper_table import BLOCK, COLUMNS, PLACEHOLDER, PaperTableModel
from readinglist.gui.models.sidebar import SidebarCounts, SidebarModel
from tests.helpers import LIBRARY_FIXTURES


def filled_library(tmp_path: Path) -> Library:
    library = Library.open(tmp_path / "lib")
    library.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    return library


def test_paper_table_model_passes_the_model_tester(qtmodeltester, tmp_path: Path) -> None:
    with filled_library(tmp_path) as library:
        model = PaperTableModel(lambda ids, deliver: deliver(library.rows(ids)))
        model.set_ids(library.paper_ids(sort="title"))
        qtmodeltester.check(model, force_py=True)
        assert model.rowCount() == 4 and model.columnCount() == len(COLUMNS)
        assert model.index(0, 1).data() == "Benchmarks Leak: Measuring Contamination in Code Models"


def test_rows_are_loaded_in_blocks_around_what_is_shown(tmp_path: Path) -> None:
    requests: list[tuple[list[int], object]] = []
    model = PaperTableModel(lambda ids, deliver: requests.append((ids, deliver)))
    model.set_ids(range(1, 100_001))
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda first, last: changed.append((first.row(), last.row())))

    assert model.index(99_999, 1).data() == PLACEHOLDER  # asked for, not there yet
    assert model.index(99_998, 1).data() == PLACEHOLDER
    assert len(requests) == 1  # one request covers the block around the row
    ids, deliver = requests[0]
    deliver([_fake_record(i) for i in ids])
    assert model.index(99_999, 1).data() == "Paper 100000"
    assert changed == [(0, 99_999)]  # rows may have moved meanwhile: the view repaints what it shows
    model.index(50_000, 1).data()
    assert len(requests) == 2 and all(len(ids) <= BLOCK for ids, _ in requests)
    assert model.cached_rows() <= BLOCK

    model.remove_rows([99_998, 99_997])
    assert model.rowCount() == 99_998 and model.row_of(100_000) == 99_997 and model.row_of(99_999) is None
    assert model.index(99_997, 1).data() == "Paper 100000"  # kept, not asked for again
    assert len(requests) == 2


def test_sidebar_model_passes_the_model_tester(qtmodeltester, tmp_path: Path) -> None:
    with filled_library(tmp_path) as library:
        library.add_tags(library.paper_ids()[:2], ["Reasoning"])
        model = SidebarModel()
        counts = SidebarCounts(
            library.status_counts(),
            library.count(PaperFilter(starred=True)),
            library.count(),
            library.tag_counts(),
            library.batches(),
            batch_counts=library.batch_counts(),
        )
        model.update_counts(counts)
        qtmodeltester.check(model, force_py=True)
        assert model.count_of("list:inbox") == 4
        assert model.count_of("tag:reasoning") == 2
        assert model.count_of(f"batch:{library.batches()[0].id}") == 3


def _fake_record(paper_id: int) -> PaperRow:
    return PaperRow(
        id=paper_id, title=f"Paper {paper_id}", status="new", starred=False, published=None, authors_count=None,
        org=None, upvotes=None, comments=None, added_at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
