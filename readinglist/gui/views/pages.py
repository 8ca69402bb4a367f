"""The window's pages (the library, triage and the statistics), the moves between them, and the papers on the one shown.

Triage goes over the list shown, from its first paper (or over the papers
selected, when there are several); leaving it (Esc,
the summary's button, or the statistics) goes back to the library, every
decision kept. The keys that move, decide or focus act on the page shown:
``current_paper_id`` and ``selected_ids`` answer for it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.library_page import LibraryPage
from readinglist.gui.views.stats import StatisticsView
from readinglist.gui.views.triage import TriageView


class Pages(QStackedWidget):
    """One page at a time: the library (sidebar, table, detail pane), a triage run, or the reading statistics."""

    triage_left = Signal(object)  # back in the library after triage; the id of the paper triage showed last (or None)
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(
        self, library: LibraryPage, triage: TriageView, statistics: StatisticsView, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.triage = triage
        self.statistics = statistics
        for page in (library, triage, statistics):
            self.addWidget(page)
        triage.pane.paper_requested.connect(self._leave_triage_for)
        triage.leave_requested.connect(self.leave_triage)
        statistics.leave_requested.connect(self.leave_statistics)

    # -- the page shown and its papers ---------------------------------------------------

    @property
    def in_triage(self) -> bool:
        """True while the triage view (a paper or its summary) replaces the library."""
        return self.currentWidget() is self.triage

    @property
    def in_statistics(self) -> bool:
        """True while the statistics page replaces the library."""
        return self.currentWidget() is self.statistics

    def pane(self) -> DetailPane:
        """The detail pane on screen: the library's or the triage view's."""
        return self.triage.pane if self.in_triage else self.library.detail

    def current_paper_id(self) -> int | None:
        """The id of the paper under the table's cursor (in triage: the paper on screen)."""
        return self.triage.current_id() if self.in_triage else self.library.current_paper_id()

    def selected_ids(self) -> list[int]:
        """Ids of the selected papers (the current one when nothing is selected; in triage, the one on screen)."""
        if self.in_triage:
            current = self.triage.current_id()
            return [] if current is None else [current]
        return [self.library.model.paper_id(row) for row in self.library.selected_rows()]

    def focus_list(self) -> None:
        """Give the paper table (in triage: the triage view; in statistics: the statistics) the keyboard focus."""
        if self.in_triage:
            self.triage.setFocus(Qt.FocusReason.ShortcutFocusReason)
        elif self.in_statistics:
            self.statistics.setFocus(Qt.FocusReason.ShortcutFocusReason)
        else:
            self.library.focus_table()

    def move_current(self, step: int) -> None:
        """Make the paper ``step`` rows down (up, when negative) current, selecting only it."""
        if self.in_triage:
            self.triage.step(step)
        else:
            self.library.move_current(step)

    # -- moving between pages ---------------------------------------------------------

    def toggle_triage(self) -> None:
        """Start triage on the list shown from its top (or on the papers selected, if several); or leave it.

        The whole list, whatever row is current: starting at the current row
        left the papers above it out of the run without a word.
        """
        if self.in_triage:
            self.leave_triage()
            return
        selected = self.library.selected_rows()
        selection = len(selected) > 1
        ids = [self.library.model.paper_id(row) for row in selected] if selection else self.library.model.ids()
        if not ids:
            self.message.emit("This list has no papers to triage.", 4000)
            return
        self.library.detail.flush()
        self.setCurrentWidget(self.triage)
        self.triage.start(ids, selection)
        self.triage.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave_triage(self) -> None:
        """Back to the library, on the list as it is now (``triage_left``); every decision stays."""
        if not self.in_triage:
            return
        last = self.triage.current_id()
        self.triage.pane.flush()
        self.setCurrentWidget(self.library)
        self.triage_left.emit(last)
        self.library.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _leave_triage_for(self, paper_id: int) -> None:
        """A similar paper was chosen in triage: show it in the library."""
        self.leave_triage()
        self.library.show_paper(paper_id)

    def toggle_statistics(self) -> None:
        """Show the reading statistics (leaving triage, every decision kept); or go back to the library."""
        if self.in_statistics:
            self.leave_statistics()
            return
        self.leave_triage()
        self.library.detail.flush()
        self.setCurrentWidget(self.statistics)
        self.statistics.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave_statistics(self) -> None:
        """Back to the library, as it was left."""
        if self.in_statistics:
            self.setCurrentWidget(self.library)
            self.focus_list()
