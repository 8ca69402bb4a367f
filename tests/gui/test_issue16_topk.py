"""Issue 16, top-k in the window: a new search paints its best matches first, then appends the rest of its list.

The whole list (``search_ids`` without a limit) is held back on a gate here, so
that what the window shows between the two parts can be looked at: the first
page painted and said to be partial, then the other rows appended without the
current row, the selection or the scroll moving.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFileDialog

from readinglist.core.dumps import ParsedPaper
from readinglist.core.lists import ALL_PAPERS, PaperFilter
from readinglist.core.query import as_typed
from readinglist.core.services import Library
from readinglist.gui.controllers import paper_list
from readinglist.gui.controllers.paper_list import ListResult, PaperListController
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import TITLE_COLUMN
from readinglist.gui.views.count_text import list_count_text
from tests.helpers import paste_papers, settle

PAGE = 40  # the first page in these tests (the app's is 200): more than a screen, less than the list
MATCHES = 120  # papers about quokkas; ten more are about something else
CTRL = Qt.KeyboardModifier.ControlModifier
TRIAGE = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier  # with T

Cancelled = Callable[[], bool] | None  # what the window passes to stop a search no longer wanted


def quokka_papers() -> list[ParsedPaper]:
    """Papers that say "quokka" more or less often (so they rank apart), and a few that never do."""
    about = [
        ParsedPaper(
            f"Quokka field study {n:03}",
            n + 1,
            abstract=" ".join(["quokka"] * (1 + n % 9) + ["marsupial", "island"] * (1 + n % 5)),
            arxiv_id=f"2502.{10000 + n}",
        )
        for n in range(MATCHES)
    ]
    other = [
        ParsedPaper(f"Wombat burrows {n}", MATCHES + n + 1, abstract="Wombats dig.", arxiv_id=f"2502.{20000 + n}")
        for n in range(10)
    ]
    return about + other


class WholeListGate:
    """``search_ids`` of the window's library, the whole-list read of queries with ``word`` held until ``release``."""

    def __init__(self, library: Library, monkeypatch: pytest.MonkeyPatch, word: str = "quokka") -> None:
        self.word = word
        self.gate = threading.Event()
        self.calls: list[tuple[str, int | None]] = []  # (query, limit) as the reader thread asked
        real = library.search_ids

        def search_ids(
            query: str, where: PaperFilter = ALL_PAPERS, limit: int | None = None, cancelled: Cancelled = None
        ) -> tuple[list[int], frozenset[str]]:
            self.calls.append((query, limit))
            if limit is None and self.word in query:
                self.gate.wait(timeout=30)
            return real(query, where, limit=limit, cancelled=cancelled)

        monkeypatch.setattr(library, "search_ids", search_ids)

    def release(self) -> None:
        self.gate.set()


class PaintLog(QObject):
    """The row count of the table at each paint of its viewport, with whether the first row's data was there."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.paints: list[tuple[int, bool]] = []
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            model = self.window.model
            self.paints.append((model.rowCount(), model.rowCount() > 0 and model.row_data(0) is not None))
        return False


@pytest.fixture
def quokkas(open_window: Callable[[], MainWindow], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    """A window on a library of 130 papers, 120 of them about quokkas; the first page is PAGE rows."""
    with Library.open(tmp_path / "library") as library:
        paste_papers(library, quokka_papers(), "quokkas")
    monkeypatch.setattr(paper_list, "FIRST_PAGE", PAGE)
    return open_window()


@pytest.fixture
def gate(qtbot, quokkas: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[WholeListGate]:
    held = WholeListGate(quokkas.library, monkeypatch)
    yield held
    held.release()  # before the window closes: its reader thread must not stay blocked
    settle(qtbot, quokkas)


def asked_for(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries the page asks the controller for, as it asks (after the typing pause)."""
    queries: list[str] = []
    reload = window.papers.reload

    def asking(query: str, keep: int | None, keep_row: int, now: bool = False) -> None:
        queries.append(query)
        reload(query, keep, keep_row, now)

    monkeypatch.setattr(window.papers, "reload", asking)
    return queries


