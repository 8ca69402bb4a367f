"""Schema versions and the ordered steps that bring an older library up to date.

A fresh library gets the current schema from the models. An older one is
copied to a backup file first, then each pending step runs in its own
transaction and records the version it reached, so an interrupted migration
resumes where it stopped. A library written by a newer release is refused
rather than damaged.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from pathlib import Path

from sqlalchemy import DateTime, Integer, column, inspect, table, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

from readinglist.core import models
from readinglist.core.store import backup_database, read_only_uri, transaction

SCHEMA_VERSION = 6
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


def _unique_content_hash(connection: Connection) -> None:
    """Version 4: one batch per content hash, so a file two processes import at once is imported once.

    Batches made before from the same content (two imports at the same moment)
    all stay, with their papers and provenance: the oldest keeps the hash (it
    is the one "already imported" names), later ones get ``dup:<id>:<hash>``.
    Hashes of batches restored from an export (``restored:...``) may repeat and
    are left out of the index; the index is the model's (``models.ImportBatch``).
    """
    connection.execute(
        text(
            "UPDATE import_batch SET content_hash = 'dup:' || id || ':' || content_hash "
            "WHERE content_hash NOT LIKE 'restored:%' AND id > (SELECT min(earlier.id) FROM import_batch AS earlier "
            "WHERE earlier.content_hash = import_batch.content_hash)"
        )
    )
    connection.execute(
        text(
            "CREATE UNIQUE INDEX IF NOT EXISTS ux_import_batch_content_hash ON import_batch (content_hash) "
            "WHERE content_hash NOT LIKE 'restored:%'"
        )
    )


def _add_trash_and_saved_searches(connection: Connection) -> None:
    """Version 5: papers can be in the Trash (``trashed_at``, NULL for every paper so far) and searches saved.

    Each part is skipped when already there, so the step is safe to run again on a
    library whose tables were made by a release that had them.
    """
    columns = {row[1] for row in connection.execute(text("PRAGMA table_info(paper)"))}
    if "trashed_at" not in columns:
        connection.execute(text("ALTER TABLE paper ADD COLUMN trashed_at DATETIME"))
    connection.execute(
        text("CREATE INDEX IF NOT EXISTS ix_paper_trashed ON paper (trashed_at) WHERE trashed_at IS NOT NULL")
    )
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS saved_search ("
            "id INTEGER NOT NULL, name VARCHAR NOT NULL, query VARCHAR NOT NULL, created_at DATETIME NOT NULL, "
            "PRIMARY KEY (id))"
        )
    )


def _add_hub_tables(connection: Connection) -> None:
    """Version 6: the Hub lists followed (``hub_source``) and what each page of them brought (``hub_fetch``)."""
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS hub_source ("
            "id INTEGER NOT NULL, kind VARCHAR NOT NULL, query VARCHAR NOT NULL, followed_at DATETIME NOT NULL, "
            "PRIMARY KEY (id), UNIQUE (kind, query))"
        )
    )
    connection.execute(
        text(
            "CREATE TABLE IF NOT EXISTS hub_fetch ("
            "listing VARCHAR NOT NULL, page INTEGER NOT NULL, batch_id INTEGER, digest VARCHAR NOT NULL, "
            "fetched_at DATETIME NOT NULL, complete BOOLEAN NOT NULL, entries INTEGER NOT NULL, "
            "PRIMARY KEY (listing, page), FOREIGN KEY(batch_id) REFERENCES import_batch (id) ON DELETE SET NULL)"
        )
    )


# Step N turns a version N-1 library into version N (version 1 was the first release).
MIGRATION_STEPS: dict[int, Callable[[Connection], None]] = {
    2: _add_ai_summary,
    3: _add_index_deletion_table,
    4: _unique_content_hash,
    5: _add_trash_and_saved_searches,
    6: _add_hub_tables,
}


class SchemaError(Exception):
    """The library cannot be opened by this release."""


class NotALibraryError(SchemaError):
    """The database file is not a readinglist library (another program's database, or not a database)."""


_WAY_BACK = "the file was left as it is; `readinglist backups` lists copies you can put back with `readinglist restore`"


def parse_version(value: str) -> int:
    """The schema version stored as ``value``; SchemaError when it is unreadable or newer than this release."""
    try:
        version = int(value.strip())
    except ValueError:
        raise SchemaError(f"its schema version {value!r} is unreadable (not a number); {_WAY_BACK}") from None
    if version < 1:
        raise SchemaError(f"its schema version {value!r} is not a valid version (they start at 1); {_WAY_BACK}")
    if version > SCHEMA_VERSION:
        raise SchemaError(
            f"this library has schema version {version}, newer than this release "
            f"understands ({SCHEMA_VERSION}); update readinglist to open it"
        )
    return version


def stored_version(engine: Engine) -> int | None:
    """The schema version recorded in the library, or None for an empty database."""
    if not inspect(engine).has_table(models.LibraryMeta.__tablename__):
        return None
    with transaction(engine) as session:
        row = session.get(models.LibraryMeta, _VERSION_KEY)
        return parse_version(row.value) if row else None


def inspect_file(db_path: Path) -> int | None:
    """The schema version of the library file ``db_path``, read without writing anything to it.

    None when there is no library yet: no file, an empty file or database, or a
    creation interrupted before it stored anything. Raises NotALibraryError for
    another program's database or a file that is not a database, SchemaError for
    an unreadable or newer version, and lets sqlite3.DatabaseError through for a
    damaged one (the caller checks integrity).
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        with closing(sqlite3.connect(read_only_uri(db_path), uri=True)) as connection:
            names = {
                row[0]
                for row in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            }
            value = None
            if models.LibraryMeta.__tablename__ in names:
                row = connection.execute(
                    f"SELECT value FROM {models.LibraryMeta.__tablename__} WHERE key = ?", (_VERSION_KEY,)
                ).fetchone()
                value = None if row is None else str(row[0])
            if value is not None:
                return parse_version(value)
            ours = set(SQLModel.metadata.tables)
            if names <= ours and not any(
                connection.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone() for name in names
            ):
                return None  # empty, or a creation that stopped before storing anything
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise NotALibraryError(
                f"{db_path} is not a readinglist library (SQLite: {error}); nothing was written to it; "
                "choose another folder with --library, or try `readinglist repair` if it was a library"
            ) from error
        raise
    others = ", ".join(sorted(names - set(SQLModel.metadata.tables))) or "no schema version"
    raise NotALibraryError(
        f"{db_path} is not a readinglist library (it holds other tables: {others}); nothing was written to it; "
        "choose another folder with --library"
    )


def _record_version(connection: Connection, version: int) -> None:
    table = models.table_of(models.LibraryMeta)
    connection.execute(table.delete().where(table.c.key == _VERSION_KEY))
    connection.execute(table.insert().values(key=_VERSION_KEY, value=str(version)))


def backup_path(db_path: Path, version: int) -> Path:
    """Where the copy of a version-``version`` library goes before it is migrated."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    return db_path.with_name(f"{db_path.stem}.v{version}-{stamp}.bak")


# The backup written before the migration in progress (a library_meta value, removed when it completes).
_MIGRATION_BACKUP_KEY = "migration_backup"


def _backup_once(engine: Engine, db_path: Path, version: int) -> Path:
    """The copy of the library from before this migration: written once, reused by a retry.

    A migration that stopped part way (a crash, a full disk) keeps the name of
    its backup in the library, and the next attempt reuses that file instead of
    copying the whole library again.
    """
    meta = models.table_of(models.LibraryMeta)
    with engine.connect() as connection:
        row = connection.execute(meta.select().where(meta.c.key == _MIGRATION_BACKUP_KEY)).first()
    if row is not None and (earlier := db_path.with_name(row.value)).is_file():
        return earlier
    destination = backup_path(db_path, version)
    backup_database(engine, destination)
    with engine.begin() as connection:
        connection.execute(meta.delete().where(meta.c.key == _MIGRATION_BACKUP_KEY))
        connection.execute(meta.insert().values(key=_MIGRATION_BACKUP_KEY, value=destination.name))
    return destination


def _migration_done(connection: Connection) -> None:
    meta = models.table_of(models.LibraryMeta)
    connection.execute(meta.delete().where(meta.c.key == _MIGRATION_BACKUP_KEY))


def migrate(engine: Engine, db_path: Path) -> int:
    """Bring the database at ``db_path`` to SCHEMA_VERSION; returns the version it had.

    Two processes opening an old (or new) library at the same moment take
    turns: the second one finds the work done.
    """
    version = stored_version(engine)
    if version == SCHEMA_VERSION:
        return version
    with _migration_lock(db_path):
        version = stored_version(engine)  # again: another process may have migrated meanwhile
        if version is None:
            SQLModel.metadata.create_all(engine)
            with engine.begin() as connection:
                _record_version(connection, SCHEMA_VERSION)
            return 0
        if version < SCHEMA_VERSION:
            _backup_once(engine, db_path, version)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                with engine.begin() as connection:
                    MIGRATION_STEPS[step](connection)
                    _record_version(connection, step)
                    if step == SCHEMA_VERSION:
                        _migration_done(connection)
    return version


@contextmanager
def _migration_lock(db_path: Path) -> Iterator[None]:
    """Hold an advisory lock on ``<db>.migrate.lock`` (POSIX; elsewhere one window per library is the guard)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock
        yield
        return
    with open(db_path.with_name(db_path.name + ".migrate.lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
