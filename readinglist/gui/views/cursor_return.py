"""Undo and redo bring the cursor back to the papers they changed.

After an undo (or redo) lands, the list is reloaded and its papers become
current again, all of them selected. When the list shown no longer has them
(a paper queued out of the Inbox, then undone while the Queue is shown), the
status bar says so: the window does not switch lists behind the person's back.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QObject, Signal

from readinglist.gui.models.paper_table import TITLE_COLUMN
from readinglist.gui.views.library_page import LibraryPage


class CursorReturn(QObject):
    """Makes the papers of a landed undo or redo current in the library list, or says they are not in it."""

    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(self, page: LibraryPage, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.page = page
        self._pending: tuple[list[int], str] | None = None  # the papers to select once the list is loaded
        page.list_loaded.connect(self._loaded)

    def go_back(self, paper_ids: list[int], what: str) -> None:
        """Reload the list with ``paper_ids`` current and selected; ``what`` the undo did ("Undone: Mark …")."""
        self._pending = (list(paper_ids), what)
        self.page.reload_list(keep=paper_ids[0])

    def _loaded(self, _rows: int) -> None:
        if self._pending is None:
            return
        paper_ids, what = self._pending
        self._pending = None
        model = self.page.model
        rows = sorted(row for row in map(model.row_of, paper_ids) if row is not None)
        if not rows:
            them = "the paper is" if len(paper_ids) == 1 else "the papers are"
            self.message.emit(f"{what} — {them} not in this list", 10000)
            return
        current = model.row_of(paper_ids[0])
        selection = QItemSelection()
        for row in rows:
            selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
        chosen = self.page.table.selectionModel()
        chosen.setCurrentIndex(
            model.index(rows[0] if current is None else current, TITLE_COLUMN),
            QItemSelectionModel.SelectionFlag.NoUpdate,
        )
        chosen.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.message.emit(what, 6000)
