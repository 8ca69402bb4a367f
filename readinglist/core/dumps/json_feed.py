"""JSON Feed (jsonfeed.org, versions 1.0 and 1.1) items as papers."""

from __future__ import annotations

from collections.abc import Mapping

from .feed_text import abstract_parts, html_text
from .feed_values import FeedPaper, first_id, iso_date, other_links, text_value
from .records import DumpError


def read_entries(data: object) -> list[object]:
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise DumpError("not a JSON Feed: no list of items")
    return list(data["items"])


def entry_paper(item: object) -> FeedPaper:
    if not isinstance(item, dict):
        return FeedPaper(problem="not an object")
    arxiv_id = first_id([item.get("url"), item.get("id")])
    text, hrefs = _json_feed_text(item)
    abstract, ai_summary, announced_id = abstract_parts(text)
    return FeedPaper(
        title=text_value(item.get("title")),
        arxiv_id=arxiv_id or announced_id,
        abstract=abstract,
        ai_summary=ai_summary,
        authors_count=_json_feed_authors(item),
        published=iso_date(item.get("date_published")),
        links=other_links([item.get("url"), item.get("external_url"), *hrefs], arxiv_id or announced_id),
    )


def _json_feed_text(item: Mapping[str, object]) -> tuple[str, list[str]]:
    """content_text, else content_html as text, else the summary."""
    for key in ("content_text", "content_html", "summary"):
        value = item.get(key)
        if isinstance(value, str) and value.strip():
            return html_text(value) if key == "content_html" else (value, [])
    return "", []


def _json_feed_authors(item: Mapping[str, object]) -> int | None:
    """`authors` (1.1) counted, or 1 for the single `author` object of version 1.0."""
    authors, author = item.get("authors"), item.get("author")
    if isinstance(authors, list) and authors:
        return len(authors)
    return 1 if isinstance(author, dict) and author else None
