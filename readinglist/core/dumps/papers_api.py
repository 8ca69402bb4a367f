"""huggingface.co's papers API as papers: daily-papers objects (`{"paper": {...}}`) or bare papers."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from .feed_values import BARE_ID_RE, FeedPaper, count_value, http_url, iso_date, other_links, text_value
from .fields import github_repo
from .records import DumpError


def read_entries(data: object) -> list[object]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    raise DumpError("not a papers API response: neither a list nor an object")


def entry_paper(entry: object) -> FeedPaper:
    """One daily-papers object (`{"paper": {...}, "numComments": ...}`) or a bare paper."""
    if not isinstance(entry, dict):
        return FeedPaper(problem="not an object")
    paper = entry.get("paper")
    sources = (paper, entry) if isinstance(paper, dict) else (entry,)
    repo = _pick(sources, "githubRepo", http_url)
    github_url = github_repo(repo) if repo else None
    arxiv_id = _bare_id(sources[0].get("id"))
    return FeedPaper(
        title=_pick(sources, "title", text_value),
        arxiv_id=arxiv_id,
        abstract=_pick(sources, "summary", text_value),
        ai_summary=_pick(sources, "ai_summary", text_value),
        upvotes=_pick(sources, "upvotes", count_value),
        comments=_pick(sources, "numComments", count_value),
        authors_count=_pick(sources, "authors", _list_length),
        org=_pick(sources, "organization", _org_name),
        published=_pick(sources, "publishedAt", iso_date),
        github_url=github_url,
        github_stars=_pick(sources, "githubStars", count_value) if github_url else None,
        # A repository elsewhere than GitHub is still a link of the paper.
        links=other_links([None if github_url else repo, _pick(sources, "projectPage", http_url)], arxiv_id),
    )


_T = TypeVar("_T")


def _pick(sources: Sequence[Mapping[str, object]], key: str, read: Callable[[object], _T | None]) -> _T | None:
    """The first usable value of `key`: the paper object's, else the daily entry's."""
    for source in sources:
        value = read(source.get(key))
        if value is not None:
            return value
    return None


def _bare_id(value: object) -> str | None:
    match = BARE_ID_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    return match[1] if match else None


def _list_length(value: object) -> int | None:
    return len(value) if isinstance(value, list) and value else None


def _org_name(value: object) -> str | None:
    """An organisation object's `fullname` (else `name`), or the organisation string."""
    if isinstance(value, dict):
        return text_value(value.get("fullname")) or text_value(value.get("name"))
    return text_value(value)
