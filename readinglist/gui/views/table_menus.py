"""The paper table's context menu: the window's own paper actions on a right-click, the Menu key or Shift+F10.

The entries are the QActions the window built from the command registry, so
a menu entry, its key, the Paper menu and the command palette always do the
same thing to the same papers (the selection). A right-click on a row outside
the selection selects that row first; on a row inside it, the selection stays
(as in a file manager), so one right-click acts on many papers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMenu, QTableView

# The command ids of the menu, in order; None is a separator. Ids the registry does not have are left out.
ROW_MENU: tuple[str | None, ...] = (
    "paper.open",
    "paper.copy_link",
    "paper.copy_bibtex",
    None,
    "paper.tag",
    None,
    "paper.queue",
    "paper.reading",
    "paper.read",
    "paper.dismiss",
    "paper.unmark",
    None,
    "paper.star",
    None,
    "paper.remove",
)
MENU_KEYS = ("Menu", "Shift+F10")  # the keyboard's ways to open a context menu


class RowMenu(QObject):
    """Opens the paper actions over the table's rows."""

    def __init__(self, table: QTableView, actions: Mapping[str, QAction], ids: Sequence[str | None] = ROW_MENU) -> None:
        super().__init__(table)
        self.table = table
        self._actions = actions
        self._ids = tuple(ids)
        self.menu: QMenu | None = None  # the menu last opened (tests look at it)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self.show_at)
        for keys in MENU_KEYS:
            shortcut = QShortcut(QKeySequence(keys), table, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.show_for_current)

    def build(self) -> QMenu:
        """A menu of the actions named in ``ROW_MENU`` that exist (runs of separators collapse)."""
        menu = QMenu(self.table)
        for command_id in self._ids:
            if command_id is None:
                menu.addSeparator()
            elif command_id in self._actions:
                menu.addAction(self._actions[command_id])
        return menu

    def show_at(self, pos: QPoint) -> None:
        """The right-click at ``pos`` (in the table's viewport): select the row if need be, then the menu."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return  # below the last row: nothing to act on
        self._select_for_menu(index)
        self._popup(pos)

    def show_for_current(self) -> None:
        """The Menu key or Shift+F10: the menu under the current row, for the selection."""
        index = self.table.currentIndex()
        if not index.isValid():
            return
        self._select_for_menu(index)
        self.table.scrollTo(index)
        self._popup(self.table.visualRect(index).bottomLeft())

    def _select_for_menu(self, index: QModelIndex) -> None:
        selection = self.table.selectionModel()
        if selection.isRowSelected(index.row(), QModelIndex()):
            return  # inside the selection: the menu acts on all of it
        selection.setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )

    def _popup(self, pos: QPoint) -> None:
        if self.menu is not None:
            self.menu.deleteLater()  # one menu at a time; the last one lives until the next opens
        self.menu = self.build()
        self.menu.popup(self.table.viewport().mapToGlobal(pos))
