"""Plain values the service layer hands out: papers as the user sees them (what changed: ``changes``).

Front ends (CLI, GUI) only ever get these, never ORM objects bound to a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Source:
    """One listing of a paper: the batch (file or paste) and the position in it."""

    batch_id: int
    file: str
    position: int
    imported_at: datetime


@dataclass
class PaperRecord:
    """Everything known about one paper, user data included."""

    id: int
    title: str
    abstract: str | None
    arxiv_id: str | None
    authors_count: int | None
    org: str | None
    published: date | None
    published_text: str | None
    published_inferred: bool
    upvotes: int | None
    comments: int | None
    github_url: str | None
    github_stars: int | None
    links: list[str]
    status: str
    starred: bool
    added_at: datetime
    status_changed_at: datetime | None
    ai_summary: str | None = None  # machine-written, shown and exported apart from the abstract
    tags: list[str] = field(default_factory=list)
    note: str | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def hf_url(self) -> str | None:
        """The paper's Hugging Face page, when its arXiv id is known."""
        return f"https://huggingface.co/papers/{self.arxiv_id}" if self.arxiv_id else None

    @property
    def arxiv_url(self) -> str | None:
        """The paper's arXiv abstract page, when its arXiv id is known."""
        return f"https://arxiv.org/abs/{self.arxiv_id}" if self.arxiv_id else None


@dataclass(frozen=True)
class PaperRow:
    """What a list shows of a paper: the columns of the table, nothing heavier."""

    id: int
    title: str
    status: str
    starred: bool
    published: date | None
    authors_count: int | None
    org: str | None
    upvotes: int | None
    comments: int | None
    added_at: datetime
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class SearchResult:
    """A ranked search hit with an HTML snippet of the abstract, or else of the AI summary (``<b>`` marks matches)."""

    paper: PaperRecord
    score: float
    snippet: str
