"""Only http(s) links come in from imported data: dumps in every syntax and readinglist JSON exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.core.dumps.fields import is_web_url
from readinglist.core.services import Library

HOSTILE = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]

MARKDOWN = """# Daily Papers

### [Hostile Markdown Paper](https://huggingface.co/papers/2601.00001)

[We study links in abstracts: [the passwd](file:///etc/passwd), [a script](javascript:alert(1)), \
[data](data:text/html,hi) and [the project](https://example.org/md) for details of this work.]\
(https://huggingface.co/papers/2601.00001)

[GitHub 1.2k](javascript:alert(2))

### [Second Hostile Markdown Paper](https://huggingface.co/papers/2601.00002)

An abstract that mentions file:///etc/shadow, javascript:alert(3) and https://example.org/running in running text.

[File link](file:///etc/passwd)
"""

HTML = """<!doctype html><html><head><title>Daily Papers</title></head><body><article>
<h3><a href="/papers/2601.00003">Hostile HTML Paper</a></h3>
<p>We present links never to follow: <a href="javascript:alert(1)">click</a>, <a href="file:///etc/passwd">passwd</a>,
<a href="data:text/html,hi">data</a> and a good one <a href="https://example.org/html">good</a> in this abstract.</p>
<a href="javascript:alert(5)">GitHub 12</a>
</article></body></html>
"""


def export(**paper: object) -> str:
    return json.dumps({"format": "readinglist", "version": 1, "papers": [{"title": "Hostile Export", **paper}]})


@pytest.mark.parametrize(
    ("url", "web"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        (" HTTPS://Example.org/a ", True),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("JavaScript://example.org/%0aalert(1)", False),
        ("data:text/html,hi", False),
        ("https:///etc/passwd", False),  # no host
        ("https://example.org/a\njavascript:alert(1)", False),
        ("http://[::1", False),  # urlsplit raises
        ("//example.org/a", False),
        (7, False),
        (None, False),
    ],
)
def test_is_web_url(url: object, web: bool) -> None:
    assert is_web_url(url) is web


def stored_links(library: Library) -> list[str]:
    links: list[str] = []
    for record in library.records(library.paper_ids()):
        links += [*record.links, *([record.github_url] if record.github_url else [])]
    return links


@pytest.mark.parametrize(
    ("name", "text", "kept"),
    [("dump.md", MARKDOWN, "https://example.org/running"), ("dump.html", HTML, "https://example.org/html")],
)
def test_a_dump_brings_in_only_web_links(library: Library, tmp_path: Path, name: str, text: str, kept: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    [report] = library.import_paths([path])
    assert report.new >= 1
    links = stored_links(library)
    assert kept in links
    assert all(is_web_url(url) for url in links), links


def test_an_export_restores_only_web_links(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    path.write_text(export(links=[*HOSTILE, "https://example.org/four", 7, None], github_url="javascript:alert(2)"))
    [report] = library.import_paths([path])
    assert report.new == 1
    [record] = library.records(library.paper_ids())
    assert record.links == ["https://example.org/four"]
    assert record.github_url is None


def test_an_export_merging_into_a_paper_adds_no_hostile_link(library: Library, tmp_path: Path) -> None:
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(export(links=["https://example.org/one"]))
    second.write_text(export(links=HOSTILE, github_url="file:///etc/passwd"))
    library.import_paths([first])
    library.import_paths([second])
    [record] = library.records(library.paper_ids())
    assert record.links == ["https://example.org/one"]
    assert record.github_url is None
