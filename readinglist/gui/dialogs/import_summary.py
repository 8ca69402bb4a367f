"""What an import did, per file: new, merged, skipped (with the line and reason), failed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QTreeView, QVBoxLayout, QWidget

from readinglist.core.import_reports import FileReport
from readinglist.gui.controllers.import_messages import plural
from readinglist.gui.views.safe_browser import plain_tooltip

HEADERS = ("File", "Result", "Found", "New", "Merged", "Skipped")


class ImportSummaryDialog(QDialog):
    """A non-modal report of the last import; problems are child rows of their file.

    Esc closes it, in it or in the list it opened beside (it opens without taking
    the keyboard, so a person's Esc lands in the list). The window listens to
    ``finished`` to give the keyboard back to the list. It is a dialog of the
    window, above that window only: never on top of other applications.
    """

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
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.view)
        layout.addWidget(buttons)

    def close_on_escape_from(self, widget: QWidget) -> None:
        """Let Esc pressed in ``widget`` (the paper list) close the summary while it is open."""
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Esc in a watched widget closes the open summary (and is used up by it)."""
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
            and self.isVisible()
        ):
            self.reject()
            return True
        return super().eventFilter(watched, event)

    def set_reports(self, reports: list[FileReport]) -> None:
        """Replace the contents with ``reports`` (showing is the caller's choice)."""
        self.model.removeRows(0, self.model.rowCount())
        for report in reports:
            self.model.appendRow(_file_row(report))
        new = sum(r.new for r in reports)
        failed = sum(r.failed for r in reports)
        self.headline.setText(
            f"{plural(len(reports), 'file')}: {plural(new, 'new paper')}, "
            f"{sum(r.merged for r in reports):,} already in the library, "
            f"{plural(sum(r.skipped for r in reports), 'entry', 'entries')} skipped, {failed:,} failed"
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
