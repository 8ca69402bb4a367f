"""Issue 17: schema version 6 adds the Hub tables (followed lists, fetched pages) to a version 5 library."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from readinglist.core import migrations
from readinglist.core.hub.listings import Listing
from readinglist.core.services import DB_FILE, Library
from tests.hub_fake import FAST, FakeHub, paper_entry

HUB_TABLES = ("hub_source", "hub_fetch")


def version_five_library(folder: Path, daily_a: Path) -> None:
    """A library as release 5 left it: made with today's code, then the Hub tables taken out."""
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    connection = sqlite3.connect(folder / DB_FILE)
    with connection:
        for table in HUB_TABLES:
            connection.execute(f"DROP TABLE {table}")
        connection.execute("UPDATE library_meta SET value = '5' WHERE key = 'schema_version'")
    connection.close()


def table_sql(db: Path) -> dict[str, str]:
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT name, sql FROM sqlite_master WHERE name IN ('hub_source', 'hub_fetch')")
        return {name: " ".join(sql.split()) for name, sql in rows}
    finally:
        connection.close()


def test_a_version_five_library_can_follow_and_fetch_after_the_upgrade(
    tmp_path: Path, daily_a: Path, fake_hub: FakeHub
) -> None:
    folder = tmp_path / "lib"
    version_five_library(folder, daily_a)
    assert table_sql(folder / DB_FILE) == {}
    fake_hub.daily["2026-12-02"] = [paper_entry(n) for n in range(4)]

    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION == 6
        assert library.count() == 3 and library.followed() == []
        source, is_new = library.follow("daily")
        assert is_new and [s.name for s in library.followed()] == ["Hub daily list"]
        library.hub_policy = FAST
        report = library.fetch([Listing("daily", "2026-12-02")])
        assert report.new == 4 and library.count() == 7
        assert [s.new for s in library.followed()] == [4]  # the source counts what its fetches brought
        assert library.last_fetch() is not None

    backups = list(folder.glob("library.v5-*.bak"))
    assert len(backups) == 1 and table_sql(backups[0]) == {}  # the copy is the library as it was


def table_shape(db: Path) -> dict[str, tuple[list[tuple[object, ...]], ...]]:
    """The Hub tables' columns, foreign keys and unique indexes, as SQLite describes them."""
    connection = sqlite3.connect(db)
    try:
        return {
            table: (
                connection.execute(f"PRAGMA table_info({table})").fetchall(),
                connection.execute(f"PRAGMA foreign_key_list({table})").fetchall(),
                [row[2:] for row in connection.execute(f"PRAGMA index_list({table})")],  # (unique, origin, partial)
            )
            for table in HUB_TABLES
        }
    finally:
        connection.close()


def test_the_upgraded_tables_are_the_tables_a_new_library_gets(tmp_path: Path, daily_a: Path) -> None:
    version_five_library(tmp_path / "old", daily_a)
    Library.open(tmp_path / "old").close()
    Library.open(tmp_path / "new").close()
    assert table_shape(tmp_path / "old" / DB_FILE) == table_shape(tmp_path / "new" / DB_FILE)


def test_the_step_can_run_again(tmp_path: Path) -> None:
    """A library that already has the tables (made by today's code) passes the step unchanged."""
    with Library.open(tmp_path / "lib") as library:
        library.follow("trending")
        with library.engine.begin() as connection:
            migrations.MIGRATION_STEPS[6](connection)
        assert [s.kind for s in library.followed()] == ["trending"]
