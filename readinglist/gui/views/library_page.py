"""The library page: sidebar | search and paper table | detail pane, showing the list ``PaperListController`` fetches.

The sidebar, the search field and the table's sort choose the list; the page
asks the controller for it and shows the answer, keeping the paper on screen
current when it can. It says which paper became current
(``current_paper_changed``); what the detail pane shows is loaded elsewhere.

A new search shows its best matches first and appends the rest of its list
when it arrives (``completed``), the current row, the selection and the scroll
staying where they are; until then the count says it is still counting.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from PySide6.QtCore import QByteArray, QItemSelection, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readinglist.gui.controllers.paper_list import ListResult, PaperListController
from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN, PaperTableModel, RowsRequest
from readinglist.gui.models.sidebar import DEFAULT_KEY, FilterRole, KeyRole, QueryRole, SidebarCounts, SidebarModel
from readinglist.gui.timers import single_shot
from readinglist.gui.views.count_text import list_count_text
from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.papers import PaperTableView
from readinglist.gui.views.search_scope import SearchScope
from readinglist.gui.views.table_columns import TableColumns
from readinglist.gui.window_state import SavedState

SEARCH_DELAY_MS = 50  # after the last key: a search of 100,000 papers is a few tens of ms (issue 16)


class SearchField(QLineEdit):
    """The query field: Esc clears it and hands focus back to the list; Down or Enter goes to the results."""

    escape_pressed = Signal()
    results_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escape_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.results_requested.emit()
            return
        super().keyPressEvent(event)


class LibraryPage(QSplitter):
    """The lists, the search, the papers and the current paper's details, side by side."""

    list_loaded = Signal(int)  # rows now shown (after a list change, a search or an import)
    counts_updated = Signal()  # the sidebar shows new counts
    current_paper_changed = Signal(object)  # the id of the table's current paper (None: no paper)
    count_text_changed = Signal(str)  # "332 papers", "1 result · by relevance"
    leave_requested = Signal()  # Esc in the search field or a detail editor: back to the list

    def __init__(
        self,
        papers: PaperListController,
        rows: RowsRequest,
        paper_on_screen: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.papers = papers
        self._import_into_empty_list = False  # then the finished import starts at its first row
        self._saved_query = ""  # the query the chosen saved search put in the search field
        self._paper_on_screen = paper_on_screen  # kept current when the list reloads (in triage: triage's paper)
        self.pending_drops: Callable[[], Collection[int]] = frozenset  # dropped rows whose write has not landed
        self._stale: set[int] = set()  # ids the list being fetched may still hold though their rows were dropped
        self._list_paper: int | None = None  # the list's current paper before a search (Esc falls back to it)
        self._keep_else: int | None = None  # kept current by the next list when its ``keep`` is not in it
        self.start_paper: int | None = None  # the paper current when the window last closed
        self.first_page = False  # the list shown is only a search's best matches
        self.counting = False  # and the rest of it is on its way
        self._when_whole: list[Callable[[], object]] = []  # run once the list shown is whole
        papers.loaded.connect(self._show_list)
        papers.completed.connect(self._complete_list)
        papers.counts_loaded.connect(self._show_counts)
        self._build_sidebar()
        center = self._build_center(rows)
        self.detail = DetailPane(self)
        self.detail.paper_requested.connect(self.show_paper)
        self.detail.leave_requested.connect(self.leave_requested)
        self.detail.info.document().setDefaultStyleSheet("b { background-color: #ffe066; color: #000; }")
        self.addWidget(self.sidebar)
        self.addWidget(center)
        self.detail_stack = QStackedWidget(self)  # the detail pane, or what a multi-selection can do (the window's)
        self.detail_stack.addWidget(self.detail)
        self.addWidget(self.detail_stack)
        self.setStretchFactor(1, 3)
        self.setStretchFactor(2, 2)
        self.setSizes([200, 760, 480])

    # -- building -----------------------------------------------------------

    def _build_sidebar(self) -> None:
        self.sidebar_model = SidebarModel(self)
        self.sidebar = QTreeView(self)
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setRootIsDecorated(False)
        self.sidebar.setAccessibleName("Lists, tags and imports")
        self.sidebar.header().setStretchLastSection(False)
        self.sidebar.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sidebar.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.sidebar.selectionModel().currentChanged.connect(self._sidebar_chosen)
        self.sidebar.expandAll()

    def _build_center(self, rows: RowsRequest) -> QWidget:
        self.search = SearchField(self)
        self.search.setPlaceholderText('Search: words, "phrases", prefix*, OR, -exclude, tag:, status:, year:  (/)')
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.escape_pressed.connect(self.leave_requested)
        self.search.results_requested.connect(self.leave_requested)
        self.search_error = QLabel(self)
        self.search_error.setStyleSheet("color: palette(highlight);")
        self._search_timer = single_shot(self, SEARCH_DELAY_MS, self._search_changed)
        self.search.textChanged.connect(self._query_edited)

        self.model = PaperTableModel(rows, self)
        self.table = PaperTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Papers")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.columns = TableColumns(self.table)  # the columns shown, their widths, the column chooser
        header = self.table.horizontalHeader()
        header.sortIndicatorChanged.connect(self._sort_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()  # the query, and the list it looks in ("in Inbox")
        self.scope = SearchScope(center)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.scope)
        center_layout.addLayout(search_row)
        center_layout.addWidget(self.search_error)
        center_layout.addWidget(self.table)
        self.search_error.hide()
        return center

    # -- the list -------------------------------------------------------------

    def searching(self) -> bool:
        """Whether the list shown is search results (reloaded once the index has a change)."""
        return bool(self.search.text().strip())

    def _query_edited(self, text: str) -> None:
        """A query runs once the typing pauses; a cleared field (Esc) goes back to the list at once."""
        if text.strip():
            self._search_timer.start()
        else:
            self._search_timer.stop()
            self._search_changed()

    def _search_changed(self) -> None:
        """A new query shows its best result first; a cleared one (Esc) keeps the paper the cursor is on.

        That is the result current when the search was cleared, if the list has it,
        else the paper that was current in the list before the search.
        """
        if self.searching():
            self.reload_list(select_first=True)
            return
        result = self.current_paper_id()
        self._keep_else = self._list_paper
        self.reload_list(keep=self._list_paper if result is None else result, select_first=True)

    def reload_list(self, select_first: bool = False, keep: int | None = None, now: bool = False) -> None:
        """Fetch the ids of the chosen list (or search) off the GUI thread, then show them.

        ``now`` fetches on this thread instead: only for the first list, before the
        window is shown, so that its first paint already has the papers and the
        keys act on them at once.
        """
        if keep is None and not select_first:
            keep = self._paper_on_screen()
        keep_row = max(self.table.currentIndex().row(), 0)
        self._stale = set(self.pending_drops())  # their writes may land after this fetch reads
        self.papers.reload(self.search.text().strip(), keep, keep_row, now=now)

    def _show_list(self, result: ListResult) -> None:
        self.search_error.setText(result.error)
        self.search_error.setVisible(bool(result.error))
        if result.error:
            self._stop_counting(self.first_page)  # the rest of the list shown was dropped with its request
            return
        ids, keep = self._without_stale(result.ids), result.keep
        self.model.set_ids(ids, result.rows)
        row = self.model.row_of(keep) if keep is not None else 0
        if row is None and self._keep_else is not None:
            row = self.model.row_of(self._keep_else)
        self._keep_else = None
        if row is None:  # the paper left this list (e.g. triaged out of the Inbox): its successor takes its place
            row = min(result.keep_row, len(ids) - 1)
        if ids:
            self.table.setCurrentIndex(self.model.index(row, TITLE_COLUMN))
        else:
            self._current_changed(QModelIndex())
        self.first_page = self.counting = not result.complete
        self._update_count_label()
        self.list_loaded.emit(len(ids))
        if result.complete:
            self._run_waiting()

    def _without_stale(self, ids: list[int]) -> list[int]:
        """``ids`` without the rows dropped meanwhile: read before their decisions landed, they must not come back."""
        return [paper_id for paper_id in ids if paper_id not in self._stale] if self._stale else ids

    def _complete_list(self, result: ListResult) -> None:
        """The whole list of the search whose best matches are shown: the others go below them, nothing moves.

        When its first rows are not those shown (the index changed in between), it
        replaces the list as a reload does, the paper on screen kept current.
        """
        ids, shown = self._without_stale(result.ids), self.model.ids()
        if ids[: len(shown)] != shown:
            keep_row = max(self.table.currentIndex().row(), 0)
            self._show_list(replace(result, keep=self.current_paper_id(), keep_row=keep_row))
            return
        everything_selected = 1 < len(shown) == len(self.table.selectionModel().selectedRows())
        self.model.append_ids(ids[len(shown) :])
        if everything_selected and len(ids) > len(shown):  # "select all" takes in the papers that came
            added = QItemSelection(self.model.index(len(shown), 0), self.model.index(len(ids) - 1, 0))
            flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
            self.table.selectionModel().select(added, flags)
        self.first_page = self.counting = False
        self._update_count_label()
        self.list_loaded.emit(len(ids))
        self._run_waiting()

    def _stop_counting(self, first_page: bool) -> None:
        """No more rows are on their way (``first_page``: the list shown stays only a search's best matches)."""
        self.counting, self.first_page = False, first_page
        self._update_count_label()
        self._run_waiting()

    def _run_waiting(self) -> None:
        waiting, self._when_whole = self._when_whole, []
        for action in waiting:
            action()

    def when_whole(self, action: Callable[[], object]) -> None:
        """Run ``action`` now, or once the rest of a search's list has arrived (an export of the whole list)."""
        if self.counting:
            self._when_whole.append(action)
        else:
            action()

    def _update_count_label(self) -> None:
        searching = self.searching()
        self.count_text_changed.emit(list_count_text(self.model.rowCount(), searching, self.first_page, self.counting))

    def _sidebar_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        where = current.data(FilterRole)
        if where is None:
            return
        self.papers.choose(current.data(KeyRole), where)
        self.follow_saved_search(current.data(QueryRole))
        self.reload_list(select_first=True)

    def _sort_chosen(self, column: int, order: Qt.SortOrder) -> None:
        if not self.papers.sort_by_column(column, order == Qt.SortOrder.DescendingOrder):
            self._restore_sort_indicator()  # not sortable: put the indicator back
            return
        self.reload_list()

    def _restore_sort_indicator(self) -> None:
        key, descending = self.papers.sort
        column = next(i for i, c in enumerate(COLUMNS) if c.sort_key == key)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def _show_counts(self, counts: SidebarCounts) -> None:
        self.sidebar_model.update_counts(counts)
        self.sidebar.expandAll()
        self.detail.set_tag_names([name for name, _count in counts.tags])
        if self.sidebar.currentIndex().data(KeyRole) != self.papers.list_key:
            self._select_sidebar_key(self.papers.list_key)
        self.counts_updated.emit()

    def _select_sidebar_key(self, key: str, keep: int | None = None) -> None:
        """Mark ``key`` as the chosen list (the default list if it is gone) and show it.

        ``keep``: the paper to make current; the list is then loaded even if unchanged.
        """
        index = self.sidebar_model.index_of_key(key) or self.sidebar_model.index_of_key(DEFAULT_KEY)
        if index is None:
            return
        self.sidebar.selectionModel().blockSignals(True)
        self.sidebar.setCurrentIndex(index)
        self.sidebar.selectionModel().blockSignals(False)
        changed = self.papers.choose(index.data(KeyRole), index.data(FilterRole))
        changed = self.follow_saved_search(index.data(QueryRole)) or changed
        if keep is not None:
            self.reload_list(keep=keep)
        elif changed:
            self.reload_list(select_first=True)

    def follow_saved_search(self, query: str | None) -> bool:
        """Search for a saved search's ``query``, or clear what one typed when leaving it; True if that changed."""
        text = query if query is not None else ("" if self.search.text() == self._saved_query else self.search.text())
        self._saved_query = query or ""
        if text == self.search.text():
            return False
        self.search.blockSignals(True)  # the list is reloaded by the caller, not by the typing delay
        self.search.setText(text)
        self.search.blockSignals(False)
        return True

    def import_started(self) -> None:
        """An import was queued: remember whether the list was empty before it."""
        # Papers shown while importing keep the current row where it was; when the list
        # was empty before, the finished list starts at its top like a freshly opened one.
        self._import_into_empty_list = self.model.rowCount() == 0

    def reload_after_import(self) -> None:
        """Show the list with what the finished import brought, the paper on screen staying current.

        Only a list that was empty before, whose cursor is still on the first row the
        arriving papers put it on, starts at its (new) top: a paper chosen meanwhile stays.
        """
        untouched = self.table.currentIndex().row() <= 0
        self.reload_list(select_first=self._import_into_empty_list and untouched)

    def drop_rows(self, rows: Sequence[int]) -> None:
        """Take ``rows`` out of the list now; the row that followed the last of them becomes current, alone."""
        rows = sorted(set(rows))
        if not rows:
            return
        self._stale.update(self.model.paper_id(row) for row in rows)
        place = rows[-1] + 1 - len(rows)  # the row after the block, once the block is gone
        self.model.remove_rows(rows)
        if self.model.rowCount():
            self._select_row(min(place, self.model.rowCount() - 1))
        else:
            self._current_changed(QModelIndex())
        self._update_count_label()

    # -- the current paper ---------------------------------------------------

    def current_paper_id(self) -> int | None:
        """The id of the paper under the table's cursor."""
        index = self.table.currentIndex()
        return self.model.paper_id(index.row()) if index.isValid() else None

    def selected_rows(self) -> list[int]:
        """The selected rows, in order (the current one when nothing is selected)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return rows

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if not self.searching():
            self._list_paper = self.model.paper_id(current.row()) if current.isValid() else None
        self.current_paper_changed.emit(self.model.paper_id(current.row()) if current.isValid() else None)

    def move_current(self, step: int) -> None:
        """Make the paper ``step`` rows down (up, when negative) current, selecting only it."""
        if self.model.rowCount():
            self._select_row(min(max(self.table.currentIndex().row() + step, 0), self.model.rowCount() - 1))

    def _select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, TITLE_COLUMN),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    def show_paper(self, paper_id: int) -> None:
        """Make ``paper_id`` current, switching to All papers if the list does not show it."""
        row = self.model.row_of(paper_id)
        if row is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._select_sidebar_key("list:all", keep=paper_id)
            return
        self.table.setCurrentIndex(self.model.index(row, TITLE_COLUMN))

    def search_all_papers(self) -> None:
        """Widen the list to All papers, keeping the query: a search then looks everywhere."""
        self._select_sidebar_key("list:all")

    def focus_table(self) -> None:
        """Give the table the keyboard focus, with a current paper if the list has any."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, TITLE_COLUMN))

    def focus_search(self) -> None:
        """Put the cursor in the search field, selecting what is there."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- state between runs ------------------------------------------------------

    def restore(self, saved: SavedState) -> None:
        """Take up the splitters, columns, list and sort a previous run left."""
        for state, widget in ((saved.splitter, self), (saved.detail_splitter, self.detail.splitter)):
            if state is not None:
                widget.restoreState(state)
        self.columns.restore(saved.table_header)  # none saved (or unreadable): the defaults, measured in the theme
        self.papers.restore(saved.list_key, saved.sort)
        self.start_paper = saved.current_paper
        self._restore_sort_indicator()
        self.columns.keep_sort_visible()  # a sort on a hidden column moves to a shown one

    def saved_state(self, geometry: QByteArray) -> SavedState:
        """What to remember of the page (and the window's ``geometry``) for the next run."""
        return SavedState(
            geometry=geometry,
            splitter=self.saveState(),
            detail_splitter=self.detail.splitter.saveState(),
            table_header=self.table.horizontalHeader().saveState(),
            sort=self.papers.sort,
            list_key=self.papers.list_key,
            current_paper=self.current_paper_id(),
        )
