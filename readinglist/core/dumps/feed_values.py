"""The values of one untrusted feed entry: the `FeedPaper` they fill, and their readers.

Each reader keeps a value of the right type and range and gives None for anything
else, so that one wrong value is dropped on its own.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from .fields import paper_link_id
from .records import FIRST_YEAR, LAST_YEAR, MAX_COUNT, is_web_url

BARE_ID_RE = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")


@dataclass
class FeedPaper:
    """The values read from one entry; `problem` set when it cannot be a paper."""

    title: str | None = None
    arxiv_id: str | None = None
    abstract: str | None = None
    ai_summary: str | None = None
    upvotes: int | None = None
    comments: int | None = None
    authors_count: int | None = None
    org: str | None = None
    published: date | None = None
    github_url: str | None = None
    github_stars: int | None = None
    links: list[str] = field(default_factory=list)
    problem: str | None = None


def text_value(value: object) -> str | None:
    """A string with white space collapsed; None for anything else or a blank string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def count_value(value: object) -> int | None:
    """A JSON integer in 0 .. MAX_COUNT-1 (not a bool, a float or a numeric string)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < MAX_COUNT else None


def digits_value(value: object) -> int | None:
    """A count written as digits (feeds carry every value as text)."""
    digits = value.strip() if isinstance(value, str) else ""
    return count_value(int(digits)) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else None


def http_url(value: object) -> str | None:
    """An absolute http(s) URL without white space, or None."""
    return value.strip() if isinstance(value, str) and is_web_url(value) else None


def _in_range(day: date) -> date | None:
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def iso_date(value: object) -> date | None:
    """The UTC calendar date of an ISO 8601 date or date-time (`2025-02-20T18:08:29.000Z`)."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return _in_range(moment.date())


def struct_date(value: object) -> date | None:
    """The date of one of feedparser's `*_parsed` values (a UTC `time.struct_time`)."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return _in_range(date(value.tm_year, value.tm_mon, value.tm_mday))
    except ValueError:
        return None


_OAI_ID_RE = re.compile(r"oai:arxiv\.org:(\d{4}\.\d{4,5})(?:v\d+)?", re.IGNORECASE)


def _link_id(value: object) -> str | None:
    """The arXiv id a paper link, an OAI identifier or a bare id names."""
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    if bare := BARE_ID_RE.fullmatch(stripped) or _OAI_ID_RE.fullmatch(stripped):
        return bare[1]
    try:
        if urlsplit(stripped).scheme.lower() not in ("http", "https", ""):
            return None
    except ValueError:
        return None
    return paper_link_id(stripped)


def first_id(values: Iterable[object]) -> str | None:
    return next((found for value in values if (found := _link_id(value))), None)


def other_links(values: Iterable[object], arxiv_id: str | None) -> list[str]:
    """The http(s) URLs among `values` that are not the paper's own page, once each."""
    links: list[str] = []
    for value in values:
        url = http_url(value)
        if url and url not in links and (arxiv_id is None or _link_id(url) != arxiv_id):
            links.append(url)
    return links
