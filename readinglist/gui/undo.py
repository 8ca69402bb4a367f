"""Undo and redo of library changes, on a QUndoStack.

A command runs its change on the library's writer thread through ``run``.
The first redo applies the change; undo asks the library to restore the
values the change reported it replaced, and a later redo restores the values
the undo replaced. All three run on the one writer thread, in order, so each
sees the result of the one before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QAction, QUndoCommand, QUndoStack

from readinglist.core.changes import Changes
from readinglist.core.services import Library

Runner = Callable[[Callable[[], Changes]], None]


class ChangeCommand(QUndoCommand):
    """One undoable step, named for the Edit menu ("Mark 12 papers read")."""

    def __init__(
        self, text: str, library: Library, run: Runner, change: Callable[[], Changes], paper_ids: Sequence[int] = ()
    ) -> None:
        super().__init__(text)
        self.paper_ids = tuple(paper_ids)  # the papers it acts on (triage returns to them on undo)
        self._library = library
        self._run = run
        self._change = change
        self._applied: Changes | None = None  # what the last redo changed
        self._reverted: Changes | None = None  # what the last undo changed

    def redo(self) -> None:
        self._run(self._redo_now)

    def undo(self) -> None:
        self._run(self._undo_now)

    def _redo_now(self) -> Changes:
        if self._reverted is None:
            self._applied = self._change()
        else:
            self._applied = self._library.restore(self._reverted)
        return self._applied

    def _undo_now(self) -> Changes:
        assert self._applied is not None, "undo before redo"
        self._reverted = self._library.restore(self._applied)
        return self._reverted


def name_undo_steps(stack: QUndoStack, undo: QAction, redo: QAction) -> None:
    """Keep "Undo …" and "Redo …" in the Edit menu named after the step they take, and enabled only then."""
    stack.undoTextChanged.connect(lambda text: undo.setText(f"&Undo {text}" if text else "&Undo"))
    stack.redoTextChanged.connect(lambda text: redo.setText(f"&Redo {text}" if text else "&Redo"))
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)
    undo.setEnabled(False)
    redo.setEnabled(False)
