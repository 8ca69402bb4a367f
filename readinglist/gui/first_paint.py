"""The start-up window: the main window's frame and the first rows of the last list, before the app has loaded.

``StartWindow`` is laid out like ``MainWindow`` (menu titles, sidebar | search
and table | detail, status bar) from the same saved geometry, splitters,
columns and theme, and shows the list ``first_page`` read, so that when the
real window takes its place nothing moves. It is inert: it takes no clicks,
and ``KeyRecorder`` keeps the keys pressed on it for the real window.

Like ``first_page``, only the standard library, ``sqlite3`` and PySide6 (and
the Qt-free, SQL-free ``core.commands``, ``core.records``, ``core.settings``
and ``paths``) are imported here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readinglist import paths
from readinglist.core.commands import MENUS
from readinglist.core.records import PaperRow
from readinglist.core.settings import load_settings
from readinglist.gui.first_page import LIST_TITLES, FirstPage, LastView, last_view, open_first_page
from readinglist.gui.theme import apply_theme

BLOCK = 100  # rows read at a time (models.paper_table.BLOCK)
SEARCH_HINT = 'Search: words, "phrases", prefix*, OR, -exclude, tag:, status:, year:  (/)'  # the real field's
TITLE_COLUMN = 1
WINDOW_ROLE = "start-up"
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Cell:
    """One column of the paper table as ``models.paper_table.COLUMNS`` shows it: header, sort key, cell text."""

    title: str
    sort_key: str | None
    text: Callable[[PaperRow], str]
    align_right: bool = False


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _tag_names(names: tuple[str, ...]) -> str:
    """Tags on one line as ``core.tagging.join_tag_names`` writes them (a comma or a leading quote: quoted)."""
    shown = (name.strip() for name in names if name.strip())
    return ", ".join(_quoted(name) for name in shown)


def _quoted(name: str) -> str:
    if "," in name or name.startswith('"') or "\n" in name or "\r" in name:
        return '"' + name.replace('"', '""') + '"'
    return name


CELLS: tuple[Cell, ...] = (
    Cell("★", "starred", lambda p: "★" if p.starred else ""),
    Cell("Title", "title", lambda p: p.title),
    Cell("Status", "status", lambda p: p.status),
    Cell("Tags", None, lambda p: _tag_names(p.tags)),
    Cell("Published", "published", lambda p: p.published.isoformat() if p.published else ""),
    Cell("Authors", "authors", lambda p: _number(p.authors_count), align_right=True),
    Cell("Organisation", "org", lambda p: p.org or ""),
    Cell("Upvotes", "upvotes", lambda p: _number(p.upvotes), align_right=True),
    Cell("Comments", "comments", lambda p: _number(p.comments), align_right=True),
    Cell("Added", "added", lambda p: p.added_at.astimezone().strftime("%Y-%m-%d %H:%M")),
)


class FirstRowsModel(QAbstractTableModel):
    """The whole list's ids (so the scroll bar is the real one's) and the rows read as they are painted."""

    def __init__(self, page: FirstPage | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._page = page
        self._ids = page.ids if page is not None else []
        self._rows: dict[int, PaperRow] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CELLS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return CELLS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        cell = CELLS[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and cell.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self.row_data(index.row())
        return cell.text(row) if row is not None else ""

    def row_data(self, row: int) -> PaperRow | None:
        """The paper in ``row``, read (with the block around it) the first time it is asked for."""
        paper_id = self._ids[row]
        if paper_id not in self._rows and self._page is not None:
            start = max(0, row - BLOCK // 4)
            for found in self._page.rows([pid for pid in self._ids[start : start + BLOCK] if pid not in self._rows]):
                self._rows[found.id] = found
        return self._rows.get(paper_id)

    def paper_id(self, row: int) -> int:
        """The id of the paper in ``row``."""
        return self._ids[row]

    def rows_read(self) -> list[PaperRow]:
        """Every row read so far (what the real window can show without reading it again)."""
        return list(self._rows.values())


class StartWindow(QMainWindow):
    """The main window's look, the last list's rows in it, nothing live: shown until the real window is ready."""

    def __init__(self, folder: Path, view: LastView, page: FirstPage | None) -> None:
        super().__init__()
        self.page = page
        self.close_requested = False  # the user closed it: the real window closes once it is up
        self._leaving = False
        self.setObjectName("StartWindow")
        self.setWindowRole(WINDOW_ROLE)  # on X11, WM_WINDOW_ROLE: how a script tells it from the main window
        self.setWindowTitle(f"readinglist — {folder}")  # the real window's title
        for name in MENUS:
            self.menuBar().addMenu(f"&{name}")
        self.model = FirstRowsModel(page, self)
        self.table = self._build_table()
        self.splitter = self._build_page(view)
        pages = QStackedWidget(self)
        pages.addWidget(self.splitter)
        self.setCentralWidget(pages)
        self.setStatusBar(self._build_status_bar())
        self.restoreGeometry(view.geometry)
        self._restore_columns(view)
        if page is not None and page.ids:
            count = len(page.ids)
            self.count_label.setText(f"{count:,} paper{'s' if count != 1 else ''}")
            self.table.setCurrentIndex(self.model.index(page.current_row, TITLE_COLUMN))
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _build_status_bar(self) -> QStatusBar:
        """The count on the left; the real bar's button and progress, hidden, which still set its height."""
        status = QStatusBar(self)
        self.count_label = QLabel(status)
        status.addWidget(self.count_label, 1)
        for hidden in (QPushButton("Import details…", status), QProgressBar(status)):
            status.addPermanentWidget(hidden)
            hidden.hide()
        return status

    def _build_table(self) -> QTableView:
        table = QTableView(self)
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setSortingEnabled(True)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        return table

    def _build_page(self, view: LastView) -> QSplitter:
        """Sidebar | search field and table | detail pane, split as the last run left them."""
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        sidebar = QTreeView(splitter)
        sidebar.setHeaderHidden(True)
        center = QWidget(splitter)
        layout = QVBoxLayout(center)
        layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search = QLineEdit(center)
        search.setPlaceholderText(SEARCH_HINT)
        search.setClearButtonEnabled(True)
        scope = QToolButton(center)
        scope.setAutoRaise(True)
        scope.setText(f"in {LIST_TITLES.get(view.list_key, 'All papers')}")
        search_row.addWidget(search, 1)
        search_row.addWidget(scope)
        layout.addLayout(search_row)
        layout.addWidget(self.table)
        detail = QStackedWidget(splitter)
        detail.addWidget(QWidget(detail))
        for widget in (sidebar, center, detail):
            splitter.addWidget(widget)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([200, 760, 480])
        if view.splitter is not None:
            splitter.restoreState(view.splitter)
        return splitter

    def _restore_columns(self, view: LastView) -> None:
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setStretchLastSection(False)
        header.restoreState(view.table_header)
        header.setSectionHidden(TITLE_COLUMN, False)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Stretch)
        key, descending = view.sort
        column = next(i for i, cell in enumerate(CELLS) if cell.sort_key == key)
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def sort_is_shown(self) -> bool:
        """Whether the sort's column is on screen (else the real window moves the sort, and the rows with it)."""
        header = self.table.horizontalHeader()
        return not header.isSectionHidden(header.sortIndicatorSection())

    def current_paper_id(self) -> int | None:
        """The paper under the cursor (None: no rows shown)."""
        index = self.table.currentIndex()
        return self.model.paper_id(index.row()) if index.isValid() else None

    def leave(self) -> None:
        """Close for good (the real window is on screen), let go of the database, and be deleted.

        Deleted here, on the GUI thread: left to the garbage collector, a widget can be
        destroyed on whichever thread triggers a collection (the reader's), and crash.
        """
        self._leaving = True
        self.close()
        if self.page is not None:
            self.page.close()
        self.deleteLater()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._leaving:
            super().closeEvent(event)
            return
        self.close_requested = True  # the app is still loading: it quits once it can
        event.ignore()


