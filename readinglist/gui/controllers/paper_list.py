"""Which papers the table shows: the chosen list, the search and the sort, and the sidebar's counts.

The ids of a list (or a search) and the sidebar's counts are fetched on the
``TaskRunner``'s reader thread. Each list request carries a generation number,
so a slow answer to a request that a newer one superseded is dropped: only the
latest arrives, through ``loaded``.

A search typed anew (one that keeps no paper current: it starts at its best
result) comes in two parts, as one request: first its best ``FIRST_PAGE``
matches with their rows (``loaded``, ``complete`` False), so the table paints
them at once; then, read on the reader thread right after them, the whole list
(``completed``), which the page appends below them. A newer request drops both
(and a part not started yet is not read at all).
A reload that keeps a paper current reads the whole list at once: the paper may
be anywhere in it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from readinglist.core.lists import TRASH, PaperFilter
from readinglist.core.query import QueryError, as_typed
from readinglist.core.records import PaperRow
from readinglist.core.services import Library, SearchCancelled
from readinglist.gui.models.paper_table import COLUMNS
from readinglist.gui.models.sidebar import DEFAULT_FILTER, DEFAULT_KEY, SidebarCounts, filter_for_key
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.window_state import DEFAULT_SORT

FIRST_PAGE = 200  # a new search's best matches, shown before the whole list is read
WHOLE_LIST_DELAY_MS = 250  # after the first page is shown, the rest is read once no newer key came this long


@dataclass(frozen=True)
class ListResult:
    """A list or search, fetched; ``keep`` and ``keep_row`` say which paper the request wanted kept current."""

    ids: list[int]
    terms: frozenset[str]  # the search's words, to mark in abstracts
    error: str  # why the query could not be read ("" when it could); the list shown then stays
    keep: int | None
    keep_row: int
    complete: bool = True  # False: only a search's best matches; its whole list follows through ``completed``
    rows: list[PaperRow] = field(default_factory=list)  # the rows of ``ids``, read with them (a first page's)
    query: str = ""  # the query typed ("" for a list)


class PaperListController(QObject):
    """The list state and its reloads; the window shows what ``loaded`` and ``counts_loaded`` bring."""

    loaded = Signal(object)  # ListResult of the latest request (of a new search: its first page)
    completed = Signal(object)  # ListResult: the whole list of the latest request, whose first page is shown
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
        self.whole_list_due = 0  # whole lists waiting for the typing to rest before they are read

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

        def fetch(limit: int | None) -> ListResult | None:
            if generation != self._generation:
                return None  # superseded before it started: not worth a full read
            if not query:
                return ListResult(self.library.paper_ids(where, sort, descending), frozenset(), "", keep, keep_row)
            try:
                superseded = lambda: generation != self._generation  # noqa: E731
                ids, terms = self.library.search_ids(as_typed(query), where, limit=limit, cancelled=superseded)
            except SearchCancelled:
                return None  # a newer request came: its answer is what counts
            except QueryError as error:
                return ListResult([], frozenset(), str(error), keep, keep_row, query=query)
            if limit is None:
                return ListResult(ids, terms, "", keep, keep_row, query=query)
            return ListResult(ids, terms, "", keep, keep_row, False, self.library.rows(ids), query)

        def deliver(result: ListResult | None, announce: SignalInstance) -> None:
            if result is None or generation != self._generation:
                return  # a newer list or query was asked for meanwhile
            if not result.error:
                self.terms = result.terms
            announce.emit(result)

        if now:
            deliver(fetch(None), self.loaded)
        elif query and keep is None:
            self._fetch_in_two_parts(fetch, deliver, lambda: generation == self._generation)
        else:
            self.tasks.read(lambda: fetch(None), lambda result: deliver(result, self.loaded))

    def _fetch_in_two_parts(
        self,
        fetch: Callable[[int | None], ListResult | None],
        deliver: Callable[[ListResult | None, SignalInstance], None],
        current: Callable[[], bool],
    ) -> None:
        """The best ``FIRST_PAGE`` matches; once they are delivered, the whole list.

        Asked for only then, the whole list comes after what showing the first
        page asks of the reader (the current paper, for the detail pane). A first
        page without matches is not shown (a list filtered after ranking may have
        its matches further down): the whole list then replaces the list shown, as
        a one-part request would.
        """

        def deliver_first(first: ListResult | None) -> None:
            if first is None or not current():
                return  # a newer list or query was asked for meanwhile: no whole list for this one
            shown = bool(first.ids or first.error)
            if shown:
                deliver(first, self.loaded)
            if not first.error:  # the whole list would only say the same error again
                announce = self.completed if shown else self.loaded

                def read_whole() -> None:
                    self.whole_list_due -= 1
                    if current():  # still the latest: the person has stopped typing for a moment
                        self.tasks.read(lambda: fetch(None), lambda whole: deliver(whole, announce))

                self.whole_list_due += 1

                # Asked for after a short rest, not at once: while a person types on, the whole lists of
                # the words on the way are never read, and the next key's first page waits for nothing.
                QTimer.singleShot(WHOLE_LIST_DELAY_MS if shown else 0, self, read_whole)

        self.tasks.read(lambda: fetch(FIRST_PAGE), deliver_first)

    def refresh_counts(self) -> None:
        """Recount the sidebar's lists, saved searches, followed sources, tags and batches off the GUI thread."""

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
                batch_counts=lib.batch_counts(),
                sources=lib.followed(),  # each with its papers still new, as its list shows them
            )

        self.tasks.read(count, self.counts_loaded.emit)
