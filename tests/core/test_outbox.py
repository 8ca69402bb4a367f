"""The index outbox: marks and deletions written with each change, consumed by the index sync."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlmodel import select

from readinglist.core import migrations, outbox
from readinglist.core.dumps import ParsedPaper
from readinglist.core.models import IndexDeletion, LibraryMeta, Paper, ReadStatus
from readinglist.core.services import DB_FILE, Library
from readinglist.core.store import transaction
from tests.helpers import export_text, paper_id_by_title, paste_papers

GRAPH = "Graph Tokenizers for Molecule Language Models"  # only in daily_b
LATTICE = "Sparse Lattice Attention for Long Documents"  # only in daily_a


def marks(library: Library) -> dict[int, tuple[int, bool]]:
    """(revision, needs_index) of every paper, by id."""
    with transaction(library.engine) as session:
        return {p.id: (p.revision, p.needs_index) for p in session.exec(select(Paper)) if p.id is not None}


def queued(library: Library) -> set[int]:
    with transaction(library.engine) as session:
        return outbox.pending_deletions(session)


def batch_named(library: Library, name: str) -> int:
    return next(b.id for b in library.batches() if b.name == name)


def test_marking_bumps_the_revision_and_sets_the_mark(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    before = marks(library)
    assert all(not needs for _, needs in before.values())  # the import's sync cleared them
    first, *others = sorted(before)
    with transaction(library.engine) as session:
        outbox.mark_changed(session, [first])
        outbox.mark_changed(session, [])  # nothing to mark: nothing happens
    after = marks(library)
    assert after[first] == (before[first][0] + 1, True)
    assert all(after[pid] == before[pid] for pid in others)
    assert library.pending_index_count() == 1

    with transaction(library.engine) as session:
        outbox.mark_changed(session, None)  # every paper
    assert all(after[pid][0] + 1 == rev and needs for pid, (rev, needs) in marks(library).items())


def test_a_user_change_goes_through_the_outbox(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    lattice = paper_id_by_title(library, LATTICE)
    revision, _ = marks(library)[lattice]
    library.set_status([lattice], ReadStatus.READING)
    assert marks(library)[lattice] == (revision + 1, True)
    assert library.sync_index() == 1
    assert marks(library)[lattice] == (revision + 1, False)


def test_a_mark_is_cleared_only_at_the_revision_indexed(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    lattice = paper_id_by_title(library, LATTICE)
    library.set_starred([lattice], True)
    with transaction(library.engine) as session:
        read_for_indexing = outbox.pending_papers(session)
    assert [pid for pid, _ in read_for_indexing] == [lattice]
    library.set_starred([lattice], False)  # changed again while "being indexed"
    with transaction(library.engine) as session:
        outbox.settle(session, read_for_indexing, set())
    assert marks(library)[lattice][1] is True
    library.sync_index()
    assert marks(library)[lattice][1] is False


def test_a_merge_that_changes_indexed_text_bumps_the_revision(library: Library) -> None:
    paste_papers(library, [ParsedPaper(LATTICE, 1)], "first")
    lattice = paper_id_by_title(library, LATTICE)
    assert marks(library)[lattice] == (1, False)
    paste_papers(library, [ParsedPaper(LATTICE, 1, abstract="Sparse lattices route attention.")], "second")
    assert marks(library)[lattice] == (2, False)  # marked, then indexed by the import's sync
    assert [r.paper.id for r in library.search("lattices")] == [lattice]


def test_restoring_onto_an_existing_paper_bumps_the_revision(library: Library, tmp_path: Path) -> None:
    paste_papers(library, [ParsedPaper(LATTICE, 1)], "first")
    lattice = paper_id_by_title(library, LATTICE)
    export = tmp_path / "export.json"
    export.write_text(export_text([{"title": LATTICE, "starred": True, "tags": ["sparse"]}]), encoding="utf-8")
    library.import_paths([export])
    assert marks(library)[lattice] == (2, False)
    assert [r.paper.id for r in library.search("tag:sparse")] == [lattice]


def test_deletions_queue_and_a_sync_consumes_them(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    graph = paper_id_by_title(library, GRAPH)
    removal = library.remove_batch(batch_named(library, "daily_b.txt"))
    assert queued(library) == {graph}
    assert graph in library.index.paper_ids()  # not synced yet
    library.sync_index()
    assert queued(library) == set()
    assert graph not in library.index.paper_ids()

    library.restore(removal)  # the paper is back: marked, its deletion (already done) not queued
    assert queued(library) == set()
    assert marks(library)[graph][1] is True
    library.sync_index()
    assert library.check(repair=False).agree


def test_a_deletion_put_back_before_the_sync_is_forgotten(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    graph = paper_id_by_title(library, GRAPH)
    library.restore(library.remove_batch(batch_named(library, "daily_b.txt")))
    assert queued(library) == set()
    library.sync_index()
    assert [r.paper.id for r in library.search("molecule")] == [graph]
    assert library.check(repair=False).agree


def test_no_deletions_are_kept_in_library_meta(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    library.remove_batch(batch_named(library, "daily_b.txt"))
    with transaction(library.engine) as session:
        assert [row.key for row in session.exec(select(LibraryMeta))] == ["schema_version"]
        assert len(list(session.exec(select(IndexDeletion)))) == 1


def table_columns(db_path: Path, table: str) -> list[tuple[str, str, int, int]]:
    with sqlite3.connect(db_path) as connection:
        rows = [(r[1], r[2], r[3], r[5]) for r in connection.execute(f"PRAGMA table_info({table})")]
    connection.close()
    return rows


def version_two_library(folder: Path, daily_a: Path, daily_b: Path) -> int:
    """A library as release 2 left it, with one deletion the index has not caught up with yet.

    Made with today's code, then taken back: the deletion moves to the old JSON value in library_meta,
    the index_deletion table goes. Returns the id of the deleted paper (still in the index).
    """
    with Library.open(folder) as library:
        library.import_paths([daily_a, daily_b])
        graph = paper_id_by_title(library, GRAPH)
        library.remove_batch(batch_named(library, "daily_b.txt"))  # no sync: pending at "shutdown"
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("DROP TABLE index_deletion")
        connection.execute("INSERT INTO library_meta VALUES ('index_deletions', ?)", (json.dumps([graph]),))
        connection.execute("UPDATE library_meta SET value = '2' WHERE key = 'schema_version'")
    connection.close()
    return graph


def test_migration_moves_pending_deletions_from_the_old_value(tmp_path: Path, daily_a: Path, daily_b: Path) -> None:
    folder = tmp_path / "lib"
    graph = version_two_library(folder, daily_a, daily_b)

    with Library.open(folder, sync=False) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION
        assert queued(library) == {graph}
        with transaction(library.engine) as session:
            assert session.get(LibraryMeta, "index_deletions") is None
        assert graph in library.index.paper_ids()
        library.sync_index()  # the deletion is consumed like any other
        assert queued(library) == set()
        assert graph not in library.index.paper_ids()
        assert library.check(repair=False).agree

    with Library.open(tmp_path / "fresh") as fresh:
        fresh_columns = table_columns(fresh.db_path, "index_deletion")
    assert table_columns(folder / DB_FILE, "index_deletion") == fresh_columns

    [backup] = folder.glob("library.v2-*.bak")
    with sqlite3.connect(backup) as connection:
        old = connection.execute("SELECT value FROM library_meta WHERE key = 'index_deletions'").fetchone()
        assert old == (json.dumps([graph]),)
        assert connection.execute("SELECT name FROM sqlite_master WHERE name = 'index_deletion'").fetchone() is None
    connection.close()


def test_migration_of_a_library_with_nothing_pending(tmp_path: Path, daily_a: Path, daily_b: Path) -> None:
    folder = tmp_path / "lib"
    version_two_library(folder, daily_a, daily_b)
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("DELETE FROM library_meta WHERE key = 'index_deletions'")
    connection.close()
    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION
        assert queued(library) == set()
