"""The texts of feed entries: HTML fragments as text, descriptions as abstract and AI summary."""

from __future__ import annotations

import html
import re

from .feed_values import text_value
from .markup import parse_html
from .records import DumpError
from .summaries import split_ai_summary

# arXiv's listing feeds start each description with `arXiv:<id>v1 Announce Type: new`.
_ANNOUNCEMENT_RE = re.compile(
    r"\s*arxiv:(\d{4}\.\d{4,5})(?:v\d+)?[ \t]+announce[ \t]+type:[ \t]*[\w-]*\s*(?:abstract:[ \t]*)?",
    re.IGNORECASE,
)
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
_ANY_TAG_RE = re.compile(r"<[^<>]*>")
_BREAK = "\ue002"  # a private-use character marking block boundaries while converting


def html_text(markup: str) -> tuple[str, list[str]]:
    """The visible text of an HTML fragment, one line per block, and its link targets.

    White space inside a block collapses as a browser shows it; scripts and styles are
    dropped. The link targets are the `href`s of its anchors, as written.
    """
    # Imported on first use, as for saved pages: BeautifulSoup is slow to import.
    from bs4 import Tag

    try:
        soup, _ = parse_html(markup.replace(_BREAK, ""), dropped=("script", "style", "template"))
    except DumpError:  # markup the parser rejects: its text without the tags
        return " ".join(html.unescape(_ANY_TAG_RE.sub(" ", markup)).split()), []
    hrefs = [tag["href"] for tag in soup.find_all("a") if isinstance(tag, Tag) and isinstance(tag.get("href"), str)]
    for tag in soup.find_all(_BLOCK_TAGS_RE):
        tag.insert_before(_BREAK)
        tag.insert_after(_BREAK)
    blocks = (" ".join(block.split()) for block in soup.get_text().split(_BREAK))
    return "\n".join(block for block in blocks if block), [str(href) for href in hrefs]


def typed_text(value: str, kind: object) -> tuple[str, list[str]]:
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


def abstract_parts(text: str) -> tuple[str | None, str | None, str | None]:
    """(abstract, AI summary, announced arXiv id) of an entry's description text."""
    text, announced_id = _strip_announcement(text)
    summary, abstract = split_ai_summary(text)
    return text_value(abstract), text_value(summary), announced_id
