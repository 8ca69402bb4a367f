"""What a dump reader produces: parsed papers, per-entry problems and whole-file errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields
from datetime import date
from urllib.parse import urlsplit


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


# ---------------------------------------------------------------- the one check every paper passes

MAX_COUNT = 10**9  # upvotes, comments, stars and authors at or above this are no page's figures
FIRST_YEAR, LAST_YEAR = 1990, 2100  # publication dates outside are dropped
_ARXIV_ID_RE = re.compile(r"\d{4}\.\d{4,5}")
# Control characters (C0 but tab and line feed, DEL, C1) and lone surrogates: never text.
# Those that separate words (CR, VT, FF, the C0 separators, NEL) become a space.
_SPACING_CONTROLS_RE = re.compile("[\r\x0b\x0c\x1c-\x1f\x85]")
_CONTROLS_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ud800-\udfff]")
_COUNT_FIELDS = ("upvotes", "comments", "github_stars", "authors_count")
_TEXT_FIELDS = ("abstract", "ai_summary", "org", "published_text")


def clean_text(text: str) -> str:
    """`text` without control characters (tab and line feed kept) and lone surrogates."""
    if text.isprintable():  # the common case, checked at C speed
        return text
    return _CONTROLS_RE.sub("", _SPACING_CONTROLS_RE.sub(" ", text))


def clean_paper(paper: ParsedPaper) -> ParsedPaper | Problem:
    """`paper` with every value a library row can store, or the Problem that it has no title.

    The one check every reader's papers pass (`cards.finish_card`): a value that cannot be
    stored is dropped on its own (a count outside 0 .. MAX_COUNT-1, a date outside
    FIRST_YEAR..LAST_YEAR, a link that is no http(s) URL, an id that is no arXiv id);
    control characters go from the texts; a title left empty makes the entry a Problem.
    """
    title = " ".join(clean_text(paper.title).split())
    if not title:
        return Problem(paper.line, "title without readable characters")
    paper.title = title
    for name in _TEXT_FIELDS:
        value = getattr(paper, name)
        if value is not None:
            value = clean_text(value).strip() if isinstance(value, str) else None
            setattr(paper, name, value or None)
    if paper.org is not None:
        paper.org = " ".join(paper.org.split())
    for name in _COUNT_FIELDS:
        value = getattr(paper, name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < MAX_COUNT):
            setattr(paper, name, None)
    if paper.published is not None and not (
        isinstance(paper.published, date) and FIRST_YEAR <= paper.published.year <= LAST_YEAR
    ):
        paper.published = None
    if paper.published is None:
        paper.published_text, paper.published_inferred = None, False
    if paper.arxiv_id is not None and not (isinstance(paper.arxiv_id, str) and _ARXIV_ID_RE.fullmatch(paper.arxiv_id)):
        paper.arxiv_id = None
    if paper.github_url is not None and not is_web_url(paper.github_url):
        paper.github_url = None
    paper.links = list(dict.fromkeys(url for url in paper.links if is_web_url(url)))
    return paper


def is_web_url(url: object) -> bool:
    """Only http(s) links are kept from imported data (no file:, javascript:, data:, no non-strings).

    The URL must be absolute, name a host and hold no white space or control characters
    (a browser would read ``https://x.org/\\njavascript:...`` differently from us).
    """
    if not isinstance(url, str):
        return False
    url = url.strip()
    if not url or not url.isprintable() or any(char.isspace() for char in url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:  # e.g. an unbalanced IPv6 bracket or a bad port
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)
