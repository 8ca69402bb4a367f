"""The export entry point (``write``, ``write_file``) and the lossless JSON export, both ways.

JSON is lossless: importing it into an empty library gives the same papers,
statuses, stars, tags, notes and sources. The other formats are for reading
and for other tools (written in ``export_formats``). The CLI and the GUI both
write through ``write`` (or ``write_file``), in the order of ``in_export_order``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Literal, NotRequired, TypedDict, TypeVar

from sqlalchemy import insert
from sqlmodel import Session, col, select

from readinglist.core import outbox
from readinglist.core.dumps import ParsedPaper
from readinglist.core.dumps.fields import is_web_url
from readinglist.core.dumps.keys import title_key
from readinglist.core.dumps.records import PAGE_FIELDS
from readinglist.core.export_formats import write_bibtex, write_csv, write_markdown
from readinglist.core.merging import merge_fields, new_paper_row
from readinglist.core.models import PAPER_ID, Note, Paper, PaperTag, ReadStatus
from readinglist.core.records import PaperRecord
from readinglist.core.tagging import clean_tag_names, ensure_tags

FORMAT_NAME = "readinglist"
FORMAT_VERSION = 1
FORMATS = ("json", "csv", "markdown", "bibtex")
_SNIFF_BYTES = 4096


# -- writing ----------------------------------------------------------------


def write(format_name: str, papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """Write ``papers`` to ``out`` in ``format_name``; returns how many were written."""
    writers: dict[str, Callable[[Iterable[PaperRecord], IO[str]], int]] = {
        "json": write_json,
        "csv": write_csv,
        "markdown": write_markdown,
        "bibtex": write_bibtex,
    }
    if format_name not in writers:
        raise ValueError(f"unknown export format {format_name!r}; use one of: {', '.join(FORMATS)}")
    return writers[format_name](papers, out)


def write_file(format_name: str, papers: Iterable[PaperRecord], path: Path) -> int:
    """Write ``papers`` to the file ``path``; returns how many were written.

    Written beside it first and renamed into place when complete, so a failure
    half-way (a full disk, a crash) leaves an earlier file of that name as it was.
    """
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="") as out:
            count = write(format_name, papers, out)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count


def in_export_order(paper_ids: Iterable[int]) -> list[int]:
    """``paper_ids`` in the order every export writes papers: by library id, each once.

    The order a list is shown in (its sort column, search relevance) is not kept,
    so ``readinglist export`` and the window's File > Export give the same file
    for the same papers.
    """
    return sorted(set(paper_ids))


def paper_to_json(paper: PaperRecord) -> dict[str, object]:
    """The lossless JSON object for one paper (absent values are null)."""
    page = {name: getattr(paper, name) for name in PAGE_FIELDS}
    page["published"] = paper.published.isoformat() if paper.published else None
    return {
        "id": paper.id,
        **page,
        "status": paper.status,
        "starred": paper.starred,
        "tags": paper.tags,
        "note": paper.note,
        "added_at": paper.added_at.isoformat(),
        "status_changed_at": paper.status_changed_at.isoformat() if paper.status_changed_at else None,
        "sources": [
            {"file": s.file, "position": s.position, "imported_at": s.imported_at.isoformat()} for s in paper.sources
        ],
    }


def write_json(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """Stream the JSON export, one paper at a time, so large libraries stay cheap."""
    out.write(f'{{"format": "{FORMAT_NAME}", "version": {FORMAT_VERSION}, "papers": [')
    count = 0
    for paper in papers:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(paper_to_json(paper), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


# -- reading back -----------------------------------------------------------


_JSON_START = re.compile(r'^(?:\{\s*"|\[\s*(?:\{|\]))')


def json_kind(head: str) -> Literal["export", "json"] | None:
    """What the start of a text says: a readinglist export, some other JSON, or neither."""
    head = head[:_SNIFF_BYTES].lstrip("\ufeff \t\r\n")
    if not _JSON_START.match(head):
        return None
    return "export" if re.search(rf'"format"\s*:\s*"{FORMAT_NAME}"', head) else "json"


# One paper object of an export, as JSON decoded it (the keys are checked where they are read).
ExportedPaper = dict[str, Any]


class _UserFields(TypedDict):
    """What the user decided about an exported paper, as Paper column values."""

    status: str
    starred: bool
    added_at: NotRequired[datetime]
    status_changed_at: NotRequired[datetime]


def file_head(path: Path) -> str:
    """The first few kilobytes of a file as text, for sniffing what it is."""
    with path.open("rb") as handle:
        return handle.read(_SNIFF_BYTES).decode("utf-8", errors="replace")


def loads(text: str) -> list[ExportedPaper]:
    """The paper objects of an export; ValueError with a clear message when it is not one.

    The entries are not checked here: ``read_paper`` checks each one, so one bad
    entry is skipped, never the file.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"broken readinglist export: {error}") from None
    except RecursionError:
        raise ValueError("broken readinglist export: nested too deeply") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT_NAME or not isinstance(data.get("papers"), list):
        raise ValueError("not a readinglist export: no papers list")
    version = data.get("version", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"broken readinglist export: version {_shown(version)} is not a number")
    if version > FORMAT_VERSION:
        raise ValueError(f"export version {version} is newer than this release reads ({FORMAT_VERSION})")
    papers: list[ExportedPaper] = data["papers"]
    return papers


