"""The current paper's details: its record (the search's words marked), its similar papers and its web page.

The record is loaded on the ``TaskRunner``'s reader whenever the current paper
changes (unless the detail pane shows it already, with the same marked words)
and announced only if that paper is still current when it arrives. Similar
papers are looked up once the cursor has rested on a paper for SIMILAR_DELAY_MS.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from readinglist.core.records import PaperRecord
from readinglist.core.services import Library
from readinglist.gui.controllers.view import ViewState
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.timers import single_shot

SIMILAR_DELAY_MS = 250  # similar papers are looked up once the cursor rests this long


class DetailController(QObject):
    """Loads what the library's detail pane shows; the window hands ``paper_loaded`` and ``similar_loaded`` to it."""

    paper_loaded = Signal(object, object)  # the PaperRecord (None: no paper), its abstract with terms marked (or None)
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
            self.paper_loaded.emit(None, None)
            self.shows = None
            return
        if (paper_id, self.terms()) != self.shows:  # a list reload keeps the pane as it is
            self.load(paper_id)

    def forget(self) -> None:
        """The paper shown may have changed outside the pane (an import merged it): the next ``follow`` reloads it."""
        self.shows = None

    def load(self, paper_id: int) -> None:
        """Load the paper (with its abstract marked) and, once the cursor rests, its similar papers."""
        terms = self.terms()

        def load() -> tuple[PaperRecord, str | None]:
            paper = self.library.get(paper_id)
            return paper, self.library.mark_terms(paper.abstract or "", terms) if terms else None

        def show(loaded: tuple[PaperRecord, str | None]) -> None:
            if self.view.current_paper() == paper_id:  # the user may have moved on meanwhile
                self.paper_loaded.emit(*loaded)
                self.shows = (paper_id, terms)

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
        """Open the current paper's page in the web browser."""
        paper_id = self.view.current_paper()
        if paper_id is not None:
            self.tasks.read(lambda: self.library.get(paper_id), self._open_page_of)

    def _open_page_of(self, paper: PaperRecord) -> None:
        url = paper.hf_url or paper.github_url or (paper.links[0] if paper.links else None)
        if url:
            webbrowser.open(url)
        else:
            self.message.emit("This paper has no link in the dumps.", 4000)
