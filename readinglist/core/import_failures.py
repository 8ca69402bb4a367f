"""What a file whose import failed reports: its one-line reason, a full disk, and the log of unexpected errors."""

from __future__ import annotations

import errno
import sqlite3
import traceback
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from readinglist.core.dumps import DumpError
from readinglist.core.import_reports import FileReport, one_line
from readinglist.core.models import utcnow
from readinglist.core.store import is_busy

ERROR_LOG = Path("logs") / "import-errors.log"  # in the library's folder: tracebacks of unexpected failures
ERROR_LOG_MAX_BYTES = 1 << 20  # a bigger log is moved aside (one older log is kept) before the next entry
_LOG_ENTRY_MAX_CHARS = 64 << 10


class FailedAt(Exception):
    """An error while a dump was read or stored, with where in the input it happened."""

    def __init__(self, error: Exception, where: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.where = where


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "cannot read file: it does not exist (moved or deleted?)"
    if isinstance(error, OSError):
        return f"cannot read file: {error.strerror or error}"
    return one_line(str(error))


def failure(engine: Engine, source: str, error: Exception) -> FileReport:
    """The report of a file whose import raised ``error`` (its transaction is already rolled back).

    Bad input (DumpError, ValueError, an unreadable file) is its reason. A full
    disk fails the file and stops the import. Anything else is unexpected: its
    traceback goes to the library's error log and the line says where. A busy
    library is raised again: the caller waits and tries again.
    """
    where = ""
    if isinstance(error, FailedAt):
        where, error = error.where, error.error
    if isinstance(error, OperationalError) and is_busy(error):
        raise error
    if _is_disk_full(error):
        cause = error.orig if isinstance(error, DBAPIError) else error
        detail = one_line(str(cause.strerror if isinstance(cause, OSError) and cause.strerror else cause))
        return FileReport(
            source, "failed", message=f"disk full: {detail}; the import stopped, files before this one are imported",
            halted=True,
        )  # fmt: skip
    if isinstance(error, (DumpError, ValueError, OSError)) and not isinstance(error, DBAPIError):
        return FileReport(source, "failed", message=f"{where}{_reason(error)}")
    log = _log_unexpected(engine, source, error)
    if isinstance(error, OperationalError):  # the library cannot be written: the next file would fail alike
        detail = one_line(str(error.orig or error))
        logged = f" (details in {log})" if log else ""
        return FileReport(
            source, "failed", message=f"cannot write to the library: {detail}; the import stopped{logged}", halted=True
        )
    detail = one_line(f"{type(error).__name__}: {error}")
    logged = f"; details in {log}" if log else ""
    return FileReport(source, "failed", message=f"{where}unexpected error ({detail}){logged}")


def _is_disk_full(error: Exception) -> bool:
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, errno.EDQUOT)
    cause = error.orig if isinstance(error, DBAPIError) else error
    return isinstance(cause, sqlite3.OperationalError) and "full" in str(cause)  # "database or disk is full"


def error_log(engine: Engine) -> Path | None:
    """The log of unexpected import failures, in the library's folder (None for a database in memory)."""
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).parent / ERROR_LOG


def _log_unexpected(engine: Engine, source: str, error: Exception) -> Path | None:
    """Append ``error``'s traceback to the error log; its path, or None when it cannot be written."""
    log = error_log(engine)
    if log is None:
        return None
    entry = "".join(traceback.format_exception(error))
    if len(entry) > _LOG_ENTRY_MAX_CHARS:
        entry = entry[: _LOG_ENTRY_MAX_CHARS // 2] + "\n[…]\n" + entry[-_LOG_ENTRY_MAX_CHARS // 2 :]
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.exists() and log.stat().st_size > ERROR_LOG_MAX_BYTES:
            log.replace(log.with_name(log.name + ".1"))
        with log.open("a", encoding="utf-8", errors="backslashreplace") as out:
            out.write(f"--- {utcnow():%Y-%m-%d %H:%M:%S} UTC: importing {source}\n{entry}\n")
    except OSError:
        return None
    return log
