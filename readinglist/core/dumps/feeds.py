"""Feeds and the papers API as items: RSS, Atom, JSON Feed and huggingface.co's JSON.

`sniff_feed` recognises structured input from the start of a text; `feed_items` turns
it into the item stream of `items.py`: one paper per feed entry or API object, every
value under its role (`record_items`), numbered by the 1-based position of the entry.

Values are untrusted. A value of the wrong type or out of range is dropped on its own;
an entry without a usable title becomes a "problem" item; one bad entry never stops the
others. Only input that cannot be read at all (malformed JSON, XML without entries)
raises `DumpError`.

RSS and Atom go through feedparser as a byte stream, never as a string: given a string,
feedparser 6 first takes it as a URL when it starts with a URL scheme (and fetches it),
then tries to open it as a file name, and only then reads it as the feed itself.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
import xml.sax
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from urllib.parse import urlsplit

from .fields import arxiv_link_id, github_repo, papers_link_id
from .items import Item, Piece, record_items
from .records import DumpError
from .summaries import split_ai_summary

FEED_KINDS = ("rss", "atom", "jsonfeed", "hf-api")
SNIFF_CHARS = 64 * 1024  # the start of the text `sniff_feed` looks at
MAX_COUNT = 10**9  # upvotes, comments and stars must stay below this
MAX_TITLE_CHARS = 1000  # a longer "title" is a problem, not a paper
FIRST_YEAR, LAST_YEAR = 1990, 2100  # dates outside are dropped

JSON_FEED_VERSION = "https://jsonfeed.org/version/"

# ---------------------------------------------------------------- sniffing

_XML_PROLOG_RE = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!doctype(?:[^\[>]|\[[^\]]*\])*>)", re.IGNORECASE | re.DOTALL)
_XML_ROOT_RE = re.compile(r"\s*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_RSS_RDF_NAMESPACES = ("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")
_ATOM_NAMESPACES = ("http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#")
_MAX_PROLOG_PARTS = 50
_MAX_MEMBERS = 200
_JSON = json.JSONDecoder()
_JSON_SPACE_RE = re.compile(r"[ \t\n\r]*")
_BARE_ID_RE = re.compile(r"(\d{4}\.\d{4,5})(?:v\d+)?")


def sniff_feed(head: str) -> str | None:
    """The kind of structured input `head` (the start of a decoded text) begins, or None.

    One of `FEED_KINDS`: "rss" (RSS 0.9x, 1.0 RDF, 2.0), "atom", "jsonfeed" (an object
    with a `version` of https://jsonfeed.org/version/... and `items`), "hf-api" (a list
    of objects with a `paper` object, one such object, or bare paper objects with an
    arXiv `id`, `title` and `summary`). Only the first `SNIFF_CHARS` characters count,
    so JSON may be cut off inside a value. Never raises.
    """
    try:
        text = head[:SNIFF_CHARS].lstrip("\ufeff \t\r\n")
        if text.startswith("<"):
            return _sniff_xml(text)
        if text.startswith("{"):
            return _sniff_object(text, 0)
        if text.startswith("["):
            return _sniff_list(text)
    except Exception:  # a sniffer must never raise: whatever surprised it is no feed
        return None
    return None


def _sniff_xml(text: str) -> str | None:
    """RSS or Atom from the root element after the XML declaration, comments and doctype."""
    position = 0
    for _ in range(_MAX_PROLOG_PARTS):
        prolog = _XML_PROLOG_RE.match(text, position)
        if prolog is None or prolog.end() == position:
            break
        position = prolog.end()
    root = _XML_ROOT_RE.match(text, position)
    if root is None:
        return None
    name = root[1]
    if name == "rss":
        return "rss"
    if name == "RDF" and any(namespace in text for namespace in _RSS_RDF_NAMESPACES):
        return "rss"
    if name == "feed" and any(namespace in text for namespace in _ATOM_NAMESPACES):
        return "atom"
    return None


def _sniff_list(text: str) -> str | None:
    position = _skip_space(text, 1)
    if not text.startswith("{", position):
        return None
    return "hf-api" if _sniff_object(text, position) == "hf-api" else None


def _sniff_object(text: str, position: int) -> str | None:
    members, cut = _members(text, position)
    version = members.get("version")
    if isinstance(version, str) and version.startswith(JSON_FEED_VERSION):
        return "jsonfeed" if isinstance(members.get("items"), list) or cut == "items" else None
    paper = members.get("paper")
    if (isinstance(paper, dict) and ("id" in paper or "title" in paper)) or cut == "paper":
        return "hf-api"
    if _looks_like_bare_paper(members, cut):
        return "hf-api"
    return None


def _looks_like_bare_paper(members: Mapping[str, object], cut: str | None) -> bool:
    """An arXiv `id` with a `title` and `summary`, or with the text cut off after it."""
    paper_id = members.get("id")
    if not isinstance(paper_id, str) or not _BARE_ID_RE.fullmatch(paper_id):
        return False
    if cut is not None:  # e.g. thousands of authors before the title
        return not ("title" in members and not isinstance(members["title"], str))
    return isinstance(members.get("title"), str) and isinstance(members.get("summary"), str)


def _members(text: str, position: int) -> tuple[dict[str, object], str | None]:
    """The members of the JSON object at `text[position]` as far as they can be read.

    Also returns the key whose value could not be read (cut off by the end of the
    head, or malformed), or None. Linear: each value is decoded once.
    """
    members: dict[str, object] = {}
    position = _skip_space(text, position + 1)
    while len(members) < _MAX_MEMBERS and text.startswith('"', position):
        try:
            key, position = _JSON.raw_decode(text, position)
        except ValueError:
            return members, None
        position = _skip_space(text, position)
        if not text.startswith(":", position):
            return members, None
        try:
            members[key], position = _JSON.raw_decode(text, _skip_space(text, position + 1))
        except ValueError:
            return members, key
        position = _skip_space(text, position)
        if not text.startswith(",", position):
            break
        position = _skip_space(text, position + 1)
    return members, None


def _skip_space(text: str, position: int) -> int:
    space = _JSON_SPACE_RE.match(text, position)
    return space.end() if space else position


# ---------------------------------------------------------------- one paper


@dataclass
class _Paper:
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


# What reading one malformed entry could raise despite the type checks; it becomes a
# problem for that entry instead of ending the feed.
_ENTRY_ERRORS = (TypeError, ValueError, AttributeError, KeyError, IndexError, OverflowError, RecursionError)


def feed_items(text: str, kind: str) -> Iterator[Item]:
    """The items of every entry of a feed or API response `text` of `kind` (see `sniff_feed`).

    The text is parsed at once: malformed JSON, JSON of the wrong shape, or XML without
    entries raise `DumpError` here, not while iterating. The items then come entry by
    entry; an entry that is not a paper gives one item with role "problem" whose text
    is `entry N: <reason>`.
    """
    if kind in ("rss", "atom"):
        return _numbered(_xml_entries(text), _feed_entry)
    if kind == "jsonfeed":
        return _numbered(_json_feed_entries(_load_json(text)), _json_feed_entry)
    if kind == "hf-api":
        return _numbered(_api_objects(_load_json(text)), _api_entry)
    raise ValueError(f"not a feed kind: {kind!r}")


def _numbered(entries: Sequence[object], read: Callable[[object], _Paper]) -> Iterator[Item]:
    for number, entry in enumerate(entries, start=1):
        try:
            paper = read(entry)
        except _ENTRY_ERRORS as error:
            paper = _Paper(problem=f"unreadable entry ({type(error).__name__})")
        yield from _paper_items(number, paper)


def _paper_items(number: int, paper: _Paper) -> Iterator[Item]:
    reason = paper.problem or _title_problem(paper.title)
    if reason is not None:
        yield Item(number, (Piece(f"entry {number}: {reason}"),), role="problem")
        return
    assert paper.title is not None  # _title_problem checked it
    yield from record_items(
        number,
        title=paper.title,
        arxiv_id=paper.arxiv_id,
        abstract=paper.abstract,
        ai_summary=paper.ai_summary,
        upvotes=paper.upvotes,
        comments=paper.comments,
        authors_count=paper.authors_count,
        org=paper.org,
        published=paper.published,
        github_url=paper.github_url,
        github_stars=paper.github_stars,
        links=tuple(paper.links),
    )


def _title_problem(title: str | None) -> str | None:
    if title is None:
        return "no title"
    if len(title) > MAX_TITLE_CHARS:
        return f"title too long ({len(title)} characters)"
    return None


# ---------------------------------------------------------------- untrusted values


def _text(value: object) -> str | None:
    """A string with white space collapsed; None for anything else or a blank string."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _count(value: object) -> int | None:
    """A JSON integer in 0 .. MAX_COUNT-1 (not a bool, a float or a numeric string)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 <= value < MAX_COUNT else None


def _digits(value: object) -> int | None:
    """A count written as digits (feeds carry every value as text)."""
    digits = value.strip() if isinstance(value, str) else ""
    return _count(int(digits)) if digits.isascii() and digits.isdigit() and len(digits) <= 9 else None


def _http_url(value: object) -> str | None:
    """An absolute http(s) URL without white space, or None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(char.isspace() or not char.isprintable() for char in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _in_range(day: date) -> date | None:
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def _iso_date(value: object) -> date | None:
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


def _struct_date(value: object) -> date | None:
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
    if bare := _BARE_ID_RE.fullmatch(stripped) or _OAI_ID_RE.fullmatch(stripped):
        return bare[1]
    try:
        if urlsplit(stripped).scheme.lower() not in ("http", "https", ""):
            return None
    except ValueError:
        return None
    return papers_link_id(stripped) or arxiv_link_id(stripped)


def _first_id(values: Iterable[object]) -> str | None:
    return next((found for value in values if (found := _link_id(value))), None)


def _other_links(values: Iterable[object], arxiv_id: str | None) -> list[str]:
    """The http(s) URLs among `values` that are not the paper's own page, once each."""
    links: list[str] = []
    for value in values:
        url = _http_url(value)
        if url and url not in links and (arxiv_id is None or _link_id(url) != arxiv_id):
            links.append(url)
    return links


# ---------------------------------------------------------------- texts

# arXiv's listing feeds start each description with `arXiv:<id>v1 Announce Type: new`.
_ANNOUNCEMENT_RE = re.compile(
    r"\s*arxiv:(\d{4}\.\d{4,5})(?:v\d+)?[ \t]+announce[ \t]+type:[ \t]*[\w-]*\s*(?:abstract:[ \t]*)?",
    re.IGNORECASE,
)
# arXiv's feeds before 2024 ended titles with `. (arXiv:<id>v1 [cs.LG])`.
_OLD_ARXIV_TITLE_RE = re.compile(r"\.? ?\(arXiv:(\d{4}\.\d{4,5})(?:v\d+)? \[[^\]]{1,40}\](?: UPDATED)?\)$")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})
# Markup an HTML-typed feed text must show to be parsed as HTML. RSS descriptions are
# "HTML" by definition, but arXiv's are plain text with `0<p<1` in them.
_MARKUP_RE = re.compile(
    r"</(?:p|div|a|b|i|em|strong|span|li|ul|ol|sup|sub|code|pre|blockquote|h[1-6]|table|tr|td)\s*>"
    r"|<(?:br|hr|img)\b[^<>]{0,200}>|<p>|<a\s+href=",
    re.IGNORECASE,
)
# Elements that start a new line; bs4 searches tag names with the pattern, hence ^ and $.
_BLOCK_TAGS_RE = re.compile(r"^(?:p|div|br|hr|li|d[dt]|tr|h[1-6]|blockquote|pre|section|article|header|footer)$")
_BREAK = "\ue002"  # a private-use character marking block boundaries while converting


