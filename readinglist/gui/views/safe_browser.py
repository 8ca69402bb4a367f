"""A rich-text view for imported data: it never navigates, and it fetches nothing.

Abstracts, links and notes come from web pages we do not control. A plain
``QTextBrowser`` follows a clicked ``file:`` link by loading that file into
itself, hands ``javascript:`` links to the system's opener and loads ``file:``
and ``qrc:`` images named by the text. ``SafeBrowser`` instead sends every
clicked link to one place, which opens http(s) URLs in the user's browser and
refuses the rest, and loads no resource the text names. Both the browser's
``loadResource`` and its document's are overridden, since when the browser's
answers nothing ``QTextDocument.loadResource`` falls back to reading local files;
and an image gets a stand-in picture, since for an image that loads as nothing
Qt's image handler reads the named file (or ``qrc:`` resource) itself.
"""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QImage,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFrame,
    QTextFrameFormat,
    QTextTable,
)
from PySide6.QtWidgets import QTextBrowser, QWidget

WEB_SCHEMES = frozenset({"http", "https"})


def is_web_link(url: QUrl) -> bool:
    """An absolute http(s) URL with a host: the only kind of link the window opens."""
    return url.isValid() and url.scheme().lower() in WEB_SCHEMES and bool(url.host())


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows it literally (Qt reads a tooltip with a tag as rich text)."""
    return f"<p>{html.escape(text)}</p>" if "<" in text else text


class SafeDocument(QTextDocument):
    """A document that loads no resource at all: no files, no ``qrc:``, no ``data:``, no network."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.refused_resources = 0  # how often the text asked for a resource (none was loaded)
        self.last_refused = ""  # the last one asked for

    def loadResource(self, type: int, name: QUrl | str, /) -> Any:  # noqa: A002 (Qt's name)
        """Load nothing; an image is a grey square made here (an empty answer would make Qt read the file)."""
        self.refused_resources += 1
        self.last_refused = name.toString() if isinstance(name, QUrl) else name
        if getattr(type, "value", type) == QTextDocument.ResourceType.ImageResource.value:  # an int or the enum
            return blocked_image()
        return None


def blocked_image() -> QImage:
    """What an image of imported text shows instead of itself: a small grey square."""
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    image.fill(QColor(128, 128, 128, 96))
    return image


class SafeBrowser(QTextBrowser):
    """A read-only rich-text view whose links open only in the web browser, and only http(s) ones."""

    link_refused = Signal(str)  # a clicked link that is not http(s): not opened
    link_opened = Signal(str)  # a clicked http(s) link, handed to the system's browser

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)  # never replace the content with the link's target
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])
        self.safe_document = SafeDocument(self)
        self.setDocument(self.safe_document)
        self.anchorClicked.connect(self._link_clicked)

    @property
    def refused_resources(self) -> int:
        """How often the text asked for a resource; none was loaded."""
        return self.safe_document.refused_resources

    def set_markdown(self, text: str) -> None:
        """Show Markdown ``text``, its tables drawn as grids whose headings line up with their columns."""
        self.setMarkdown(text)
        tidy_tables(self.safe_document)

    def loadResource(self, type: int, name: QUrl | str, /) -> Any:  # noqa: A002 (Qt's name)
        """Load nothing: no local files, no Qt resources, no network (an image shows as a grey square)."""
        return self.safe_document.loadResource(type, name)

    def _link_clicked(self, url: QUrl) -> None:
        if is_web_link(url):
            QDesktopServices.openUrl(url)
            self.link_opened.emit(url.toString())
        else:
            self.link_refused.emit(url.toString())


TABLE_PADDING = 4  # px between a table cell's border and its text


def tidy_tables(document: QTextDocument) -> None:
    """Draw the Markdown tables of ``document`` as plain grids, each heading aligned like its column.

    Qt's Markdown reader aligns the body cells as the ``|---:|`` row says but
    leaves the headings left-aligned, and draws outset 3D borders with gaps
    between the cells.
    """
    for table in _tables(document.rootFrame()):
        table_format = table.format()
        table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
        table_format.setBorder(1)
        table_format.setBorderCollapse(True)
        table_format.setCellSpacing(0)
        table_format.setCellPadding(TABLE_PADDING)
        table.setFormat(table_format)
        if table.rows() > 1:
            for column in range(table.columns()):
                _align_cell(table, 0, column, _alignment(table, 1, column))


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _alignment(table: QTextTable, row: int, column: int) -> Qt.AlignmentFlag:
    return table.cellAt(row, column).firstCursorPosition().blockFormat().alignment()


def _align_cell(table: QTextTable, row: int, column: int, alignment: Qt.AlignmentFlag) -> None:
    cell = table.cellAt(row, column)
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastCursorPosition().position(), QTextCursor.MoveMode.KeepAnchor)
    block_format = QTextBlockFormat()
    block_format.setAlignment(alignment)
    cursor.mergeBlockFormat(block_format)
