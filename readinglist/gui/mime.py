"""What a drop or the clipboard holds for import: files, a page's HTML, paper links or page text.

A browser offers one copy or drag in several flavours at once. Copying part of a
papers page gives ``text/html`` (with the paper links, counts and GitHub links)
beside a ``text/plain`` that lost every link; dragging a link gives
``text/x-moz-url`` and ``text/uri-list`` (plus an ``<a>`` as HTML and the bare URL
as text). ``import_payload`` picks the flavour that carries most, in this order:

1. local files (a file manager's drag or copy): imported as files;
2. a link drag (``text/x-moz-url`` or ``text/uri-list`` holding http(s) URLs): the
   links that name a paper, as Markdown ``[title](url)`` lines; the drag's HTML is
   only the same ``<a>`` and is not used;
3. ``text/html`` with links in it: the HTML, with the syntax hint "html";
4. a ``text/plain`` that is only http(s) URLs: the paper links among them, as in 2;
5. any other ``text/plain`` (or HTML without a single link): the text, as before.

A paper link is an http(s) link to ``huggingface.co/papers/<id>`` or
``arxiv.org/abs|pdf/<id>``; every other link is left out and counted. The
links become ``https://huggingface.co/papers/<id>`` lines, which the Markdown reader
takes as papers whatever site the link pointed to.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QMimeData

from readinglist.core.dumps.detect import LINKS
from readinglist.core.dumps.fields import arxiv_link_id, papers_link_id
from readinglist.core.dumps.keys import placeholder_title

HTML = "text/html"
MOZ_URL = "text/x-moz-url"  # UTF-16 "url\ntitle" pairs (Firefox, Chromium on Linux)
HTML_SYNTAX = "html"
LINKS_SYNTAX = LINKS  # the reader is told the text is a list of links
PAGE_TITLE_PREFIX = "Paper page - "  # how Hugging Face titles a paper's page (tabs, bookmarks)
PAPERS_URL = "https://huggingface.co/papers/"

_WEB_SCHEMES = ("http", "https")
_LINK_RE = re.compile(r"<a\s[^>]*\bhref\s*=", re.IGNORECASE)
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\\[\]])")


@dataclass(frozen=True)
class Payload:
    """What to import from one drop or paste.

    ``kind`` says which flavour it came from: "files", "html", "links" or "text".
    A "links" payload whose links all name no paper has no ``text``: nothing to import,
    and ``other_links`` says how many links were left out.
    """

    files: list[Path] = field(default_factory=list)
    text: str | None = None
    syntax: str | None = None  # the hint for Library.import_text: "html", "links" or None (detect)
    kind: str = "text"
    other_links: int = 0  # distinct http(s) links that name no paper, left out

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to import (only links that name no paper)."""
        return not self.files and not self.text


def import_payload(mime: QMimeData | None) -> Payload | None:
    """What ``mime`` holds for import, in the order of the module docstring; None when nothing."""
    if mime is None:
        return None
    files = local_files(mime)
    if files:
        return Payload(files=files, kind="files")
    # x-moz-url first: its titles win over the uri-list's bare copies of the same links
    dragged = _moz_links(mime) + [(url, None) for url in _uri_list(mime)]
    if any(_is_web(url) for url, _title in dragged):
        return _links_payload(dragged)
    html = _html(mime)
    text = mime.text() if mime.hasText() else ""
    if html.strip() and (_LINK_RE.search(html) or not text.strip()):
        return Payload(text=html, syntax=HTML_SYNTAX, kind="html")
    urls = text.split()
    if urls and all(_is_web(url) for url in urls):
        return _links_payload([(url, None) for url in urls])
    if text.strip():
        return Payload(text=text, kind="text")
    return None


def local_files(mime: QMimeData) -> list[Path]:
    """The local files and folders ``mime`` names (a file manager's drag or copy)."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def offers_import(mime: QMimeData) -> bool:
    """Cheap check for a drag in progress: might a drop of ``mime`` have something to import?

    It looks at the formats (and the text, as before) but does not fetch the HTML, which in a
    drag from another application is a round trip to it on every mouse move.
    """
    if mime.hasUrls() or mime.hasHtml() or mime.hasFormat(MOZ_URL):
        return True
    return mime.hasText() and bool(mime.text().strip())


def paper_link_id(url: str) -> str | None:
    """The arXiv id a http(s) link to a paper names, or None (other sites, other schemes)."""
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in _WEB_SCHEMES or not parts.netloc:
        return None
    # Without query and fragment: a login redirect (?next=/papers/…) is not a link to the paper.
    bare = urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    return papers_link_id(bare) or arxiv_link_id(bare)


def _links_payload(links: list[tuple[str, str | None]]) -> Payload:
    """Markdown lines for the paper links in ``links`` (first title wins), or an empty payload."""
    titles: dict[str, str | None] = {}
    others: set[str] = set()
    for url, title in links:
        paper_id = paper_link_id(url)
        if paper_id is None:
            if _is_web(url):
                others.add(url.strip())
        elif titles.get(paper_id) is None:
            titles[paper_id] = _clean_title(title, url)
    if not titles:
        return Payload(kind="links", other_links=len(others))
    lines = [f"[{_markdown_text(title or placeholder_title(pid))}]({PAPERS_URL}{pid})" for pid, title in titles.items()]
    return Payload(text="\n".join(lines) + "\n", syntax=LINKS_SYNTAX, kind="links", other_links=len(others))


def _clean_title(title: str | None, url: str) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    title = title.removeprefix(PAGE_TITLE_PREFIX).strip()
    if not title or title == url.strip():  # browsers use the URL itself when a link has no text
        return None
    return title


def _markdown_text(text: str) -> str:
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", text)


def _is_web(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in _WEB_SCHEMES and bool(parts.netloc)


def _uri_list(mime: QMimeData) -> list[str]:
    if not mime.hasUrls():
        return []
    return [url.toString() for url in mime.urls() if not url.isLocalFile()]


def _moz_links(mime: QMimeData) -> list[tuple[str, str | None]]:
    """The (url, title) pairs of ``text/x-moz-url``: lines alternate between a URL and its title."""
    if not mime.hasFormat(MOZ_URL):
        return []
    lines = _decode(bytes(mime.data(MOZ_URL).data())).replace("\x00", "").splitlines()
    pairs = []
    for index in range(0, len(lines), 2):
        url = lines[index].strip()
        if url:
            pairs.append((url, lines[index + 1] if index + 1 < len(lines) else None))
    return pairs


def _html(mime: QMimeData) -> str:
    """The ``text/html`` flavour as text, whatever its encoding."""
    if not mime.hasHtml():
        return ""
    html = mime.html()  # Qt decodes UTF-8, a BOM and <meta charset>
    if "\x00" in html:  # UTF-16 without a byte order mark, read as UTF-8
        html = _decode(bytes(mime.data(HTML).data()))
    return html.lstrip("\ufeff")


def _decode(data: bytes) -> str:
    """Text of a browser flavour: UTF-16 with or without a BOM (the usual), else UTF-8."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    if len(data) >= 2 and len(data) % 2 == 0 and data[1::2].count(0) * 2 >= len(data) // 2:
        return data.decode("utf-16-le", errors="replace")  # mostly ASCII, so every other byte is NUL
    if len(data) >= 2 and len(data) % 2 == 0 and data[0::2].count(0) * 2 >= len(data) // 2:
        return data.decode("utf-16-be", errors="replace")
    return data.decode("utf-8", errors="replace")