def html_text(markup: str) -> tuple[str, list[str]]:
    """The visible text of an HTML fragment, one line per block, and its link targets.

    White space inside a block collapses as a browser shows it; scripts and styles are
    dropped. The link targets are the `href`s of its anchors, as written.
    """
    # Imported on first use, as for saved pages: BeautifulSoup is slow to import.
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(markup.replace(_BREAK, ""), "html.parser")
    for tag in soup.find_all(("script", "style", "template")):
        tag.decompose()
    hrefs = [tag["href"] for tag in soup.find_all("a") if isinstance(tag, Tag) and isinstance(tag.get("href"), str)]
    for tag in soup.find_all(_BLOCK_TAGS_RE):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    blocks = (" ".join(block.split()) for block in soup.get_text().split(_BREAK))
    return "\n".join(block for block in blocks if block), [str(href) for href in hrefs]


def _typed_text(value: str, kind: object) -> tuple[str, list[str]]:
    """Text and link targets of a feed value whose content type is `kind`."""
    if kind not in _HTML_TYPES:
        return value, []
    if _MARKUP_RE.search(value):
        return html_text(value)
    return html.unescape(value), []


def _strip_announcement(text: str) -> tuple[str, str | None]:
    """`text` without arXiv's `arXiv:<id> Announce Type: ... Abstract:` start, and that id."""
    announcement = _ANNOUNCEMENT_RE.match(text)
    if announcement is None:
        return text, None
    return text[announcement.end() :], announcement[1]


