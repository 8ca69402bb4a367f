"""Which papers the table shows: the chosen list, the search and the sort, and the sidebar's counts.

The ids of a list (or a search) and the sidebar's counts are fetched on the
``TaskRunner``'s reader thread. Each list request carries a generation number,
so a slow answer to a request that a newer one superseded is dropped: only the
latest arrives, through ``loaded``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from readinglist.core.lists import TRASH, PaperFilter
from readinglist.core.query import QueryError, as_typed
from readinglist.core.services import Library
from readinglist.gui.models.paper_table import COLUMNS
from readinglist.gui.models.sidebar import DEFAULT_FILTER, DEFAULT_KEY, SidebarCounts, filter_for_key
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.window_state import DEFAULT_SORT


@dataclass(frozen=True)
class ListResult:
    """A list or search, fetched; ``keep`` and ``keep_row`` say which paper the request wanted kept current."""

    ids: list[int]
    terms: frozenset[str]  # the search's words, to mark in abstracts
    error: str  # why the query could not be read ("" when it could); the list shown then stays
    keep: int | None
    keep_row: int


class PaperListController(QObject):
    """The list state and its reloads; the window shows what ``loaded`` and ``counts_loaded`` bring."""

    loaded = Signal(object)  # ListResult of the latest request
    counts_loaded = Signal(object)  # SidebarCounts

    def __init__(self, library: Library, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.tasks = tasks
        self.where = PaperFilter()  # the chosen sidebar entry's filter
        self.list_key = DEFAULT_KEY  # and its key
        self.sort: tuple[str, bool] = DEFAULT_SORT  # (the library's sort key, descending); not for searches
        self.terms: frozenset[str] = frozenset()  # of the search shown
        self._generation = 0  # bumps with every request

    def restore(self, list_key: str, sort: tuple[str, bool]) -> None:
        """Start on the list and sort a previous run left (an unknown list is the default one)."""
        self.list_key = list_key
        self.where = filter_for_key(list_key) or DEFAULT_FILTER
        self.sort = sort

    def choose(self, key: str, where: PaperFilter) -> bool:
        """Make the sidebar entry ``key`` (whose filter is ``where``) the list; True if the filter changed."""
        changed = where != self.where
        self.where, self.list_key = where, key
        return changed

    def sort_by_column(self, column: int, descending: bool) -> bool:
        """Sort by the table's ``column``; False (and the sort unchanged) when it cannot be sorted by."""
        key = COLUMNS[column].sort_key
        if key is None:
            return False
        self.sort = (key, descending)
        return True

    def reload(self, query: str, keep: int | None, keep_row: int, now: bool = False) -> None:
        """Fetch the ids of the list (or, with a ``query``, of the search in it) and announce them.

        ``now`` fetches on this thread instead: only for the first list, before the
        window is shown, so that its first paint already has the papers.
        """
        self._generation += 1
        generation, where, (sort, descending) = self._generation, self.where, self.sort

        def fetch() -> tuple[list[int], frozenset[str], str]:
            if not query:
                return self.library.paper_ids(where, sort, descending), frozenset(), ""
            try:
                ids, terms = self.library.search_ids(as_typed(query), where)
            except QueryError as error:
                return [], frozenset(), str(error)
            return ids, terms, ""

        def deliver(fetched: tuple[list[int], frozenset[str], str]) -> None:
            if generation != self._generation:
                return  # a newer list or query was asked for meanwhile
            ids, terms, error = fetched
            if not error:
                self.terms = terms
            self.loaded.emit(ListResult(ids, terms, error, keep, keep_row))

        if now:
            deliver(fetch())
        else:
            self.tasks.read(fetch, deliver)

    def refresh_counts(self) -> None:
        """Recount the sidebar's lists, saved searches, tags and batches off the GUI thread."""

        def count() -> SidebarCounts:
            lib = self.library
            return SidebarCounts(
                lib.status_counts(),
                lib.count(PaperFilter(starred=True)),
                lib.count(),
                lib.tag_counts(),
                lib.batches(),
                trash=lib.count(TRASH),
                searches=lib.saved_search_counts(),  # a query that cannot be run counts as None
            )

        self.tasks.read(count, self.counts_loaded.emit)
