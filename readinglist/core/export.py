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
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal, NotRequired, TypedDict

from sqlalchemy import insert
from sqlmodel import Session, col, select

from readinglist.core import outbox
from readinglist.core.dumps import ParsedPaper
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
    """One row per paper; tags joined with "; "."""
    writer = csv.writer(out)
    writer.writerow(_CSV_COLUMNS)
    count = 0
    for p in papers:
        writer.writerow(
            [
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
        )
        count += 1
    return count


def _blank(value: object) -> object:
    return "" if value is None else value


def write_markdown(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """A reading digest: each paper's title, link, status, tags, AI summary and note."""
    out.write(f"# Reading list ({date.today().isoformat()})\n")
    count = 0
    for p in papers:
        link = p.hf_url or p.github_url
        out.write(f"\n## [{p.title}]({link})\n\n" if link else f"\n## {p.title}\n\n")
        facts = [f"**{p.status}**", *(["★ starred"] if p.starred else [])]
        if p.tags:
            facts.append("tags: " + ", ".join(f"`{t}`" for t in p.tags))
        out.write(" · ".join(facts) + "\n")
        if p.ai_summary:
            out.write(f"\n*AI summary:* {' '.join(p.ai_summary.split())}\n")
        if p.note:
            out.write("\n" + "\n".join(f"> {line}" if line else ">" for line in p.note.splitlines()) + "\n")
        count += 1
    return count


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text.replace("\\", r"\textbackslash{}"))


def bibtex_key(paper: PaperRecord) -> str:
    """A citation key: the arXiv id when known, else the first title word and the id."""
    if paper.arxiv_id:
        return f"arxiv{paper.arxiv_id.replace('.', '_')}"
    first_word = re.sub(r"\W", "", paper.title.split()[0].lower()) if paper.title.split() else "paper"
    return f"{first_word or 'paper'}{paper.id}"


def write_bibtex(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """One ``@misc`` entry per paper (the dumps show no author names)."""
    count = 0
    for p in papers:
        fields = {"title": "{" + _bibtex_escape(p.title) + "}"}
        if p.published and not p.published_inferred:
            fields["year"] = str(p.published.year)
        if p.arxiv_id:
            fields |= {"eprint": p.arxiv_id, "archivePrefix": "arXiv", "url": p.arxiv_url or ""}
        elif p.github_url:
            fields["url"] = p.github_url
        if p.tags:
            fields["keywords"] = _bibtex_escape(", ".join(p.tags))
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
    """The paper objects of an export; ValueError with a clear message when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"broken readinglist export: {error}") from None
    if data.get("format") != FORMAT_NAME or not isinstance(data.get("papers"), list):
        raise ValueError("not a readinglist export: no papers list")
    if data.get("version", 0) > FORMAT_VERSION:
        raise ValueError(f"export version {data['version']} is newer than this release reads ({FORMAT_VERSION})")
    papers: list[ExportedPaper] = data["papers"]
    return papers


def load(path: Path) -> list[ExportedPaper]:
    """The paper objects of the export file at ``path``."""
    return loads(path.read_text(encoding="utf-8-sig"))


def restore_paper(session: Session, item: ExportedPaper) -> tuple[int, bool]:
    """Insert or merge one exported paper with its user data; returns (paper id, is new)."""
    parsed = _as_parsed(item)
    existing = _find(session, parsed)
    if existing is None:
        row = new_paper_row(parsed, **_user_fields(item))
        if item.get("id") and session.get(Paper, item["id"]) is None:
            row["id"] = item["id"]  # keeps ids stable when restoring into an empty library
        paper_id = session.scalars(insert(Paper).returning(PAPER_ID), [row]).one()
        is_new = True
    else:
        merge_fields(existing, parsed)
        existing.starred = existing.starred or bool(item.get("starred"))
        if existing.status == ReadStatus.NEW.value:
            existing.status = _user_fields(item)["status"]
        assert existing.id is not None  # it was read from the database
        outbox.mark_changed(session, [existing.id])
        paper_id, is_new = existing.id, False
    _restore_tags(session, paper_id, item.get("tags") or [])
    if item.get("note") and session.get(Note, paper_id) is None:
        session.add(Note(paper_id=paper_id, body=item["note"]))
    return paper_id, is_new


_CONVERTED = ("published", "published_inferred", "links")  # not taken as they are from an export


def _as_parsed(item: ExportedPaper) -> ParsedPaper:
    if not item.get("title"):
        raise ValueError("broken readinglist export: a paper without a title")
    published = date.fromisoformat(item["published"]) if item.get("published") else None
    # Fields missing from older exports (ai_summary came later) read as null.
    values: dict[str, Any] = {name: item.get(name) for name in PAGE_FIELDS if name not in _CONVERTED}
    return ParsedPaper(
        line=0,
        published=published,
        links=list(item.get("links") or []),
        **values,
        published_inferred=bool(item.get("published_inferred")),
    )


def _user_fields(item: ExportedPaper) -> _UserFields:
    fields: _UserFields = {
        "status": ReadStatus.parse(item.get("status") or "new").value,
        "starred": bool(item.get("starred")),
    }
    if item.get("added_at"):
        fields["added_at"] = datetime.fromisoformat(item["added_at"])
    if item.get("status_changed_at"):
        fields["status_changed_at"] = datetime.fromisoformat(item["status_changed_at"])
    return fields


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