def type_query(qtbot, window: MainWindow, text: str) -> None:
    """Type ``text`` into the search field and wait for the first list it brings."""
    window.page.focus_search()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClicks(window.search, text)


def whole_list(window: MainWindow, query: str) -> list[int]:
    """The ids of the search as one unlimited read gives them, past any gate."""
    ids, _terms = Library.search_ids(window.library, as_typed(query), window.papers.where)
    return ids


def titles(window: MainWindow, rows: range) -> list[str]:
    return [window.model.index(row, TITLE_COLUMN).data() for row in rows]


# -- the two parts ---------------------------------------------------------------------------------


def test_the_first_page_is_painted_before_the_whole_list_then_the_rest_is_appended(
    qtbot, quokkas: MainWindow, gate: WholeListGate
) -> None:
    window = quokkas
    paints = PaintLog(window)
    expected = whole_list(window, "quokka")
    assert len(expected) == MATCHES

    type_query(qtbot, window, "quokka")
    assert window.model.ids() == expected[:PAGE]  # the best matches, in the whole list's order
    assert window.model.cached_rows() == PAGE  # their rows came with them: no placeholder to paint
    assert window.count_label.text() == f"best {PAGE} results · counting…"
    qtbot.waitUntil(lambda: (PAGE, True) in paints.paints, timeout=10_000)  # painted, titles and all
    assert not gate.gate.is_set()  # ... while the whole list was still held back
    assert window.page.counting and window.current_paper_id() == expected[0]

    # The person moves down the first page and scrolls to its end meanwhile.
    window.focus_list()
    window.move_current(PAGE - 3)
    window.table.scrollToBottom()
    bar = window.table.verticalScrollBar()
    scrolled, current = bar.value(), window.current_paper_id()
    assert scrolled > 0 and current == expected[PAGE - 3]
    resets: list[bool] = []
    window.model.modelReset.connect(lambda: resets.append(True))

    with qtbot.waitSignal(window.papers.completed, timeout=10_000):
        gate.release()
    assert window.model.ids() == expected  # the rest below the first page
    assert resets == []  # appended, not replaced
    assert (window.current_paper_id(), window.table.currentIndex().row()) == (current, PAGE - 3)
    qtbot.waitUntil(lambda: bar.maximum() > scrolled)  # there is more below now ...
    assert bar.value() == scrolled  # ... and the view did not move
    assert window.count_label.text() == f"{MATCHES} results · by relevance"
    assert not window.page.counting
    assert titles(window, range(PAGE - 3, PAGE - 2)) == [window.library.get(current).title]


