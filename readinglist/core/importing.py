"""The import pipeline: one file (or paste) becomes one batch, in one transaction.

Papers are matched to the library by arXiv id, else by title key. A match is
merged: missing fields are filled and counts refreshed, while the user's
status, star, tags and notes are never touched. Anything that goes wrong while
a file is read rolls the whole file back, so a failed file leaves nothing
behind, and the report says why in one line.
"""

from __future__ import annotations

import errno
import hashlib
import multiprocessing
import os
import sqlite3
import stat
import traceback
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Literal, TypeVar

from sqlalchemy import insert, or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, col, select

from readinglist.core import export, outbox
from readinglist.core.dumps import (
    FEEDS,
    UNRECOGNISED,
    Dump,
    DumpError,
    ParsedPaper,
    Problem,
    read_dump_file,
    read_dump_text,
)
from readinglist.core.dumps.keys import title_key
from readinglist.core.merging import merge_fields, new_paper_row
from readinglist.core.models import BATCH_ID, ImportBatch, Paper, PaperSource, table_of, utcnow
from readinglist.core.store import is_busy, transaction

CHUNK = 500  # parsed entries merged per round trip: bounds memory on huge files
READ_AHEAD_MAX_BYTES = 8 << 20  # bigger files are streamed, never held whole in memory
READ_AHEAD_MIN_FILES = 3  # below this, starting the helper process costs more than it saves
_HASH_BLOCK = 1 << 20
ERROR_LOG = Path("logs") / "import-errors.log"  # in the library's folder: tracebacks of unexpected failures
ERROR_LOG_MAX_BYTES = 1 << 20  # a bigger log is moved aside (one older log is kept) before the next entry
_LOG_ENTRY_MAX_CHARS = 64 << 10
_MESSAGE_MAX_CHARS = 300

Outcome = Literal["imported", "unchanged", "failed"]
_NOT_AN_EXPORT = "a JSON file, but neither a readinglist export nor a feed or papers API response; nothing to import"


@dataclass
class FileReport:
    """What importing one file or paste did; ``message`` is the one-line reason for failures."""

    source: str
    outcome: Outcome
    found: int = 0
    new: int = 0
    merged: int = 0
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    batch_id: int | None = None
    layout: str | None = None
    halted: bool = False  # the import stopped after this file (a full disk): later files were not tried

    @property
    def failed(self) -> bool:
        """True when the file could not be imported at all."""
        return self.outcome == "failed"


class _ImportFailed(Exception):
    """Raised inside the file's transaction to roll it back with a reason."""


class _AlreadyImported(Exception):
    """Another import committed a batch with this content hash first (the UNIQUE index said so)."""


class _FailedAt(Exception):
    """An error while a dump was read or stored, with where in the input it happened."""

    def __init__(self, error: Exception, where: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.where = where


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to import: the given files, and every non-hidden entry below given folders.

    Entries that are not folders are all listed, FIFOs and devices too, and so
    are folders that cannot be listed: ``import_file`` refuses each of them
    with a line in its report instead of leaving it out silently. Links to
    folders are not followed (they could loop).
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(_walk(path)))
        else:
            files.append(path)
    return files


def _walk(top: Path) -> Iterator[Path]:
    """The non-hidden entries below ``top`` that are not folders, and the folders that cannot be listed."""
    folders = [top]
    while folders:
        folder = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError:
            yield folder
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
                linked_folder = not is_folder and entry.is_symlink() and entry.is_dir()
            except OSError:
                is_folder = linked_folder = False
            if is_folder:
                folders.append(Path(entry.path))
            elif not linked_folder:
                yield Path(entry.path)


