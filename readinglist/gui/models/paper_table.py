"""The paper table: ids from the library, rows loaded only when they are shown.

Like Anki's browser model, the model holds the ordered ids of the current list
(sorting and filtering happen in the database) and a cache of row records
filled a block at a time around the rows the view asks for. A 100,000-paper
list therefore costs one list of ints, not 100,000 objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from readinglist.core.records import PaperRow
from readinglist.core.tagging import join_tag_names
from readinglist.gui.views.safe_browser import plain_tooltip

BLOCK = 100  # rows fetched per database round trip: a few screens, a few milliseconds

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    """One table column: header, the library's sort key (None: not sortable), and the cell text.

    ``shown``: whether a fresh window shows it (the others are a right-click on the header away);
    ``sample``: a typical wide cell, which with the header text sets the column's first width;
    ``name``: what the column chooser calls it, when the header is a symbol.
    """

    title: str
    sort_key: str | None
    text: Callable[[PaperRow], str]
    align_right: bool = False
    shown: bool = True
    sample: str = ""
    name: str = ""

    @property
    def label(self) -> str:
        """The column's name in words (the column chooser's entry)."""
        return self.name or self.title


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


COLUMNS: tuple[Column, ...] = (
    Column("★", "starred", lambda p: "★" if p.starred else "", sample="★", name="Star"),
    Column("Title", "title", lambda p: p.title),
    Column("Status", "status", lambda p: p.status, sample="dismissed"),
    # A tag with a comma is quoted, as in the editor. Hidden at first: the detail pane and the sidebar show tags.
    Column("Tags", None, lambda p: join_tag_names(p.tags), shown=False, sample="reasoning, agents"),
    Column("Published", "published", lambda p: p.published.isoformat() if p.published else "", sample="2026-12-31"),
    Column("Authors", "authors", lambda p: _number(p.authors_count), align_right=True, shown=False, sample="1,234"),
    Column("Organisation", "org", lambda p: p.org or "", shown=False, sample="Example Research"),
    Column("Upvotes", "upvotes", lambda p: _number(p.upvotes), align_right=True, shown=False, sample="1,234"),
    Column("Comments", "comments", lambda p: _number(p.comments), align_right=True, shown=False, sample="1,234"),
    # Shown: the default sort (newest first) is by this column, and its indicator must be on screen.
    Column("Added", "added", lambda p: p.added_at.astimezone().strftime("%Y-%m-%d %H:%M"), sample="2026-12-31 23:59"),
)
TITLE_COLUMN = 1

PaperIdRole = Qt.ItemDataRole.UserRole + 1
PLACEHOLDER = "…"  # shown in a row whose data is still on its way


RowsRequest = Callable[[list[int], Callable[[list[PaperRow]], None]], object]  # what it returns is ignored


class PaperTableModel(QAbstractTableModel):
    """Rows of papers for a list of ids, filled in as their data arrives.

    ``request(ids, deliver)`` must fetch the rows for ``ids`` (off the GUI
    thread, in the app) and call ``deliver(rows)`` on the GUI thread. Until a
    row has arrived its cells show a placeholder, so painting never waits on
    the database.
    """

    def __init__(self, request: RowsRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._request = request
        self._ids: list[int] = []
        self._rows: dict[int, PaperRow] = {}
        self._requested: set[int] = set()
        self._shown: set[int] = set()  # the ids of _ids, for quick membership tests

    # -- Qt model interface ------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = COLUMNS[index.column()]
        if role == PaperIdRole:
            return self._ids[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.row_data(index.row())
            if row is None:
                return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole and index.column() == TITLE_COLUMN else None
            text = column.text(row)
            if role == Qt.ItemDataRole.DisplayRole:
                return text
            return plain_tooltip(text) if index.column() == TITLE_COLUMN else None  # imported titles are not markup
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        return None

    # -- the list ----------------------------------------------------------

    def set_ids(self, ids: Sequence[int], rows: Sequence[PaperRow] = ()) -> None:
        """Show these papers, in this order (drops the row cache); ``rows``: some of their rows, read already."""
        self.beginResetModel()
        self._ids = list(ids)
        self._shown = set(self._ids)
        self._rows = {row.id: row for row in rows if row.id in self._shown}
        self._requested.clear()
        self.endResetModel()

    def append_ids(self, ids: Sequence[int]) -> None:
        """Show these papers too, below the others (the rows shown, their data and the view's place stay)."""
        new = [paper_id for paper_id in dict.fromkeys(ids) if paper_id not in self._shown]
        if not new:
            return
        first = len(self._ids)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        self._ids.extend(new)
        self._shown.update(new)
        self.endInsertRows()

    def ids(self) -> list[int]:
        """The ids shown, in order."""
        return list(self._ids)

    def paper_id(self, row: int) -> int:
        """The id of the paper in ``row``."""
        return self._ids[row]

    def row_of(self, paper_id: int) -> int | None:
        """The row showing ``paper_id``, if it is in the list.

        A scan, about a millisecond at 100,000 rows: cheaper than keeping a
        position map current through every removal, and asked for rarely.
        """
        return self._ids.index(paper_id) if paper_id in self._shown else None

    def row_data(self, row: int) -> PaperRow | None:
        """The paper shown in ``row``, or None while its block is still being fetched."""
        paper_id = self._ids[row]
        if paper_id not in self._rows and paper_id not in self._requested:
            self._fetch_block(row)
        return self._rows.get(paper_id)

    def _fetch_block(self, row: int) -> None:
        start = max(0, row - BLOCK // 4)
        wanted = [
            pid for pid in self._ids[start : start + BLOCK] if pid not in self._rows and pid not in self._requested
        ]
        self._requested.update(wanted)
        self._request(wanted, self._arrived)

    def _arrived(self, rows: list[PaperRow]) -> None:
        for row in rows:
            self._rows[row.id] = row
            self._requested.discard(row.id)
        if rows and self._ids:
            # The rows may have moved since they were asked for; the view repaints only what is on screen anyway.
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, len(COLUMNS) - 1))

    def remove_rows(self, rows: Sequence[int]) -> None:
        """Take these rows out of the list, keeping the other rows and their data."""
        for start, end in reversed(_runs(sorted(set(rows)))):
            self.beginRemoveRows(QModelIndex(), start, end)
            for paper_id in self._ids[start : end + 1]:
                self._rows.pop(paper_id, None)
                self._shown.discard(paper_id)
            del self._ids[start : end + 1]
            self.endRemoveRows()

    def cached_rows(self) -> int:
        """How many rows are held (for tests and memory figures)."""
        return len(self._rows)

    def refresh(self, paper_ids: Sequence[int]) -> None:
        """Fetch the given papers again where they are shown (after a change)."""
        stale = [pid for pid in paper_ids if pid in self._shown]
        for paper_id in stale:
            self._rows.pop(paper_id, None)
        if stale:
            self._requested.update(stale)
            self._request(stale, self._arrived)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs
