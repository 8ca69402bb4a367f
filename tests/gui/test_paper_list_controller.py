"""The PaperListController on its own: lists, searches, sorts and counts fetched off the GUI thread, no window."""

from __future__ import annotations

import threading

import pytest

from readinglist.core.batches import BatchSnapshot
from readinglist.core.changes import BatchPutBack, StarChange, StatusChange, TagsChange
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.gui.controllers.paper_list import ListResult, PaperListController
from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN
from readinglist.gui.models.sidebar import DEFAULT_FILTER, DEFAULT_KEY, SidebarCounts
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.window_state import DEFAULT_SORT

CONTAMINATION = "Benchmarks Leak: Measuring Contamination in Code Models"


@pytest.fixture
def papers(library: Library, tasks: TaskRunner) -> PaperListController:
    controller = PaperListController(library, tasks)
    controller.choose("list:all", PaperFilter())
    return controller


def load(qtbot, papers: PaperListController, query: str = "", keep: int | None = None) -> ListResult:
    with qtbot.waitSignal(papers.loaded, timeout=10_000) as loaded:
        papers.reload(query, keep, 0)
    [result] = loaded.args
    return result


def titles(library: Library, ids: list[int]) -> list[str]:
    return [library.get(paper_id).title for paper_id in ids]


def test_a_list_is_fetched_in_the_chosen_sort(qtbot, papers, library) -> None:
    assert papers.sort == DEFAULT_SORT
    assert papers.sort_by_column(TITLE_COLUMN, descending=False)
    result = load(qtbot, papers, keep=7)
    assert titles(library, result.ids) == sorted(titles(library, result.ids), key=str.casefold)
    assert len(result.ids) == 4 and (result.error, result.terms, result.keep) == ("", frozenset(), 7)


def test_a_column_that_cannot_be_sorted_by_keeps_the_sort(papers) -> None:
    unsortable = next(i for i, c in enumerate(COLUMNS) if c.sort_key is None)
    assert not papers.sort_by_column(unsortable, descending=True)
    assert papers.sort == DEFAULT_SORT


def test_a_search_brings_its_terms_and_a_bad_query_its_error(qtbot, papers, library) -> None:
    found = load(qtbot, papers, "contamination")
    assert titles(library, found.ids) == [CONTAMINATION]
    assert found.terms and papers.terms == found.terms  # the stems to mark in the abstract
    bad = load(qtbot, papers, '"unclosed')
    assert "unclosed quote" in bad.error and bad.ids == []
    assert papers.terms == found.terms  # the list shown stays, and so do its marked words


def test_only_the_latest_request_is_answered(qtbot, papers) -> None:
    answers: list[ListResult] = []
    papers.loaded.connect(answers.append)
    gate = threading.Event()
    papers.tasks.read(gate.wait)  # the reader answers neither request before both are made
    papers.reload("", None, 0)
    papers.reload("contamination", None, 0)
    gate.set()
    qtbot.waitUntil(lambda: papers.tasks.idle, timeout=10_000)
    assert [len(a.ids) for a in answers] == [1]  # the first answer came after the second request: dropped


def test_a_status_list_depends_on_status_changes(papers) -> None:
    assert papers.choose("list:queue", PaperFilter(status=ReadStatus.QUEUED))
    assert not papers.choose("list:queue", PaperFilter(status=ReadStatus.QUEUED))  # unchanged
    put_back = BatchPutBack(BatchSnapshot(batch={"id": 1}, sources=[], papers=[]))  # papers came back
    assert papers.where.affected_by(StatusChange()) and papers.where.affected_by(put_back)
    assert not papers.where.affected_by(TagsChange()) and not papers.where.affected_by(StarChange())
    assert not papers.where.admits_status(ReadStatus.READ) and papers.where.admits_status(ReadStatus.QUEUED)


def test_an_unknown_list_from_a_previous_run_is_the_default_one(papers) -> None:
    papers.restore("tag:", ("title", False))
    assert (papers.where, papers.list_key, papers.sort) == (DEFAULT_FILTER, "tag:", ("title", False))
    papers.restore(DEFAULT_KEY, DEFAULT_SORT)
    assert papers.where == DEFAULT_FILTER


def test_counts_arrive_for_the_sidebar(qtbot, papers) -> None:
    with qtbot.waitSignal(papers.counts_loaded, timeout=10_000) as counted:
        papers.refresh_counts()
    [counts] = counted.args
    assert isinstance(counts, SidebarCounts)
    assert (counts.total, counts.starred) == (4, 0) and counts.batches  # one batch per imported file
