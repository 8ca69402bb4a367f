"""Same-run references for the benchmark: a naive Whoosh index and SQLite FTS5 over the same papers.

Naive Whoosh is what a first version would do: one writer with default
settings, title and abstract stored, one field per kind of text, one commit,
a MultifieldParser, a new writer for the job. FTS5 is the C-speed floor on
this machine (SQLite's full-text index, porter stemming, bm25, snippet()).
Both read the papers from the library's database, so they index exactly what
readinglist indexes.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from sqlmodel import select
from whoosh import fields, index
from whoosh.analysis import StemmingAnalyzer

from readinglist.core.models import Note, Paper, PaperTag, Tag
from readinglist.core.services import Library
from readinglist.core.store import transaction

CHUNK = 2000


def library_papers(library: Library) -> Iterator[tuple[int, str, str, str, str, str]]:
    """(id, title, abstract, tags, note, status) of every paper, a chunk at a time."""
    with transaction(library.engine) as session:
        ids = list(session.exec(select(Paper.id).order_by(Paper.id)))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction(library.engine) as session:
            rows = session.exec(
                select(Paper.id, Paper.title, Paper.abstract, Paper.status).where(Paper.id.in_(chunk))  # type: ignore[attr-defined]
            ).all()
            tags: dict[int, list[str]] = {}
            for pid, name in session.exec(
                select(PaperTag.paper_id, Tag.name).join(Tag).where(PaperTag.paper_id.in_(chunk))  # type: ignore[attr-defined]
            ):
                tags.setdefault(pid, []).append(name)
            notes = dict(session.exec(select(Note.paper_id, Note.body).where(Note.paper_id.in_(chunk))).all())  # type: ignore[attr-defined]
        for pid, title, abstract, status in rows:
            yield pid, title, abstract or "", ",".join(tags.get(pid, [])), notes.get(pid, ""), status


# -- naive Whoosh -------------------------------------------------------------------


def build_naive_whoosh(library: Library, folder: Path) -> float:
    """Index every paper the naive way; returns the seconds it took."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    stem = StemmingAnalyzer()
    schema = fields.Schema(
        id=fields.ID(stored=True, unique=True),
        title=fields.TEXT(stored=True, analyzer=stem, field_boost=2.0),
        abstract=fields.TEXT(stored=True, analyzer=stem),
        notes=fields.TEXT(analyzer=stem),
        tags=fields.KEYWORD(commas=True, lowercase=True, scorable=True),
        status=fields.ID(stored=True),
    )
    started = time.perf_counter()
    writer = index.create_in(str(folder), schema).writer()
    for pid, title, abstract, tags, note, status in library_papers(library):
        writer.add_document(id=str(pid), title=title, abstract=abstract, notes=note, tags=tags, status=status)
    writer.commit()
    return time.perf_counter() - started


# -- SQLite FTS5 ----------------------------------------------------------------------


def build_fts5(library: Library, path: Path) -> float:
    """Index every paper in an FTS5 table; returns the seconds it took."""
    path.unlink(missing_ok=True)
    started = time.perf_counter()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE VIRTUAL TABLE fts USING fts5"
        "(title, abstract, tags, notes, status UNINDEXED, tokenize='porter unicode61')"
    )
    with db:
        db.executemany(
            "INSERT INTO fts(rowid, title, abstract, tags, notes, status) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (pid, title, abstract, tags.replace(",", " "), note, status)
                for pid, title, abstract, tags, note, status in library_papers(library)
            ),
        )
    db.execute("INSERT INTO fts(fts) VALUES('optimize')")
    db.commit()
    db.close()
    return time.perf_counter() - started


class Fts5Search:
    """Top 20 by bm25 (title weighted 2) with an abstract snippet, as readinglist's own search returns."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)

    def search(self, match: str, status: str | None = None) -> list[tuple[str, str]]:
        where = "fts MATCH ?" + (" AND status = ?" if status else "")
        params = (match, status) if status else (match,)
        return self.db.execute(
            f"SELECT title, snippet(fts, 1, '<b>', '</b>', ' … ', 24) FROM fts WHERE {where} "  # fixed text
            "ORDER BY bm25(fts, 2.0, 1.0, 1.0, 1.0) LIMIT 20",
            params,
        ).fetchall()

    def ids(self, match: str, status: str | None = None) -> list[int]:
        """The paper ids of the same top 20 (for comparing rankings)."""
        where = "fts MATCH ?" + (" AND status = ?" if status else "")
        params = (match, status) if status else (match,)
        return [
            row[0]
            for row in self.db.execute(
                f"SELECT rowid FROM fts WHERE {where} ORDER BY bm25(fts, 2.0, 1.0, 1.0, 1.0) LIMIT 20",  # fixed text
                params,
            )
        ]

    def close(self) -> None:
        self.db.close()
