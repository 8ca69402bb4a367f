"""What the window says without asking: the status bar (messages, the list's count, the last fetch from the Hub,
progress with Cancel) and warnings.

Warnings are non-modal message boxes; nothing here blocks the window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QStatusBar, QWidget

from readinglist.gui.tasks import TaskRunner
from readinglist.gui.views.safe_browser import plain_tooltip


class StatusBar(QStatusBar):
    """Messages, the count of the list shown, the progress of a long task with its Cancel, and "Import details…"."""

    def __init__(self, tasks: TaskRunner, import_details: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_label = QLabel(self)
        # The words go in a label beside the bar: inside it, "Indexing 3,000/10,000" was clipped.
        self.progress_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(tasks.cancel)
        self.details_button = QPushButton("Import details…", self)
        self.details_button.setFlat(True)
        self.details_button.clicked.connect(import_details.show)
        self.details_button.hide()
        self.completion_button = QPushButton("Completion details…", self)  # the window connects it
        self.completion_button.setFlat(True)
        self.completion_button.hide()
        self.hub_label = QLabel(self)  # when the Hub was last fetched from, and what it brought
        self.hub_label.setAccessibleName("Last fetch from the Hub")
        self.hub_label.setTextFormat(Qt.TextFormat.PlainText)  # the Hub's own words may be in it
        self.hub_label.hide()
        self.addWidget(self.count_label, 1)
        self.addPermanentWidget(self.hub_label)
        self.addPermanentWidget(self.completion_button)
        self.addPermanentWidget(self.details_button)
        self.addPermanentWidget(self.progress_label)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.progress_label.hide()
        self.cancel_button.hide()
        tasks.progress.connect(self.show_progress)
        tasks.busy_changed.connect(self.busy_changed)

    def show_progress(self, done: int, total: int, label: str) -> None:
        """Show how far the running long task is ("Importing 3/12"), in words beside the bar."""
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        text = f"{label} {done:,}/{total:,}"
        self.progress.setFormat(text)  # what assistive tools read from the bar
        self.progress_label.setText(text)
        # Room for the widest count of this total, so the words never clip and the bar does not jump.
        widest = self.progress_label.fontMetrics().horizontalAdvance(f"{label} {total:,}/{total:,}") + 4
        if widest != self.progress_label.minimumWidth():
            self.progress_label.setMinimumWidth(widest)

    def show_last_fetch(self, text: str, details: str = "") -> None:
        """Say, standing, when the Hub was last fetched from and what it brought (``details``: the tooltip)."""
        self.hub_label.setText(text)
        self.hub_label.setToolTip(plain_tooltip(details or text))
        self.hub_label.setVisible(bool(text))

    def busy_changed(self, busy: bool) -> None:
        """Show the progress and Cancel while a long task runs; hide them after."""
        self.progress.setVisible(busy)
        self.progress_label.setVisible(busy)
        self.cancel_button.setVisible(busy)


def show_warning(parent: QWidget, title: str, message: str, details: str | None = None) -> QMessageBox:
    """A non-modal warning box over ``parent``; OK has the focus, so Return (or Esc) closes it.

    ``details`` (a traceback) goes behind "Show Details…", for an unexpected error
    only: callers pass none for a situation a person can cause and put right.
    A clicked "Show Details…" would otherwise keep the focus and take Return.
    """
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    ok = box.button(QMessageBox.StandardButton.Ok)
    if details:
        box.setDetailedText(details)
        for toggle in box.buttons():  # "Show Details…": a click leaves Return (and the focus) with OK
            if box.buttonRole(toggle) == QMessageBox.ButtonRole.ActionRole and isinstance(toggle, QPushButton):
                toggle.setAutoDefault(False)
                toggle.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    box.setDefaultButton(QMessageBox.StandardButton.Ok)
    box.setEscapeButton(ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setModal(False)
    box.show()
    ok.setFocus(Qt.FocusReason.OtherFocusReason)
    return box


def show_beside(window: QMainWindow, dialog: QWidget) -> None:
    """Show ``dialog`` beside ``window``, the keyboard staying where it was.

    Some platforms (Qt's offscreen one, X servers without a window
    manager) activate every window shown, whatever WA_ShowWithoutActivating says.
    """
    was_active = window.isActiveWindow()
    dialog.show()
    if was_active:
        window.activateWindow()
