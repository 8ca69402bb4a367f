"""What an import did, per file: new, merged, skipped (with the line and reason), failed; and, for the papers it
brought without an arXiv id, an offer to look them up on the Hub."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent, QStandardItem
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.import_reports import FileReport
from readinglist.gui.controllers.import_messages import plural
from readinglist.gui.views.report_table import report_table
from readinglist.gui.views.safe_browser import plain_tooltip

HEADERS = ("File", "Result", "Found", "New", "Merged", "Skipped")


class ImportSummaryDialog(QDialog):
    """A non-modal report of the last import; problems are child rows of their file.

    Esc closes it, in it or in the list it opened beside (it opens without taking
    the keyboard, so a person's Esc lands in the list). The window listens to
    ``finished`` to give the keyboard back to the list. It is a dialog of the
    window, above that window only: never on top of other applications.

    Once shown, it asks which papers of the import have no arXiv id
    (``batches_shown``: read only when a person looks, never after every import);
    when there are some (``offer_lookup``), "Look Them Up on the Hub" asks for
    their completion (``lookup_requested``). Nothing is sent before it is pressed.
    """

    batches_shown = Signal(list)  # the summary of these import batches is on screen: which papers lack an id?
    lookup_requested = Signal(list)  # the ids of the papers to look up on the Hub

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import summary")
        # Shown after an import finishes; it must not take the keyboard from the list.
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.resize(820, 360)
        self.headline = QLabel(self)
        self.model, self.view = report_table(self, HEADERS, nested=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        self.lookup_note = QLabel(self)
        self.lookup_button = buttons.addButton("&Look Them Up on the Hub", QDialogButtonBox.ButtonRole.ActionRole)
        assert self.lookup_button is not None  # made by addButton
        self.lookup_button.setAutoDefault(False)  # Return (or Esc) closes the summary; looking up is a choice
        self.lookup_button.clicked.connect(self._look_up)
        self._to_look_up: list[int] = []
        self._batches: list[int] = []  # of the reports shown, until asked about once shown
        self.generation = 0  # of the reports shown: an answer about earlier ones is not offered
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.view)
        layout.addWidget(self.lookup_note)
        layout.addWidget(buttons)
        self.offer_lookup([])

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

    def offer_lookup(self, paper_ids: list[int]) -> None:
        """Offer to look up on the Hub ``paper_ids``, the import's papers without an arXiv id ([]: offer nothing)."""
        self._to_look_up = list(paper_ids)
        count = len(paper_ids)
        self.lookup_note.setText(
            f"{plural(count, 'paper')} of this import {'has' if count == 1 else 'have'} no arXiv id: "
            "the Hub's search can find them by their exact title and fill in the id, date, links and counts."
        )
        for widget in (self.lookup_note, self.lookup_button):
            widget.setVisible(bool(count))

    def _look_up(self) -> None:
        ids, self._to_look_up = self._to_look_up, []
        self.offer_lookup([])
        if ids:
            self.lookup_requested.emit(ids)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        batches, self._batches = self._batches, []
        if batches:
            self.batches_shown.emit(batches)

    def set_reports(self, reports: list[FileReport]) -> None:
        """Replace the contents with ``reports`` (showing is the caller's choice); no lookup is offered until asked."""
        self.offer_lookup([])
        self.generation += 1
        self._batches = [r.batch_id for r in reports if r.batch_id is not None and (r.new or r.merged)]
        if self.isVisible() and self._batches:  # shown already: ask now
            batches, self._batches = self._batches, []
            self.batches_shown.emit(batches)
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