def load(path: Path) -> list[ExportedPaper]:
    """The paper objects of the export file at ``path``."""
    return loads(path.read_text(encoding="utf-8-sig"))


@dataclass(frozen=True)
class ExportedSource:
    """Where an exported paper was listed: the file, its position there and when it was imported."""

    file: str
    position: int
    imported_at: datetime | None


@dataclass(frozen=True)
class RestoredPaper:
    """One export entry, checked: every value has the type its column needs."""

    parsed: ParsedPaper
    user: _UserFields
    id: int | None
    tags: list[str]
    note: str | None
    sources: list[ExportedSource]


def read_paper(item: object) -> RestoredPaper:
    """Check one paper object of an export; ValueError names the first value that is wrong.

    An export is untrusted input: any key may be missing, null or of another type.
    """
    if not isinstance(item, dict):
        raise ValueError(f"not a paper object but {_shown(item)}")
    parsed = _as_parsed(item)
    paper_id = _optional(item, "id", int)
    if paper_id is not None and not 0 < paper_id <= _MAX_INTEGER:
        raise ValueError(f"id {paper_id} is out of range")
    tags = _optional(item, "tags", list) or []
    if not all(isinstance(tag, str) for tag in tags):
        raise ValueError("tags: every tag must be text")
    sources = _optional(item, "sources", list) or []
    return RestoredPaper(
        parsed=parsed,
        user=_user_fields(item),
        id=paper_id,
        tags=tags,
        note=_optional(item, "note", str),
        sources=[_as_source(src) for src in sources],
    )


def restore_paper(session: Session, entry: RestoredPaper) -> tuple[int, bool]:
    """Insert or merge one checked export entry with its user data; returns (paper id, is new)."""
    parsed = entry.parsed
    existing = _find(session, parsed)
    if existing is None:
        row = new_paper_row(parsed, **entry.user)
        if entry.id and session.get(Paper, entry.id) is None:
            row["id"] = entry.id  # keeps ids stable when restoring into an empty library
        paper_id = session.scalars(insert(Paper).returning(PAPER_ID), [row]).one()
        is_new = True
    else:
        merge_fields(existing, parsed)
        existing.starred = existing.starred or entry.user["starred"]
        if existing.status == ReadStatus.NEW.value:
            existing.status = entry.user["status"]
        assert existing.id is not None  # it was read from the database
        outbox.mark_changed(session, [existing.id])
        paper_id, is_new = existing.id, False
    _restore_tags(session, paper_id, entry.tags)
    if entry.note and session.get(Note, paper_id) is None:
        session.add(Note(paper_id=paper_id, body=entry.note))
    return paper_id, is_new


