"""Issue 16, start-up: the last list painted from a small start-up path, the real window swapped in, keys kept.

A library of a few hundred generated papers (statuses, stars, tags, the Trash)
is left by a real window, as a person closing the app leaves it; the start-up
path then has to agree with the real window on every list and sort it
supports, import nothing heavy before its first paint (checked in a process of
its own), step aside when it cannot know, hand over without moving a row, and
pass on the keys pressed while the app loads.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.gui.app import open_window, start_app
from readinglist.gui.first_page import SORT_COLUMNS, last_view, open_first_page
from readinglist.gui.first_paint import CELLS, StartWindow, start_window
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import COLUMNS
from readinglist.gui.models.sidebar import SMART_LISTS, filter_for_key
from readinglist.gui.window_state import WindowState
from tests.benchmarks.corpus import generate_corpus
from tests.helpers import settle

ROOT = Path(__file__).resolve().parents[2]
PAPERS = 400
HEAVY = ("sqlalchemy", "sqlmodel", "whoosh", "readinglist.core.services")


@pytest.fixture(scope="module")
def built_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of generated papers with every kind of list filled (built once; tests use copies)."""
    work = tmp_path_factory.mktemp("startup")
    generate_corpus(work / "dumps", PAPERS, files=2)
    folder = work / "library"
    with Library.open(folder) as library:
        library.import_paths([work / "dumps"])
        ids = library.paper_ids()
        statuses = (ReadStatus.QUEUED, ReadStatus.READING, ReadStatus.READ, ReadStatus.DISMISSED)
        for n, status in enumerate(statuses):
            library.set_status(ids[n::9], status)
        library.set_starred(ids[::7], True)
        library.add_tags(ids[::5], ["reasoning"])
        library.add_tags(ids[::11], ['agents, "tools"', "Vision"])
        library.trash(ids[3::50])
    return folder


@pytest.fixture
def library_folder(built_library: Path, tmp_path: Path, qtbot) -> Path:
    """A copy of the library, left by a real window (``window.ini`` as the app writes it)."""
    folder = tmp_path / "library"
    shutil.copytree(built_library, folder)
    window = open_window(folder)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    window.close()
    window.library.close()
    return folder


def leave_view(folder: Path, list_key: str, sort: tuple[str, bool], current_paper: int | None = None) -> None:
    """Change the list, sort and current paper the last run left (through the real ``WindowState``)."""
    state = WindowState(folder)
    saved = state.load()
    saved.list_key, saved.sort, saved.current_paper = list_key, sort, current_paper
    state.save(saved)


def list_ids(folder: Path, list_key: str, sort: tuple[str, bool]) -> list[int]:
    """The list as the real window reads it."""
    where = filter_for_key(list_key)
    assert where is not None
    with Library.open(folder, read_only=True) as library:
        return library.paper_ids(where, sort[0], sort[1])


# -- the start-up path agrees with the real window ------------------------------------------


def test_every_smart_list_and_sort_comes_in_the_real_windows_order(library_folder: Path) -> None:
    checked = 0
    for smart in SMART_LISTS:
        for sort_key in SORT_COLUMNS:
            for descending in (True, False):
                leave_view(library_folder, smart.key, (sort_key, descending))
                view = last_view(library_folder)
                assert view is not None
                page = open_first_page(library_folder, view)
                assert page is not None, smart.key
                try:
                    assert page.ids == list_ids(library_folder, smart.key, (sort_key, descending)), (
                        smart.key,
                        sort_key,
                    )
                finally:
                    page.close()
                checked += 1
    assert checked == len(SMART_LISTS) * len(SORT_COLUMNS) * 2


def test_rows_and_cells_are_the_real_tables(library_folder: Path) -> None:
    leave_view(library_folder, "list:all", ("title", False))
    view = last_view(library_folder)
    assert view is not None
    page = open_first_page(library_folder, view)
    assert page is not None
    with Library.open(library_folder, read_only=True) as library:
        real = library.rows(page.ids)
    fast = page.rows(page.ids)
    page.close()
    assert fast == real  # every field, the tags (quoted names included) and the time zone of "added"
    assert any(row.tags for row in fast) and any(row.published is None for row in fast)
    assert [(c.title, c.sort_key, c.align_right) for c in CELLS] == [
        (c.title, c.sort_key, c.align_right) for c in COLUMNS
    ]
    for row in real:
        assert [cell.text(row) for cell in CELLS] == [column.text(row) for column in COLUMNS]


