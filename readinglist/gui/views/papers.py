"""The paper list's view: a table whose Home and End go to the first and last paper, and whose letters never move it."""

from __future__ import annotations

from PySide6.QtCore import QKeyCombination, QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QTableView

# A key with one of these held is a command key (Ctrl+Z), never a typed letter.
COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


def is_typed_character(event: QKeyEvent) -> bool:
    """Whether ``event`` types a visible character (a letter, digit or sign; not Space, Enter or Tab)."""
    text = event.text()
    return bool(text) and text.isprintable() and not text.isspace() and not event.modifiers() & COMMAND_MODIFIERS


class PaperTableView(QTableView):
    """QTableView moves Home/End along the row (Ctrl+Home/End across rows); in a list of papers,
    where a row is selected as a whole, they go to the first and last paper, as in a file list.

    A character key that no command took is not a type-ahead search here: in a
    list where single letters decide, a mistyped letter (or one whose command
    was rebound) jumping the cursor to a row that starts with it sends the next
    decision to the wrong paper. Such a key leaves the cursor and the selection
    alone and is announced with ``unbound_key`` (the window says so quietly).
    """

    unbound_key = Signal(QKeyCombination)  # a character key that no command took

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        jumps = {QAbstractItemView.CursorAction.MoveHome: 0, QAbstractItemView.CursorAction.MoveEnd: -1}
        if action in jumps and self.model() is not None and self.model().rowCount():
            row = jumps[action] % self.model().rowCount()
            return self.model().index(row, max(self.currentIndex().column(), 0))
        return super().moveCursor(action, modifiers)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if is_typed_character(event):
            event.accept()
            self.unbound_key.emit(event.keyCombination())
            return
        super().keyPressEvent(event)

    def keyboardSearch(self, search: str) -> None:
        """No type-ahead: a letter must never move the cursor (see the class)."""
