"""The command palette (run any action by typing part of its name) and the cheat sheet.

Both are generated from the window's actions, which come from the command
registry: nothing here lists a command or a key by itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QHeaderView, QLineEdit, QListView, QTreeView, QVBoxLayout, QWidget

from readinglist.core import command_search
from readinglist.core.command_search import RecentCommands, Searchable, fuzzy_match
from readinglist.core.commands import MENUS, Command

__all__ = ["ActionRole", "CheatSheet", "CommandPalette", "fuzzy_match", "keys_text", "plain_title"]

ActionRole = Qt.ItemDataRole.UserRole + 1
IdRole = Qt.ItemDataRole.UserRole + 2


def plain_title(action: QAction) -> str:
    """An action's menu title as it reads now ("Undo Mark 1 paper read"), without the & of its mnemonic."""
    return command_search.plain_title(action.text())


def keys_text(cmd: Command) -> str:
    """Every key of a command, as shown to people ("Ctrl+Z, Z")."""
    keys = [*cmd.keys, *cmd.list_keys]
    return ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)


class CommandPalette(QDialog):
    """Type to find an action, best match first; Enter runs it on the current selection.

    The titles are read from the live actions at every query, so a title that
    changes (the Edit menu's "Undo Mark 1 paper read") is never shown stale.
    """

    def __init__(
        self, commands: Sequence[Command], actions: Mapping[str, QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Run a command")
        self.resize(560, 420)
        self._actions = actions
        self._commands: tuple[Command, ...] = ()
        self.recent = RecentCommands()
        self.filter = QStandardItemModel(self)  # the commands matching the query, best first
        self.query = QLineEdit(self)
        self.query.setPlaceholderText("Type part of a command's name, then Enter")
        self.query.textChanged.connect(self._filter)
        self.query.installEventFilter(self)
        self.list = QListView(self)
        self.list.setModel(self.filter)
        self.list.activated.connect(self._run)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.list)
        self.set_commands(commands)

    def set_commands(self, commands: Sequence[Command]) -> None:
        """List ``commands`` with their keys (again, after the keys changed)."""
        self._commands = tuple(commands)
        self._filter(self.query.text())

    def open_palette(self) -> None:
        """Show the palette with an empty query and the first command chosen."""
        self.query.clear()
        self._filter("")  # also when the query was empty already: the titles may have changed
        self.show()
        self.raise_()
        self.activateWindow()
        self.query.setFocus()

    def _filter(self, text: str) -> None:
        """Show the commands matching ``text``, best first, and choose the first."""
        by_id = {cmd.id: cmd for cmd in self._commands}
        searchable = [Searchable(cmd.id, plain_title(self._actions[cmd.id]), cmd.description) for cmd in self._commands]
        self.filter.clear()
        for found in command_search.rank(text, searchable, self.recent.ids):
            keys = keys_text(by_id[found.id])
            item = QStandardItem(f"{found.title}    {keys}" if keys else found.title)
            item.setToolTip(found.description)
            item.setData(self._actions[found.id], ActionRole)
            item.setData(found.id, IdRole)
            item.setEditable(False)
            self.filter.appendRow(item)
        self.list.setCurrentIndex(self.filter.index(0, 0))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the query move through the list; Enter runs the chosen command."""
        if watched is self.query and isinstance(event, QKeyEvent) and event.type() == QKeyEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                step = -1 if event.key() == Qt.Key.Key_Up else 1
                row = min(max(self.list.currentIndex().row() + step, 0), self.filter.rowCount() - 1)
                self.list.setCurrentIndex(self.filter.index(row, 0))
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._run(self.list.currentIndex())
                return True
        return super().eventFilter(watched, event)

    def _run(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        action: QAction = index.data(ActionRole)
        self.recent.note(index.data(IdRole))
        self.hide()
        action.trigger()


class CheatSheet(QDialog):
    """Every command with its keys and what it does, grouped by menu."""

    def __init__(
        self, commands: Sequence[Command], actions: Mapping[str, QAction], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.resize(640, 560)
        self._actions = actions
        self.model = QStandardItemModel(self)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.set_commands(commands)

    def set_commands(self, commands: Sequence[Command]) -> None:
        """List ``commands`` by menu with their keys (again, after the keys changed)."""
        self.model.clear()
        self.model.setHorizontalHeaderLabels(["Command", "Keys", "What it does"])
        for menu in MENUS:
            group = QStandardItem(menu)
            group.setEditable(False)
            for cmd in (c for c in commands if c.menu == menu):
                row = [QStandardItem(command_search.plain_title(cmd.title)), QStandardItem(keys_text(cmd))]
                row.append(QStandardItem(cmd.description))
                for item in row:
                    item.setEditable(False)
                group.appendRow(row)
            self.model.appendRow([group, QStandardItem(), QStandardItem()])
        self.view.expandAll()

    def command_rows(self) -> int:
        """How many commands the sheet lists."""
        return sum(self.model.item(row).rowCount() for row in range(self.model.rowCount()))
