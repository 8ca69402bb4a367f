"""Schema versions: recorded on creation, stepped forward after a backup, newer ones refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from readinglist.core import migrations
from readinglist.core.services import Library


def test_new_library_records_the_current_version(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION


def test_older_library_is_backed_up_then_migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()

    def add_reading_minutes(connection) -> None:  # noqa: ANN001
        connection.execute(text("ALTER TABLE paper ADD COLUMN reading_minutes INTEGER"))

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setitem(migrations.MIGRATION_STEPS, migrations.SCHEMA_VERSION, add_reading_minutes)
    with Library.open(folder) as library:
        assert migrations.stored_version(library.engine) == migrations.SCHEMA_VERSION
        with library.engine.connect() as connection:
            columns = {row[1] for row in connection.execute(text("PRAGMA table_info(paper)"))}
    assert "reading_minutes" in columns
    backups = list(folder.glob("library.v1-*.bak"))
    assert len(backups) == 1 and backups[0].stat().st_size > 0


def test_library_from_a_newer_release_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 0)
    with pytest.raises(migrations.SchemaError, match="newer than this release"):
        Library.open(folder)
