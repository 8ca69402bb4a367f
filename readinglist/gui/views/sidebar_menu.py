"""What the sidebar offers on its own entries: rename and delete a saved search, empty the Trash, and their dialogs.

A right-click on a saved search offers Rename… and Delete, also F2 and Delete
while the sidebar has the focus; a right-click on the Trash offers Empty
Trash…. Delete on the Trash (or in its list) deletes nothing: emptying is only
ever the command that first asks, naming how many papers go for good. The
dialogs are window-modal but opened without a nested event loop, so the
window keeps painting and tests answer them like a person would.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QMenu, QMessageBox, QTreeView, QWidget
from shiboken6 import Shiboken

from readinglist.gui.controllers.sidebar_lists import SidebarListsController, saved_search_id
from readinglist.gui.models.sidebar import TRASH_KEY, KeyRole, SidebarModel

SAVE_DIALOG = "save_search_dialog"
RENAME_DIALOG = "rename_search_dialog"
EMPTY_TRASH_DIALOG = "empty_trash_dialog"


def ask_text(parent: QWidget, name: str, title: str, label: str, text: str, answer: Callable[[str], None]) -> None:
    """Ask for one line of text, prefilled with ``text``; ``answer`` gets it when the person accepts."""
    dialog = QInputDialog(parent)
    dialog.setObjectName(name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextValue(text)
    dialog.textValueSelected.connect(answer)
    open_returning_focus(dialog)


def open_returning_focus(dialog: QDialog) -> None:
    """Open ``dialog`` (window-modal); when it closes, the keyboard goes back to where it was before.

    Without a window manager taking care of it (and on some platforms with one) a closed
    dialog leaves no window active, and the list's one-letter keys would go nowhere.
    """
    before = QApplication.focusWidget()
    parent = dialog.parentWidget()
    window = parent.window() if parent is not None else None

    def give_back(_result: int) -> None:
        if window is not None:
            window.activateWindow()
        if before is not None and shiboken_valid(before) and before.isVisible():
            before.setFocus(Qt.FocusReason.OtherFocusReason)

    dialog.finished.connect(give_back)
    dialog.open()


def shiboken_valid(widget: QWidget) -> bool:
    """Whether the C++ side of ``widget`` still exists (a widget may be deleted while a dialog is open)."""
    return bool(Shiboken.isValid(widget))


class SidebarMenu(QObject):
    """The sidebar's context menu, keys and dialogs for saved searches and the Trash."""

    def __init__(
        self,
        sidebar: QTreeView,
        model: SidebarModel,
        lists: SidebarListsController,
        say: Callable[[str, int], None],
    ) -> None:
        super().__init__(sidebar)
        self.sidebar = sidebar
        self.model = model
        self.lists = lists
        self._say = say
        sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        sidebar.customContextMenuRequested.connect(self._show_menu)
        sidebar.installEventFilter(self)
        for signal in (model.rowsInserted, model.rowsRemoved):
            signal.connect(self._hide_empty_searches)
        self._hide_empty_searches()

    def _hide_empty_searches(self) -> None:
        """Show the "Saved searches" and "Sources" headings only once there is an entry under them."""
        for group in (self.model.searches_group, self.model.sources_group):
            self.sidebar.setRowHidden(group.row(), QModelIndex(), not group.rowCount())

    # -- the dialogs -------------------------------------------------------------------

    def ask_save_search(self, query: str) -> None:
        """Ask a name for the search ``query`` (prefilled with the query), then save it."""
        if not query.strip():
            self._say("Type a search first: Save Search keeps the search shown.", 6000)
            return
        ask_text(
            self.sidebar.window(),
            SAVE_DIALOG,
            "Save Search",
            f"Name for the search {query.strip()!r}:",
            query.strip(),
            lambda name: self.lists.save_search(name, query),
        )

    def ask_rename(self, index: QModelIndex) -> None:
        """Ask a new name for the saved search at ``index``."""
        search_id = saved_search_id(index.data(KeyRole))
        if search_id is None:
            return
        name = str(index.siblingAtColumn(0).data())
        rename = lambda new_name: self.lists.rename_search(search_id, new_name)  # noqa: E731
        ask_text(self.sidebar.window(), RENAME_DIALOG, "Rename Saved Search", "New name:", name, rename)

    def delete(self, index: QModelIndex) -> None:
        """Delete the saved search at ``index`` (its papers stay; the message keeps its query)."""
        search_id = saved_search_id(index.data(KeyRole))
        if search_id is not None:
            self.lists.delete_search(search_id)

    def ask_empty_trash(self) -> None:
        """Ask, naming how many papers go for good, before emptying the Trash."""
        count = self.model.count_of(TRASH_KEY) or 0
        if not count:
            self._say("The Trash is empty.", 4000)
            return
        papers = "1 paper" if count == 1 else f"{count:,} papers"
        box = QMessageBox(self.sidebar.window())
        box.setObjectName(EMPTY_TRASH_DIALOG)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Empty Trash")
        box.setText(f"Delete the {papers} in the Trash for good?")
        box.setInformativeText("Their statuses, tags and notes go too. This cannot be undone.")
        empty = box.addButton("Empty Trash", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
        box.buttonClicked.connect(lambda button: self.lists.empty_trash() if button is empty else None)
        open_returning_focus(box)

    # -- the menu and the keys ------------------------------------------------------------

    def menu_for(self, index: QModelIndex) -> QMenu | None:
        """The context menu of the entry at ``index`` (None: the entry has none)."""
        key = index.data(KeyRole)
        menu = QMenu(self.sidebar)
        if saved_search_id(key) is not None:
            menu.addAction("&Rename…", lambda: self.ask_rename(index))
            menu.addAction("&Delete", lambda: self.delete(index))
        elif key == TRASH_KEY:
            menu.addAction("Empty &Trash…", self.ask_empty_trash)
        else:
            menu.deleteLater()
            return None
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return menu

    def _show_menu(self, position: QPoint) -> None:
        index = self.sidebar.indexAt(position)
        menu = self.menu_for(index) if index.isValid() else None
        if menu is not None:
            menu.popup(self.sidebar.viewport().mapToGlobal(position))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """F2 renames and Delete deletes the saved search under the sidebar's cursor; Delete on the Trash explains."""
        if watched is not self.sidebar or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        index = self.sidebar.currentIndex()
        key = index.data(KeyRole)
        if event.key() == Qt.Key.Key_F2 and saved_search_id(key) is not None:
            self.ask_rename(index)
            return True
        if event.key() == Qt.Key.Key_Delete and saved_search_id(key) is not None:
            self.delete(index)
            return True
        if event.key() == Qt.Key.Key_Delete and key == TRASH_KEY:
            self._say("Delete keeps the Trash as it is: File ▸ Empty Trash… deletes its papers for good.", 8000)
            return True
        return False
