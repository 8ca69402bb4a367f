"""Exports (JSON, CSV, Markdown, BibTeX) and the way back in for JSON.

JSON is lossless: importing it into an empty library gives the same papers,
statuses, stars, tags, notes and sources. The other formats are for reading
and for other tools. The CLI and the GUI both write through ``write`` (or
``write_file``), in the order of ``in_export_order``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any, Literal, NotRequired, TypedDict, TypeVar
from urllib.parse import quote

from sqlalchemy import insert
from sqlmodel import Session, col, select

from readinglist.core import outbox
from readinglist.core.dumps import ParsedPaper
from readinglist.core.dumps.fields import is_web_url
from readinglist.core.dumps.keys import title_key
from readinglist.core.dumps.records import PAGE_FIELDS
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


_CSV_COLUMNS = (
    "id", "title", "arxiv_id", "status", "starred", "tags", "published", "authors_count", "org",
    "upvotes", "comments", "github_url", "url", "added_at", "abstract", "ai_summary", "note",
)  # fmt: skip


def write_csv(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """One row per paper; tags joined with "; ".

    A text cell that a spreadsheet would take as a formula gets a leading ``'``
    (see ``csv_cell``): the titles, tags and notes come from the web and from users.
    """
    writer = csv.writer(out)
    writer.writerow(_CSV_COLUMNS)
    count = 0
    for p in papers:
        row = [
            p.id,
            p.title,
            p.arxiv_id or "",
            p.status,
            "yes" if p.starred else "no",
            "; ".join(p.tags),
            p.published.isoformat() if p.published else "",
            _blank(p.authors_count),
            p.org or "",
            _blank(p.upvotes),
            _blank(p.comments),
            p.github_url or "",
            p.hf_url or "",
            p.added_at.isoformat(timespec="seconds"),
            p.abstract or "",
            p.ai_summary or "",
            p.note or "",
        ]  # fmt: skip
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula (OWASP)


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell: text starting like a formula gets a leading ``'`` so it shows as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _blank(value: object) -> object:
    return "" if value is None else value


def write_markdown(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """A reading digest: each paper's title, link, status, tags, AI summary and note."""
    out.write(f"# Reading list ({date.today().isoformat()})\n")
    count = 0
    for p in papers:
        title = markdown_text(" ".join(p.title.split()))
        link = _link_target(p.hf_url) or _link_target(p.github_url)
        out.write(f"\n## [{title}]({link})\n\n" if link else f"\n## {title}\n\n")
        facts = [f"**{markdown_text(p.status)}**", *(["★ starred"] if p.starred else [])]
        if p.tags:
            facts.append("tags: " + ", ".join(_code_span(t) for t in p.tags))
        out.write(" · ".join(facts) + "\n")
        if p.ai_summary:
            out.write(f"\n*AI summary:* {markdown_text(' '.join(p.ai_summary.split()))}\n")
        if p.note:
            lines = (markdown_text(line) for line in p.note.splitlines())
            out.write("\n" + "\n".join(f"> {line}" if line else ">" for line in lines) + "\n")
        count += 1
    return count


# Markdown punctuation that can start a link, an image, HTML, an entity ("&lt;"), emphasis, code,
# a heading or a table cell anywhere in a line; a backslash before ASCII punctuation shows it as itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]()<>#!|~]|&(?=[#A-Za-z0-9]))")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+=])")  # a list item or a heading underline at a line start


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows exactly those characters: no link, image, HTML or formatting."""
    return _MARKDOWN_LINE_START.sub(r"\1\\\2", _MARKDOWN_INLINE.sub(r"\\\1", text))


def _code_span(text: str) -> str:
    """``text`` as one inline code span, whatever backticks it holds (CommonMark's longer fence)."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _link_target(url: str | None) -> str | None:
    """An http(s) link target, with what could end or break it in Markdown or BibTeX percent-encoded."""
    if not is_web_url(url):
        return None
    assert url is not None
    return quote(url.strip(), safe="/:?#[]@!$&'*+,;=%-._~")


# LaTeX for the characters BibTeX or LaTeX would otherwise read as syntax. The braces become
# commands too: BibTeX counts every brace (escaped or not), so a lone "\{" would unbalance a field.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "%": r"\%",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX_ESCAPES))


def bibtex_escape(text: str) -> str:
    """``text`` as a BibTeX field value that LaTeX prints as it is; other characters stay (UTF-8)."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], " ".join(text.split()))


_ARXIV_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]*")


def bibtex_key(paper: PaperRecord) -> str:
    """A citation key: the arXiv id when known, else the first title word and the id; ASCII letters,
    digits and ``_`` only, so every BibTeX tool reads it."""
    if paper.arxiv_id and _ARXIV_ID.fullmatch(paper.arxiv_id):
        return "arxiv" + re.sub(r"[^A-Za-z0-9]", "_", paper.arxiv_id)
    words = paper.title.split()
    first_word = re.sub(r"[^a-z0-9]", "", words[0].lower()) if words else ""
    return f"{first_word or 'paper'}{paper.id}"


def write_bibtex(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """One ``@misc`` entry per paper (the dumps show no author names)."""
    count = 0
    for p in papers:
        fields = {"title": "{" + bibtex_escape(p.title) + "}"}
        if p.published and not p.published_inferred:
            fields["year"] = str(p.published.year)
        if p.arxiv_id and _ARXIV_ID.fullmatch(p.arxiv_id):
            fields |= {"eprint": p.arxiv_id, "archivePrefix": "arXiv", "url": p.arxiv_url or ""}
        elif url := _link_target(p.github_url):
            fields["url"] = url  # braces and backslashes are percent-encoded
        if p.tags:
            fields["keywords"] = bibtex_escape(", ".join(p.tags))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        out.write(f"@misc{{{bibtex_key(p)},\n{body}\n}}\n\n")
        count += 1
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
