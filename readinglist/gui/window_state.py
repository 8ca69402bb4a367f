"""What the window remembers between runs, in ``window.ini`` beside the library.

Geometry, the splitters and the table's columns are Qt's own opaque states;
the sort and the chosen sidebar list are plain values, checked when read so a
file edited by hand (or left by an older release) cannot break the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

from readinglist.gui.models.paper_table import COLUMNS
from readinglist.gui.models.sidebar import DEFAULT_KEY

SETTINGS_FILE = "window.ini"
DEFAULT_SORT = ("added", True)  # newest first
_LAYOUT_KEYS = ("geometry", "splitter", "detail_splitter", "table_header")
# The table header's layout (columns shown, widths) as this release lays it out; a header saved by an
# older release (every column shown, too narrow to read) is dropped for the new defaults.
HEADER_LAYOUT = 2


@dataclass
class SavedState:
    """The window's state as stored: Qt's saved layouts (None when never saved), the sort and the list."""

    geometry: QByteArray | None = None
    splitter: QByteArray | None = None
    detail_splitter: QByteArray | None = None
    table_header: QByteArray | None = None
    sort: tuple[str, bool] = DEFAULT_SORT  # (column sort key, descending)
    list_key: str = DEFAULT_KEY  # the sidebar entry chosen
    current_paper: int | None = None  # the paper current at closing (made current again if the list still has it)


class WindowState:
    """Reads and writes the ``window.ini`` of the library in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / SETTINGS_FILE
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def load(self) -> SavedState:
        """The state last saved; defaults for whatever is missing or not understood."""
        state = SavedState(
            geometry=self._bytes("geometry"),
            splitter=self._bytes("splitter"),
            detail_splitter=self._bytes("detail_splitter"),
            table_header=self._bytes("table_header") if self._header_is_current() else None,
            list_key=str(self._settings.value("list", DEFAULT_KEY)),
        )
        paper = str(self._settings.value("current_paper", ""))
        state.current_paper = int(paper) if paper.isdigit() else None
        sort_key = str(self._settings.value("sort_key", DEFAULT_SORT[0]))
        if any(c.sort_key == sort_key for c in COLUMNS):
            state.sort = (sort_key, str(self._settings.value("sort_descending", "true")) == "true")
        return state

    def save(self, state: SavedState) -> None:
        """Write ``state`` to the file now (layouts that are None are left as they were)."""
        for key in _LAYOUT_KEYS:
            value = getattr(state, key)
            if value is not None:
                self._settings.setValue(key, value)
        if state.table_header is not None:
            self._settings.setValue("table_header_layout", HEADER_LAYOUT)
        self._settings.setValue("sort_key", state.sort[0])
        self._settings.setValue("sort_descending", "true" if state.sort[1] else "false")
        self._settings.setValue("list", state.list_key)
        self._settings.setValue("current_paper", "" if state.current_paper is None else str(state.current_paper))
        self._settings.sync()

    def _header_is_current(self) -> bool:
        return str(self._settings.value("table_header_layout", "")) == str(HEADER_LAYOUT)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) else None


def restore_geometry(window: QWidget, geometry: QByteArray | None) -> None:
    """Give ``window`` its saved ``geometry``; the first time, 90% of the screen (at most 1440 by 860)."""
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        available = window.screen().availableGeometry()
        window.resize(min(1440, int(available.width() * 0.9)), min(860, int(available.height() * 0.9)))
