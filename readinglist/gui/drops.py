"""Drops anywhere on the window: files, folders and page text are taken for import (text fields keep text drops).

While such a drag hovers over the window, a highlight over the whole window
says "Drop to import"; it goes when the drag leaves or drops.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QMimeData, QObject, Qt
from PySide6.QtGui import QColor, QDropEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget

from readinglist.gui.mime import local_files, offers_import

HIGHLIGHT_TEXT = "Drop to import"


class DropHighlight(QWidget):
    """A frame in the theme's highlight colour over the whole window, saying what a drop does.

    It takes no mouse or drag events: the widgets under it still receive the drag.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("DropHighlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def show_over(self) -> None:
        """Cover the window (whatever size it has now) and show."""
        parent = self.parentWidget()
        assert parent is not None  # made over a window
        self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        wash = QColor(accent)
        wash.setAlpha(40)
        painter.fillRect(self.rect(), wash)
        painter.setPen(QPen(accent, 4))
        painter.drawRect(self.rect().adjusted(2, 2, -2, -2))
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        painter.setFont(font)
        # The words on a plate of the window's colour, readable over whatever the window shows.
        words = painter.fontMetrics().boundingRect(HIGHLIGHT_TEXT).adjusted(-24, -14, 24, 14)
        words.moveCenter(self.rect().center())
        painter.setBrush(self.palette().color(QPalette.ColorRole.Window))
        painter.setPen(QPen(accent, 2))
        painter.drawRoundedRect(words, 8, 8)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(words, Qt.AlignmentFlag.AlignCenter, HIGHLIGHT_TEXT)
        painter.end()


class DropCatcher(QObject):
    """An application event filter that hands what is dropped on ``window`` to ``on_drop``."""

    def __init__(self, window: QWidget, on_drop: Callable[[QMimeData], None]) -> None:
        super().__init__(window)
        self._window = window
        self._on_drop = on_drop
        self.highlight = DropHighlight(window)

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
        if kind == QEvent.Type.DragLeave and isinstance(watched, QWidget) and watched.window() is self._window:
            self.highlight.hide()  # moving to another widget of the window enters it (and shows it) again
            return False
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # drag enter and drag move events are drop events too
        if not isinstance(watched, QWidget) or watched.window() is not self._window:
            return False
        if kind == QEvent.Type.Drop:
            self.highlight.hide()
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
        elif not self.highlight.isVisible():
            self.highlight.show_over()
        return True