def test_the_saved_paper_is_current_as_in_the_real_window(library_folder: Path) -> None:
    ids = list_ids(library_folder, "list:inbox", ("published", True))
    leave_view(library_folder, "list:inbox", ("published", True), current_paper=ids[150])
    page = open_first_page(library_folder, last_view(library_folder))  # type: ignore[arg-type]
    assert page is not None
    assert page.current_row == 150
    page.close()
    leave_view(library_folder, "list:inbox", ("published", True), current_paper=10**6)  # gone: the first row
    page = open_first_page(library_folder, last_view(library_folder))  # type: ignore[arg-type]
    assert page is not None and page.current_row == 0
    page.close()


# -- stepping aside ----------------------------------------------------------------------------


def test_without_a_saved_window_there_is_no_start_up_window(qtbot, tmp_path: Path) -> None:
    assert start_window(tmp_path / "never-opened") is None
    folder = tmp_path / "library"
    Library.open(folder).close()  # made by the command line: a database, no window.ini
    assert start_window(folder) is None


@pytest.mark.parametrize("list_key", ["tag:reasoning", "batch:1", "search:1", "list:unknown"])
def test_a_list_it_does_not_know_shows_the_frame_without_rows(qtbot, library_folder: Path, list_key: str) -> None:
    leave_view(library_folder, list_key, ("added", True))
    window = start_window(library_folder)
    assert window is not None
    qtbot.addWidget(window)
    assert window.page is None and window.model.rowCount() == 0


def test_a_damaged_or_older_or_missing_database_shows_the_frame_without_rows(qtbot, library_folder: Path) -> None:
    database = library_folder / "library.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE library_meta SET value = '4' WHERE key = 'schema_version'")
    connection.close()
    assert open_first_page(library_folder, last_view(library_folder)) is None  # type: ignore[arg-type]
    database.write_bytes(b"not a database at all" * 100)
    assert open_first_page(library_folder, last_view(library_folder)) is None  # type: ignore[arg-type]
    database.unlink()
    window = start_window(library_folder)
    assert window is not None
    qtbot.addWidget(window)
    assert window.page is None and window.model.rowCount() == 0


def test_the_start_up_path_writes_nothing(qtbot, library_folder: Path) -> None:
    files = [library_folder / "library.sqlite3", library_folder / "window.ini"]
    before = [(path.read_bytes(), path.stat().st_mtime_ns) for path in files]
    window = start_window(library_folder)
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.model.row_data(0) is not None
    window.leave()
    assert [(path.read_bytes(), path.stat().st_mtime_ns) for path in files] == before


# -- the first paint imports nothing heavy (a process of its own) -----------------------------

PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from readinglist.gui.app import application, configure_process, start_app
from readinglist.gui.first_paint import StartWindow
seen = {{}}
def load():  # called once the start-up window is painted
    [start] = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow) and w.isVisible()]
    seen["heavy"] = [name for name in {heavy!r} if name in sys.modules]
    seen["rows"] = start.model.rowCount()
    seen["first"] = start.model.data(start.model.index(start.page.current_row, 1))
    return None
configure_process()
application()
seen["painted"] = start_app(Path(sys.argv[1]), load).painted_at is not None
print(json.dumps(seen))
"""


def test_the_first_rows_are_painted_before_anything_heavy_is_imported(library_folder: Path) -> None:
    leave_view(library_folder, "list:inbox", ("added", True))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), str(library_folder)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    with Library.open(library_folder, read_only=True) as library:
        inbox = library.paper_ids(filter_for_key("list:inbox"), "added", True)  # type: ignore[arg-type]
        first_title = library.rows(inbox[:1])[0].title
    assert seen == {"heavy": [], "rows": len(inbox), "first": first_title, "painted": True}


# -- the swap ----------------------------------------------------------------------------------


def is_alive(widget: StartWindow) -> bool:
    """Whether ``widget`` still exists, once the deletions asked for have run."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return shiboken6.isValid(widget)


