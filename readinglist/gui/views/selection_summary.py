"""What the detail pane's place shows while several papers are selected: how many, and what can be done to them.

One paper's details would mislead when a key acts on three, so while more than
one paper is selected the pane gives way to "3 papers selected" and a button
per command that acts on a selection. The buttons are the window's own
QActions (``actions_by_id``): titles, keys and handlers stay declared once, in
``core.commands``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.tagging import split_tag_text

# The commands that act on every selected paper, in the order their buttons appear.
SELECTION_COMMANDS = (
    "paper.queue",
    "paper.reading",
    "paper.read",
    "paper.dismiss",
    "paper.unmark",
    "paper.star",
    "paper.tag",
    "paper.remove",
    "file.export",
)
COLUMNS = 2  # buttons per row


class TagsField(QLineEdit):
    """Tags to add to every selected paper: Enter adds them (``applied``), Esc goes back to the list."""

    applied = Signal(list)  # the tag names typed
    leave_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            names = split_tag_text(self.text())
            if names:
                self.clear()
                self.applied.emit(names)
            self.leave_requested.emit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)


class SelectionSummary(QWidget):
    """ "N papers selected", a button for each command in SELECTION_COMMANDS the window has, and tags to add."""

    def __init__(self, actions: Mapping[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Selected papers")
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.hint = QLabel("The keys and these buttons act on every selected paper.", self)
        self.hint.setWordWrap(True)
        self.buttons: dict[str, QToolButton] = {}
        grid = QGridLayout()
        for command_id in SELECTION_COMMANDS:
            action = actions.get(command_id)
            if action is None:  # a command this build does not have
                continue
            button = QToolButton(self)
            button.setDefaultAction(action)  # its text, enabled state and handler: the action's own
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a click leaves the keyboard with the list
            self._describe(button, action)
            action.changed.connect(lambda button=button, action=action: self._describe(button, action))
            grid.addWidget(button, len(self.buttons) // COLUMNS, len(self.buttons) % COLUMNS)
            self.buttons[command_id] = button
        self.tags = TagsField(self)
        self.tags.setPlaceholderText("Tags to add to them, comma-separated; Enter adds")
        self.tags.setAccessibleName("Tags to add to the selected papers")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(grid)
        layout.addWidget(self.tags)
        layout.addStretch(1)

    def focus_tags(self) -> None:
        """Put the cursor in the tags to add (the Tag command while several papers are selected)."""
        self.tags.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def set_count(self, count: int) -> None:
        """Say how many papers are selected."""
        self.title.setText(f"{count:,} papers selected")

    @staticmethod
    def _describe(button: QToolButton, action: QAction) -> None:
        """The tooltip names the key too, as the user bound it."""
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        text = action.iconText()
        button.setToolTip(f"{text} ({keys})" if keys else text)


def selected_count(table: QAbstractItemView) -> int:
    """How many rows are selected, counted by ranges (a 100,000-row selection is one range, not 100,000 indexes)."""
    selection = table.selectionModel().selection()
    return sum(part.bottom() - part.top() + 1 for part in (selection.at(i) for i in range(selection.size())))


def show_for_selections(
    stack: QStackedWidget, detail: QWidget, summary: SelectionSummary, table: QAbstractItemView
) -> None:
    """Put ``summary`` in ``detail``'s place in ``stack`` while more than one row of ``table`` is selected."""
    stack.addWidget(summary)

    def follow() -> None:
        count = selected_count(table)
        if count > 1:
            summary.set_count(count)
            stack.setCurrentWidget(summary)
        else:
            stack.setCurrentWidget(detail)

    table.selectionModel().selectionChanged.connect(follow)
    table.model().modelReset.connect(follow)
    table.model().rowsRemoved.connect(follow)
    follow()
