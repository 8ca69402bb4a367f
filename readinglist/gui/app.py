"""Start the desktop app: the QApplication, the library and the main window.

The start-up window (``startup``, ``first_paint``) is on screen before the
rest of the app is even imported, so this module imports only Qt and the
start-up path at its top; SQLAlchemy, the services, the worker and the main
window are imported by ``open_window``, behind the start-up window.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist.gui.instance import SingleInstance
from readinglist.gui.startup import Startup

if TYPE_CHECKING:
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
    """Open the library and its window, not shown yet (None, after telling the user, if it cannot be opened)."""
    from sqlalchemy.exc import DatabaseError

    from readinglist.core.migrations import SchemaError
    from readinglist.core.services import Library
    from readinglist.core.worker import ProcessJobs
    from readinglist.gui.main_window import MainWindow

    try:
        library = Library.open(library_dir, sync=False)  # indexing left over from a crash runs in the background
    except (SchemaError, DatabaseError, OSError) as error:
        QMessageBox.critical(None, "readinglist", f"Cannot open the library in {library_dir}:\n{error}")
        return None
    if library.read_only is not None:
        QMessageBox.warning(
            None, "readinglist", f"The library in {library_dir} is open read-only:\n{library.read_only}"
        )
    window = MainWindow(library, ProcessJobs(library))  # imports and indexing never hold the window's GIL
    # The day's backup (0.4 s at 100,000 papers) runs on the writer thread, never before the window shows.
    window.tasks.write(lambda: _backup_of_the_day(library), lambda problem: _say(window, problem))
    window.setWindowIcon(app_icon())
    if library.pending_index_count():
        window.rebuild_pending_index()
    return window


def _backup_of_the_day(library: Library) -> str | None:
    """Take the day's backup if there is none yet; a line for the status bar when it cannot be written."""
    from sqlalchemy.exc import DatabaseError

    from readinglist.core.care import daily_backup

    try:
        daily_backup(library)  # at most once a day, in <library>/backups
    except (OSError, DatabaseError) as error:
        return f"Today's backup of the library could not be written: {error}"
    return None


def _say(window: MainWindow, problem: str | None) -> None:
    if problem:
        window.statusBar().showMessage(problem, 15000)


def run(library_dir: Path, files: Sequence[Path] = ()) -> int:
    """Show the main window on ``library_dir`` until the user quits, importing ``files``; returns the exit code.

    When a window is already open on the library, ``files`` go to it instead
    and this process ends at once (see ``gui.instance``).
    """
    instance = SingleInstance(library_dir)
    if not instance.claim():
        return _hand_over(instance, files)
    try:
        return _run_window(library_dir, instance, files)
    finally:
        instance.release()


def _run_window(library_dir: Path, instance: SingleInstance, files: Sequence[Path]) -> int:
    configure_process()
    app = application()
    window = start_app(library_dir).window
    if window is None:
        return 1
    server = instance.serve(window)
    server.files_received.connect(window.receive_files)
    if files:
        window.import_paths(files)
    code = app.exec()
    server.close()
    window.library.close()
    return code


def start_app(library_dir: Path, load: Callable[[], MainWindow | None] | None = None) -> Startup[MainWindow]:
    """The start-up, run: its ``window`` is the main window on ``library_dir``, shown and taking keys (None when
    the library cannot be opened; the user was told), and the last list was on screen well before.

    See ``startup``: a start-up window paints the last list's first rows, the app
    loads behind it (``load``: ``open_window``), and the real window takes its
    place and the keys pressed meanwhile. The garbage collector waits meanwhile:
    the imports make hundreds of thousands of objects that live as long as the
    app, and collections in the middle of them only walk them again; at the end
    they are collected here, on the GUI thread, and frozen (``freeze_startup_objects``).
    """
    startup = Startup(library_dir, load or (lambda: open_window(library_dir)))
    gc.disable()
    try:
        startup.run()
    finally:
        freeze_startup_objects()
        gc.enable()
    return startup


def application() -> QApplication:
    """The QApplication of this process (made if there is none), named and with its icon."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)  # the app has windows: never a bare QCoreApplication
    app.setApplicationName("readinglist")
    app.setDesktopFileName("io.github.readinglist")
    app.setWindowIcon(app_icon())
    return app


def _hand_over(instance: SingleInstance, files: Sequence[Path]) -> int:
    """Give ``files`` to the window that has the library (it comes to the front); 0 when it took them."""
    if instance.hand_over(list(files)):
        sys.stderr.write(f"readinglist is already open on {instance.library_dir}; handed it {len(files)} file(s)\n")
        return 0
    application()
    QMessageBox.critical(
        None,
        "readinglist",
        f"The library in {instance.library_dir} is open in another readinglist window that does not answer.\n\n"
        "Close that window (or end its process) and try again.",
    )
    return 1
