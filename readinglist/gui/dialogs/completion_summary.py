"""What the last completion from the Hub did, paper by paper: completed (with the arXiv id found) or skipped, and why.

Non-modal, like the import summary: it opens beside the window without taking
the keyboard when papers were skipped, and on request from the status bar.
Titles and reasons come from imports and the Hub: shown as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from readinglist.core.hub.completing import Completion, CompletionReport
from readinglist.gui.controllers.hub_messages import completion_message
from readinglist.gui.views.report_table import report_table
from readinglist.gui.views.safe_browser import plain_tooltip

HEADERS = ("Paper", "Result", "Why / arXiv id")


class CompletionSummaryDialog(QDialog):
    """The papers of the last completion; the skipped ones first, since they are what a person may look into."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Completed from the Hub")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.resize(820, 360)
        self.headline = QLabel(self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.model, self.view = report_table(self, HEADERS)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def set_report(self, report: CompletionReport, asked: int) -> None:
        """Replace the contents with ``report`` of a completion of ``asked`` papers (showing is the caller's choice)."""
        self.model.removeRows(0, self.model.rowCount())
        for completion in [*report.skipped, *report.completed]:
            self.model.appendRow(_row(completion))
        self.headline.setText(completion_message(report, asked))
        for column in (1, 2):
            self.view.resizeColumnToContents(column)

    def skipped_titles(self) -> list[str]:
        """The titles listed as skipped (what a person reads here; tests too)."""
        rows = range(self.model.rowCount())
        return [self.model.item(row, 0).text() for row in rows if self.model.item(row, 1).text() == "skipped"]


def _row(completion: Completion) -> list[QStandardItem]:
    why = completion.reason if completion.outcome == "skipped" else (completion.arxiv_id or "")
    cells = [QStandardItem(completion.title or f"paper {completion.paper_id}"), QStandardItem(completion.outcome)]
    cells.append(QStandardItem(why))
    for cell in cells:
        cell.setEditable(False)
        cell.setToolTip(plain_tooltip(cell.text()))
    return cells
