"""The paper table's columns: first widths from the font, Title taking the slack, and the column chooser.

A fresh window shows a few columns (``Column.shown``), each as wide as its
header (the sort indicator's room included) or a typical cell, whichever is
wider; Title stretches over what is left, so the last column ends at the
table's edge at any window width. The other columns are a right-click on the
header away. Hidden columns, widths and order live in the header's saved state.
The sort indicator never sits on a hidden column: hiding the sorted column
sorts by a visible one.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QTableView

from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN
from readinglist.gui.window_state import DEFAULT_SORT

# Where the sort goes when its column is hidden: the first of these whose column is shown (Title always is).
SORT_FALLBACKS: tuple[tuple[str, bool], ...] = (DEFAULT_SORT, ("published", True), ("title", False))


def column_of(sort_key: str) -> int | None:
    """The table column sorted by ``sort_key`` (None: no column is)."""
    return next((i for i, column in enumerate(COLUMNS) if column.sort_key == sort_key), None)


def cell_width(table: QTableView, text: str) -> int:
    """How wide a cell must be to show ``text`` whole: the text in the table's font and the cell's margins."""
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    return QFontMetrics(table.font()).horizontalAdvance(text) + 2 * margin + 8  # 8: air between columns


def first_width(table: QTableView, column: int) -> int:
    """A column's width before the user resizes it: its header (Qt's own measure, sort indicator included)
    or its typical cell, whichever needs more. The section must be shown (Qt measures hidden ones as 0)."""
    return max(table.horizontalHeader().sectionSizeHint(column), cell_width(table, COLUMNS[column].sample))


class TableColumns(QObject):
    """Lays out the table's header and offers the column chooser on a right-click on it."""

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.header = header = table.horizontalHeader()
        self.menu: QMenu | None = None  # the chooser last opened (tests look at it)
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)  # before measuring: the headers' widths leave room for it
        header.setStretchLastSection(False)
        self._widths: list[int] = []  # each column's first width, also its width when shown again
        self.lay_out_defaults()
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.show_chooser)

    def lay_out_defaults(self) -> None:
        """A fresh window's columns: the ``shown`` ones, each ``first_width`` wide in the style and font in use."""
        for column in range(len(COLUMNS)):
            self.header.setSectionHidden(column, False)  # Qt measures a hidden section as 0 wide
        self._widths = [first_width(self.table, column) for column in range(len(COLUMNS))]
        for column, width in enumerate(self._widths):
            self.header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.header.resizeSection(column, width)
            self.header.setSectionHidden(column, not COLUMNS[column].shown)
        self._title_takes_the_slack()

    def _title_takes_the_slack(self) -> None:
        # Stretch: Title fills what the other columns leave, so nothing runs past the right edge; the
        # other columns stay resizable by hand (Title then gives or takes the difference).
        self.header.setSectionHidden(TITLE_COLUMN, False)
        self.header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)

    def restore(self, state: QByteArray | None) -> None:
        """Take up the columns a previous run left, else lay out the defaults again.

        Again, because the window's theme (style, font) is in place only now. A state edited by hand
        (or damaged) cannot hide Title or fix its width.
        """
        if state is None or not self.header.restoreState(state):
            self.lay_out_defaults()
        self._title_takes_the_slack()

    # -- the chooser ---------------------------------------------------------

    def chooser(self) -> QMenu:
        """A menu of every column, ticked when shown; Title cannot be hidden."""
        menu = QMenu("Columns", self.header)
        for visual in range(self.header.count()):
            column = self.header.logicalIndex(visual)
            action = QAction(COLUMNS[column].label, menu)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(column))
            action.setEnabled(column != TITLE_COLUMN)
            action.toggled.connect(lambda shown, column=column: self.set_shown(column, shown))
            menu.addAction(action)
        return menu

    def show_chooser(self, pos: QPoint) -> None:
        """Open the column chooser where the header was right-clicked (``pos`` in the header's viewport)."""
        if self.menu is not None:
            self.menu.deleteLater()  # one chooser at a time; the last one lives until the next opens
        self.menu = self.chooser()
        self.menu.popup(self.header.viewport().mapToGlobal(pos))

    def set_shown(self, column: int, shown: bool) -> None:
        """Show or hide ``column`` (never Title); a shown column gets at least its first width."""
        if column == TITLE_COLUMN:
            return
        self.header.setSectionHidden(column, not shown)
        if shown:
            self.header.resizeSection(column, max(self.header.sectionSize(column), self._widths[column]))
        self.keep_sort_visible()

    # -- the sort --------------------------------------------------------------

    def keep_sort_visible(self) -> None:
        """Move the sort to a shown column when its column is hidden (the sort follows the indicator)."""
        section = self.header.sortIndicatorSection()
        if 0 <= section < self.header.count() and not self.header.isSectionHidden(section):
            return
        for sort_key, descending in SORT_FALLBACKS:
            column = column_of(sort_key)
            if column is not None and not self.header.isSectionHidden(column):
                order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
                self.header.setSortIndicator(column, order)  # sortIndicatorChanged: the page re-sorts
                return
