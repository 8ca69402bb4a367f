"""Decide a dump's layout from a bounded prefix of its lines (never from the file name)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from .fields import url_only

LAYOUTS = ("plain", "markdown", "reflinks", "urllines", "html")

_HTML_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_MD_TITLE_RE = re.compile(r"^#{1,6}\s*\[.*\]\((?:https?://[^)\s]*)?/papers/", re.M)
_MD_PAPER_LINK_RE = re.compile(r"\]\((?:https?://[^)\s]*)?/papers/\d{4}\.\d{4,5}")
_REF_TITLE_RE = re.compile(r"^(?:#{1,6}\s*\[.*\]\[\d+\]|\]\[\d+\])\s*$", re.M)
_REF_USE_RE = re.compile(r"\]\[\d+\]")

MANY_TAGS = 20  # tags in the prefix that make it an HTML page
MANY_PAPER_LINKS = 3  # inline markdown paper links that make it markdown without headings


def detect_layout(prefix: Sequence[str]) -> str:
    """One of `LAYOUTS`, from the first lines of a dump (the first 64 KiB / 300 lines).

    Rules, first match wins: html (starts with `<!DOCTYPE html`/`<html`, or many tags);
    markdown (`### [Title](…/papers/<id>)` headings, or several `](…/papers/<id>)` links);
    reflinks (`### [Title][12]` or a lone `][12]` line, or many `][N]` references);
    urllines (lines that hold only an http(s) URL are common); otherwise plain.
    """
    text = "\n".join(prefix)
    if _HTML_START_RE.match(text) or len(_TAG_RE.findall(text)) >= MANY_TAGS:
        return "html"
    if _MD_TITLE_RE.search(text) or len(_MD_PAPER_LINK_RE.findall(text)) >= MANY_PAPER_LINKS:
        return "markdown"
    if _REF_TITLE_RE.search(text) or len(_REF_USE_RE.findall(text)) >= 5:
        return "reflinks"
    content = [line for line in prefix if line.strip()]
    urls = sum(1 for line in content if url_only(line))
    if urls >= 3 and urls * 10 >= len(content):
        return "urllines"
    return "plain"
