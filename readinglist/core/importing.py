"""The import pipeline: one file (or paste) becomes one batch, in one transaction.

Papers are matched to the library by arXiv id, else by title key. A match is
merged: missing fields are filled and counts refreshed, while the user's
status, star, tags and notes are never touched. Anything that goes wrong while
a file is read rolls the whole file back, so a failed file leaves nothing
behind, and the report says why in one line.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import or_
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from readinglist.core import export
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
from readinglist.core.import_failures import FailedAt, failure
from readinglist.core.import_reports import FileReport as FileReport  # what the functions below return: public here
from readinglist.core.import_reports import one_line
from readinglist.core.matching import Merger, chunks
from readinglist.core.models import BATCH_ID, ImportBatch, PaperSource, utcnow
from readinglist.core.read_ahead import (
    READ_AHEAD_MIN_FILES,
    ReadAhead,
    file_digest,
    read_ahead_in,
    read_ahead_result,
)
from readinglist.core.store import transaction

CHUNK = 500  # parsed entries merged per round trip: bounds memory on huge files
_NOT_AN_EXPORT = "a JSON file, but neither a readinglist export nor a feed or papers API response; nothing to import"


class _ImportFailed(Exception):
    """Raised inside the file's transaction to roll it back with a reason."""


class _AlreadyImported(Exception):
    """Another import committed a batch with this content hash first (the UNIQUE index said so)."""


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
        upcoming = read_ahead_in(helper, paths[0])
        for number, path in enumerate(paths):
            parsed = read_ahead_result(upcoming)
            if number + 1 < len(paths):
                upcoming = read_ahead_in(helper, paths[number + 1])
            done(report := import_file(engine, path, parsed))
            if report.halted:
                break
    return reports


def import_file(engine: Engine, path: Path, parsed: ReadAhead | None = None) -> FileReport:
    """Import one file: a page dump in any layout, or a readinglist JSON export.

    ``parsed``: the file already read by ``read_ahead``. Whatever goes wrong
    with this file rolls it back and becomes the one line of its report (see
    ``failure``); only a busy library is raised (the caller retries).
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
        return failure(engine, source, error)


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
        return failure(engine, name, error)


def _json_checked(kind: str | None, dump: Dump) -> Dump:
    """JSON imports as a feed or a papers API response; any other JSON is refused."""
    if kind == "json" and dump.layout not in FEEDS:
        dump.close()
        raise DumpError(_NOT_AN_EXPORT)
    return dump


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


def import_listing(
    engine: Engine, key: str, name: str, text: str, also: Callable[[Session, int], None] | None = None
) -> FileReport:
    """Import a page fetched from the Hub (papers API JSON) as the batch ``key`` names, called ``name``.

    A listing fetched again is merged into its batch, not made a new one: counts are
    refreshed, papers it lists for the first time join the batch, and the batch is
    called ``name`` and dated now. ``also`` is called with the session and the batch id
    just before the import commits: what it writes commits with the batch or not at all.
    """
    try:
        dump = read_dump_text(text, reference_date=date.today(), syntax="hf-api")
        return _import_dump(engine, name, name, key, dump, refresh=True, also=also)
    except Exception as error:  # noqa: BLE001 - a bad page is a line in the report, never a traceback
        return failure(engine, name, error)


def _import_dump(
    engine: Engine,
    source: str,
    name: str,
    digest: str,
    dump: Dump,
    *,
    refresh: bool = False,
    also: Callable[[Session, int], None] | None = None,
) -> FileReport:
    """Import ``dump`` as a new batch; with ``refresh``, into the batch with this content hash if there is one."""
    report = FileReport(source, "imported", layout=dump.layout)
    reading = _Reading(dump.entries)
    try:
        with dump, transaction(engine) as session:
            earlier = (
                session.exec(select(ImportBatch).where(ImportBatch.content_hash == digest)).first() if refresh else None
            )
            batch = earlier or ImportBatch(name=name, content_hash=digest)
            brought_before = earlier.new if earlier else 0
            batch.name, batch.layout, batch.list_date_text = name, dump.layout, dump.list_date_text
            if batch is earlier:
                batch.imported_at = utcnow()
            session.add(batch)
            _flush_batch(session)
            assert batch.id is not None  # the flush gave it one
            merger = Merger(session, batch.id, report)
            if batch is earlier:
                listed = session.exec(select(PaperSource.paper_id).where(PaperSource.batch_id == batch.id))
                merger.listed_ids.update(listed)  # listed by the batch already: no second provenance row
            for chunk in chunks(reading, CHUNK):
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
            batch.found, batch.new, batch.merged = report.found, brought_before + report.new, report.merged
            batch.skipped = report.skipped
            report.batch_id = batch.id
            if also is not None:
                also(session, batch.id)
    except _ImportFailed as failure:
        report.outcome, report.message, report.batch_id = "failed", str(failure), None
        report.found = report.new = report.merged = report.in_trash = 0
    except _AlreadyImported:
        return _already_imported(engine, source, digest)
    except Exception as error:  # noqa: BLE001 - said where in the input it happened, reported by failure
        raise FailedAt(error, reading.where()) from error
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
                    report.problems.append(Problem(0, f"paper {position} of the export: {one_line(str(error))}"))
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
