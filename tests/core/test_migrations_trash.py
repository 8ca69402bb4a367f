"""Issue 15 items A and B: schema version 5 adds the Trash and saved searches to a version 4 library, after a backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readinglist.core import migrations
from readinglist.core.services import DB_FILE, Library


def version_four_library(folder: Path, daily_a: Path) -> None:
    """A library as release 4 left it: made with today's code, then the Trash column and saved searches taken out."""
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    with sqlite3.connect(folder / DB_FILE) as connection:
        connection.execute("DROP INDEX ix_paper_trashed")
        connection.execute("ALTER TABLE paper DROP COLUMN trashed_at")
        connection.execute("DROP TABLE saved_search")
        connection.execute("UPDATE library_meta SET value = '4' WHERE key = 'schema_version'")
    connection.close()


def test_version_four_library_gains_the_trash_and_saved_searches_after_a_backup(tmp_path: Path, daily_a: Path) -> None:
    """Issue 15 items A and B: no paper starts in the Trash, and both new things work after the upgrade."""
    folder = tmp_path / "lib"
    version_four_library(folder, daily_a)

    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION == 6
        ids = library.paper_ids()
        assert len(ids) == 3 and library.trashed_ids() == set()
        library.trash(ids[:1])
        library.add_saved_search("Everything", "the")
        assert library.count() == 2 and [s.name for s in library.saved_searches()] == ["Everything"]
    backups = list(folder.glob("library.v4-*.bak"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as backup:
        columns = {row[1] for row in backup.execute("PRAGMA table_info(paper)")}
    backup.close()
    assert "trashed_at" not in columns  # the copy is the library as it was


def test_the_step_can_run_again(tmp_path: Path, daily_a: Path) -> None:
    """Issue 15 item A: a library that already has the column and table (made by today's code) passes the step."""
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
        with library.engine.begin() as connection:
            migrations.MIGRATION_STEPS[5](connection)
        assert library.count() == 3
