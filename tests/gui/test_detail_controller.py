"""The DetailController on its own: the current paper and its similar papers loaded off the GUI thread, no window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import shiboken6
from PySide6.QtCore import QUrl

from readinglist.core.hub.links import open_url
from readinglist.core.services import Library
from readinglist.gui.controllers import detail as detail_module
from readinglist.gui.controllers.detail import DetailController
from readinglist.gui.tasks import TaskRunner
from tests.helpers import FakeView, SignalLog, paper_id_by_title

CONTAMINATION = "Benchmarks Leak: Measuring Contamination in Code Models"


@pytest.fixture
def terms() -> set[str]:
    return set()  # the words of the search shown; a test adds some


@pytest.fixture
def details(library: Library, tasks: TaskRunner, view: FakeView, terms: set[str]) -> Iterator[DetailController]:
    controller = DetailController(library, tasks, view.state(), lambda: frozenset(terms))
    yield controller
    tasks.shutdown()
    shiboken6.delete(controller)  # now, on this thread: no timer of it fires in a later test


@pytest.fixture
def log(details: DetailController) -> SignalLog:
    return SignalLog(paper_loaded=details.paper_loaded, similar_loaded=details.similar_loaded, message=details.message)


def test_the_current_paper_arrives_then_its_similar_papers(qtbot, details, log, library, view) -> None:
    view.current = paper = paper_id_by_title(library, CONTAMINATION)
    with qtbot.waitSignal(details.similar_loaded, timeout=10_000):
        details.follow(paper)
    [(record, marked, _title)] = log.args("paper_loaded")
    assert (record.id, record.title, marked) == (paper, CONTAMINATION, None)  # no search: nothing marked
    [(similar_of, similar)] = log.args("similar_loaded")
    assert similar_of == paper and paper not in [p.id for p in similar]
    assert details.shows == (paper, frozenset())


def test_the_pane_is_not_reloaded_for_the_paper_it_shows(qtbot, details, log, library, view) -> None:
    view.current = paper = paper_id_by_title(library, CONTAMINATION)
    with qtbot.waitSignal(details.paper_loaded, timeout=10_000):
        details.follow(paper)
    details.follow(paper)  # a list reload made it current again
    assert details.tasks.idle  # nothing asked of the library
    details.forget()  # an import may have merged it
    with qtbot.waitSignal(details.paper_loaded, timeout=10_000):
        details.follow(paper)
    assert len(log.args("paper_loaded")) == 2


def test_searched_words_are_marked_in_the_abstract(qtbot, details, log, library, view, terms) -> None:
    view.current = paper = paper_id_by_title(library, CONTAMINATION)
    _ids, matched = library.search_ids("contamination")
    terms.update(matched)  # the words the search matched
    with qtbot.waitSignal(details.paper_loaded, timeout=10_000):
        details.follow(paper)
    [(_record, marked, _title)] = log.args("paper_loaded")
    assert "<b>" in marked and "contamination" in marked.casefold()
    assert details.shows == (paper, matched)


def test_a_paper_the_cursor_left_is_not_shown(qtbot, details, log, library, view) -> None:
    first, second = sorted(library.paper_ids())[:2]
    view.current = first
    details.follow(first)
    view.current = second  # moved on before the first paper arrived
    qtbot.waitUntil(lambda: details.tasks.idle, timeout=10_000)
    assert log.args("paper_loaded") == [] and details.shows is None


def test_no_current_paper_empties_the_pane_at_once(details, log) -> None:
    details.follow(None)
    assert log.args("paper_loaded") == [(None, None, None)] and details.shows is None


def test_the_page_opens_in_the_browser(qtbot, details, log, library, view, monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(detail_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    linked = next(p for p in library.records(library.paper_ids()) if p.hf_url or p.github_url)
    view.current = linked.id
    details.open_in_browser()
    qtbot.waitUntil(lambda: opened == [QUrl(open_url(linked)).toString()], timeout=10_000)
    assert not [message for message, _ms in log.args("message") if message.startswith("No browser")]
