"""Triage mode: one paper at a time, large, with a progress line and a summary at the end.

The view holds the run (the ids of the list when triage started, or of the
papers selected) and the place in it; the window does the deciding, with the
same actions, undo steps and writer thread as in the table, and tells the view
to move on. What the run changed is tallied from the ``Changes`` the window
passes on (see ``triage_summary``): the first "before" value seen for a paper
is what it was before triage, and the summary compares that with the paper at
the end, so an undone decision leaves no trace in the counts.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from readinglist.core.changes import Changes
from readinglist.core.commands import Command
from readinglist.core.records import PaperRecord, PaperRow
from readinglist.gui.theme import faint_text
from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.triage_note import NoteFit
from readinglist.gui.views.triage_summary import note_change, summary_html, tally

__all__ = ["TriageView", "key_hints", "tally", "time_left"]

READABLE_WIDTH = 980  # px: long lines of abstract are hard to follow
TEXT_SCALE = 1.3  # the paper's text, relative to the application font
PREFETCH = 3  # papers loaded ahead, so a decision shows the next one at once
PACE_AFTER = 2  # decisions before the time left is estimated

# Loaders start the work and deliver on the GUI thread; what they return is ignored.
PaperLoader = Callable[[int, Callable[[PaperRecord], None]], object]
RowsLoader = Callable[[list[int], Callable[[list[PaperRow]], None]], object]

HINTED = (  # the commands whose keys the hint under the paper shows, in this order
    *("paper.queue", "paper.reading", "paper.read", "paper.dismiss", "paper.unmark", "paper.star"),
    *("paper.tag", "paper.note", "view.next", "view.previous", "edit.undo"),
)
LEAVE_HINT = "Enter or Esc: back to the library"  # the summary's keys (with undo's, from the key map)


def key_hints(commands: Sequence[Command], ids: Sequence[str]) -> list[tuple[str, str]]:
    """(first key, short title) of the commands ``ids`` that have a key, in that order."""
    by_id = {cmd.id: cmd for cmd in commands}
    hints = []
    for command_id in ids:
        cmd = by_id[command_id]
        keys = cmd.list_keys or cmd.keys
        if keys:
            hints.append((keys[0], cmd.title.replace("&", "").removesuffix("…").casefold()))
    return hints


def time_left(seconds_per_paper: float, remaining: int) -> str:
    """ "about 6 min left" from the pace so far."""
    seconds = seconds_per_paper * remaining
    if seconds < 60:
        return "under a minute left"
    return f"about {round(seconds / 60)} min left"


class TriageView(QWidget):
    """The run's current paper, large; Esc (or the summary's button) goes back to the library."""

    leave_requested = Signal()

    def __init__(self, load_paper: PaperLoader, load_rows: RowsLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Triage")
        self._load_paper = load_paper
        self._load_rows = load_rows
        self._ids: list[int] = []
        self._run_name = "papers"  # what the run goes over: the list shown, or "selected papers"
        self._position = 0
        self._decisions = 0
        self._started = 0.0
        self._records: dict[int, PaperRecord] = {}
        self._asked: set[int] = set()
        self._before: dict[int, dict[str, object]] = {}
        self._trashed: set[int] = set()  # the run's papers in the Trash now (a row does not say)
        self.summary_counts: Counter[str] = Counter()

        self.progress = QLabel(self)
        self.progress.setAccessibleName("Triage progress")
        bold = self.progress.font()
        bold.setBold(True)
        self.progress.setFont(bold)  # not a style sheet: that kept the light theme's black text in the dark theme
        self.hint = QLabel(self)  # the keys, from the key map: see set_keys_hint
        self.summary_hint = QLabel(LEAVE_HINT, self)  # the keys that work on the summary
        self.summary_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._colour_hints()
        self.pane = DetailPane(self)
        self.pane.info.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys belong to the view
        self.pane.hide_similar()
        self.note_fit = NoteFit(self.pane)  # the note small while empty: the paper gets the height
        font = self.pane.info.font()
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.pane.info.setFont(font)
        self.summary = QLabel(self)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setAccessibleName("Triage summary")
        self.back = QPushButton("Back to the library (Enter)", self)
        self.back.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Enter on the view presses it
        self.back.clicked.connect(self.leave_requested)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.pane)
        self.pages.addWidget(self._summary_page())
        self._layout()

    def _summary_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        layout.addWidget(self.summary)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.back)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.summary_hint)
        layout.addStretch(2)
        return page

    def _layout(self) -> None:
        column = QWidget(self)
        column.setMaximumWidth(READABLE_WIDTH)
        inner = QVBoxLayout(column)
        inner.addWidget(self.progress)
        inner.addWidget(self.pages, 1)
        inner.addWidget(self.hint)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 100)
        outer.addStretch(1)

    def set_keys_hint(self, keys: Sequence[tuple[str, str]]) -> None:
        """Show the decision keys under the paper: (key, what it does) pairs."""
        self.hint.setText("   ".join(f"<b>{key}</b> {what}" for key, what in [*keys, ("Esc", "leave")]))

    def use_commands(self, commands: Sequence[Command]) -> None:
        """Show the keys ``commands`` (the key map in use) give the HINTED commands, and undo's on the summary."""
        self.set_keys_hint(key_hints(commands, HINTED))
        undo = [
            f"{key}: {what} the last change (back to its paper)" for key, what in key_hints(commands, ["edit.undo"])
        ]
        self.summary_hint.setText("   ".join([LEAVE_HINT, *undo]))

    def _colour_hints(self) -> None:
        """Hints in a colour quieter than the text yet readable (WCAG AA) on the theme's background."""
        for label in (self.hint, self.summary_hint):
            palette = QPalette(label.palette())
            palette.setColor(QPalette.ColorRole.WindowText, faint_text(self.palette()))
            label.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # a new theme: its own hint colour
            self._colour_hints()
        super().changeEvent(event)

    # -- the run ------------------------------------------------------------

    def start(self, ids: Sequence[int], selection: bool = False) -> None:
        """Begin a run over ``ids``, in this order; ``selection``: they are the papers selected, not the list."""
        self._ids = list(ids)
        self._run_name = "selected papers" if selection else "papers"
        self._position = 0
        self._decisions = 0
        self._started = time.monotonic()
        self._records.clear()
        self._asked.clear()
        self._before.clear()
        self._trashed.clear()
        self.summary_counts = Counter()
        self._show_page(0)
        self._show_current()

    @property
    def running(self) -> bool:
        """True while a paper (not the summary) is on screen."""
        return bool(self._ids) and self.pages.currentIndex() == 0

    def current_id(self) -> int | None:
        """The paper on screen, if any."""
        return self._ids[self._position] if self.running else None

    def step(self, delta: int) -> None:
        """Move ``delta`` papers on (back, when negative) without deciding."""
        if self.running:
            self._position = min(max(self._position + delta, 0), len(self._ids) - 1)
            self._show_current()

    def decided(self) -> None:
        """A decision was taken on the current paper: on to the next, or the summary after the last."""
        if not self.running:
            return
        self._decisions += 1
        if self._position + 1 < len(self._ids):
            self._position += 1
            self._show_current()
        else:
            self._finish()

    def go_to(self, paper_ids: Sequence[int]) -> None:
        """Show the first of ``paper_ids`` that is in the run (after an undo), even from the summary."""
        place = next((self._ids.index(pid) for pid in paper_ids if pid in self._ids), None)
        if place is not None:
            self._position = place
            self._show_page(0)
            self._show_current()

    def note_changes(self, changes: Changes) -> None:
        """Remember, for the summary, what the run's papers were before their first change."""
        note_change(changes, self._before, self._trashed)
        for pid in changes.papers:
            self._records.pop(pid, None)
            self._asked.discard(pid)
        if self.current_id() in changes.papers:
            self._show_current()

    # -- showing ----------------------------------------------------------------

    def _show_page(self, index: int) -> None:
        """The paper (0) with the decision keys under it, or the summary (1), which has its own."""
        self.pages.setCurrentIndex(index)
        self.hint.setVisible(index == 0)

    def _show_current(self) -> None:
        paper_id = self._ids[self._position]
        self.pane.show_paper(self._records.get(paper_id))  # None: blank until it arrives
        self._ask_for(self._ids[self._position : self._position + 1 + PREFETCH])
        self._show_progress()

    def _ask_for(self, ids: Sequence[int]) -> None:
        for paper_id in ids:
            if paper_id not in self._records and paper_id not in self._asked:
                self._asked.add(paper_id)
                self._load_paper(paper_id, self._arrived)

    def _arrived(self, record: PaperRecord) -> None:
        self._asked.discard(record.id)
        self._records[record.id] = record
        if self.current_id() == record.id:
            self.pane.show_paper(record)

    def _show_progress(self) -> None:
        done, total = self._position + 1, len(self._ids)
        text = self._place(done)
        if self._decisions >= PACE_AFTER:
            pace = (time.monotonic() - self._started) / self._decisions
            text += f", {time_left(pace, total - done + 1)}"
        self.progress.setText(text)

    def _place(self, done: int) -> str:
        """ "12 of 140" over a list, "2 of 3 selected papers" over a selection."""
        text = f"{done:,} of {len(self._ids):,}"
        return text if self._run_name == "papers" else f"{text} {self._run_name}"

    def _finish(self) -> None:
        """Show the summary once every write before it has landed (the rows come from the writer's queue)."""
        self.pane.flush()
        self._show_page(1)
        self.progress.setText(f"{self._place(len(self._ids))}, done")
        self.summary.setText("Counting…")
        # The last decision's changes may still be on their way: ask for every paper of the run.
        self._load_rows(self._ids, self._show_summary)

    def _show_summary(self, rows: list[PaperRow]) -> None:
        self.summary_counts = tally(self._before, rows, self._trashed)
        self.summary.setText(summary_html(self.summary_counts, len(self._ids), self._run_name))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        summary_shown = self.pages.currentIndex() == 1
        if event.key() == Qt.Key.Key_Escape or (summary_shown and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)