def _abstract_parts(text: str) -> tuple[str | None, str | None, str | None]:
    """(abstract, AI summary, announced arXiv id) of an entry's description text."""
    text, announced_id = _strip_announcement(text)
    summary, abstract = split_ai_summary(text)
    return _text(abstract), _text(summary), announced_id


# ---------------------------------------------------------------- RSS and Atom


def _xml_entries(text: str) -> list[object]:
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


def _feed_entry(entry: object) -> _Paper:
    if not isinstance(entry, Mapping):
        return _Paper(problem="not an entry")
    title, title_id = _feed_title(entry)
    alternate, related = _feed_links(entry)
    text, hrefs = _feed_text(entry)
    abstract, ai_summary, announced_id = _abstract_parts(text)
    arxiv_id = _first_id([*alternate, entry.get("id"), *related]) or announced_id or title_id
    return _Paper(
        title=title,
        arxiv_id=arxiv_id,
        abstract=abstract,
        ai_summary=ai_summary,
        comments=_digits(entry.get("slash_comments")),
        authors_count=_feed_authors(entry.get("authors")),
        published=_struct_date(entry.get("published_parsed")) or _struct_date(entry.get("updated_parsed")),
        links=_other_links([*alternate, *related, *hrefs], arxiv_id),
    )


def _feed_title(entry: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The title with white space collapsed, and the id an old arXiv title ends with."""
    raw = entry.get("title")
    if not isinstance(raw, str):
        return None, None
    detail = entry.get("title_detail")
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    title = _text(_typed_text(raw, kind)[0])
    old_arxiv = _OLD_ARXIV_TITLE_RE.search(title) if title else None
    if title is None or old_arxiv is None:
        return title, None
    return _text(title[: old_arxiv.start()]), old_arxiv[1]


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
            return _typed_text(detail["value"], detail.get("type"))
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


# ---------------------------------------------------------------- JSON


def _load_json(text: str) -> object:
    try:
        return json.loads(text.lstrip("\ufeff"), parse_int=_small_int, parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        raise DumpError(f"malformed JSON at line {error.lineno}, column {error.colno}: {error.msg}") from error
    except RecursionError as error:
        raise DumpError("malformed JSON: nested too deeply") from error


def _small_int(digits: str) -> int | None:
    """An integer literal, or None when it is too long to be a count (and to convert)."""
    return int(digits) if len(digits) <= 18 else None


def _no_constant(name: str) -> None:
    """NaN and Infinity are not JSON: read as null."""
    return None


# ---------------------------------------------------------------- JSON Feed


def _json_feed_entries(data: object) -> list[object]:
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise DumpError("not a JSON Feed: no list of items")
    return list(data["items"])


def _json_feed_entry(item: object) -> _Paper:
    if not isinstance(item, dict):
        return _Paper(problem="not an object")
    arxiv_id = _first_id([item.get("url"), item.get("id")])
    text, hrefs = _json_feed_text(item)
    abstract, ai_summary, announced_id = _abstract_parts(text)
    return _Paper(
        title=_text(item.get("title")),
        arxiv_id=arxiv_id or announced_id,
        abstract=abstract,
        ai_summary=ai_summary,
        authors_count=_json_feed_authors(item),
        published=_iso_date(item.get("date_published")),
        links=_other_links([item.get("url"), item.get("external_url"), *hrefs], arxiv_id or announced_id),
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


# ---------------------------------------------------------------- the papers API


def _api_objects(data: object) -> list[object]:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    raise DumpError("not a papers API response: neither a list nor an object")


def _api_entry(entry: object) -> _Paper:
    """One daily-papers object (`{"paper": {...}, "numComments": ...}`) or a bare paper."""
    if not isinstance(entry, dict):
        return _Paper(problem="not an object")
    paper = entry.get("paper")
    sources = (paper, entry) if isinstance(paper, dict) else (entry,)
    repo = _pick(sources, "githubRepo", _http_url)
    github_url = github_repo(repo) if repo else None
    arxiv_id = _bare_id(sources[0].get("id"))
    return _Paper(
        title=_pick(sources, "title", _text),
        arxiv_id=arxiv_id,
        abstract=_pick(sources, "summary", _text),
        ai_summary=_pick(sources, "ai_summary", _text),
        upvotes=_pick(sources, "upvotes", _count),
        comments=_pick(sources, "numComments", _count),
        authors_count=_pick(sources, "authors", _list_length),
        org=_pick(sources, "organization", _org_name),
        published=_pick(sources, "publishedAt", _iso_date),
        github_url=github_url,
        github_stars=_pick(sources, "githubStars", _count) if github_url else None,
        # A repository elsewhere than GitHub is still a link of the paper.
        links=_other_links([None if github_url else repo, _pick(sources, "projectPage", _http_url)], arxiv_id),
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
    match = _BARE_ID_RE.fullmatch(value.strip()) if isinstance(value, str) else None
    return match[1] if match else None


def _list_length(value: object) -> int | None:
    return len(value) if isinstance(value, list) and value else None


def _org_name(value: object) -> str | None:
    """An organisation object's `fullname` (else `name`), or the organisation string."""
    if isinstance(value, dict):
        return _text(value.get("fullname")) or _text(value.get("name"))
    return _text(value)
