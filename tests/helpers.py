"""Small helpers shared by test modules."""

from __future__ import annotations

import json

from readinglist.core.dumps import ParsedPaper
from readinglist.core.importing import FileReport
from readinglist.core.services import Library


def paper_id_by_title(library: Library, title: str) -> int:
    """The id of the paper called ``title`` (fails the test when there is none)."""
    matches = [p.id for p in library.records(library.paper_ids()) if p.title == title]
    assert len(matches) == 1, f"expected one paper titled {title!r}, found {len(matches)}"
    return matches[0]


def paste_papers(library: Library, papers: list[ParsedPaper], name: str) -> FileReport:
    """Paste ``papers`` as a response of the papers API: the real reader and import path."""
    objects = [
        {
            "paper": {
                key: value
                for key, value in (
                    ("id", paper.arxiv_id),
                    ("title", paper.title),
                    ("summary", paper.abstract),
                    ("ai_summary", paper.ai_summary),
                )
                if value is not None
            }
        }
        for paper in papers
    ]
    return library.import_text(json.dumps(objects), name)


def export_text(papers: list[dict]) -> str:
    """A readinglist JSON export of ``papers`` (each a dict of the exported keys it has)."""
    return json.dumps({"format": "readinglist", "version": 1, "papers": papers}, ensure_ascii=False)