def test_a_newer_query_drops_the_whole_list_of_the_older_one(
    qtbot, quokkas: MainWindow, gate: WholeListGate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = quokkas
    asked = asked_for(window, monkeypatch)
    firsts: list[ListResult] = []
    wholes: list[ListResult] = []
    window.papers.loaded.connect(firsts.append)
    window.papers.completed.connect(wholes.append)
    type_query(qtbot, window, "quokka")  # its whole list is being read (held)
    qtbot.waitUntil(lambda: ("(quokka OR quokka*)", None) in gate.calls, timeout=10_000)

    window.search.clear()  # Esc's way back to the list, then a new query
    qtbot.keyClicks(window.search, "wombat")
    # The reader answers one request at a time: the new query waits for the read under way, then it is dropped.
    qtbot.waitUntil(lambda: asked[-1:] == ["wombat"])
    gate.release()
    settle(qtbot, window)

    assert [r.query for r in wholes] == ["wombat"]  # the quokka list never completed
    assert window.model.ids() == whole_list(window, "wombat") and window.model.rowCount() == 10
    assert window.count_label.text() == "10 results · by relevance"
    assert [r.query for r in firsts if r.query] == ["quokka", "wombat"]


def test_a_whole_list_superseded_before_it_starts_is_not_read(qtbot, quokkas: MainWindow) -> None:
    window = quokkas
    calls: list[tuple[str, int | None]] = []
    real = window.library.search_ids

    def search_ids(
        query: str, where: PaperFilter = ALL_PAPERS, limit: int | None = None, cancelled: Cancelled = None
    ) -> tuple[list[int], frozenset[str]]:
        calls.append((query, limit))
        return real(query, where, limit=limit, cancelled=cancelled)

    window.library.search_ids = search_ids  # type: ignore[method-assign]
    hold = threading.Event()
    window.tasks.read(hold.wait)  # the reader is busy: both requests wait behind this
    window.papers.reload("quokka", None, 0)
    window.papers.reload("wombat", None, 0)
    hold.set()
    settle(qtbot, window)
    assert calls == [("(wombat OR wombat*)", PAGE), ("(wombat OR wombat*)", None)]  # no quokka read at all


def test_a_query_error_is_shown_as_before_and_stops_the_counting(
    qtbot, quokkas: MainWindow, gate: WholeListGate, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = quokkas
    asked = asked_for(window, monkeypatch)
    type_query(qtbot, window, "quokka")
    shown = window.model.ids()
    with qtbot.waitSignal(window.papers.loaded, timeout=10_000):
        qtbot.keyClicks(window.search, ' "unclosed')
        qtbot.waitUntil(lambda: asked[-1:] == ['quokka "unclosed'])  # asked for: it waits behind the held read
        gate.release()
    assert window.search_error.isVisible() and "unclosed quote" in window.search_error.text()
    assert window.model.ids() == shown  # the list shown stays, as it always did
    assert window.count_label.text() == f"best {PAGE} results · by relevance"  # no longer counting: it will not come
    assert not window.page.counting
    settle(qtbot, window)
    assert window.model.ids() == shown  # the older whole list was dropped with its request


# -- what uses the list: select all, triage, export, keeping the current paper -------------------------


def test_select_all_before_the_whole_list_takes_in_the_rest(qtbot, quokkas: MainWindow, gate: WholeListGate) -> None:
    window = quokkas
    type_query(qtbot, window, "quokka")
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_A, CTRL)
    assert len(window.selected_ids()) == PAGE
    with qtbot.waitSignal(window.papers.completed, timeout=10_000):
        gate.release()
    assert window.selected_ids() == whole_list(window, "quokka")  # "all" means the whole list


def test_a_partial_selection_stays_as_it_was(qtbot, quokkas: MainWindow, gate: WholeListGate) -> None:
    window = quokkas
    type_query(qtbot, window, "quokka")
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = window.selected_ids()
    assert len(chosen) == 2
    with qtbot.waitSignal(window.papers.completed, timeout=10_000):
        gate.release()
    assert window.selected_ids() == chosen


def test_triage_started_before_the_whole_list_covers_the_first_page_and_says_so(
    qtbot, quokkas: MainWindow, gate: WholeListGate
) -> None:
    window = quokkas
    type_query(qtbot, window, "quokka")
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_T, TRIAGE)
    assert window.in_triage
    assert window.triage.progress.text().startswith(f"1 of {PAGE}")
    assert window.statusBar().currentMessage() == f"Triage of the best {PAGE} results: the rest had not arrived yet"
    gate.release()
    qtbot.keyClick(window.triage, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert not window.in_triage and window.model.rowCount() == MATCHES

    qtbot.keyClick(window.table, Qt.Key.Key_T, TRIAGE)  # with the whole list in: the whole list
    assert window.triage.progress.text().startswith(f"1 of {MATCHES}")
    qtbot.keyClick(window.triage, Qt.Key.Key_Escape)


def test_export_asked_before_the_whole_list_waits_for_it(
    qtbot, quokkas: MainWindow, gate: WholeListGate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = quokkas
    target = tmp_path / "quokkas.json"
    asked: list[int] = []

    def save_dialog(*_args: object, **_kwargs: object) -> tuple[str, str]:
        asked.append(window.model.rowCount())
        return str(target), "JSON, lossless (*.json)"

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    type_query(qtbot, window, "quokka")
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_E, CTRL)
    assert asked == []  # not yet: the file would have had only the best matches
    gate.release()
    qtbot.waitUntil(lambda: f"to {target}" in window.statusBar().currentMessage(), timeout=10_000)
    settle(qtbot, window)
    assert asked == [MATCHES]
    exported = json.loads(target.read_text(encoding="utf-8"))["papers"]
    assert len(exported) == MATCHES


def test_a_whole_list_that_differs_from_the_first_page_replaces_it_keeping_the_current_paper(
    qtbot, quokkas: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index changed between the two reads: the rest cannot go below, the list is replaced as a reload does."""
    window = quokkas
    gate = WholeListGate(window.library, monkeypatch)
    real = window.library.search_ids  # the gate's

    def reordered(
        query: str, where: PaperFilter = ALL_PAPERS, limit: int | None = None, cancelled: Cancelled = None
    ) -> tuple[list[int], frozenset[str]]:
        ids, terms = real(query, where, limit=limit, cancelled=cancelled)
        return (ids if limit is not None else [*ids[PAGE:], *ids[:PAGE]]), terms

    monkeypatch.setattr(window.library, "search_ids", reordered)
    type_query(qtbot, window, "quokka")
    window.focus_list()
    window.move_current(5)
    current = window.current_paper_id()
    with qtbot.waitSignal(window.papers.completed, timeout=10_000):
        gate.release()
    assert window.model.rowCount() == MATCHES
    assert window.model.row_of(current) == MATCHES - PAGE + 5  # replaced: the paper moved, the cursor with it
    assert window.current_paper_id() == current
    assert window.count_label.text() == f"{MATCHES} results · by relevance"


def test_a_reload_that_keeps_a_paper_reads_the_whole_list_at_once(qtbot, quokkas: MainWindow) -> None:
    """After a change in a search the paper on screen stays current, wherever it is in the list."""
    window = quokkas
    type_query(qtbot, window, "quokka")
    settle(qtbot, window)
    window.focus_list()
    window.move_current(PAGE + 30)  # below the first page
    deep = window.current_paper_id()
    results: list[ListResult] = []
    window.papers.loaded.connect(results.append)
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        window.page.reload_list()
    assert [(r.complete, len(r.ids)) for r in results] == [(True, MATCHES)]
    assert window.current_paper_id() == deep


def test_a_first_page_without_matches_waits_for_the_whole_list(qtbot, library: Library, tasks) -> None:
    """A list filtered after ranking may have all its matches below the best ones overall."""
    controller = PaperListController(library, tasks)
    controller.choose("list:all", PaperFilter())
    firsts: list[ListResult] = []
    controller.loaded.connect(firsts.append)
    real = library.search_ids

    def none_among_the_best(
        query: str, where: PaperFilter = ALL_PAPERS, limit: int | None = None, cancelled: Cancelled = None
    ) -> tuple[list[int], frozenset[str]]:
        return ([], frozenset()) if limit is not None else real(query, where, cancelled=cancelled)

    library.search_ids = none_among_the_best  # type: ignore[method-assign]
    with qtbot.waitSignal(controller.loaded, timeout=10_000):
        controller.reload("contamination", None, 0)
    qtbot.waitUntil(lambda: tasks.idle, timeout=10_000)
    assert [(r.complete, len(r.ids)) for r in firsts] == [(True, 1)]  # the whole list, shown as one


def test_the_count_says_when_it_is_still_counting() -> None:
    assert list_count_text(332, searching=False) == "332 papers"
    assert list_count_text(1, searching=True) == "1 result · by relevance"
    assert list_count_text(200, searching=True, first_page=True, counting=True) == "best 200 results · counting…"
    assert list_count_text(200, searching=True, first_page=True) == "best 200 results · by relevance"
    assert list_count_text(1_234, searching=True) == "1,234 results · by relevance"
