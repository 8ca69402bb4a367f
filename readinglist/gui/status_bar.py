"""What the window says without asking: the status bar (messages, the list's count, progress with Cancel) and warnings.

Warnings are non-modal message boxes; nothing here blocks the window.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar, QPushButton, QStatusBar, QWidget

from readinglist.gui.tasks import TaskRunner


class StatusBar(QStatusBar):
    """Messages, the count of the list shown, the progress of a long task with its Cancel, and "Import details…"."""

    def __init__(self, tasks: TaskRunner, import_details: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.count_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(tasks.cancel)
        self.details_button = QPushButton("Import details…", self)
        self.details_button.setFlat(True)
        self.details_button.clicked.connect(import_details.show)
        self.details_button.hide()
        self.addWidget(self.count_label, 1)
        self.addPermanentWidget(self.details_button)
        self.addPermanentWidget(self.progress)
        self.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        tasks.progress.connect(self.show_progress)
        tasks.busy_changed.connect(self.busy_changed)

    def show_progress(self, done: int, total: int, label: str) -> None:
        """Show how far the running long task is ("Importing 3/12")."""
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} %v/%m")

    def busy_changed(self, busy: bool) -> None:
        """Show the progress and Cancel while a long task runs; hide them after."""
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)


def show_warning(parent: QWidget, title: str, message: str, details: str | None = None) -> None:
    """A non-modal warning box over ``parent``, with ``details`` behind its "Show Details…" button."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, parent)
    if details is not None:
        box.setDetailedText(details)
    box.setModal(False)
    box.show()


def show_beside(window: QMainWindow, dialog: QWidget) -> None:
    """Show ``dialog`` beside ``window``, the keyboard staying where it was.

    Some platforms (Qt's offscreen one, X servers without a window
    manager) activate every window shown, whatever WA_ShowWithoutActivating says.
    """
    was_active = window.isActiveWindow()
    dialog.show()
    if was_active:
        window.activateWindow()
