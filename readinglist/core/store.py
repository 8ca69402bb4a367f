"""Engine and session set-up for the library database.

Everything dialect-specific lives here: on SQLite the connection gets WAL (so
readers never block the writer), enforced foreign keys and a busy timeout, so a
second process writing to the same library waits briefly instead of failing.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from datetime import date
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool
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


def open_engine(db_path: Path, *, read_only: bool = False) -> Engine:
    """An engine over the SQLite file ``db_path`` with the library's connection settings.

    ``read_only``: every connection opens the file with ``mode=ro`` (nothing, not
    even the WAL setting, is written), or ``immutable=1`` when the folder is read-only
    and SQLite cannot make the WAL index file a read-only open needs.
    """
    if not read_only:
        engine = create_engine(f"sqlite:///{db_path}", connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite_connection)
        return engine
    uri = read_only_uri(db_path)

    def connect() -> sqlite3.Connection:
        connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        # A damaged page can hold bytes that are not UTF-8: show them as U+FFFD rather than fail the whole read.
        connection.text_factory = lambda value: value.decode("utf-8", errors="replace")
        return connection

    engine = create_engine("sqlite://", creator=connect, poolclass=NullPool)
    event.listen(engine, "connect", _tune_read_only_connection)
    return engine


def _tune_read_only_connection(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def read_only_uri(db_path: Path) -> str:
    """The SQLite URI that reads ``db_path`` without writing anything next to it.

    ``mode=ro`` first: it still sees another process's committed changes. A WAL
    library in a read-only folder cannot be opened that way (SQLite must create its
    ``-shm`` file); then ``immutable=1``, right there since nobody can write the file.
    """
    base = f"file:{quote(str(db_path.absolute()))}?mode=ro"
    try:
        with closing(sqlite3.connect(f"{base}", uri=True)) as probe:
            probe.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        return f"{base}&immutable=1"
    except sqlite3.DatabaseError:
        pass  # damaged or not a database: whoever reads it says so
    return base


def can_write(folder: Path, db_path: Path) -> bool:
    """Whether this process may write the library: its folder (for SQLite's side files) and its database."""
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not db_path.exists() or os.access(db_path, os.W_OK)


def integrity_problems(db_path: Path, limit: int = 10) -> list[str]:
    """What SQLite's ``PRAGMA quick_check`` finds wrong in ``db_path`` (empty when it is sound).

    Read through a ``mode=ro`` connection, so a damaged file is not written to.
    A file SQLite cannot read at all is one problem, described by SQLite's message.
    """
    try:
        with closing(sqlite3.connect(f"file:{quote(str(db_path.absolute()))}?mode=ro", uri=True)) as connection:
            connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            rows = [row[0] for row in connection.execute(f"PRAGMA quick_check({limit})")]
    except sqlite3.OperationalError as error:
        if "locked" in str(error):
            raise
        return [str(error)]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    return [] if rows == ["ok"] else rows


def is_disk_full(error: BaseException) -> bool:
    """True when ``error`` (SQLAlchemy's or sqlite3's) means the disk, or the file size limit, is full."""
    original = getattr(error, "orig", error)
    if isinstance(original, OSError):
        return original.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
    text = str(original)
    return isinstance(original, sqlite3.Error) and ("disk is full" in text or "disk I/O error" in text)


def is_read_only_error(error: BaseException) -> bool:
    """True when ``error`` means SQLite was not allowed to write the database (read-only file or folder)."""
    original = getattr(error, "orig", error)
    return isinstance(original, sqlite3.Error) and (
        "readonly database" in str(original) or "unable to open database file" in str(original)
    )


def backup_database(engine: Engine, destination: Path) -> None:
    """Write a consistent copy of the database to ``destination`` (SQLite's online backup).

    The copy is written under a temporary name and renamed when complete, so
    ``destination`` is never a half-written file (a full disk leaves nothing behind).
    """
    partial = destination.with_name(destination.name + ".partial")
    raw = engine.raw_connection()
    try:
        with closing(sqlite3.connect(partial)) as target:
            source = raw.driver_connection
            assert isinstance(source, sqlite3.Connection)  # the pysqlite driver's connection
            source.backup(target)
        os.replace(partial, destination)
    finally:
        raw.close()
        partial.unlink(missing_ok=True)


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


def backup_file(source: Path, destination: Path) -> None:
    """``backup_database`` of the database file ``source``, read through a read-only connection."""
    engine = open_engine(source, read_only=True)
    try:
        backup_database(engine, destination)
    finally:
        engine.dispose()


# Where the last sound integrity check is recorded: the day, and the database file as it was then.
INTEGRITY_MARK = ".integrity-checked"


def _file_state(db_path: Path, day: date) -> str:
    status = db_path.stat()
    return json.dumps({"day": day.isoformat(), "size": status.st_size, "mtime_ns": status.st_mtime_ns})


def integrity_check_due(folder: Path, db_path: Path, today: date | None = None) -> bool:
    """Whether ``integrity_problems`` should run on this open for writing.

    quick_check reads the whole file (0.5-0.7 s at 100,000 papers), so it runs on
    the first open of the day, and whenever the file is not as readinglist left
    it at its last clean close (changed by something else, or a crash).
    """
    try:
        recorded = (folder / INTEGRITY_MARK).read_text(encoding="utf-8")
        return recorded != _file_state(db_path, today or date.today())
    except (OSError, ValueError):
        return True


def record_integrity(folder: Path, db_path: Path, today: date | None = None) -> None:
    """Note that ``db_path`` is sound as it is now (after a check, or a clean close of a checked library)."""
    with suppress(OSError):
        if db_path.exists():
            (folder / INTEGRITY_MARK).write_text(_file_state(db_path, today or date.today()), encoding="utf-8")
