"""Removing an import batch, undoing the removal, and the index following both."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.core.batches import BatchConflictError
from readinglist.core.changes import BatchRemoved
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from tests.helpers import paper_id_by_title

CURRICULUM = "Curriculum Distillation for Small Reasoners"  # in daily_a and daily_b
GRAPH = "Graph Tokenizers for Molecule Language Models"  # only in daily_b
LATTICE = "Sparse Lattice Attention for Long Documents"  # only in daily_a


def batch_named(library: Library, name: str) -> int:
    return next(b.id for b in library.batches() if b.name == name)


def titles(library: Library) -> set[str]:
    return {p.title for p in library.records(library.paper_ids())}


def snapshot_of(library: Library) -> tuple:
    """Everything a removal and its undo could disturb, by id."""
    papers = [
        (p.id, p.title, p.status, p.comments, [(s.batch_id, s.file, s.position) for s in p.sources])
        for p in library.records(library.paper_ids(sort="id"))
    ]
    return papers, [(b.id, b.name, b.found, b.new) for b in library.batches()]


def test_removing_a_batch_takes_only_the_papers_it_alone_brought(
    library: Library, daily_a: Path, daily_b: Path
) -> None:
    library.import_paths([daily_a, daily_b])
    graph = paper_id_by_title(library, GRAPH)
    changes = library.remove_batch(batch_named(library, "daily_b.txt"))
    library.sync_index()
    assert isinstance(changes.change, BatchRemoved) and changes.batches
    assert GRAPH not in titles(library) and CURRICULUM in titles(library)
    assert [b.name for b in library.batches()] == ["daily_a.txt"]
    assert [s.file for s in library.get(paper_id_by_title(library, CURRICULUM)).sources] == ["daily_a.txt"]
    assert graph not in library.index.paper_ids()
    assert library.search("molecule") == []
    assert library.check(repair=False).agree


def test_papers_the_user_worked_on_stay(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    lattice = paper_id_by_title(library, LATTICE)
    library.set_status([lattice], ReadStatus.QUEUED)
    library.remove_batch(batch_named(library, "daily_a.txt"))
    assert titles(library) == {LATTICE}
    assert library.get(lattice).status == "queued" and library.get(lattice).sources == []


def test_undo_puts_back_the_same_rows_and_redo_removes_them_again(
    library: Library, daily_a: Path, daily_b: Path
) -> None:
    library.import_paths([daily_a, daily_b])
    before = snapshot_of(library)
    removal = library.remove_batch(batch_named(library, "daily_b.txt"))
    library.sync_index()
    undone = library.restore(removal)
    library.sync_index()
    assert snapshot_of(library) == before
    assert [r.paper.title for r in library.search("molecule")] == [GRAPH]
    assert library.check(repair=False).agree

    library.restore(undone)
    library.sync_index()
    assert GRAPH not in titles(library)
    assert library.check(repair=False).agree


def test_a_removal_cannot_be_undone_over_a_reimport(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    removal = library.remove_batch(batch_named(library, "daily_b.txt"))
    library.import_paths([daily_b])
    after_reimport = snapshot_of(library)
    with pytest.raises(BatchConflictError, match="imported again"):
        library.restore(removal)
    assert snapshot_of(library) == after_reimport


def test_a_crash_before_the_index_caught_up_is_repaired_at_open(tmp_path: Path, daily_a: Path, daily_b: Path) -> None:
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        library.import_paths([daily_a, daily_b])
        graph = paper_id_by_title(library, GRAPH)
        library.remove_batch(batch_named(library, "daily_b.txt"))  # no sync: as if the app died here
        assert graph in library.index.paper_ids()
    with Library.open(folder) as reopened:
        assert graph not in reopened.index.paper_ids()
        assert reopened.check(repair=False).agree


def test_a_removal_is_not_put_back_over_the_same_file_imported_again(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    for pid in library.paper_ids():  # touched: the removal keeps every paper
        library.set_status([pid], ReadStatus.QUEUED)
    removed = library.remove_batch(library.batches()[0].id)
    library.import_paths([daily_a])  # the same file again: a new batch with the same content hash
    with pytest.raises(BatchConflictError, match="imported again"):
        library.restore(removed)
    assert [b.name for b in library.batches()] == ["daily_a.txt"]
