"""What an import did, per file: new, merged, skipped (with the line and reason), failed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from readinglist.core.import_reports import FileReport
from readinglist.gui.views.safe_browser import plain_tooltip

HEADERS = ("File", "Result", "Found", "New", "Merged", "Skipped")


class ImportSummaryDialog(QDialog):
    """A non-modal report of the last import; problems are child rows of their file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        # Shown after an import finishes; it must not take the keyboard from the list.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.resize(820, 360)
        self.headline = QLabel(self)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(HEADERS)
        self.view = QTreeView(self)
        self.view.setModel(self.model)
        self.view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.view.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def set_reports(self, reports: list[FileReport]) -> None:
        """Replace the contents with ``reports`` (showing is the caller's choice)."""
        self.model.removeRows(0, self.model.rowCount())
        for report in reports:
            self.model.appendRow(_file_row(report))
        new = sum(r.new for r in reports)
        failed = sum(r.failed for r in reports)
        self.headline.setText(
            f"{len(reports)} file(s): {new} new papers, {sum(r.merged for r in reports)} merged, "
            f"{sum(r.skipped for r in reports)} entries skipped, {failed} failed"
            + ("; the import stopped at the last file" if reports and reports[-1].halted else "")
        )
        self.view.expandAll()
        for column in range(1, len(HEADERS)):
            self.view.resizeColumnToContents(column)


def _cell(text: object, number: bool = False) -> QStandardItem:
    item = QStandardItem(str(text))
    if number:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _file_row(report: FileReport) -> list[QStandardItem]:
    result = {"imported": "imported", "unchanged": "already imported", "failed": "failed"}[report.outcome]
    name = _cell(Path(report.source).name)
    name.setToolTip(plain_tooltip(report.source))  # names and messages may hold '<': shown as they are
    row = [name, _cell(result)] + [_cell(n, True) for n in (report.found, report.new, report.merged, report.skipped)]
    if report.message:
        row[1].setToolTip(plain_tooltip(report.message))
        name.appendRow([_cell(report.message)] + [_cell("") for _ in HEADERS[1:]])
    for problem in report.problems:
        where = f"line {problem.line}: " if problem.line else ""  # an export's entries have no line
        name.appendRow([_cell(f"{where}{problem.reason}")] + [_cell("") for _ in HEADERS[1:]])
    return row
