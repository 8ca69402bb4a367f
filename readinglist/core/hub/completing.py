"""Completing papers from the Hub: the arXiv id and page facts of papers known only by their title.

A paper without an arXiv id is looked up with the Hub's paper search for its
title; a result is accepted only when its normalised title (``title_key``) is
exactly the paper's and no other result with that title names another paper.
A paper with an arXiv id is asked for by id. What the Hub knows fills what the
paper lacks (arXiv id, abstract, authors count, date, organisation, GitHub
repository, links) and refreshes its counts, by the merge rules of an import:
the person's status, star, tags and note are never touched. Each paper is one
transaction; the report's ``change`` holds every paper's fields before and
after, so undo puts them all back as one step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from sqlalchemy.engine import Engine
from sqlmodel import col, select

from readinglist.core import outbox
from readinglist.core.changes import CompletionChange, FieldValues
from readinglist.core.dumps import DumpError, ParsedPaper, read_dump_text, split_entries
from readinglist.core.dumps.keys import title_key
from readinglist.core.hub.client import HubClient, HubError, HubOffline
from readinglist.core.import_reports import one_line
from readinglist.core.merging import merge_fields
from readinglist.core.models import PAPER_ID, Paper, utcnow
from readinglist.core.store import transaction

SEARCH_RESULTS = 10  # results asked for per title: the exact title is among the first when the Hub has it
COMPLETED_FIELDS = (  # the title too: a paper known only by its arXiv link gets its real title
    "title",
    "title_key",
    "arxiv_id",
    "abstract",
    "ai_summary",
    "authors_count",
    "org",
    "published",
    "published_text",
    "published_inferred",
    "upvotes",
    "comments",
    "github_url",
    "github_stars",
    "links",
)

Progress = Callable[[int, int], None]  # (papers done, papers)


@dataclass(frozen=True)
class Completion:
    """One paper's outcome: "completed" (with the arXiv id found) or "skipped" with the reason."""

    paper_id: int
    title: str
    outcome: Literal["completed", "skipped"]
    reason: str = ""
    arxiv_id: str | None = None
    failed: bool = False  # skipped because the Hub answered with an error, not because nothing matched


@dataclass
class CompletionReport:
    """What a completion did, paper by paper, and the change that undoes it."""

    results: list[Completion] = field(default_factory=list)
    before: dict[int, FieldValues] = field(default_factory=dict)
    after: dict[int, FieldValues] = field(default_factory=dict)
    offline: str | None = None  # the Hub could not be reached: the papers after it were not tried
    stopped: bool = False  # cancelled: the papers after the last result were not tried
    requests: int = 0

    @property
    def change(self) -> CompletionChange:
        """Every completed paper's fields before and after: its inverse is the undo."""
        return CompletionChange(dict(self.before), dict(self.after))

    @property
    def completed(self) -> list[Completion]:
        return [r for r in self.results if r.outcome == "completed"]

    @property
    def skipped(self) -> list[Completion]:
        return [r for r in self.results if r.outcome == "skipped"]


def incomplete_ids(engine: Engine) -> list[int]:
    """The papers outside the Trash without an arXiv id, oldest first: what ``complete --all`` looks up."""
    statement = select(PAPER_ID).where(col(Paper.arxiv_id).is_(None), col(Paper.trashed_at).is_(None))
    with transaction(engine) as session:
        return list(session.exec(statement.order_by(PAPER_ID)))


def complete_papers(
    engine: Engine,
    client: HubClient,
    paper_ids: Sequence[int],
    progress: Progress | None = None,
    report: CompletionReport | None = None,
) -> CompletionReport:
    """Look each paper up on the Hub and fill what it lacks; see the module text.

    ``progress`` hears each paper done and may raise to stop (a cancel): the papers
    done stay done and are in ``report`` (pass one in to keep it when stopping).
    """
    report = report if report is not None else CompletionReport()
    try:
        for number, paper_id in enumerate(paper_ids):
            report.results.append(_complete_one(engine, client, paper_id, report))
            report.requests = client.requests
            if progress is not None:
                progress(number + 1, len(paper_ids))
    except HubOffline as error:
        report.offline = str(error)
    report.requests = client.requests
    return report


