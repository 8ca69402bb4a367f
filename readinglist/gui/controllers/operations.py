"""Changes to papers as undoable steps, applied on the writer thread, and what the view must refresh when they land.

Decisions (statuses), stars, tags, notes and the removal of an import are each
one ``ChangeCommand`` on ``undo_stack``; its redo and undo run on the
``TaskRunner``'s writer. When a change lands, the controller reads its typed
record (``Changes``) against the list shown (``PaperFilter.affected_by``) and
says what to refresh with signals: rows, the detail pane, the list, the counts,
or, in triage, the run's tally. Papers a decision takes out of the list shown
leave it at once (``taken_out``), before the write lands. Each decision is said
in the status bar with the key that undoes it; an undo or redo, once landed,
sends the cursor back to its papers (``returned``). Changes are indexed
for search in one go once the keys pause for INDEX_DELAY_MS (``Jobs.sync_index``);
the index is also brought up to date, or rebuilt, on request.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from readinglist.core.changes import Changes, StatusChange, TrashChange
from readinglist.core.index import index_busy
from readinglist.core.jobs import Jobs
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.gui.controllers.sidebar_lists import papers_named
from readinglist.gui.controllers.view import ViewState
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.timers import single_shot
from readinglist.gui.undo import ChangeCommand

INDEX_DELAY_MS = 400  # changes are indexed in one go once the keys pause this long


class OperationsController(QObject):
    """Makes every change to papers an undo step and announces what its landing changed on screen."""

    rows_changed = Signal(list)  # ids of papers whose table rows to refresh
    detail_stale = Signal(int)  # the paper on screen changed: load it again
    list_stale = Signal()  # papers may have come into or left the list shown: reload it, keeping the current paper
    counts_changed = Signal()  # the sidebar's counts may have changed
    triage_changes = Signal(object)  # Changes that landed during triage (the run tallies them)
    taken_out = Signal(list)  # ids of selected papers a decision took out of the list: drop their rows now
    advance = Signal()  # one paper was decided and stays in the list: move on to the next (auto-advance)
    triage_decided = Signal()  # a decision on triage's paper: the run moves on
    back_in_triage = Signal(list)  # an undo during triage: go back to these papers
    message = Signal(str, int)  # a status bar message and how long to show it (ms)
    returned = Signal(list, str)  # an undo or redo landed on these papers (what it did): make them current again
    back_from_trash = Signal(list)  # papers an undo or Put Back took out of the Trash: the first becomes current

    def __init__(
        self, library: Library, jobs: Jobs, tasks: TaskRunner, view: ViewState, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.tasks = tasks
        self.view = view
        self.undo_stack = QUndoStack(self)
        self.auto_advance = True  # after a decision on one paper, the next becomes current
        self._taken_out: set[int] = set()  # papers taken out of the list before their change was written
        self._returning: tuple[list[int], str] | None = None  # the papers the undo or redo being applied goes back to
        self._index_soon = single_shot(self, INDEX_DELAY_MS, self._sync_index)

    # -- the changes ------------------------------------------------------------------

    def set_status(self, ids: Sequence[int], status: ReadStatus) -> None:
        """Give the papers ``ids`` (the selection) ``status``; say what the view does next."""
        if not ids:
            return
        ids = list(ids)
        leaves_list = not self.view.list_filter().admits_status(status) and not self.view.searching()
        self._undoable(f"Mark {_papers(len(ids))} {status.value}", ids, lambda: self.library.set_status(ids, status))
        if self.view.in_triage():
            self.triage_decided.emit()
        elif leaves_list:  # at once: the successor takes the place without waiting for the write
            self._taken_out.update(ids)
            self.taken_out.emit(ids)
        elif len(ids) == 1 and self.auto_advance:
            self.advance.emit()
        self._say_decided(ids, status)

    def _say_decided(self, ids: list[int], status: ReadStatus) -> None:
        """Say in the status bar what the decision did, to which paper, and the key that undoes it."""

        def say(title: str | None) -> None:
            what = papers_named(ids, lambda _paper_id: title)
            self.message.emit(f"{DECIDED[status].format(what)} — {self.view.undo_keys()} to undo", 8000)

        title = self.view.title_of(ids[0]) if len(ids) == 1 else None
        if title is None and len(ids) == 1:  # its row is not on screen: ask the library
            self.tasks.read(lambda: self.library.get(ids[0]).title, say)
        else:
            say(title)

    def leaving(self) -> frozenset[int]:
        """The papers taken out of the list whose change has not landed yet (a list read now may still hold them)."""
        return frozenset(self._taken_out)

    def toggle_star(self, ids: Sequence[int]) -> None:
        """Star the papers, or unstar them if they all have a star."""
        if ids:
            ids = list(ids)
            self._undoable(f"Toggle the star of {_papers(len(ids))}", ids, lambda: self.library.toggle_starred(ids))

    def set_tags(self, paper_id: int, names: list[str]) -> None:
        """Give the paper exactly the tags ``names``."""
        self._undoable("Edit tags", [paper_id], lambda: self.library.set_tags(paper_id, names))

    def add_tags(self, ids: Sequence[int], names: list[str]) -> None:
        """Put the tags ``names`` on every paper in ``ids`` (a multi-selection), keeping the tags they have."""
        if ids and names:
            ids = list(ids)
            self._undoable(f"Tag {_papers(len(ids))}", ids, lambda: self.library.add_tags(ids, names))
            self.message.emit(f"Tagged {_papers(len(ids))} {', '.join(names)} — {self.view.undo_keys()} to undo", 8000)

    def set_note(self, paper_id: int, body: str) -> None:
        """Store the note typed in a detail pane (whose text is not reloaded under the cursor)."""
        self._undoable("Edit note", [paper_id], lambda: self.library.set_note(paper_id, body), from_editor=True)

    def remove_import(self, batch_id: int | None, name: str | None, undo_keys: str) -> None:
        """Remove the import ``batch_id`` (called ``name`` in the sidebar) with the papers only it brought."""
        if batch_id is None:
            self.message.emit("Choose an import under Imports in the sidebar first.", 6000)
            return
        name = name or f"import {batch_id}"
        self._undoable(f"Remove import {name}", [], lambda: self.library.remove_batch(batch_id))
        self.message.emit(
            f"Removed {name} with the papers only it brought that you had not touched. {undo_keys} undoes it.", 10000
        )

    def trash(self, ids: Sequence[int], what: str, undo_keys: str) -> None:
        """Move the papers ``ids`` (the selection, ``what`` in messages) to the Trash as one undo step.

        Their rows leave the list at once and the next paper becomes current, as
        when a decision takes papers out of a list. In the Trash itself nothing
        happens but a hint: deleting for good is only ever Empty Trash….
        """
        if not ids:
            return
        ids = list(ids)
        if self.view.list_filter().trash and not self.view.in_triage():
            self.message.emit("Already in the Trash: Put Back returns them, Empty Trash… deletes them for good.", 8000)
            return
        self._undoable(f"Move {_papers(len(ids))} to the Trash", ids, lambda: self.library.trash(ids))
        self.message.emit(f"Moved {what} to the Trash — {undo_keys} undoes it", 10000)
        if self.view.in_triage():
            self.triage_decided.emit()
        else:
            self._taken_out.update(ids)
            self.taken_out.emit(ids)

    def put_back(self, ids: Sequence[int]) -> None:
        """Take the papers ``ids`` (selected in the Trash) out of the Trash, back into their lists, as one undo step."""
        if not self.view.list_filter().trash:
            self.message.emit("Put Back is for papers in the Trash: choose Trash in the sidebar first.", 6000)
            return
        if ids:
            ids = list(ids)
            self._undoable(f"Put back {_papers(len(ids))}", ids, lambda: self.library.restore_from_trash(ids))
            self._taken_out.update(ids)
            self.taken_out.emit(ids)

    def record(self, text: str, paper_ids: Sequence[int], changes: Changes) -> None:
        """Make ``changes``, already written elsewhere (a completion in the worker), one undo step named ``text``.

        Its first redo writes nothing: it announces the changes as any change's
        landing is (rows, the pane, the counts); undo and redo then restore as usual.
        """
        if not changes.empty:
            self._undoable(text, paper_ids, lambda: changes)

    def undo(self) -> None:
        """Undo the last step; in triage, go back to the papers it changed."""
        step = self.undo_stack.command(self.undo_stack.index() - 1)
        self._step_back_to(step, "Undone", self.undo_stack.undo)
        if self.view.in_triage() and isinstance(step, ChangeCommand):
            self.back_in_triage.emit(list(step.paper_ids))

    def redo(self) -> None:
        """Redo the last step undone; the cursor goes to the papers it changed."""
        self._step_back_to(self.undo_stack.command(self.undo_stack.index()), "Redone", self.undo_stack.redo)

    def _step_back_to(self, step: object, done: str, take: Callable[[], None]) -> None:
        """Take the undo or redo ``step``; once it lands, its papers become current again (``returned``)."""
        if isinstance(step, ChangeCommand) and step.paper_ids and not self.view.in_triage():
            self._returning = (list(step.paper_ids), f"{done}: {step.text()}")
        try:
            take()
        finally:
            self._returning = None

    # -- applying them --------------------------------------------------------------------

    def _undoable(
        self, text: str, paper_ids: Sequence[int], change: Callable[[], Changes], from_editor: bool = False
    ) -> None:
        """Apply ``change`` to ``paper_ids`` as one step of the undo stack, named ``text`` in the Edit menu."""
        apply = lambda step: self._apply(step, from_editor)  # noqa: E731 - the runner the command calls back
        self.undo_stack.push(ChangeCommand(text, self.library, apply, change, paper_ids))

    def _apply(self, change: Callable[[], Changes], from_editor: bool = False) -> None:
        """Run a library change on the writer, index it, then announce what it touched.

        ``from_editor``: the change came from a detail pane's own editor, whose
        text must not be reloaded under the user's cursor.
        """
        returning = self._returning  # set while an undo or redo applies this change

        def done(changes: Changes) -> None:
            self.rows_changed.emit(sorted(changes.papers - self._taken_out))
            already_gone = isinstance(changes.change, StatusChange | TrashChange) and changes.papers <= self._taken_out
            self._taken_out -= changes.papers
            if self.view.in_triage():
                self.triage_changes.emit(changes)  # the list is reloaded once, when triage ends
            else:
                current = self.view.current_paper()
                if current is not None and current in changes.papers and not from_editor:
                    self.detail_stale.emit(current)
                searching = self.view.searching()
                if returning is not None and not _out_of_trash(changes):
                    self.returned.emit(*returning)  # the reload that makes them current again
                elif not searching and self.view.list_filter().affected_by(changes.change) and not already_gone:
                    self.list_stale.emit()
                if _out_of_trash(changes) and not already_gone:
                    self.back_from_trash.emit(sorted(changes.papers))
            self.counts_changed.emit()
            self._index_soon.start()  # a search list is reloaded once the index has the change

        self.tasks.write(change, done)

    # -- the search index ----------------------------------------------------------------

    @property
    def index_pending(self) -> bool:
        """Whether changes wait for the keys to pause before they are indexed."""
        return self._index_soon.isActive()

    def index_now(self) -> None:
        """Index at once the changes waiting for the pause (closing: the writer finishes it before the app ends)."""
        if self._index_soon.isActive():
            self._index_soon.stop()
            self._sync_index()

    def index_pending_papers(self) -> None:
        """Index, in the background, the papers still marked "to index" (e.g. after a crash), then reload the list."""
        self.tasks.long_write(
            lambda control: self.jobs.sync_index(lambda d, t: control.progress(d, t, "Indexing")),
            lambda _count: self.list_stale.emit(),
        )

    def rebuild_index(self) -> None:
        """Rebuild the search index from the library in the background."""
        self.tasks.long_write(
            lambda control: self.jobs.reindex(lambda d, t: control.progress(d, t, "Indexing")),
            lambda count: self.message.emit(f"Search index rebuilt: {count} papers", 8000),
        )

    def _sync_index(self) -> None:
        """Bring the search index up to date with the changes made (in the worker process).

        Another readinglist writing the index past its wait is no error: the
        changes stay marked "to index", and the sync is tried again later.
        """

        def sync() -> int | None:
            try:
                return self.jobs.sync_index()
            except Exception as error:
                if index_busy(error):
                    return None
                raise

        def done(indexed: int | None) -> None:
            if indexed is None:
                self.message.emit("Search index busy (another readinglist is writing to it); trying again…", 6000)
                self._index_soon.start()
            elif indexed and self.view.searching() and not self.view.in_triage():
                self.list_stale.emit()

        self.tasks.write(sync, done)


def _out_of_trash(changes: Changes) -> bool:
    """Whether ``changes`` took papers out of the Trash (an undo of Remove, or Put Back)."""
    change = changes.change
    return isinstance(change, TrashChange) and all(value is None for value in change.after.values())


DECIDED = {  # what the status bar says a decision did ("Queued 'Title'", "Marked 3 papers read")
    ReadStatus.NEW: "Put {} back in the Inbox",
    ReadStatus.QUEUED: "Queued {}",
    ReadStatus.READING: "Marked {} reading",
    ReadStatus.READ: "Marked {} read",
    ReadStatus.DISMISSED: "Dismissed {}",
}


def _papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count} papers"
