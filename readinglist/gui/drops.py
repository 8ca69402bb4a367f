"""Drops anywhere on the window: files, folders and page text are taken for import (text fields keep text drops)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from readinglist.gui.mime import local_files, offers_import


class DropCatcher(QObject):
    """An application event filter that hands what is dropped on ``window`` to ``on_drop``."""

    def __init__(self, window: QWidget, on_drop: Callable[[QMimeData], None]) -> None:
        super().__init__(window)
        self._window = window
        self._on_drop = on_drop

    def install(self) -> None:
        """Start taking drops (on every widget of the window, whatever child the pointer is over)."""
        app = QApplication.instance()
        assert app is not None  # a window exists only inside an application
        app.installEventFilter(self)

    def remove(self) -> None:
        """Stop taking drops (the window is closing)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take file and page-text drops anywhere in the window (text fields keep text drops)."""
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # drag enter and drag move events are drop events too
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        mime = event.mimeData()
        is_text_field = isinstance(watched, QLineEdit | QPlainTextEdit)
        if is_text_field and not local_files(mime):
            return False  # a text field takes its own text (and link) drops
        if not offers_import(mime):
            return False  # an empty drop is nothing to import
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            self._on_drop(mime)
        return True