def _complete_one(engine: Engine, client: HubClient, paper_id: int, report: CompletionReport) -> Completion:
    with transaction(engine) as session:
        paper = session.get(Paper, paper_id)
        if paper is None:
            return Completion(paper_id, "", "skipped", "no such paper")
        title, key, arxiv_id = paper.title, paper.title_key, paper.arxiv_id
    try:
        if arxiv_id:
            found = [p for p in _papers(client.paper(arxiv_id)) if p.arxiv_id == arxiv_id]
            if not found:
                return Completion(paper_id, title, "skipped", f"the Hub's page for {arxiv_id} names no paper")
        else:
            matches = _title_matches(client.search(title, SEARCH_RESULTS), key)
            if isinstance(matches, str):
                return Completion(paper_id, title, "skipped", matches)
            found = matches
    except HubError as error:
        return Completion(paper_id, title, "skipped", one_line(str(error)), failed=True)
    return _fill(engine, paper_id, found[0], report)


def _papers(text: str) -> list[ParsedPaper]:
    """The papers of an answer; HubError when it is JSON but no papers list (a number, a string)."""
    try:
        with read_dump_text(text, reference_date=date.today(), syntax="hf-api") as dump:
            papers, _problems = split_entries(dump.entries)
    except DumpError as error:
        raise HubError(f"the Hub's answer is not a papers list: {error}") from None
    return papers


def _title_matches(text: str, key: str) -> list[ParsedPaper] | str:
    """The results whose title is exactly the paper's, or why none is taken."""
    results = [p for p in _papers(text) if p.arxiv_id]
    exact = [p for p in results if title_key(p.title) == key]
    ids = {p.arxiv_id for p in exact}
    if len(ids) > 1:
        return f"{len(ids)} papers on the Hub have this title ({', '.join(sorted(i for i in ids if i))})"
    if exact:
        return exact
    if results:
        return f"no exact title match on the Hub (closest: “{one_line(results[0].title)[:80]}”)"
    return "the Hub's search found nothing for this title"


def _fill(engine: Engine, paper_id: int, found: ParsedPaper, report: CompletionReport) -> Completion:
    with transaction(engine) as session:
        paper = session.get_one(Paper, paper_id)
        if found.arxiv_id and found.arxiv_id != paper.arxiv_id:
            holder = session.exec(select(Paper).where(Paper.arxiv_id == found.arxiv_id)).first()
            if holder is not None:
                return Completion(
                    paper_id,
                    paper.title,
                    "skipped",
                    f"{found.arxiv_id} is paper {holder.id} already (“{holder.title}”)",
                )
        before = _values(paper)
        merge_fields(paper, found)
        after = _values(paper)
        if after != before:
            session.add(paper)
            session.flush()
            outbox.mark_changed(session, [paper_id], updated_at=utcnow())
            report.before.setdefault(paper_id, before)
            report.after[paper_id] = after
        return Completion(paper_id, paper.title, "completed", arxiv_id=paper.arxiv_id)


def _values(paper: Paper) -> FieldValues:
    return tuple((name, _frozen(getattr(paper, name))) for name in COMPLETED_FIELDS)


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def set_fields(engine: Engine, values: dict[int, FieldValues]) -> None:
    """Give papers these completed fields (an undo or redo of a completion), marking them to index."""
    with transaction(engine) as session:
        for paper_id, fields in values.items():
            paper = session.get(Paper, paper_id)
            if paper is None:
                continue
            for name, value in fields:
                setattr(paper, name, list(value) if isinstance(value, tuple) else value)
            session.add(paper)
        session.flush()
        outbox.mark_changed(session, list(values), updated_at=utcnow())
