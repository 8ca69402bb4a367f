"""Start the desktop app: the QApplication, the library and the main window."""

from __future__ import annotations

import gc
import sys
from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy.exc import DatabaseError

from readinglist.core.migrations import SchemaError
from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow

GIL_SWITCH_INTERVAL_S = 0.001


def configure_process() -> None:
    """Process-wide settings the window relies on to stay responsive.

    The GUI thread shares the interpreter lock with the reader and writer
    threads, and every call Qt makes into Python (each cell it paints) must
    take the lock, waiting up to the switch interval each time (5 ms by
    default). With 1 ms, the longest event-loop stall of the 10,000-paper
    import test fell from 42 ms to 22 ms in the full suite.
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def freeze_startup_objects() -> None:
    """Keep the garbage collector from walking everything loaded at start-up.

    Qt, SQLAlchemy and Whoosh leave hundreds of thousands of long-lived objects;
    a full collection walks all of them, on whichever thread triggers it, and
    on the GUI thread that was a 100-200 ms freeze. Moving them to the
    permanent generation once the window is up leaves collections only the
    objects made since.
    """
    gc.collect()
    gc.freeze()


def app_icon() -> QIcon:
    """The application icon, from the SVG shipped in ``readinglist.resources``."""
    with resources.as_file(resources.files("readinglist.resources") / "readinglist.svg") as path:
        return QIcon(str(path))


def open_window(library_dir: Path) -> MainWindow | None:
    """Open the library and its window (None, after telling the user, if it cannot be opened)."""
    try:
        library = Library.open(library_dir, sync=False)  # indexing left over from a crash runs in the background
    except (SchemaError, DatabaseError, OSError) as error:
        QMessageBox.critical(None, "readinglist", f"Cannot open the library in {library_dir}:\n{error}")
        return None
    library.use_worker_process()
    window = MainWindow(library)
    window.setWindowIcon(app_icon())
    if library.pending_index_count():
        window.rebuild_pending_index()
    return window


def run(library_dir: Path) -> int:
    """Show the main window on ``library_dir`` until the user quits; returns the exit code."""
    configure_process()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("readinglist")
    app.setDesktopFileName("io.github.readinglist")
    app.setWindowIcon(app_icon())
    window = open_window(library_dir)
    if window is None:
        return 1
    window.show()
    window.focus_list()
    freeze_startup_objects()
    code = app.exec()
    window.library.close()
    return code