def start_window(folder: Path) -> StartWindow | None:
    """The start-up window for the library in ``folder`` (not shown), in the saved theme; None when the
    last run left no window layout. A list it cannot show (see ``first_page``) leaves the frame empty."""
    view = last_view(folder)
    if view is None:
        return None
    app = QApplication.instance()
    if isinstance(app, QApplication):
        apply_theme(app, load_settings(paths.settings_file()).settings.theme)  # never repairs: no writes here
    window = StartWindow(folder, view, open_first_page(folder, view))
    if not window.sort_is_shown() and window.page is not None:
        window.page.close()
        window = StartWindow(folder, view, None)
    return window


@dataclass(frozen=True)
class Key:
    """A key pressed on the start-up window, kept to be pressed again on the real one."""

    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    auto_repeat: bool

    def events(self) -> tuple[QKeyEvent, QKeyEvent]:
        """The press and the release to send."""
        make = lambda kind: QKeyEvent(kind, self.key, self.modifiers, self.text, self.auto_repeat)  # noqa: E731
        return make(QEvent.Type.KeyPress), make(QEvent.Type.KeyRelease)


_SWALLOWED = {
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.ContextMenu,
}


class KeyRecorder(QObject):
    """Keeps every key pressed on ``window`` (and lets no click or key act on it) until ``replay``."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.keys: list[Key] = []
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QWidget) or watched.window() is not self.window:
            return False
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            self.keys.append(Key(event.key(), event.modifiers(), event.text(), event.isAutoRepeat()))
            return True
        if event.type() == QEvent.Type.ShortcutOverride:
            event.accept()  # "the widget takes this key": no shortcut here (Alt+F would open an empty menu)
            return True  # and the key press follows, to be kept
        return event.type() in _SWALLOWED

    def stop(self) -> None:
        """Stop recording (and swallowing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def replay(self, target: Callable[[], QWidget | None]) -> int:
        """Stop recording; press the keys again, in order, each on the widget ``target`` names then. How many."""
        self.stop()
        keys, self.keys = self.keys, []
        for key in keys:
            widget = target()
            if widget is None:
                break
            for event in key.events():
                QApplication.sendEvent(widget, event)
        return len(keys)
