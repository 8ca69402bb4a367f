"""Paper ▸ Copy Link and Copy as BibTeX: the selected papers on the clipboard, read off the GUI thread.

A link is the paper's page (its Hub page when its arXiv id is known, else its
code or another page it names), and only ever an http(s) URL: whatever else an
import carried never reaches the clipboard.
BibTeX comes from the export's own writer, so a copied entry equals an
exported one.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence

from PySide6.QtGui import QGuiApplication

from readinglist.core.export_formats import write_bibtex
from readinglist.core.records import PaperRecord
from readinglist.core.services import Library
from readinglist.gui.controllers.detail import web_link  # the paper's own page
from readinglist.gui.tasks import TaskRunner

Say = Callable[[str, int], None]  # the status bar's showMessage


def _papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count:,} papers"


def _quoted(paper: PaperRecord, limit: int = 60) -> str:
    title = " ".join(paper.title.split())
    return f"“{title[: limit - 1]}…”" if len(title) > limit else f"“{title}”"


def links_text(papers: Sequence[PaperRecord]) -> tuple[str, str]:
    """(the links, one a line; what the status bar says about them)."""
    links = [link for link in map(web_link, papers) if link is not None]
    if not links:
        return "", "No link to copy: the dumps gave " + ("this paper none" if len(papers) == 1 else "these papers none")
    if len(papers) == 1:
        return links[0], f"Copied the link of {_quoted(papers[0])}: {links[0]}"
    missing = len(papers) - len(links)
    return "\n".join(links), f"Copied {len(links):,} links" + (f" ({_papers(missing)} without one)" if missing else "")


def bibtex_text(papers: Sequence[PaperRecord]) -> tuple[str, str]:
    """(the papers as BibTeX entries; what the status bar says about them)."""
    out = io.StringIO()
    count = write_bibtex(papers, out)
    what = _quoted(papers[0]) if count == 1 else _papers(count)
    return out.getvalue(), f"Copied {what} as BibTeX"


def copy_papers(
    library: Library,
    tasks: TaskRunner,
    paper_ids: Sequence[int],
    as_text: Callable[[Sequence[PaperRecord]], tuple[str, str]],
    say: Say,
) -> None:
    """Read ``paper_ids`` on the reader thread, then put ``as_text`` of them on the clipboard and say so."""
    ids = list(paper_ids)
    if not ids:
        say("No paper selected", 4000)
        return

    def done(papers: list[PaperRecord]) -> None:
        if not papers:
            say("No paper selected", 4000)
            return
        text, message = as_text(papers)
        if text:
            QGuiApplication.clipboard().setText(text)
        say(message, 6000)

    tasks.read(lambda: library.records(ids), done)
