"""Schema versions: recorded on creation, stepped forward after a backup, newer ones refused."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from readinglist.core import migrations
from readinglist.core.dumps import ParsedPaper
from readinglist.core.services import DB_FILE, Library
from tests.helpers import paper_id_by_title, paste_papers


def test_new_library_records_the_current_version(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION


def test_older_library_is_backed_up_then_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    current = migrations.SCHEMA_VERSION

    def add_reading_minutes(connection) -> None:
        connection.execute(text("ALTER TABLE paper ADD COLUMN reading_minutes INTEGER"))

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATION_STEPS, migrations.SCHEMA_VERSION, add_reading_minutes)
    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION
        with library.engine.connect() as connection:
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(paper)"))}
    assert "reading_minutes" in columns
    backups = list(folder.glob(f"library.v{current}-*.bak"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0


def test_library_from_a_newer_release_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 0)
    with pytest.raises(migrations.SchemaError, match="newer than this release"):
        Library.open(folder)


def paper_columns(db_path: Path) -> set[str]:
    with sqlite3.connect(db_path) as connection:
        return {row[1] for row in connection.execute("PRAGMA table_info(paper)")}


def version_one_library(folder: Path, daily_a: Path) -> None:
    """A library as release 1 left it: three papers, no ai_summary column, schema version 1.

    Made with today's code, then taken back: SQLite drops the column the version 2 step adds
    and the table the version 3 step adds.
    """
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("ALTER TABLE paper DROP COLUMN ai_summary")
        connection.execute("DROP TABLE index_deletion")
        connection.execute("UPDATE library_meta SET value = '1' WHERE key = 'schema_version'")
    connection.close()
    assert "ai_summary" not in paper_columns(folder / DB_FILE)


def test_version_one_library_gains_ai_summary_after_a_backup(tmp_path: Path, daily_a: Path) -> None:
    folder = tmp_path / "lib"
    version_one_library(folder, daily_a)

    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION == 6
        papers = library.records(library.paper_ids())
        assert len(papers) == 3
        assert [p.ai_summary for p in papers] == [None, None, None]  # what was imported before has none
        assert library.pending_index_count() == 0  # nothing to re-index: no paper has a summary yet

        # The migrated library stores and finds summaries like a new one.
        lattice = "Sparse Lattice Attention for Long Documents"
        paste_papers(library, [ParsedPaper(lattice, 1, ai_summary="Routes tokens via slots.")], "later")
        assert library.get(paper_id_by_title(library, lattice)).ai_summary == "Routes tokens via slots."

    with Library.open(tmp_path / "fresh") as fresh:
        fresh_columns = paper_columns(fresh.db_path)
    assert paper_columns(folder / DB_FILE) == fresh_columns

    [backup] = folder.glob("library.v1-*.bak")
    assert "ai_summary" not in paper_columns(backup)  # the library as it was before the step
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT value FROM library_meta WHERE key = 'schema_version'").fetchone() == ("1",)
        assert connection.execute("SELECT count(*) FROM paper").fetchone() == (3,)
    connection.close()


def file_state(path: Path) -> bytes:
    """The bytes of a database file, to show nothing was written to it.

    (Reading a WAL library, even read-only, leaves SQLite's -shm and an empty -wal beside it.)
    """
    return path.read_bytes()


def test_a_foreign_sqlite_file_is_refused_without_writing_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
        connection.execute("INSERT INTO recipes VALUES ('soup', 30)")
    connection.close()
    before = file_state(folder / DB_FILE)
    with pytest.raises(migrations.NotALibraryError, match="not a readinglist library .*recipes"):
        Library.open(folder)
    assert file_state(folder / DB_FILE) == before
    assert not (folder / "index").exists()


def test_a_file_that_is_not_a_database_is_refused_without_writing_to_it(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / DB_FILE).write_text("these are my notes, not a database\n" * 200)
    before = file_state(folder / DB_FILE)
    with pytest.raises(migrations.NotALibraryError, match="file is not a database"):
        Library.open(folder)
    assert file_state(folder / DB_FILE) == before


def test_the_command_line_says_not_a_library_in_one_line(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from readinglist.cli import main

    folder = tmp_path / "lib"
    folder.mkdir()
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    result = CliRunner().invoke(main, ["--library", str(folder), "list"])
    assert result.exit_code == 1
    assert "not a readinglist library" in result.stderr and result.exception is not None
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("stored", "message"),
    [
        ("abc", "unreadable"),
        ("0", "not a valid version"),
        ("-2", "not a valid version"),
        ("", "unreadable"),
        ("99", "newer than this release"),
    ],
)
def test_unreadable_schema_versions_are_refused_without_a_backup(tmp_path: Path, stored: str, message: str) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("UPDATE library_meta SET value = ? WHERE key = 'schema_version'", (stored,))
    connection.close()
    before = file_state(folder / DB_FILE)
    for _attempt in range(2):
        with pytest.raises(migrations.SchemaError, match=message):
            Library.open(folder)
    assert not list(folder.glob("*.bak"))
    assert file_state(folder / DB_FILE) == before


def test_an_interrupted_migration_reuses_its_backup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    current = migrations.SCHEMA_VERSION
    attempts = []

    def failing_step(connection) -> None:
        attempts.append(1)
        if len(attempts) < 3:
            raise OSError("the disk is full")
        connection.execute(text("ALTER TABLE paper ADD COLUMN reading_minutes INTEGER"))

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(migrations.MIGRATION_STEPS, current + 1, failing_step)
    for _attempt in range(2):
        with pytest.raises(OSError, match="disk is full"):
            Library.open(folder)
    [backup] = folder.glob(f"library.v{current}-*.bak")
    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == current + 1
    assert list(folder.glob("*.bak")) == [backup]  # one backup for the migration, not one per attempt
    with sqlite3.connect(folder / DB_FILE) as connection:
        keys = {row[0] for row in connection.execute("SELECT key FROM library_meta")}
    connection.close()
    assert "migration_backup" not in keys  # done: the next migration makes its own


def import_batch_indexes(db_path: Path) -> dict[str, tuple[int, int]]:
    """(unique, partial) of every index on import_batch, by name."""
    with sqlite3.connect(db_path) as connection:
        found = {
            name: (unique, partial)
            for _, name, unique, _, partial in connection.execute("PRAGMA index_list(import_batch)")
        }
    connection.close()
    return found


def test_version_three_library_keeps_every_batch_and_gets_one_batch_per_content(
    tmp_path: Path, daily_a: Path, daily_b: Path
) -> None:
    """Two imports of one file at the same moment made two batches with one hash before version 4."""
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.import_paths([daily_a, daily_b])
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("DROP INDEX ux_import_batch_content_hash")
        [(first, digest)] = connection.execute("SELECT id, content_hash FROM import_batch WHERE name = 'daily_a.txt'")
        # The second process's batch of daily_a, listing the same papers, and two restored batches of one export.
        connection.execute(
            "INSERT INTO import_batch (name, content_hash, imported_at, found, new, merged, skipped) "
            "SELECT name, content_hash, imported_at, found, 0, found, skipped FROM import_batch WHERE id = ?",
            (first,),
        )
        [(second,)] = connection.execute("SELECT max(id) FROM import_batch")
        connection.execute(
            "INSERT INTO paper_source (batch_id, paper_id, position) "
            "SELECT ?, paper_id, position FROM paper_source WHERE batch_id = ?",
            (second, first),
        )
        for day in ("2025-01-01", "2025-01-02"):
            connection.execute(
                "INSERT INTO import_batch (name, content_hash, imported_at, found, new, merged, skipped) "
                "VALUES ('old.txt', 'restored:abc:old.txt', ?, 0, 0, 0, 0)",
                (day,),
            )
        connection.execute("UPDATE library_meta SET value = '3' WHERE key = 'schema_version'")
    connection.close()

    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION == 6
        batches = {b.id: b for b in library.batches()}
        assert len(batches) == 5  # nothing was lost
        assert batches[first].content_hash == digest  # the oldest keeps the hash: "already imported" names it
        assert batches[second].content_hash == f"dup:{second}:{digest}"
        assert sorted(b.content_hash for b in batches.values()).count("restored:abc:old.txt") == 2
        lattice = paper_id_by_title(library, "Sparse Lattice Attention for Long Documents")
        assert {s.batch_id for s in library.get(lattice).sources} >= {first, second}  # provenance kept

        again = library.import_paths([daily_a])  # the file is known once, as the oldest batch
        assert [(r.outcome, r.batch_id) for r in again] == [("unchanged", first)]

    assert import_batch_indexes(folder / DB_FILE) == {
        "ix_import_batch_content_hash": (0, 0),
        "ux_import_batch_content_hash": (1, 1),
    }
    with Library.open(tmp_path / "fresh") as fresh:
        assert import_batch_indexes(fresh.db_path) == import_batch_indexes(folder / DB_FILE)
    with sqlite3.connect(folder / DB_FILE) as connection, pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        connection.execute(
            "INSERT INTO import_batch (name, content_hash, imported_at, found, new, merged, skipped) "
            "VALUES ('again.txt', ?, '2025-01-03', 0, 0, 0, 0)",
            (digest,),
        )
    connection.close()
    [backup] = folder.glob("library.v3-*.bak")
    with sqlite3.connect(backup) as connection:
        hashes = [h for (h,) in connection.execute("SELECT content_hash FROM import_batch WHERE name = 'daily_a.txt'")]
    connection.close()
    assert hashes == [digest, digest]  # the library as it was before the step


def test_two_processes_opening_an_old_library_at_once_take_turns(tmp_path: Path, daily_a: Path) -> None:
    folder = tmp_path / "lib"
    version_one_library(folder, daily_a)
    command = [sys.executable, "-m", "readinglist", "--library", str(folder), "list", "--limit", "1"]
    both = [subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(process.wait(timeout=120), process.stderr.read() if process.stderr else "") for process in both]
    assert [code for code, _ in results] == [0, 0], results
    assert not any("Traceback" in err for _, err in results)
    with Library.open(folder, sync=False) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION
        assert library.count() == 3
    assert len(list(folder.glob("*.bak"))) == 1  # one backup for the one migration
