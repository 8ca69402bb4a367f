"""The OperationsController on its own: a real library, a real TaskRunner and its signals; no window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6

from readinglist.core.changes import Changes, StatusChange
from readinglist.core.jobs import LocalJobs
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.gui.controllers.operations import OperationsController
from readinglist.gui.tasks import TaskRunner
from tests.helpers import FakeView, SignalLog

INBOX = PaperFilter(status=ReadStatus.NEW)
SIGNALS = (
    *("rows_changed", "detail_stale", "list_stale", "counts_changed", "triage_changes", "taken_out"),
    *("advance", "triage_decided", "back_in_triage", "message", "returned"),
)


@pytest.fixture
def operations(library: Library, tasks: TaskRunner, view: FakeView) -> Iterator[OperationsController]:
    controller = OperationsController(library, LocalJobs(library), tasks, view.state())
    yield controller
    tasks.shutdown()
    shiboken6.delete(controller)  # now, on this thread: no timer of it fires in a later test


@pytest.fixture
def log(operations: OperationsController) -> SignalLog:
    return SignalLog(**{name: getattr(operations, name) for name in SIGNALS})


def landed(qtbot, operations: OperationsController, act) -> None:
    """Do ``act()`` and wait until the change it makes has been written and announced."""
    with qtbot.waitSignal(operations.counts_changed, timeout=10_000):
        act()


def settle(qtbot, operations: OperationsController) -> None:
    """Wait until nothing is queued and the index has every change."""
    qtbot.waitUntil(lambda: operations.tasks.idle and not operations.index_pending, timeout=10_000)


def statuses(library: Library) -> dict[int, str]:
    return {p.id: p.status for p in library.records(library.paper_ids())}


def test_a_decision_is_written_and_announced(qtbot, operations, log, library, view) -> None:
    paper = sorted(library.paper_ids())[0]
    view.current = paper
    landed(qtbot, operations, lambda: operations.set_status([paper], ReadStatus.READ))
    assert library.get(paper).status == "read"
    assert log.names()[0] == "advance"  # at once: one paper decided, and All papers keeps it
    assert log.args("rows_changed") == [([paper],)]
    assert log.args("detail_stale") == [(paper,)]  # the paper on screen shows its new status
    assert "list_stale" not in log.names()  # a status change moves no paper into or out of All papers
    assert operations.undo_stack.undoText() == "Mark 1 paper read"


def test_undo_restores_the_status_and_redo_applies_it_again(qtbot, operations, library) -> None:
    ids = sorted(library.paper_ids())[:2]
    before = statuses(library)
    landed(qtbot, operations, lambda: operations.set_status(ids, ReadStatus.QUEUED))
    assert [statuses(library)[i] for i in ids] == ["queued", "queued"]
    landed(qtbot, operations, operations.undo)
    assert statuses(library) == before
    landed(qtbot, operations, operations.undo_stack.redo)
    assert [statuses(library)[i] for i in ids] == ["queued", "queued"]


def test_papers_that_leave_the_list_are_taken_out_at_once(qtbot, operations, log, library, view) -> None:
    view.where = INBOX
    ids = sorted(library.paper_ids())[:2]
    operations.set_status(ids, ReadStatus.DISMISSED)
    assert log.names() == ["taken_out", "message"]  # before the write has landed: the rows go now (and it is said)
    assert log.args("taken_out") == [(ids,)]
    qtbot.waitSignal(operations.counts_changed, timeout=10_000).wait()
    assert log.args("rows_changed") == [([],)]  # rows already gone are not refreshed
    assert "list_stale" not in log.names()  # nor is the list reloaded for them
    assert {statuses(library)[i] for i in ids} == {"dismissed"}
    log.clear()
    landed(qtbot, operations, operations.undo)  # they come back to the Inbox: the list must show them
    assert log.args("rows_changed") == [(ids,)]
    assert log.args("returned") == [(ids, "Undone: Mark 2 papers dismissed")]  # the reload that selects them
    assert "list_stale" not in log.names()


def test_a_search_list_keeps_decided_papers_until_the_index_has_them(qtbot, operations, log, library, view) -> None:
    view.where, view.searching = INBOX, True
    paper = sorted(library.paper_ids())[0]
    landed(qtbot, operations, lambda: operations.set_status([paper], ReadStatus.READ))
    assert "taken_out" not in log.names() and "list_stale" not in log.names()
    assert operations.index_pending  # indexed once the keys pause
    with qtbot.waitSignal(operations.list_stale, timeout=10_000):
        pass  # then the search is run again
    assert not operations.index_pending


def test_a_note_is_searchable_at_once_and_indexed_once_the_keys_pause(qtbot, operations, log, library, view) -> None:
    paper = sorted(library.paper_ids())[0]
    view.current = paper
    landed(qtbot, operations, lambda: operations.set_note(paper, "Compare with the quokka lattice."))
    assert library.get(paper).note == "Compare with the quokka lattice."
    assert "detail_stale" not in log.names()  # typed in the pane: its text is not reloaded under the cursor
    # Not in the index yet, found all the same: from the database (issue 16).
    assert operations.index_pending and library.search_ids("quokka")[0] == [paper]
    settle(qtbot, operations)
    assert not operations.index_pending and library.pending_index_count() == 0
    assert library.search_ids("quokka")[0] == [paper]
    assert operations.undo_stack.undoText() == "Edit note"


def test_closing_indexes_what_waits_for_the_pause(qtbot, operations, library) -> None:
    paper = sorted(library.paper_ids())[0]
    landed(qtbot, operations, lambda: operations.set_tags(paper, ["wombat-theory"]))
    assert operations.index_pending
    operations.index_now()
    assert not operations.index_pending
    qtbot.waitUntil(lambda: operations.tasks.idle, timeout=10_000)
    assert library.search_ids("tag:wombat-theory")[0] == [paper]


def test_stars_and_tags_reload_only_the_lists_they_shape(qtbot, operations, log, library, view) -> None:
    paper = sorted(library.paper_ids())[0]
    landed(qtbot, operations, lambda: operations.toggle_star([paper]))
    assert library.get(paper).starred and "list_stale" not in log.names()
    view.where = PaperFilter(starred=True)
    landed(qtbot, operations, lambda: operations.toggle_star([paper]))
    assert not library.get(paper).starred and log.names().count("list_stale") == 1
    view.where = PaperFilter(tag="Kept")
    landed(qtbot, operations, lambda: operations.set_tags(paper, ["Kept"]))
    assert library.get(paper).tags == ["Kept"] and log.names().count("list_stale") == 2


def test_in_triage_the_run_moves_on_and_an_undo_goes_back(qtbot, operations, log, library, view) -> None:
    view.in_triage, view.where = True, INBOX
    paper = sorted(library.paper_ids())[0]
    view.current = paper
    landed(qtbot, operations, lambda: operations.set_status([paper], ReadStatus.QUEUED))
    assert log.names()[0] == "triage_decided"  # not taken out: the run holds its own list
    [(changes,)] = log.args("triage_changes")
    assert isinstance(changes, Changes) and isinstance(changes.change, StatusChange)
    assert changes.change.before == {paper: "new"} and changes.change.after == {paper: "queued"}
    assert not {"taken_out", "list_stale", "detail_stale"} & set(log.names())
    landed(qtbot, operations, operations.undo)
    assert log.args("back_in_triage") == [([paper],)]
    assert library.get(paper).status == "new"


def test_removing_an_import_is_announced_and_undone(qtbot, operations, log, library) -> None:
    operations.remove_import(None, None, "Ctrl+Z")
    assert log.args("message") == [("Choose an import under Imports in the sidebar first.", 6000)]
    assert operations.undo_stack.count() == 0
    batch = next(b for b in library.batches() if b.name == "daily_b.txt")
    before = sorted(library.paper_ids())
    log.clear()
    landed(qtbot, operations, lambda: operations.remove_import(batch.id, "daily_b.txt", "Ctrl+Z"))
    [(text, _ms)] = log.args("message")
    assert text.startswith("Removed daily_b.txt with the papers only it brought") and text.endswith("Ctrl+Z undoes it.")
    assert "list_stale" in log.names()  # papers went: every list may have changed
    assert len(library.paper_ids()) < len(before)
    landed(qtbot, operations, operations.undo)
    assert sorted(library.paper_ids()) == before


def test_a_result_is_never_delivered_inside_the_call_that_asked_for_it(qtbot, tasks) -> None:
    delivered: list[int] = []
    for number in range(200):  # some of these finish before the callback is attached: still delivered later
        tasks.write(lambda n=number: n, delivered.append)
        assert len(delivered) <= number  # nothing delivered synchronously by this call
    qtbot.waitUntil(lambda: len(delivered) == 200, timeout=10_000)
    assert delivered == list(range(200))
