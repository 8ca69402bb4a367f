"""Looking after the database file: repairing a damaged one, daily backups, putting a backup back.

Nothing here deletes a user's data: a damaged database is renamed aside (with
a timestamp) before its recovered copy takes its place, and the current
database is copied into ``backups/`` before a backup is put back. Only the
automatic daily copies are pruned, to the newest ``KEEP_BACKUPS``.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from readinglist.core.migrations import SchemaError, inspect_file
from readinglist.core.services import DB_FILE, Library
from readinglist.core.store import backup_file, integrity_problems

BACKUPS_DIR = "backups"
KEEP_BACKUPS = 7  # automatic daily copies kept; the copies made before a restore are all kept
_STAMP = "%Y%m%d-%H%M%S"
_BACKUP_NAME = re.compile(r"^library-(\d{8}-\d{6})(?:-([a-z-]+))?\.sqlite3$")
_SIDE_FILES = ("-wal", "-shm")
_BEFORE_RESTORE = "before-restore"
_LOST_AND_FOUND = "lost_and_found"


class CareError(Exception):
    """A repair, backup or restore could not be done; the message says why, and nothing was changed."""


@dataclass(frozen=True)
class BackupInfo:
    """One copy in ``<library>/backups``."""

    path: Path
    taken: datetime
    size: int
    papers: int | None  # None when the copy cannot be read
    note: str  # "" for an automatic daily copy, "before-restore" for the copy made before a restore


@dataclass(frozen=True)
class RepairReport:
    """What ``repair`` did."""

    damaged_copy: Path  # where the damaged database now is (never deleted)
    method: str  # "sqlite3 .recover" or "row by row copy"
    papers_before: int | None  # papers the damaged file could still count (None when it could not)
    papers: int  # papers in the repaired library
    orphans_dropped: int  # rows that pointed at a paper, tag or batch that could not be recovered
    lost_and_found: int  # rows .recover could not place in a table (kept in table lost_and_found)
    indexed: int


@dataclass(frozen=True)
class RestoreReport:
    """What ``restore`` did."""

    restored: Path
    previous_copy: Path | None  # the database as it was before, kept in backups/ (None: there was none)
    papers: int


# -- backups ------------------------------------------------------------------


def backups_dir(folder: Path) -> Path:
    """Where the copies of the library in ``folder`` are kept."""
    return folder / BACKUPS_DIR


def _backup_path(folder: Path, when: datetime, note: str = "") -> Path:
    """A new file name for a copy taken at ``when`` (a second later when that name is taken)."""
    suffix = f"-{note}" if note else ""
    while (path := backups_dir(folder) / f"library-{when.strftime(_STAMP)}{suffix}.sqlite3").exists():
        when += timedelta(seconds=1)
    return path


def list_backups(folder: Path, count_papers: bool = True) -> list[BackupInfo]:
    """The copies in ``<folder>/backups``, newest first (with their paper counts when ``count_papers``)."""
    found = []
    directory = backups_dir(folder)
    for path in directory.iterdir() if directory.is_dir() else ():
        match = _BACKUP_NAME.match(path.name)
        if match is None or not path.is_file():
            continue
        taken = datetime.strptime(match.group(1), _STAMP)
        papers = _count_papers(path) if count_papers else None
        found.append(BackupInfo(path, taken, path.stat().st_size, papers, match.group(2) or ""))
    return sorted(found, key=lambda b: (b.taken, b.path.name), reverse=True)


def _count_papers(path: Path, immutable: bool = True) -> int | None:
    """Papers in the database file ``path``, read-only (``immutable``: no other process writes it), or None."""
    uri = f"{path.absolute().as_uri()}?mode=ro" + ("&immutable=1" if immutable else "")
    try:
        with closing(sqlite3.connect(uri, uri=True)) as connection:
            return int(connection.execute("SELECT count(*) FROM paper").fetchone()[0])
    except sqlite3.Error:
        return None


def take_backup(library: Library, now: datetime | None = None, note: str = "") -> Path:
    """Copy the library's database into ``backups/`` (SQLite's online backup); prune old daily copies."""
    when = now or datetime.now()
    destination = _backup_path(library.folder, when, note)
    destination.parent.mkdir(exist_ok=True)
    backup_file(library.db_path, destination)
    prune_backups(library.folder)
    return destination


def daily_backup(library: Library, now: datetime | None = None) -> Path | None:
    """Take the day's backup unless there is one already (or the library is read-only); the copy, or None."""
    when = now or datetime.now()
    if library.read_only is not None or not library.db_path.exists():
        return None
    if any(b.taken.date() == when.date() and not b.note for b in list_backups(library.folder, count_papers=False)):
        return None
    return take_backup(library, when)