def run_startup(qtbot, folder: Path, while_loading: Callable[[StartWindow], None] = lambda _start: None):
    """The app's start-up on ``folder``; ``while_loading`` acts on the start-up window as the app loads."""
    seen: dict[str, object] = {}

    def load() -> MainWindow | None:
        [start] = [w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow) and w.isVisible()]
        seen.update(
            geometry=start.geometry(),
            current=start.current_paper_id(),
            top_row=start.table.rowAt(0),
            table_at=start.table.mapTo(start, start.table.rect().topLeft()),
            widths=[start.table.columnWidth(c) for c in range(len(CELLS))],
            scroll=start.table.verticalScrollBar().value(),
            visible=start.isVisible(),
        )
        while_loading(start)
        return open_window(folder)

    startup = start_app(folder, load)
    window = startup.window
    assert window is not None
    qtbot.addWidget(window)
    return startup, window, seen


def test_the_real_window_takes_the_start_up_windows_place_without_a_jump(qtbot, library_folder: Path) -> None:
    ids = list_ids(library_folder, "list:inbox", ("title", False))
    leave_view(library_folder, "list:inbox", ("title", False), current_paper=ids[120])
    startup, window, seen = run_startup(qtbot, library_folder)
    assert seen["visible"] and startup.painted_at is not None and startup.ready_at is not None
    assert startup.painted_at < startup.ready_at
    assert startup.start is not None and not is_alive(startup.start)  # gone once the real window was up
    assert window.isVisible() and window.geometry() == seen["geometry"]
    assert window.current_paper_id() == seen["current"] == ids[120]
    assert window.table.rowAt(0) == seen["top_row"] and window.table.verticalScrollBar().value() == seen["scroll"]
    assert window.table.mapTo(window, window.table.rect().topLeft()) == seen["table_at"]
    assert [window.table.columnWidth(c) for c in range(len(COLUMNS))] == seen["widths"]
    assert window.model.row_data(window.table.rowAt(0)) is not None  # its rows were there when it showed
    assert QApplication.focusWidget() is window.table
    settle(qtbot, window)
    window.close()
    window.library.close()


def test_keys_pressed_during_start_up_are_applied_once_the_app_is_ready(qtbot, library_folder: Path) -> None:
    inbox = list_ids(library_folder, "list:inbox", ("added", True))
    leave_view(library_folder, "list:inbox", ("added", True), current_paper=inbox[0])

    def press_j_j_d(start: StartWindow) -> None:
        for key in (Qt.Key.Key_J, Qt.Key.Key_J, Qt.Key.Key_D):
            qtbot.keyClick(start.table, key)
        assert start.current_paper_id() == inbox[0]  # the start-up window does not act on them

    startup, window, _seen = run_startup(qtbot, library_folder, press_j_j_d)
    assert startup.replayed == 3
    settle(qtbot, window)
    window.close()
    window.library.close()
    with Library.open(library_folder, read_only=True) as library:
        statuses = [library.get(paper_id).status for paper_id in inbox[:4]]
    assert statuses == ["new", "new", "dismissed", "new"]  # the third paper, once


def test_keys_typed_after_slash_during_start_up_go_to_the_search_field(qtbot, library_folder: Path) -> None:
    def search_for_vision(start: StartWindow) -> None:
        qtbot.keyClick(start.table, Qt.Key.Key_Slash)
        qtbot.keyClicks(start.table, "vision")

    startup, window, _seen = run_startup(qtbot, library_folder, search_for_vision)
    assert startup.replayed == 7
    assert window.search.text() == "vision"  # each key went where the keys before it had put the focus
    settle(qtbot, window)
    window.close()
    window.library.close()


def test_closing_the_start_up_window_quits_once_the_app_is_up(qtbot, library_folder: Path) -> None:
    startup, window, _seen = run_startup(qtbot, library_folder, lambda start: start.close())
    assert startup.close_requested
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    window.library.close()


def test_a_library_that_cannot_open_leaves_no_start_up_window(qtbot, library_folder: Path) -> None:
    startup = start_app(library_folder, lambda: None)
    assert startup.window is None
    assert startup.start is not None and not is_alive(startup.start)
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, StartWindow)]
