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
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, Literal, TypeVar

from sqlalchemy import insert
from sqlalchemy.engine import Engine
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
from readinglist.core.store import transaction

CHUNK = 500  # parsed entries merged per round trip: bounds memory on huge files
READ_AHEAD_MAX_BYTES = 8 << 20  # bigger files are streamed, never held whole in memory
READ_AHEAD_MIN_FILES = 3  # below this, starting the helper process costs more than it saves
_HASH_BLOCK = 1 << 20

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

    @property
    def failed(self) -> bool:
        """True when the file could not be imported at all."""
        return self.outcome == "failed"


class _ImportFailed(Exception):
    """Raised inside the file's transaction to roll it back with a reason."""


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files to import: the given files, and every non-hidden file below given folders."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        else:
            files.append(path)
    return files


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
    except (OSError, DumpError, ValueError):
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
            done(import_file(engine, path))
        return reports
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as helper:
        upcoming = helper.submit(read_ahead, paths[0])
        for number, path in enumerate(paths):
            parsed = upcoming.result()
            if number + 1 < len(paths):
                upcoming = helper.submit(read_ahead, paths[number + 1])
            done(import_file(engine, path, parsed))
    return reports


def import_file(engine: Engine, path: Path, parsed: ReadAhead | None = None) -> FileReport:
    """Import one file: a page dump in any layout, or a readinglist JSON export.

    ``parsed``: the file already read by ``read_ahead``.
    """
    source = str(path)
    try:
        if path.is_dir():
            raise DumpError("is a folder, not a file")
        digest = parsed.digest if parsed else file_digest(path)
    except (OSError, DumpError) as error:
        return FileReport(source, "failed", message=_reason(error))
    if earlier := _batch_with_hash(engine, digest):
        return _unchanged(source, earlier)
    if parsed:
        return _import_dump(engine, source, path.name, digest, parsed.dump())
    try:
        kind = export.json_kind(export.file_head(path))
        if kind == "export":
            return _restore_export(engine, source, path.name, digest, export.load(path))
        return _import_dump(engine, source, path.name, digest, _json_checked(kind, read_dump_file(path)))
    except (OSError, DumpError, ValueError) as error:
        return FileReport(source, "failed", message=_reason(error))


def import_text(engine: Engine, text: str, name: str, syntax: str | None = None) -> FileReport:
    """Import pasted page text (or standard input) as a batch called ``name``.

    ``syntax``: "html" when the caller knows the text is HTML (a clipboard's HTML flavour).
    """
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if earlier := _batch_with_hash(engine, digest):
        return _unchanged(name, earlier)
    try:
        kind = export.json_kind(text)
        if kind == "export":
            return _restore_export(engine, name, name, digest, export.loads(text))
        dump = _json_checked(kind, read_dump_text(text, reference_date=date.today(), syntax=syntax))
        return _import_dump(engine, name, name, digest, dump)
    except (DumpError, ValueError) as error:
        return FileReport(name, "failed", message=_reason(error))


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
    return str(error)


def _batch_with_hash(engine: Engine, digest: str) -> ImportBatch | None:
    with transaction(engine) as session:
        return session.exec(select(ImportBatch).where(ImportBatch.content_hash == digest)).first()


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
    try:
        with dump, transaction(engine) as session:
            batch = ImportBatch(name=name, content_hash=digest, layout=dump.layout, list_date_text=dump.list_date_text)
            session.add(batch)
            session.flush()
            assert batch.id is not None  # the flush gave it one
            merger = _Merger(session, batch.id, report)
            for chunk in _chunks(dump.entries, CHUNK):
                merger.merge([e for e in chunk if isinstance(e, ParsedPaper)])
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
    return report


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
    """Import a readinglist JSON export: papers with their user data and their sources."""
    report = FileReport(source, "imported", layout="readinglist-json")
    with transaction(engine) as session:
        batches: dict[tuple[str, str], int] = {}
        for item in papers:
            report.found += 1
            paper_id, is_new = export.restore_paper(session, item)
            report.new += is_new
            report.merged += not is_new
            for src in item.get("sources") or []:
                key = (src["file"], src.get("imported_at") or "")
                if key not in batches:
                    batches[key] = _restored_batch(session, src, digest)
                if not _already_listed(session, batches[key], paper_id):
                    session.add(PaperSource(batch_id=batches[key], paper_id=paper_id, position=src["position"]))
        if not batches:
            batch = ImportBatch(name=name, content_hash=digest, layout="readinglist-json")
            session.add(batch)
            session.flush()
            report.batch_id = batch.id
    return report


def _restored_batch(session: Session, src: dict[str, Any], digest: str) -> int:
    """The batch of one exported source (``file``, ``imported_at``), found or made."""
    imported_at = datetime.fromisoformat(src["imported_at"]) if src.get("imported_at") else utcnow()
    existing = session.exec(
        select(BATCH_ID).where(ImportBatch.name == src["file"], ImportBatch.imported_at == imported_at)
    ).first()
    if existing is not None:
        return existing
    batch = ImportBatch(name=src["file"], content_hash=f"restored:{digest}:{src['file']}", imported_at=imported_at)
    session.add(batch)
    session.flush()
    assert batch.id is not None  # the flush gave it one
    return batch.id


def _already_listed(session: Session, batch_id: int, paper_id: int) -> bool:
    statement = select(PaperSource.id).where(PaperSource.batch_id == batch_id, PaperSource.paper_id == paper_id)
    return session.exec(statement).first() is not None
