"""GUI fixtures: a real MainWindow over a fresh library, driven offscreen with pytest-qt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from readinglist.core.services import Library
from readinglist.core.worker import ProcessJobs
from readinglist.gui.app import configure_process
from readinglist.gui.main_window import MainWindow

LIBRARY_FIXTURES = Path(__file__).parents[1] / "core" / "fixtures" / "library"


def settle(qtbot, window: MainWindow, timeout: int = 30_000) -> None:  # pytest-qt's bot
    """Wait until every background task of the window has finished and called back."""
    qtbot.waitUntil(lambda: window.settled, timeout=timeout)


@pytest.fixture
def open_window(qtbot, tmp_path: Path) -> Iterator[Callable[[], MainWindow]]:
    """Opens (and later closes) windows on one library folder; call it again to 'restart'."""
    opened: list[MainWindow] = []

    def open_one() -> MainWindow:
        configure_process()  # as readinglist.gui.app.run does
        library = Library.open(tmp_path / "library")
        window = MainWindow(library, ProcessJobs(library))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        settle(qtbot, window)
        opened.append(window)
        return window

    yield open_one
    for window in opened:
        if window.isVisible():
            window.close()
        window.jobs.close()
        window.library.close()


@pytest.fixture
def window(open_window: Callable[[], MainWindow]) -> MainWindow:
    """A shown main window over an empty library."""
    return open_window()


def drop(target: QWidget, mime: QMimeData) -> QDropEvent:
    """Deliver a complete drag-enter, drag-move and drop of ``mime`` onto ``target``."""
    # Qt 6.11 takes a QPoint for drag-enter and drag-move, a QPointF for the drop.
    position = target.rect().center()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers, QEvent.Type.DragMove)
    QApplication.sendEvent(target, move)
    dropped = QDropEvent(QPointF(position), Qt.DropAction.CopyAction, mime, buttons, modifiers, QEvent.Type.Drop)
    QApplication.sendEvent(target, dropped)
    return dropped


def file_mime(paths: list[Path]) -> QMimeData:
    """What a file manager puts on a drag of ``paths``."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime
