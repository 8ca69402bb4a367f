"""The paper list's view: a table whose Home and End go to the first and last paper."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView


class PaperTableView(QTableView):
    """QTableView moves Home/End along the row (Ctrl+Home/End across rows); in a list of papers,
    where a row is selected as a whole, they go to the first and last paper, as in a file list."""

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        jumps = {QAbstractItemView.CursorAction.MoveHome: 0, QAbstractItemView.CursorAction.MoveEnd: -1}
        if action in jumps and self.model() is not None and self.model().rowCount():
            row = jumps[action] % self.model().rowCount()
            return self.model().index(row, max(self.currentIndex().column(), 0))
        return super().moveCursor(action, modifiers)