def prune_backups(folder: Path, keep: int = KEEP_BACKUPS) -> list[Path]:
    """Delete the automatic daily copies beyond the newest ``keep``; returns what was deleted."""
    daily = [b for b in list_backups(folder, count_papers=False) if not b.note]
    removed = [b.path for b in daily[keep:]]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


def find_backup(folder: Path, name: str) -> Path:
    """The backup ``name`` refers to: a path, or a file name in ``backups/`` (CareError when there is none)."""
    for candidate in (Path(name), backups_dir(folder) / name):
        if candidate.is_file():
            return candidate
    raise CareError(f"no backup {name!r}; `readinglist backups` lists them")


def restore(folder: Path, backup: Path, now: datetime | None = None) -> RestoreReport:
    """Put ``backup`` back as the library's database, after copying the current one into ``backups/``.

    The backup is checked first (a sound readinglist library); a damaged current
    database is renamed aside rather than copied. The index is rebuilt after.
    """
    when = now or datetime.now()
    problems = integrity_problems(backup)
    if problems:
        raise CareError(f"{backup} is damaged ({problems[0]}); nothing was changed")
    try:
        version = inspect_file(backup)
    except (SchemaError, sqlite3.DatabaseError) as error:
        raise CareError(f"{backup} cannot be put back: {error}; nothing was changed") from error
    if version is None:
        raise CareError(f"{backup} is an empty library; nothing was changed")
    db_path = folder / DB_FILE
    previous: Path | None = None
    if db_path.exists() and db_path.stat().st_size > 0:
        if integrity_problems(db_path):
            previous = _set_aside(db_path, when)
        else:
            previous = _backup_path(folder, when, _BEFORE_RESTORE)
            previous.parent.mkdir(exist_ok=True)
            backup_file(db_path, previous)
    folder.mkdir(parents=True, exist_ok=True)
    # SQLite's backup into the live file: it takes the write lock and keeps the WAL consistent.
    source_uri = f"{backup.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(source_uri, uri=True)) as source, closing(sqlite3.connect(db_path)) as target:
        source.backup(target)
    with Library.open(folder, sync=False) as library:
        library.reindex()
        return RestoreReport(backup, previous, library.count())


# -- repair -------------------------------------------------------------------


def repair(folder: Path, now: datetime | None = None) -> RepairReport | None:
    """Recover a damaged database into a new file and put it in place; None when it is not damaged.

    The recovery uses the ``sqlite3`` program's ``.recover`` when it is installed
    (it also reads rows out of damaged pages), else copies every row that can
    still be read, table by table. The recovered copy must pass quick_check and
    be a readinglist library before anything is moved; the damaged file is
    renamed ``library.damaged-<time>.sqlite3`` (with its ``-wal``), never deleted.
    """
    when = now or datetime.now()
    db_path = folder / DB_FILE
    if not db_path.is_file():
        raise CareError(f"there is no library database in {folder}")
    if not integrity_problems(db_path):
        return None
    recovered = folder / "library.recovering.sqlite3"
    _remove_with_side_files(recovered)
    papers_before = _count_papers(db_path, immutable=False)
    program = shutil.which("sqlite3")
    try:
        method = "row by row copy"
        if program is not None:
            try:
                _recover_with_program(program, db_path, recovered)
                method = "sqlite3 .recover"
            except CareError as error:  # some builds of the program lack what .recover needs
                method = f"row by row copy ({error})"
                _remove_with_side_files(recovered)
        if not recovered.exists():
            _copy_readable_rows(db_path, recovered)
        orphans, lost = _tidy(recovered)
        problems = integrity_problems(recovered)
        if problems:
            raise CareError(f"the recovered copy is not sound either ({problems[0]})")
        if inspect_file(recovered) is None:
            raise CareError("nothing of the library could be recovered")
    except (CareError, SchemaError, sqlite3.Error, OSError) as error:
        _remove_with_side_files(recovered)
        raise CareError(f"could not repair {db_path}: {error}; the damaged file is unchanged") from error
    damaged_copy = _set_aside(db_path, when)
    os.replace(recovered, db_path)
    with Library.open(folder, sync=False) as library:
        indexed = library.reindex()
        papers = library.count()
    return RepairReport(damaged_copy, method, papers_before, papers, orphans, lost, indexed)


