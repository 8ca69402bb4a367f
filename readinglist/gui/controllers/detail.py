"""The current paper's details: its record (the search's words marked), its similar papers and its Hub page.

The record is loaded on the ``TaskRunner``'s reader whenever the current paper
changes (unless the detail pane shows it already, with the same marked words)
and announced only if that paper is still current when it arrives. Similar
papers are looked up once the cursor has rested on a paper for SIMILAR_DELAY_MS.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices

from readinglist.core.dumps.records import is_web_url
from readinglist.core.hub.links import open_url
from readinglist.core.records import PaperRecord
from readinglist.core.services import Library
from readinglist.gui.controllers.view import ViewState
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.timers import single_shot

SIMILAR_DELAY_MS = 250  # similar papers are looked up once the cursor rests this long


class DetailController(QObject):
    """Loads what the library's detail pane shows; the window hands ``paper_loaded`` and ``similar_loaded`` to it."""

    # The PaperRecord (None: no paper), its abstract and its title as HTML with the search's words marked (or None).
    paper_loaded = Signal(object, object, object)
    similar_loaded = Signal(int, list)  # a paper's id and its similar papers (PaperRecords)
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(
        self,
        library: Library,
        tasks: TaskRunner,
        view: ViewState,
        terms: Callable[[], frozenset[str]],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        self.view = view
        self.terms = terms  # the words of the search shown, to mark in the abstract
        self.shows: tuple[int, frozenset[str]] | None = None  # what the detail pane was filled with
        self._similar_soon = single_shot(self, SIMILAR_DELAY_MS, self._load_similar)

    def follow(self, paper_id: int | None) -> None:
        """The table's current paper is now ``paper_id``: show it, unless the pane already does."""
        if paper_id is None:
            self.paper_loaded.emit(None, None, None)
            self.shows = None
            return
        if (paper_id, self.terms()) != self.shows:  # a list reload keeps the pane as it is
            self.load(paper_id)

    def forget(self) -> None:
        """The paper shown may have changed outside the pane (an import merged it): the next ``follow`` reloads it."""
        self.shows = None

    def load(self, paper_id: int) -> None:
        """Load the paper (its abstract and title marked) and, once the cursor rests, its similar papers."""
        terms = self.terms()

        def load() -> tuple[PaperRecord | None, str | None, str | None]:
            # Not ``get``: the paper may have gone meanwhile (its import removed); it then simply leaves the pane.
            found = self.library.records([paper_id])
            paper = found[0] if found else None
            if paper is None or not terms:
                return paper, None, None
            mark = self.library.mark_terms
            return paper, mark(paper.abstract or "", terms), mark(paper.title, terms, title=True)

        def show(loaded: tuple[PaperRecord | None, str | None, str | None]) -> None:
            if self.view.current_paper() == paper_id:  # the user may have moved on meanwhile
                self.paper_loaded.emit(*loaded)
                self.shows = (paper_id, terms) if loaded[0] is not None else None

        self.tasks.read(load, show)
        self._similar_soon.start()

    def _load_similar(self) -> None:
        """Look up the papers like the current one (after the cursor has rested on it)."""
        paper_id = self.view.current_paper()
        if paper_id is not None and not self.view.in_triage():
            self.tasks.read(
                lambda: self.library.similar(paper_id, limit=8),
                lambda similar: self.similar_loaded.emit(paper_id, similar),
            )

    def open_in_browser(self) -> None:
        """Open the current paper's page in the web browser, or say why nothing opens."""
        paper_id = self.view.current_paper()
        if paper_id is None:
            self.message.emit("No paper to open: the list is empty.", 4000)
            return
        self.tasks.read(lambda: self.library.get(paper_id), self._open_page_of)

    def _open_page_of(self, paper: PaperRecord) -> None:
        """Hand the paper's Hub page to the desktop, else a Hub search for its title; only ever an http(s) URL."""
        url = open_url(paper)
        if not is_web_url(url):  # the id came from an import: checked there, and again here
            self.message.emit(f"'{_short(paper.title)}' has no link to open", 6000)
        elif not QDesktopServices.openUrl(QUrl(url)):
            self.message.emit(f"No browser could be started for {url[:120]}", 8000)
        elif paper.hf_url is None:
            self.message.emit(f"'{_short(paper.title)}' has no arXiv id: opened a Hub search for its title", 6000)


def web_link(paper: PaperRecord) -> str | None:
    """The link Copy Link copies: the paper's Hugging Face page, else its code, else its first other link
    (http(s) only; a paper known only by its title has none to copy, though Open in Browser searches for it)."""
    candidates = [paper.hf_url, paper.github_url, *paper.links]
    return next((url for url in candidates if is_web_url(url)), None)  # checked at import too; again here


def _short(title: str) -> str:
    return title if len(title) <= 80 else title[:79] + "…"
