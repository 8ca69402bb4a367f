"""Feeds and the papers API as items: RSS, Atom, JSON Feed and huggingface.co's JSON.

`sniff_feed` recognises structured input from the start of a text; `feed_items` turns
it into the item stream of `items.py`: one paper per feed entry or API object, every
value under its role (`record_items`), numbered by the 1-based position of the entry.

Values are untrusted. A value of the wrong type or out of range is dropped on its own;
an entry without a usable title becomes a "problem" item; one bad entry never stops the
others. Only input that cannot be read at all (malformed JSON, XML without entries)
raises `DumpError`.

Each syntax has its reader (`rss_atom.py`, `json_feed.py`, `papers_api.py`); they
share the value readers of `feed_values.py` and the text handling of `feed_text.py`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

from . import json_feed, papers_api, rss_atom
from .feed_values import BARE_ID_RE, FeedPaper
from .items import Item, Piece, record_items
from .records import DumpError

FEED_KINDS = ("rss", "atom", "jsonfeed", "hf-api")
SNIFF_CHARS = 64 * 1024  # the start of the text `sniff_feed` looks at
MAX_TITLE_CHARS = 1000  # a longer "title" is a problem, not a paper

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
    if not isinstance(paper_id, str) or not BARE_ID_RE.fullmatch(paper_id):
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


# ---------------------------------------------------------------- entries as items

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
        return _numbered(rss_atom.read_entries(text), rss_atom.entry_paper)
    if kind == "jsonfeed":
        return _numbered(json_feed.read_entries(_load_json(text)), json_feed.entry_paper)
    if kind == "hf-api":
        return _numbered(papers_api.read_entries(_load_json(text)), papers_api.entry_paper)
    raise ValueError(f"not a feed kind: {kind!r}")


def _numbered(entries: Sequence[object], read: Callable[[object], FeedPaper]) -> Iterator[Item]:
    for number, entry in enumerate(entries, start=1):
        try:
            paper = read(entry)
        except _ENTRY_ERRORS as error:
            paper = FeedPaper(problem=f"unreadable entry ({type(error).__name__})")
        yield from _paper_items(number, paper)


def _paper_items(number: int, paper: FeedPaper) -> Iterator[Item]:
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
