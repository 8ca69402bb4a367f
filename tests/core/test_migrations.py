"""Schema versions: recorded on creation, stepped forward after a backup, newer ones refused."""

from __future__ import annotations

import sqlite3
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
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION == 3
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
