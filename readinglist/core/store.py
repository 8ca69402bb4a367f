"""Engine and session set-up for the library database.

Everything dialect-specific lives here: on SQLite the connection gets WAL (so
readers never block the writer), enforced foreign keys and a busy timeout, so a
second process writing to the same library waits briefly instead of failing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

BUSY_TIMEOUT_MS = 10_000


def _tune_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def is_busy(error: OperationalError) -> bool:
    """True when ``error`` means another connection held the write lock past the busy timeout."""
    return isinstance(error.orig, sqlite3.OperationalError) and "locked" in str(error.orig)


def open_engine(db_path: Path) -> Engine:
    """An engine over the SQLite file ``db_path`` with the library's connection settings."""
    engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _tune_sqlite_connection)
    return engine


def backup_database(engine: Engine, destination: Path) -> None:
    """Write a consistent copy of the database to ``destination`` (SQLite's online backup)."""
    raw = engine.raw_connection()
    try:
        with sqlite3.connect(destination) as target:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)  # the pysqlite driver's connection
            source.backup(target)
    finally:
        raw.close()


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """A session whose work is committed together on success and rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
