"""Keeps the search scope ("in Inbox") and the table's empty state in step with what the library page shows.

It listens to the page (each list or search shown, each sidebar recount, rows
taken out) and says, beside the search field, which list the search looks in,
and over an empty table, what the emptiness means. "Search all papers" (the
scope button, the empty state's offer, the ``edit.search_all`` command) keeps
the query and widens the list to All papers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from readinglist.core.lists import ALL_PAPERS
from readinglist.gui.models.sidebar import SidebarCounts
from readinglist.gui.views.empty_state import EmptyState, KeyText, ListSituation, empty_message

if TYPE_CHECKING:
    from readinglist.gui.views.library_page import LibraryPage


class ListGuide(QObject):
    """The page's scope button and empty state, updated whenever the list, the counts or the rows change."""

    def __init__(self, page: LibraryPage, keys: KeyText) -> None:
        super().__init__(page)
        self.page = page
        self.keys = keys
        self.scope = page.scope
        self.empty_state = EmptyState(page.table)
        self._library_papers: int | None = None  # until the first count
        self._query = ""  # of the list shown (the field may already hold the next one)
        page.list_loaded.connect(self._list_shown)
        page.papers.counts_loaded.connect(self._counted)
        page.model.rowsRemoved.connect(self.update)  # papers decided out of a list
        page.model.rowsInserted.connect(self.update)
        self.scope.widen_requested.connect(self.search_all)
        self.empty_state.search_all_requested.connect(self.search_all)
        self.update()

    def search_all(self) -> None:
        """Run the search shown (or show the list) in All papers."""
        self.page.search_all_papers()

    def _list_shown(self, _rows: int) -> None:
        self._query = self.page.search.text().strip()
        self.update()

    def _counted(self, counts: SidebarCounts) -> None:
        self._library_papers = counts.total
        self.update()

    def update(self) -> None:
        """Say where the search looks and, over an empty table, why it is empty."""
        situation = self.situation()
        self.scope.show_scope(situation.list_title, situation.restricted, self.keys("edit.search_all"))
        self.empty_state.show_message(empty_message(situation, self.keys))

    def situation(self) -> ListSituation:
        """The page's list as plain values."""
        papers = self.page.papers
        index = self.page.sidebar_model.index_of_key(papers.list_key)
        title = index.siblingAtColumn(0).data() if index is not None else None
        if papers.where == ALL_PAPERS:  # a saved search runs over all papers: its name is not a place
            title = "All papers"
        status = papers.where.status
        return ListSituation(
            rows=self.page.model.rowCount(),
            library_papers=self._library_papers,
            query=self._query,
            list_key=papers.list_key,
            list_title=str(title or "All papers"),
            restricted=papers.where != ALL_PAPERS,
            list_status=status.value if status is not None else None,
        )
