"""RSS and Atom entries as papers, read by feedparser.

RSS and Atom go through feedparser as a byte stream, never as a string: given a string,
feedparser 6 first takes it as a URL when it starts with a URL scheme (and fetches it),
then tries to open it as a file name, and only then reads it as the feed itself.
"""

from __future__ import annotations

import io
import re
import xml.sax
from collections.abc import Mapping
from typing import Any

from .feed_text import abstract_parts, typed_text
from .feed_values import FeedPaper, digits_value, first_id, other_links, struct_date, text_value
from .records import DumpError

# arXiv's feeds before 2024 ended titles with `. (arXiv:<id>v1 [cs.LG])`.
_OLD_ARXIV_TITLE_RE = re.compile(r"\.? ?\(arXiv:(\d{4}\.\d{4,5})(?:v\d+)? \[[^\]]{1,40}\](?: UPDATED)?\)$")


def read_entries(text: str) -> list[object]:
    """feedparser's entries of an RSS or Atom text; nothing is fetched or opened."""
    import feedparser  # on first use: most dumps are pages, not feeds

    # Nothing may come before an XML declaration, not even the blank lines of a paste.
    feed = text.lstrip("\ufeff \t\r\n")
    # feedparser puts an XML declaration line in front of a text that has none.
    shift = (0 if feed.startswith("<?xml") else 1) - text[: len(text) - len(feed)].count("\n")
    try:
        parsed = feedparser.parse(
            io.BytesIO(feed.encode("utf-8")),
            # The text is already decoded: a declared encoding must not re-decode it.
            response_headers={"content-type": "application/xml; charset=utf-8"},
            # We only take text out of the HTML (never show it), and keep `0<p<1` intact.
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as error:  # a third-party parser on untrusted input: report, don't crash
        raise DumpError(f"unreadable feed: {type(error).__name__}: {error}") from error
    entries = parsed.get("entries")
    if not isinstance(entries, list) or (not entries and parsed.get("bozo")):
        raise DumpError(f"unreadable feed: {_parse_error(parsed.get('bozo_exception'), shift)}")
    # Plain dicts: feedparser's own mapping answers `updated_parsed` with `published_parsed`
    # (and a DeprecationWarning) when an entry has no update date.
    return [dict(entry) if isinstance(entry, dict) else entry for entry in entries]


def _parse_error(error: object, shift: int) -> str:
    """feedparser's reason for giving up, with the place in our text for XML errors."""
    if isinstance(error, xml.sax.SAXParseException):
        line, column = error.getLineNumber() or 1, error.getColumnNumber() or 0
        return f"line {max(line - shift, 1)}, column {column + 1}: {error.getMessage()}"
    return str(error or "no entries")


def entry_paper(entry: object) -> FeedPaper:
    if not isinstance(entry, Mapping):
        return FeedPaper(problem="not an entry")
    title, title_id = _feed_title(entry)
    alternate, related = _feed_links(entry)
    text, hrefs = _feed_text(entry)
    abstract, ai_summary, announced_id = abstract_parts(text)
    arxiv_id = first_id([*alternate, entry.get("id"), *related]) or announced_id or title_id
    return FeedPaper(
        title=title,
        arxiv_id=arxiv_id,
        abstract=abstract,
        ai_summary=ai_summary,
        comments=digits_value(entry.get("slash_comments")),
        authors_count=_feed_authors(entry.get("authors")),
        published=struct_date(entry.get("published_parsed")) or struct_date(entry.get("updated_parsed")),
        links=other_links([*alternate, *related, *hrefs], arxiv_id),
    )


def _feed_title(entry: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The title with white space collapsed, and the id an old arXiv title ends with."""
    raw = entry.get("title")
    if not isinstance(raw, str):
        return None, None
    detail = entry.get("title_detail")
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    title = text_value(typed_text(raw, kind)[0])
    old_arxiv = _OLD_ARXIV_TITLE_RE.search(title) if title else None
    if title is None or old_arxiv is None:
        return title, None
    return text_value(title[: old_arxiv.start()]), old_arxiv[1]


def _feed_links(entry: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """The entry's alternate links (`link` first) and related links; never its enclosures."""
    alternate: list[str] = [entry["link"]] if isinstance(entry.get("link"), str) else []
    related: list[str] = []
    links = entry.get("links")
    for link in links if isinstance(links, list) else []:
        href = link.get("href") if isinstance(link, Mapping) else None
        rel = link.get("rel", "alternate") if isinstance(link, Mapping) else None
        if isinstance(href, str) and href not in alternate + related and rel in ("alternate", "related"):
            (alternate if rel == "alternate" else related).append(href)
    return alternate, related


def _feed_text(entry: Mapping[str, Any]) -> tuple[str, list[str]]:
    """The first non-blank of summary/description and content, as text with its links."""
    details: list[object] = [entry.get("summary_detail")]
    content = entry.get("content")
    if isinstance(content, list):
        details += content
    for detail in details:
        if isinstance(detail, Mapping) and isinstance(detail.get("value"), str) and detail["value"].strip():
            return typed_text(detail["value"], detail.get("type"))
    return "", []


_NAME_SEPARATOR_RE = re.compile(r",|\band\b")


def _feed_authors(authors: object) -> int | None:
    """How many authors an entry lists.

    arXiv's feeds put every author in one `dc:creator`, comma-separated; such a list is
    counted by names when each part is a full name (two words or more), and gives None
    when it could be `Surname, Given`.
    """
    if not isinstance(authors, list) or not authors:
        return None
    if len(authors) > 1:
        return len(authors)
    name = authors[0].get("name") if isinstance(authors[0], Mapping) else None
    if not isinstance(name, str) or "," not in name:
        return 1
    names = [part for part in _NAME_SEPARATOR_RE.split(name) if part.strip()]
    return len(names) if all(len(part.split()) >= 2 for part in names) else None