_CONVERTED = ("published", "published_inferred", "links")  # not taken as they are from an export
_MAX_INTEGER = 2**63 - 1  # SQLite's largest integer
# The type each page field must have in an export (``ParsedPaper`` declares them; null is always allowed).
_FIELD_TYPES: dict[str, type] = {
    f.name: int if str(f.type).startswith("int") else str
    for f in dataclass_fields(ParsedPaper)
    if f.name in PAGE_FIELDS and f.name not in _CONVERTED
}
_TYPE_NAMES = {str: "text", int: "a whole number", list: "a list", bool: "true or false", dict: "an object"}
_T = TypeVar("_T")


def _shown(value: object) -> str:
    """A value as a report line shows it: short, on one line."""
    text = json.dumps(value, ensure_ascii=False, default=str) if not isinstance(value, dict) else "an object"
    return text if len(text) <= 40 else text[:37] + "..."


def _optional(item: dict[str, Any], key: str, kind: type[_T]) -> _T | None:
    """``item[key]`` when it is a ``kind`` (a missing key or null gives None); else ValueError."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ValueError(f"{key} is {_shown(value)}, not {_TYPE_NAMES.get(kind, kind.__name__)}")
    return value


def _moment(item: dict[str, Any], key: str) -> datetime | None:
    """A timestamp of the export, as timezone-aware UTC (a time without a zone is taken as UTC)."""
    text = _optional(item, key, str)
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{key} {_shown(text)} is not a date and time") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _as_parsed(item: dict[str, Any]) -> ParsedPaper:
    title = _optional(item, "title", str)
    if not title or not title.strip():
        raise ValueError("a paper without a title")
    published_text = _optional(item, "published", str)
    try:
        published = date.fromisoformat(published_text) if published_text else None
    except ValueError:
        raise ValueError(f"published {_shown(published_text)} is not a date") from None
    # Fields missing from older exports (ai_summary came later) read as null.
    values: dict[str, Any] = {name: _optional(item, name, kind) for name, kind in _FIELD_TYPES.items()}
    for name, kind in _FIELD_TYPES.items():
        if kind is int and values[name] is not None and not 0 <= values[name] <= _MAX_INTEGER:
            raise ValueError(f"{name} {values[name]} is out of range")
    if not is_web_url(values["github_url"]):  # an export is untrusted input: only http(s) links
        values["github_url"] = None
    return ParsedPaper(
        line=0,
        published=published,
        links=[url for url in _optional(item, "links", list) or [] if is_web_url(url)],
        **values,
        published_inferred=bool(_optional(item, "published_inferred", bool)),
    )


def _user_fields(item: dict[str, Any]) -> _UserFields:
    status = _optional(item, "status", str)
    fields: _UserFields = {
        "status": ReadStatus.parse(status or "new").value,
        "starred": bool(_optional(item, "starred", bool)),
    }
    if added_at := _moment(item, "added_at"):
        fields["added_at"] = added_at
    if status_changed_at := _moment(item, "status_changed_at"):
        fields["status_changed_at"] = status_changed_at
    return fields


def _as_source(src: object) -> ExportedSource:
    if not isinstance(src, dict):
        raise ValueError(f"sources: {_shown(src)} is not a source object")
    try:
        file = _optional(src, "file", str)
        position = _optional(src, "position", int)
        if not file:
            raise ValueError("a source without a file name")
        if position is None or not 0 <= position <= _MAX_INTEGER:
            raise ValueError(f"position {_shown(position)} is not a position in a file")
        return ExportedSource(file, position, _moment(src, "imported_at"))
    except ValueError as error:
        raise ValueError(f"sources: {error}") from None


def _find(session: Session, parsed: ParsedPaper) -> Paper | None:
    if parsed.arxiv_id:
        found = session.exec(select(Paper).where(col(Paper.arxiv_id) == parsed.arxiv_id)).first()
        if found:
            return found
    return session.exec(select(Paper).where(col(Paper.title_key) == title_key(parsed.title))).first()


def _restore_tags(session: Session, paper_id: int, names: list[str]) -> None:
    tag_ids = ensure_tags(session, clean_tag_names(names))
    linked = set(session.exec(select(PaperTag.tag_id).where(col(PaperTag.paper_id) == paper_id)))
    session.add_all(PaperTag(paper_id=paper_id, tag_id=tid) for tid in tag_ids.values() if tid not in linked)
