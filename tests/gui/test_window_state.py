"""window.ini read and written without a window: what is saved comes back, what is not understood is left out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from readinglist.gui.models.sidebar import DEFAULT_KEY
from readinglist.gui.window_state import DEFAULT_SORT, SETTINGS_FILE, SavedState, WindowState


def test_a_folder_without_the_file_gives_the_defaults(tmp_path: Path) -> None:
    assert WindowState(tmp_path).load() == SavedState()
    assert SavedState().sort == DEFAULT_SORT and SavedState().list_key == DEFAULT_KEY


def test_what_is_saved_is_loaded_back_by_a_later_run(tmp_path: Path) -> None:
    saved = SavedState(
        geometry=QByteArray(b"\x01geometry"),
        splitter=QByteArray(b"\x02splitter"),
        detail_splitter=QByteArray(b"\x03detail"),
        table_header=QByteArray(b"\x00header\xff"),
        sort=("title", False),
        list_key="list:all",
    )
    WindowState(tmp_path).save(saved)
    assert (tmp_path / SETTINGS_FILE).is_file()
    assert WindowState(tmp_path).load() == saved


def test_a_sort_by_an_unknown_column_falls_back_to_newest_first(tmp_path: Path) -> None:
    ini = QSettings(str(tmp_path / SETTINGS_FILE), QSettings.Format.IniFormat)
    ini.setValue("sort_key", "no-such-column")
    ini.setValue("sort_descending", "false")
    ini.setValue("geometry", "not bytes")
    ini.sync()
    loaded = WindowState(tmp_path).load()
    assert loaded.sort == DEFAULT_SORT
    assert loaded.geometry is None  # a value that is not a saved layout is ignored


def test_layouts_not_given_keep_what_the_file_had(tmp_path: Path) -> None:
    state = WindowState(tmp_path)
    state.save(SavedState(geometry=QByteArray(b"kept"), sort=("title", True)))
    state.save(SavedState(list_key="list:queue"))
    loaded = WindowState(tmp_path).load()
    assert loaded.geometry == QByteArray(b"kept")
    assert (loaded.sort, loaded.list_key) == (DEFAULT_SORT, "list:queue")
