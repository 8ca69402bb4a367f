"""Schema versions and the ordered steps that bring an older library up to date.

A fresh library gets the current schema from the models. An older one is
copied to a backup file first, then each pending step runs in its own
transaction and records the version it reached, so an interrupted migration
resumes where it stopped. A library written by a newer release is refused
rather than damaged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from sqlalchemy import DateTime, Integer, column, inspect, table, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from readinglist.core import models
from readinglist.core.store import backup_database, transaction

SCHEMA_VERSION = 3
_VERSION_KEY = "schema_version"


def _add_ai_summary(connection: Connection) -> None:
    """Version 2: papers can carry a machine-written summary; papers already imported have none (NULL)."""
    connection.execute(text("ALTER TABLE paper ADD COLUMN ai_summary VARCHAR"))


# Where version 2 kept the deletions waiting for the index: a JSON list of paper ids in library_meta.
_OLD_INDEX_DELETIONS_KEY = "index_deletions"


def _add_index_deletion_table(connection: Connection) -> None:
    """Version 3: deletions waiting for the index move from a library_meta JSON value to their own table."""
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS index_deletion ("
            "paper_id INTEGER NOT NULL, queued_at DATETIME NOT NULL, PRIMARY KEY (paper_id))"
        )
    )
    meta = models.table_of(models.LibraryMeta)
    old = connection.execute(meta.select().where(meta.c.key == _OLD_INDEX_DELETIONS_KEY)).first()
    if old is None:
        return
    # The table as this step made it (not the model, which may change in later versions).
    deletions = table("index_deletion", column("paper_id", Integer), column("queued_at", DateTime))
    queued = connection.execute(deletions.select().with_only_columns(deletions.c.paper_id)).scalars()
    ids = set(json.loads(old.value)) - set(queued)
    if ids:
        now = models.utcnow()
        connection.execute(deletions.insert(), [{"paper_id": pid, "queued_at": now} for pid in sorted(ids)])
    connection.execute(meta.delete().where(meta.c.key == _OLD_INDEX_DELETIONS_KEY))


# Step N turns a version N-1 library into version N (version 1 was the first release).
MIGRATION_STEPS: dict[int, Callable[[Connection], None]] = {
    2: _add_ai_summary,
    3: _add_index_deletion_table,
}


class SchemaError(Exception):
    """The library cannot be opened by this release."""


def stored_version(engine: Engine) -> int | None:
    """The schema version recorded in the library, or None for an empty database."""
    if not inspect(engine).has_table(models.LibraryMeta.__tablename__):
        return None
    with transaction(engine) as session:
        row = session.get(models.LibraryMeta, _VERSION_KEY)
        return int(row.value) if row else None


def _record_version(connection: Connection, version: int) -> None:
    table = models.table_of(models.LibraryMeta)
    connection.execute(table.delete().where(table.c.key == _VERSION_KEY))
    connection.execute(table.insert().values(key=_VERSION_KEY, value=str(version)))


def backup_path(db_path: Path, version: int) -> Path:
    """Where the copy of a version-``version`` library goes before it is migrated."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.v{version}-{stamp}.bak")


def migrate(engine: Engine, db_path: Path) -> int:
    """Bring the database at ``db_path`` to SCHEMA_VERSION; returns the version it had."""
    version = stored_version(engine)
    if version is None:
        SQLModel.metadata.create_all(engine)
        with engine.begin() as connection:
            _record_version(connection, SCHEMA_VERSION)
        return 0
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"this library has schema version {version}, newer than this release "
            f"understands ({SCHEMA_VERSION}); update readinglist to open it"
        )
    if version < SCHEMA_VERSION:
        backup_database(engine, backup_path(db_path, version))
        for step in range(version + 1, SCHEMA_VERSION + 1):
            with engine.begin() as connection:
                MIGRATION_STEPS[step](connection)
                _record_version(connection, step)
    return version
