"""Name an input's syntax from a bounded prefix of its lines (never from the file name).

The name chooses the normaliser (structured feeds, HTML, or text) and is shown in the
import report; the text syntaxes share one normaliser, so for them it is information.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fields import url_only

LAYOUTS = ("plain", "markdown", "reflinks", "urllines", "html", "rss", "atom", "jsonfeed", "hf-api", "links")
FEEDS = frozenset({"rss", "atom", "jsonfeed", "hf-api"})
UNRECOGNISED = "unrecognised"  # papers were found only as links in an unknown syntax
LINKS = "links"  # a list of links to paper pages, as a browser drags them (never detected, only given)

_HTML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_ANCHOR_RE = re.compile(r"<a\s[^<>]*href\s*=", re.IGNORECASE)
_MD_TITLE_RE = re.compile(r"^#{1,6}\s*\[.*\]\((?:https?://[^)\s]*)?/papers/", re.M)
_MD_PAPER_LINK_RE = re.compile(r"\]\((?:https?://[^)\s]*)?/papers/\d{4}\.\d{4,5}")
_REF_TITLE_RE = re.compile(r"^(?:#{1,6}\s*\[.*\]\[\d+\]|\]\[\d+\])\s*$", re.M)
_REF_USE_RE = re.compile(r"\]\[\d+\]|\[\d+\][^\W\d]")
_REF_DEFINITION_RE = re.compile(r"^\s{0,8}(?:\[\d+\]:|\d+\.)\s+\S+://", re.M)

MANY_TAGS = 20  # tags in the prefix that make it an HTML page
MANY_PAPER_LINKS = 3  # inline markdown paper links that make it markdown without headings


def detect_layout(prefix: Sequence[str]) -> str:
    """One of `LAYOUTS`, from the first lines of an input (the first 64 KiB / 300 lines).

    Rules, first match wins: a feed or the papers API (see `feeds.sniff_feed`); html
    (starts with `<!DOCTYPE html`/`<html`, many tags, or an `<a href=…>`); urllines (lines that hold only
    an http(s) URL are common); markdown (`### [Title](…/papers/<id>)` headings, or
    several `](…/papers/<id>)` links); reflinks (`### [Title][12]`, a lone `][12]` line,
    or many `][N]` / `[N]text` references); otherwise plain.
    """
    text = "\n".join(prefix)
    if text.lstrip()[:1] in ("<", "{", "["):
        from .feeds import sniff_feed  # feedparser loads only for inputs that may be feeds

        kind = sniff_feed(text)
        if kind is not None:
            return kind
    if _HTML_START_RE.match(text) or len(_TAG_RE.findall(text)) >= MANY_TAGS:
        return "html"
    if _ANCHOR_RE.search(text) and not _MD_PAPER_LINK_RE.search(text):  # a bookmarks file, a fragment
        return "html"
    content = [line for line in prefix if line.strip()]
    urls = sum(1 for line in content if url_only(line))
    if urls >= 3 and urls * 10 >= len(content):
        return "urllines"
    if _MD_TITLE_RE.search(text) or len(_MD_PAPER_LINK_RE.findall(text)) >= MANY_PAPER_LINKS:
        return "markdown"
    uses = len(_REF_USE_RE.findall(text))
    if _REF_TITLE_RE.search(text) or uses >= 5 or (uses and _REF_DEFINITION_RE.search(text)):
        return "reflinks"
    return "plain"
