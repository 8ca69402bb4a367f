"""How a paper seen in a dump becomes a library row, and how a later sighting updates it."""

from __future__ import annotations

from readinglist.core.dumps import ParsedPaper
from readinglist.core.dumps.keys import placeholder_title, title_key
from readinglist.core.dumps.records import PAGE_FIELDS, SEARCHED_FIELDS
from readinglist.core.models import Paper, ReadStatus, utcnow


def new_paper_row(parsed: ParsedPaper, **user_fields: object) -> dict[str, object]:
    """Column values for a paper first seen in ``parsed`` (``user_fields`` override defaults)."""
    now = utcnow()
    row: dict[str, object] = {name: getattr(parsed, name) for name in PAGE_FIELDS}
    row |= {
        "title_key": title_key(parsed.title),
        "links": list(parsed.links),
        "status": ReadStatus.NEW.value,
        "starred": False,
        "added_at": now,
        "updated_at": now,
        "status_changed_at": None,
        # revision and needs_index keep the model's defaults: a new paper is born "to index".
    }
    row.update(user_fields)
    return row


_FILLED = ("abstract", "ai_summary", "arxiv_id", "authors_count", "org", "github_url")
_REFRESHED = ("upvotes", "comments", "github_stars")
_INDEXED = set(SEARCHED_FIELDS)


def merge_fields(paper: Paper, parsed: ParsedPaper) -> bool:
    """Fill what ``paper`` lacks and refresh counts from ``parsed``; True if indexed text changed.

    User data (status, star, tags, note) is not on this path at all.
    """
    changed: set[str] = set()
    if paper.arxiv_id and paper.title == placeholder_title(paper.arxiv_id) and parsed.title != paper.title:
        paper.title, paper.title_key = parsed.title, title_key(parsed.title)  # a dropped link, now named
        changed.add("title")
    for name in _FILLED:
        if getattr(paper, name) in (None, "") and getattr(parsed, name):
            setattr(paper, name, getattr(parsed, name))
            changed.add(name)
    for name in _REFRESHED:
        if getattr(parsed, name) is not None and getattr(parsed, name) != getattr(paper, name):
            setattr(paper, name, getattr(parsed, name))
    if parsed.published and (paper.published is None or (paper.published_inferred and not parsed.published_inferred)):
        paper.published = parsed.published
        paper.published_text = parsed.published_text
        paper.published_inferred = parsed.published_inferred
    new_links = [link for link in parsed.links if link not in (paper.links or [])]
    if new_links:
        paper.links = [*(paper.links or []), *new_links]
    return bool(changed & _INDEXED)
