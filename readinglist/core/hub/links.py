"""Where a paper can be opened: its Hub page, else a Hub search for its title; and the links it has."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from readinglist.core.dumps.records import is_web_url
from readinglist.core.records import PaperRecord

HUB_SITE = "https://huggingface.co"


def hub_search_url(title: str) -> str:
    """The Hub's papers search for ``title`` (what opens for a paper whose arXiv id is not known)."""
    return f"{HUB_SITE}/papers?q={quote(' '.join(title.split()), safe='')}"


def open_url(paper: PaperRecord) -> str:
    """What "Open in browser" opens: the paper's Hub page when its arXiv id is known, else a Hub search."""
    return paper.hf_url or hub_search_url(paper.title)


def paper_links(paper: PaperRecord) -> list[tuple[str, str]]:
    """The paper's links as (label, URL), http(s) only: Hub, arXiv, GitHub, then its other pages by host name."""
    named = [("Hugging Face", paper.hf_url), ("arXiv", paper.arxiv_url), ("GitHub", paper.github_url)]
    links = [(label, url) for label, url in named if url and is_web_url(url)]
    seen = {url for _, url in links}
    for url in paper.links:
        if url not in seen and is_web_url(url):
            links.append((urlsplit(url).netloc or url, url))
            seen.add(url)
    return links
