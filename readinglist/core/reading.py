"""Reading papers out of the database within one session: full records, tags and provenance.

The service layer and the index sync both build what they hand out from these,
so a paper's record is put together in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import fields

from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from readinglist.core.models import BATCH_ID, PAPER_ID, ImportBatch, Note, Paper, PaperSource, PaperTag, Tag
from readinglist.core.records import PaperRecord, Source


def tags_of(session: Session, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """Tag names per existing paper among ``paper_ids`` (papers without tags map to [])."""
    ids = list(paper_ids)
    result: dict[int, list[str]] = {pid: [] for pid in session.exec(select(PAPER_ID).where(PAPER_ID.in_(ids)))}
    rows = session.exec(
        select(PaperTag.paper_id, Tag.name).join(Tag).where(col(PaperTag.paper_id).in_(ids)).order_by(Tag.key)
    )
    for pid, name in rows:
        result[pid].append(name)
    return result


def load_records(session: Session, paper_ids: Sequence[int], with_sources: bool = True) -> list[PaperRecord]:
    ids = list(paper_ids)
    papers = {p.id: p for p in session.exec(select(Paper).where(col(Paper.id).in_(ids)))}
    tags = tags_of(session, ids)
    notes = dict(session.exec(select(Note.paper_id, Note.body).where(col(Note.paper_id).in_(ids))).all())
    sources = sources_of(session, ids) if with_sources else {}
    return [
        record(papers[pid], tags.get(pid, []), notes.get(pid), sources.get(pid, [])) for pid in ids if pid in papers
    ]


def sources_of(session: Session, ids: list[int]) -> dict[int, list[Source]]:
    sources: dict[int, list[Source]] = defaultdict(list)
    # Five columns: more than sqlmodel's typed select() takes, so a Core select on the session's connection.
    source_rows = session.connection().execute(
        sa_select(
            col(PaperSource.paper_id),
            BATCH_ID,
            col(ImportBatch.name),
            col(PaperSource.position),
            col(ImportBatch.imported_at),
        )
        .join(ImportBatch)
        .where(col(PaperSource.paper_id).in_(ids))
        .order_by(col(ImportBatch.imported_at), col(ImportBatch.id))
    )
    for pid, batch_id, name, position, imported_at in source_rows:
        sources[pid].append(Source(batch_id, name, position, imported_at))
    return sources


# The record's fields that come straight from the paper row.
_ROW_FIELDS = [f.name for f in fields(PaperRecord) if f.name not in {"tags", "note", "sources"}]


def record(paper: Paper, tags: list[str], note: str | None, sources: list[Source]) -> PaperRecord:
    row = {name: getattr(paper, name) for name in _ROW_FIELDS}
    return PaperRecord(**row | {"links": list(paper.links or [])}, tags=tags, note=note, sources=sources)