def _recover_with_program(program: str, damaged: Path, recovered: Path) -> None:
    """``sqlite3 damaged .recover | sqlite3 recovered``: SQLite's own salvage of every readable row."""
    dump = subprocess.Popen(
        [program, "-readonly", str(damaged), f".recover --lost-and-found {_LOST_AND_FOUND}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert dump.stdout is not None
    load = subprocess.run([program, str(recovered)], stdin=dump.stdout, capture_output=True, check=False)
    dump.stdout.close()
    _, dump_errors = dump.communicate()
    if dump.returncode != 0 or load.returncode != 0 or dump_errors.strip() or not recovered.exists():
        message = (dump_errors or load.stderr).decode(errors="replace").strip().splitlines()
        raise CareError(f"sqlite3 .recover failed ({message[0] if message else dump.returncode})")


def _copy_readable_rows(damaged: Path, recovered: Path) -> None:
    """Make ``recovered`` with the damaged file's schema and every row that can still be read."""
    source_uri = f"{damaged.absolute().as_uri()}?mode=ro"
    with closing(sqlite3.connect(source_uri, uri=True)) as source, closing(sqlite3.connect(recovered)) as target:
        source.text_factory = _lenient_text  # a garbled character does not cost the whole row
        schema = source.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        tables = [(name, sql) for kind, name, sql in schema if kind == "table"]
        for _name, sql in tables:
            target.execute(sql)
        for name, _sql in tables:
            columns = [row[1] for row in source.execute(f'PRAGMA table_info("{name}")')]
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT OR IGNORE INTO "{name}" ({names}) VALUES ({", ".join("?" * len(columns))})'
            for row in _readable_rows(source, name, names):
                target.execute(insert, row)
        for kind, _name, sql in schema:
            if kind != "table":
                # A unique index the salvaged rows break is left out: the rows matter more than the index.
                with suppress(sqlite3.IntegrityError):
                    target.execute(sql)
        target.commit()


def _lenient_text(value: bytes) -> str:
    return value.decode("utf-8", errors="replace")


def _readable_rows(source: sqlite3.Connection, table: str, names: str) -> Iterator[tuple[object, ...]]:
    """Rows of ``table`` in rowid order, stepping over the rowids a damaged page hides."""
    last: int | None = None
    gap = 1
    while gap < 2**62:
        where, values = ("", ()) if last is None else ("WHERE rowid > ?", (last,))
        try:
            for row in source.execute(f'SELECT rowid, {names} FROM "{table}" {where} ORDER BY rowid', values):
                last, gap = row[0], 1
                yield tuple(row[1:])
            return
        except sqlite3.DatabaseError:
            last = (last or 0) + gap
            gap *= 2


def _tidy(recovered: Path) -> tuple[int, int]:
    """Drop rows pointing at rows that were lost; returns (rows dropped, rows left in lost_and_found)."""
    dropped = 0
    with closing(sqlite3.connect(recovered)) as connection:
        for table, rowid, _parent, _key in connection.execute("PRAGMA foreign_key_check").fetchall():
            if rowid is not None:
                connection.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
                dropped += 1
        lost = 0
        if connection.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (_LOST_AND_FOUND,)).fetchone():
            lost = int(connection.execute(f"SELECT count(*) FROM {_LOST_AND_FOUND}").fetchone()[0])
            if lost == 0:
                connection.execute(f"DROP TABLE {_LOST_AND_FOUND}")
        connection.commit()
    return dropped, lost


def _set_aside(db_path: Path, when: datetime) -> Path:
    """Rename the damaged database (and its -wal and -shm, which belong to it) with a timestamp."""
    aside = db_path.with_name(f"{db_path.stem}.damaged-{when.strftime(_STAMP)}{db_path.suffix}")
    for side in ("", *_SIDE_FILES):
        source = db_path.with_name(db_path.name + side)
        if source.exists():
            os.replace(source, aside.with_name(aside.name + side))
    return aside


def _remove_with_side_files(path: Path) -> None:
    for side in ("", *_SIDE_FILES):
        path.with_name(path.name + side).unlink(missing_ok=True)