def file_digest(path: Path) -> str:
    """SHA-256 of the file's bytes, read in blocks so huge files stay cheap."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class ReadAhead:
    """A page dump read and parsed in a helper process: all that importing it needs but the database."""

    digest: str
    layout: str
    list_date_text: str | None
    entries: list[ParsedPaper | Problem]

    def dump(self) -> Dump:
        """The parsed entries as the dump they came from."""
        return Dump(self.layout, self.list_date_text, iter(self.entries))


def read_ahead(path: Path) -> ReadAhead | None:
    """Parse a small page dump whole (in a helper process); None leaves the file to ``import_file``.

    Big files, exports and anything that goes wrong are read again by
    ``import_file`` itself, which streams them and reports their errors.
    """
    try:
        if not path.is_file() or path.stat().st_size > READ_AHEAD_MAX_BYTES:
            return None
        if export.json_kind(export.file_head(path)) is not None:
            return None
        with read_dump_file(path) as dump:
            return ReadAhead(file_digest(path), dump.layout, dump.list_date_text, list(dump.entries))
    except Exception:  # noqa: BLE001 - whatever it was, import_file meets it again and reports it
        return None


def import_files(
    engine: Engine, paths: Sequence[Path], on_file: Callable[[FileReport], None] | None = None
) -> list[FileReport]:
    """Import files in order; while one goes into the database, a helper process parses the next.

    Parsing is about a third of an import, so on two cores this overlaps it
    with the database work. ``on_file`` hears each report as it is made.
    """
    reports: list[FileReport] = []

    def done(report: FileReport) -> None:
        reports.append(report)
        if on_file:
            on_file(report)

    if len(paths) < READ_AHEAD_MIN_FILES:
        for path in paths:
            done(report := import_file(engine, path))
            if report.halted:
                break
        return reports
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as helper:
        upcoming = _read_ahead_in(helper, paths[0])
        for number, path in enumerate(paths):
            parsed = _read_ahead_result(upcoming)
            if number + 1 < len(paths):
                upcoming = _read_ahead_in(helper, paths[number + 1])
            done(report := import_file(engine, path, parsed))
            if report.halted:
                break
    return reports


def _read_ahead_in(helper: ProcessPoolExecutor, path: Path) -> Future[ReadAhead | None] | None:
    """``read_ahead(path)`` started in the helper; None when the helper is gone (it crashed on a file)."""
    try:
        return helper.submit(read_ahead, path)
    except Exception:  # noqa: BLE001 - a broken pool: the files are read here instead
        return None


def _read_ahead_result(upcoming: Future[ReadAhead | None] | None) -> ReadAhead | None:
    """What the helper read; None (``import_file`` reads the file itself) when it failed in any way."""
    try:
        return upcoming.result() if upcoming else None
    except Exception:  # noqa: BLE001 - a crashed helper, a result that could not be sent back
        return None


def import_file(engine: Engine, path: Path, parsed: ReadAhead | None = None) -> FileReport:
    """Import one file: a page dump in any layout, or a readinglist JSON export.

    ``parsed``: the file already read by ``read_ahead``. Whatever goes wrong
    with this file rolls it back and becomes the one line of its report (see
    ``_failure``); only a busy library is raised (the caller retries).
    """
    source = str(path)
    try:
        _check_regular_file(path)
        digest = parsed.digest if parsed else file_digest(path)
        if earlier := _batch_with_hash(engine, digest):
            return _unchanged(source, earlier)
        if parsed:
            return _import_dump(engine, source, path.name, digest, parsed.dump())
        kind = export.json_kind(export.file_head(path))
        if kind == "export":
            return _restore_export(engine, source, path.name, digest, export.load(path))
        return _import_dump(engine, source, path.name, digest, _json_checked(kind, read_dump_file(path)))
    except Exception as error:  # noqa: BLE001 - one bad file never stops the others
        return _failure(engine, source, error)


def _check_regular_file(path: Path) -> None:
    """Refuse, before anything opens it, what is not a regular file: reading a FIFO or a device never ends."""
    mode = os.stat(path).st_mode
    if stat.S_ISDIR(mode):
        try:
            with os.scandir(path):
                pass
        except OSError as error:
            raise DumpError(f"cannot read folder: {error.strerror or error}") from None
        raise DumpError("is a folder, not a file")
    if not stat.S_ISREG(mode):
        kind = "a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else ""
        kind = kind or ("a socket" if stat.S_ISSOCK(mode) else "something else")
        raise DumpError(f"not a regular file ({kind}); nothing read")


def import_text(engine: Engine, text: str, name: str, syntax: str | None = None) -> FileReport:
    """Import pasted page text (or standard input) as a batch called ``name``.

    ``syntax``: "html" when the caller knows the text is HTML (a clipboard's HTML flavour).
    """
    try:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if earlier := _batch_with_hash(engine, digest):
            return _unchanged(name, earlier)
        kind = export.json_kind(text)
        if kind == "export":
            return _restore_export(engine, name, name, digest, export.loads(text))
        dump = _json_checked(kind, read_dump_text(text, reference_date=date.today(), syntax=syntax))
        return _import_dump(engine, name, name, digest, dump)
    except Exception as error:  # noqa: BLE001 - bad input is a line in the report, never a traceback
        return _failure(engine, name, error)


def _json_checked(kind: str | None, dump: Dump) -> Dump:
    """JSON imports as a feed or a papers API response; any other JSON is refused."""
    if kind == "json" and dump.layout not in FEEDS:
        dump.close()
        raise DumpError(_NOT_AN_EXPORT)
    return dump


def _reason(error: Exception) -> str:
    if isinstance(error, FileNotFoundError):
        return "cannot read file: it does not exist (moved or deleted?)"
    if isinstance(error, OSError):
        return f"cannot read file: {error.strerror or error}"
    return _one_line(str(error))


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_MAX_CHARS else text[: _MESSAGE_MAX_CHARS - 1] + "…"


def _failure(engine: Engine, source: str, error: Exception) -> FileReport:
    """The report of a file whose import raised ``error`` (its transaction is already rolled back).

    Bad input (DumpError, ValueError, an unreadable file) is its reason. A full
    disk fails the file and stops the import. Anything else is unexpected: its
    traceback goes to the library's error log and the line says where. A busy
    library is raised again: the caller waits and tries again.
    """
    where = ""
    if isinstance(error, _FailedAt):
        where, error = error.where, error.error
    if isinstance(error, OperationalError) and is_busy(error):
        raise error
    if _is_disk_full(error):
        cause = error.orig if isinstance(error, DBAPIError) else error
        detail = _one_line(str(cause.strerror if isinstance(cause, OSError) and cause.strerror else cause))
        return FileReport(
            source, "failed", message=f"disk full: {detail}; the import stopped, files before this one are imported",
            halted=True,
        )  # fmt: skip
    if isinstance(error, (DumpError, ValueError, OSError)) and not isinstance(error, DBAPIError):
        return FileReport(source, "failed", message=f"{where}{_reason(error)}")
    log = _log_unexpected(engine, source, error)
    if isinstance(error, OperationalError):  # the library cannot be written: the next file would fail alike
        detail = _one_line(str(error.orig or error))
        logged = f" (details in {log})" if log else ""
        return FileReport(
            source, "failed", message=f"cannot write to the library: {detail}; the import stopped{logged}", halted=True
        )
    detail = _one_line(f"{type(error).__name__}: {error}")
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


def _batch_with_hash(engine: Engine, digest: str, restored: bool = False) -> ImportBatch | None:
    """The batch made from content ``digest``; with ``restored``, also a batch an export with it restored."""
    condition = col(ImportBatch.content_hash) == digest
    if restored:
        condition = or_(condition, col(ImportBatch.content_hash).startswith(f"restored:{digest}:"))
    with transaction(engine) as session:
        return session.exec(select(ImportBatch).where(condition)).first()


def _unchanged(source: str, earlier: ImportBatch) -> FileReport:
    when = earlier.imported_at.strftime("%Y-%m-%d %H:%M")
    return FileReport(
        source,
        "unchanged",
        message=f"already imported on {when} UTC as batch {earlier.id} ({earlier.name}); nothing added",
        batch_id=earlier.id,
    )


def _import_dump(engine: Engine, source: str, name: str, digest: str, dump: Dump) -> FileReport:
    report = FileReport(source, "imported", layout=dump.layout)
    reading = _Reading(dump.entries)
    try:
        with dump, transaction(engine) as session:
            batch = ImportBatch(name=name, content_hash=digest, layout=dump.layout, list_date_text=dump.list_date_text)
            session.add(batch)
            _flush_batch(session)
            assert batch.id is not None  # the flush gave it one
            merger = _Merger(session, batch.id, report)
            for chunk in _chunks(reading, CHUNK):
                reading.storing = (chunk[0].line, chunk[-1].line)
                merger.merge([e for e in chunk if isinstance(e, ParsedPaper)])
                reading.storing = None
                report.problems.extend(e for e in chunk if isinstance(e, Problem))
            report.skipped = len(report.problems)
            if not report.found:
                raise _ImportFailed(_nothing_found(report))
            batch.layout = report.layout = dump.layout  # known for sure once the whole input is read
            if dump.layout == UNRECOGNISED:
                papers = "1 paper" if report.found == 1 else f"{report.found} papers"
                report.message = f"layout not recognised: {papers} taken from their links"
            batch.found, batch.new, batch.merged = report.found, report.new, report.merged
            batch.skipped = report.skipped
            report.batch_id = batch.id
    except _ImportFailed as failure:
        report.outcome, report.message, report.batch_id = "failed", str(failure), None
        report.found = report.new = report.merged = 0
    except _AlreadyImported:
        return _already_imported(engine, source, digest)
    except Exception as error:  # noqa: BLE001 - said where in the input it happened, reported by _failure
        raise _FailedAt(error, reading.where()) from error
    return report


class _Reading:
    """A dump's entries as they are read, remembering where reading and storing have got to."""

    def __init__(self, entries: Iterator[ParsedPaper | Problem]) -> None:
        self.entries = entries
        self.last_line = 0  # of the last entry read
        self.storing: tuple[int, int] | None = None  # the lines of the chunk being stored

    def __iter__(self) -> Iterator[ParsedPaper | Problem]:
        for entry in self.entries:
            self.last_line = entry.line
            yield entry

    def where(self) -> str:
        """Where an error happened, as the start of its report line ("" when nothing was read yet)."""
        if self.storing:
            first, last = self.storing
            return f"line {first}: " if first == last else f"lines {first}-{last}: "
        return f"after line {self.last_line}: " if self.last_line else ""


def _flush_batch(session: Session) -> None:
    """Insert the new batch; a batch with its content hash committed meanwhile (UNIQUE) means done already."""
    try:
        session.flush()
    except IntegrityError as error:
        raise _AlreadyImported from error


def _already_imported(engine: Engine, source: str, digest: str) -> FileReport:
    """The report of a file another import committed while this one read it."""
    earlier = _batch_with_hash(engine, digest, restored=True)
    if earlier is None:
        return FileReport(source, "failed", message="already being imported by another readinglist")
    return _unchanged(source, earlier)


def _nothing_found(report: FileReport) -> str:
    if report.problems:
        return f"no readable papers: {len(report.problems)} entries could not be read"
    return (
        "no papers found: this does not look like a Hugging Face papers page "
        "(looked for links to huggingface.co/papers/<id> or arxiv.org/abs/<id>, "
        "and for titles followed by their abstracts)"
    )


_T = TypeVar("_T")


def _chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class _Merger:
    """Matches parsed papers to the library and records where the batch listed them."""

    def __init__(self, session: Session, batch_id: int, report: FileReport) -> None:
        self.session = session
        self.batch_id = batch_id
        self.report = report
        self.by_key: dict[str, int] = {}  # papers this file has listed so far
        self.by_arxiv: dict[str, int] = {}
        self.sources: list[dict[str, int]] = []  # provenance rows of this chunk, inserted together
        self.listed_ids: set[int] = set()  # papers this file has a provenance row for (one each)
        self.changed: set[int] = set()  # known papers of this chunk whose indexed text changed

    def merge(self, papers: Sequence[ParsedPaper]) -> None:
        """Merge one chunk: insert the new papers in bulk, update the known ones."""
        keys = [title_key(parsed.title) for parsed in papers]
        known = _existing_papers(self.session, papers, keys)
        fresh: dict[str, tuple[int, ParsedPaper]] = {}  # by title key
        repeats: list[tuple[str, ParsedPaper]] = []
        for parsed, key in zip(papers, keys, strict=True):
            self.report.found += 1
            position = self.report.found
            listed = self._listed(parsed, key)
            match = listed or _match(known, parsed, key)
            if match is not None:
                self._merge_into(match, parsed, key, position if listed is None else None)
            elif key in fresh:
                repeats.append((key, parsed))  # listed twice in this chunk: merge once inserted
            else:
                fresh[key] = (position, parsed)
        self._insert(fresh)
        for key, parsed in repeats:
            self._merge_into(self.by_key[key], parsed, key, None)
        if self.sources:
            # Core executemany: the ORM's unit of work costs ten times as much per row here.
            self.session.connection().execute(insert(table_of(PaperSource)), self.sources)
            self.sources = []
        if self.changed:
            outbox.mark_changed(self.session, self.changed, updated_at=utcnow())
            self.changed = set()

    def _listed(self, parsed: ParsedPaper, key: str) -> Paper | None:
        paper_id = (parsed.arxiv_id and self.by_arxiv.get(parsed.arxiv_id)) or self.by_key.get(key)
        return self.session.get(Paper, paper_id) if paper_id else None

    def _merge_into(self, paper: Paper | int, parsed: ParsedPaper, key: str, position: int | None) -> None:
        """Merge ``parsed`` into ``paper``; a ``position`` records this file's listing of it."""
        if isinstance(paper, int):
            paper = self.session.get_one(Paper, paper)
        assert paper.id is not None  # it was read from the database
        if merge_fields(paper, parsed):
            self.changed.add(paper.id)
        self.report.merged += 1
        if position is not None:
            self._remember(paper.id, parsed, key, position)

    def _insert(self, papers: dict[str, tuple[int, ParsedPaper]]) -> None:
        """Insert new papers in one statement; their title keys are distinct, so they tell the ids apart.

        (Asking for the ids in parameter order instead makes SQLAlchemy send one statement per row.)
        """
        if not papers:
            return
        rows = [new_paper_row(parsed) for _, parsed in papers.values()]
        table = table_of(Paper)
        statement = insert(table).returning(table.c.id, table.c.title_key)
        for paper_id, key in self.session.connection().execute(statement, rows):
            position, parsed = papers[key]
            self.report.new += 1
            self._remember(paper_id, parsed, key, position)

    def _remember(self, paper_id: int, parsed: ParsedPaper, key: str, position: int) -> None:
        self.by_key[key] = paper_id
        if parsed.arxiv_id:
            self.by_arxiv[parsed.arxiv_id] = paper_id
        if paper_id in self.listed_ids:
            return  # two entries matched one paper by different keys (arXiv id, title): listed once
        self.listed_ids.add(paper_id)
        self.sources.append({"batch_id": self.batch_id, "paper_id": paper_id, "position": position})


def _existing_papers(session: Session, papers: Sequence[ParsedPaper], keys: list[str]) -> dict[str, Paper]:
    """Library papers matching the chunk, by ``arxiv:<id>`` and by title key."""
    arxiv_ids = [p.arxiv_id for p in papers if p.arxiv_id]
    found: dict[str, Paper] = {}
    for paper in session.exec(select(Paper).where(col(Paper.title_key).in_(keys))):
        found.setdefault(paper.title_key, paper)
    if arxiv_ids:
        for paper in session.exec(select(Paper).where(col(Paper.arxiv_id).in_(arxiv_ids))):
            found[f"arxiv:{paper.arxiv_id}"] = paper
    return found


def _match(known: dict[str, Paper], parsed: ParsedPaper, key: str) -> Paper | None:
    if parsed.arxiv_id and (by_id := known.get(f"arxiv:{parsed.arxiv_id}")):
        return by_id
    by_title = known.get(key)
    # The same title with a different known arXiv id is a different paper.
    if by_title and (by_title.arxiv_id is None or parsed.arxiv_id in (None, by_title.arxiv_id)):
        return by_title
    return None


def _restore_export(
    engine: Engine, source: str, name: str, digest: str, papers: list[export.ExportedPaper]
) -> FileReport:
    """Import a readinglist JSON export: papers with their user data and their sources.

    An entry with a wrong value is skipped with its position and reason; the others are restored.
    """
    report = FileReport(source, "imported", layout="readinglist-json")
    try:
        with transaction(engine) as session:
            batches: dict[tuple[str, datetime | None], int] = {}
            for position, item in enumerate(papers, start=1):
                try:
                    entry = export.read_paper(item)
                except ValueError as error:
                    report.problems.append(Problem(0, f"paper {position} of the export: {_one_line(str(error))}"))
                    continue
                report.found += 1
                paper_id, is_new = export.restore_paper(session, entry)
                report.new += is_new
                report.merged += not is_new
                for src in entry.sources:
                    key = (src.file, src.imported_at)
                    if key not in batches:
                        batches[key] = _restored_batch(session, src, digest)
                    if not _already_listed(session, batches[key], paper_id):
                        session.add(PaperSource(batch_id=batches[key], paper_id=paper_id, position=src.position))
            report.skipped = len(report.problems)
            if report.problems and not report.found:
                raise _ImportFailed(f"{_nothing_found(report)} (the first: {report.problems[0].reason})")
            if not batches:
                batch = ImportBatch(name=name, content_hash=digest, layout="readinglist-json")
                session.add(batch)
                _flush_batch(session)
                report.batch_id = batch.id
            else:
                session.flush()
    except _ImportFailed as failure:
        return FileReport(source, "failed", message=str(failure), problems=report.problems, skipped=report.skipped)
    except (_AlreadyImported, IntegrityError):
        return _already_imported(engine, source, digest)
    return report


def _restored_batch(session: Session, src: export.ExportedSource, digest: str) -> int:
    """The batch of one exported source (its file and import time), found or made."""
    imported_at = src.imported_at or utcnow()
    existing = session.exec(
        select(BATCH_ID).where(ImportBatch.name == src.file, ImportBatch.imported_at == imported_at)
    ).first()
    if existing is not None:
        return existing
    content_hash = f"restored:{digest}:{src.file}:{imported_at.isoformat()}"  # unique per restored batch
    batch = ImportBatch(name=src.file, content_hash=content_hash, imported_at=imported_at)
    session.add(batch)
    _flush_batch(session)
    assert batch.id is not None  # the flush gave it one
    return batch.id


def _already_listed(session: Session, batch_id: int, paper_id: int) -> bool:
    statement = select(PaperSource.id).where(PaperSource.batch_id == batch_id, PaperSource.paper_id == paper_id)
    return session.exec(statement).first() is not None
