"""What a dump reader produces: parsed papers, per-entry problems and whole-file errors."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date


@dataclass
class ParsedPaper:
    """One paper entry as a page dump shows it; absent values stay None."""

    title: str
    line: int  # 1-based line of the title in the decoded text, for reports
    abstract: str | None = None
    ai_summary: str | None = None  # a machine-written summary shown apart from the abstract
    arxiv_id: str | None = None
    authors_count: int | None = None
    org: str | None = None
    published: date | None = None
    published_text: str | None = None  # the date exactly as the page shows it
    published_inferred: bool = False  # True when the page showed no year and we chose one
    upvotes: int | None = None
    comments: int | None = None
    github_url: str | None = None
    github_stars: int | None = None
    links: list[str] = field(default_factory=list)  # other URLs found in the abstract


# What a page shows of a paper, declared once by ParsedPaper above: a new paper row is made from
# these names and exports write them in this order (tests/core/test_paper_fields.py checks that
# the table model and PaperRecord carry every one of them).
PAGE_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(ParsedPaper) if f.name != "line")
SEARCHED_FIELDS = ("title", "abstract", "ai_summary", "org")  # the page text the index searches


@dataclass(frozen=True)
class Problem:
    """An entry that could not be read; reported with its line, never imported."""

    line: int
    reason: str


class DumpError(Exception):
    """The whole input cannot be read as a dump (binary, empty, vanished, too large...)."""
