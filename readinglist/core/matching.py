"""Matching parsed papers to the library in chunks: new ones inserted, known ones merged, listings recorded."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import TypeVar

from sqlalchemy import insert
from sqlmodel import Session, col, select

from readinglist.core import outbox
from readinglist.core.dumps import ParsedPaper
from readinglist.core.dumps.keys import title_key
from readinglist.core.import_reports import FileReport
from readinglist.core.merging import merge_fields, new_paper_row
from readinglist.core.models import Paper, PaperSource, table_of, utcnow

_T = TypeVar("_T")


def chunks(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Merger:
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
        self.report.in_trash += paper.trashed_at is not None  # it stays in the Trash: the user removed it
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
