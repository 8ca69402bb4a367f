"""The note in triage: a line or two while empty, growing with its text or when it has the focus.

In the library the detail pane shares its height between the paper and the
user's tags and note. In triage most papers get no note, and an empty editor
taking a third of the height made the abstract scroll; so there the note is
as tall as it needs to be (never more than a third of the pane) and the paper
gets the rest.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from readinglist.gui.views.detail import DetailPane

EMPTY_LINES = 2  # an empty note, not being typed in
FOCUSED_LINES = 6  # room to write once the cursor is in it
MAX_SHARE = 3  # the note never takes more than 1/MAX_SHARE of the pane's height


class NoteFit(QObject):
    """Sizes ``pane``'s note to its text (and focus), and gives the paper above it the rest of the height."""

    def __init__(self, pane: DetailPane) -> None:
        super().__init__(pane)
        self.pane = pane
        lower = pane.splitter.widget(1)  # the tags and the note, below the paper
        assert lower is not None, "the detail pane's splitter has the paper above, the tags and note below"
        self.lower: QWidget = lower
        pane.splitter.setStretchFactor(0, 1)
        pane.splitter.setStretchFactor(1, 0)
        pane.splitter.setCollapsible(0, False)  # the paper never shrinks to nothing
        pane.note.textChanged.connect(self.fit)
        pane.note_stack.currentChanged.connect(self.fit)
        for watched in (pane, pane.note, pane.preview):
            watched.installEventFilter(self)
        self.fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut, QEvent.Type.Resize):
            self.fit()
        return False

    def note_lines(self) -> int:
        """The lines the note shows: its text's, with room to type when focused, at least EMPTY_LINES."""
        note = self.pane.note
        text_lines = round(note.document().size().height()) if note.toPlainText() else 0
        wanted = text_lines + 1 if text_lines else 0
        if note.hasFocus():
            wanted = max(wanted, FOCUSED_LINES)
        return max(wanted, EMPTY_LINES)

    def fit(self) -> None:
        """Make the note as tall as ``note_lines`` (within a share of the pane) and the paper take the rest."""
        note = self.pane.note
        chrome = 2 * note.frameWidth() + round(2 * note.document().documentMargin())
        wanted = self.note_lines() * note.fontMetrics().lineSpacing() + chrome
        ceiling = max(self.pane.height() // MAX_SHARE, EMPTY_LINES * note.fontMetrics().lineSpacing() + chrome)
        self.pane.note_stack.setFixedHeight(min(wanted, ceiling))
        self.lower.setMaximumHeight(_layout_height(self.lower))
        sizes = self.pane.splitter.sizes()
        if sum(sizes) > self.lower.maximumHeight():  # laid out: the paper gets what the note does not take
            self.pane.splitter.setSizes([sum(sizes) - self.lower.maximumHeight(), self.lower.maximumHeight()])


def _layout_height(widget: QWidget) -> int:
    """The height ``widget``'s layout asks for (its size hint, which follows the note's fixed height)."""
    layout = widget.layout()
    if layout is not None:
        layout.invalidate()
        layout.activate()
    return widget.sizeHint().height()
