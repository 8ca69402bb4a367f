"""Typing in the window: from the last key of a query to the first page of its results painted.

    python tests/benchmarks/typing_probe.py --library DIR [--key-ms 120] [--rounds 1]

A process of its own (offscreen): the app's window on an existing library, All
papers chosen; each query of the benchmark's QUERIES is typed into the search
field key by key, ``--key-ms`` apart (a person typing about 100 words a minute,
so the search's pause of ``SEARCH_DELAY_MS`` only passes after the last key).
Measured per query, from the last key:

- ``first_page_ms``: until the table has painted the query's best results
  (a paint after the query's list arrived, with the first row's data in it, not
  the placeholder; for no results, the empty table); the search's typing
  pause is included;
- ``after_pause_ms``: the same, counted from the moment the pause ran out and
  the search was asked for (what the search and the painting cost);
- ``whole_list_ms``: until the whole list is shown and nothing runs any more.

``refine_first_page_ms``: the 2-word queries once more, typed as a person
refines a search: the first word, a look at its first page, then the rest;
timed from the last key. The first word's whole list may still be counted
meanwhile (the reader thread answers one request at a time).

Prints one JSON object on the last line of standard output.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from readinglist.gui.app import configure_process, freeze_startup_objects, open_window
from readinglist.gui.views.library_page import SEARCH_DELAY_MS
from tests.benchmarks.decision_latency import wait_for
from tests.benchmarks.run import QUERIES, percentile

TIMEOUT_MS = 120_000


def typed_text(kind: str, query: str, fts: str) -> str:
    """What a person types for a benchmark query (the prefix kind stores the query as the window runs it)."""
    return fts.replace('"', "").rstrip("*") if kind == "prefix as typed" else query


class SearchWatch(QObject):
    """Follows one typed query: when its search was asked for, and when its results were first painted."""

    def __init__(self, window) -> None:  # the MainWindow
        super().__init__(window)
        self.window = window
        self.query = ""
        self.asked_at: float | None = None  # the search of ``query`` was asked for (the pause ran out)
        self.arrived = False  # a list answering it reached the page
        self.painted_at: float | None = None  # the first paint with its rows, once that paint had finished
        self.shown_at = 0.0  # the last time a list (or the rest of one) was shown
        controller = window.papers
        asking = controller.reload

        def reload(query: str, *args, **kwargs):  # the page asks the controller; note which query, and when
            if query == self.query and self.asked_at is None:
                self.asked_at = time.perf_counter()
            self.arrived = False
            return asking(query, *args, **kwargs)

        controller.reload = reload
        controller.loaded.connect(self._loaded)
        window.list_loaded.connect(self._shown)
        window.table.viewport().installEventFilter(self)

    def expect(self, query: str) -> None:
        self.query, self.asked_at, self.arrived, self.painted_at = query, None, False, None

    def _loaded(self, _result: object) -> None:
        self.arrived = self.asked_at is not None

    def _shown(self, _rows: int) -> None:
        self.shown_at = time.perf_counter()

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None and self._first_row_ready():
            QTimer.singleShot(0, self._painted)  # runs once this paint is over
        return False

    def _first_row_ready(self) -> bool:
        model = self.window.model
        return self.arrived and (model.rowCount() == 0 or model.row_data(0) is not None)  # no results: painted empty

    def _painted(self) -> None:
        if self.painted_at is None:
            self.painted_at = time.perf_counter()


def type_query(window, watch: SearchWatch, text: str, key_ms: int, prefix: str = "") -> float:
    """Type ``text`` after what the field holds (``prefix``), key by key; returns the time of the last key."""
    field = window.search
    field.setFocus()
    watch.expect((prefix + text).strip())
    QTest.keyClicks(field, text[:-1], delay=key_ms)
    QTest.qWait(key_ms)
    last_key = time.perf_counter()
    QTest.keyClicks(field, text[-1])
    return last_key


def until_painted(watch: SearchWatch) -> None:
    if not wait_for(lambda: watch.painted_at is not None, TIMEOUT_MS):
        raise SystemExit(f"no results painted for {watch.query!r}")


def clear_search(window) -> None:
    window.search.clear()
    wait_for(lambda: window.settled, TIMEOUT_MS)


def time_query(window, watch: SearchWatch, text: str, key_ms: int) -> tuple[float, float, float]:
    """(first page, after the pause, whole list) in ms for one typed query."""
    clear_search(window)
    last_key = type_query(window, watch, text, key_ms)
    until_painted(watch)
    wait_for(lambda: window.settled, TIMEOUT_MS)
    assert watch.painted_at is not None and watch.asked_at is not None
    return (
        (watch.painted_at - last_key) * 1000,
        (watch.painted_at - watch.asked_at) * 1000,
        (max(watch.shown_at, watch.painted_at) - last_key) * 1000,
    )


def time_refinement(window, watch: SearchWatch, text: str, key_ms: int) -> float:
    """The first word, its first page, then the rest of ``text``: ms from the last key to the first page."""
    first, rest = text.split(" ", 1)
    clear_search(window)
    type_query(window, watch, first, key_ms)
    until_painted(watch)
    QTest.qWait(key_ms)  # a look at it, then the rest, while its whole list may still be counted
    last_key = type_query(window, watch, " " + rest, key_ms, prefix=first)
    until_painted(watch)
    assert watch.painted_at is not None
    return (watch.painted_at - last_key) * 1000


def summary(values: list[float]) -> dict[str, float]:
    return {"p50": round(percentile(values, 0.5), 1), "p95": round(percentile(values, 0.95), 1)}


def _rank_in_kind(item: tuple[str, str, str, str | None]) -> int:
    """The place of a query among the queries of its kind (0 for the first)."""
    same = [other for other in QUERIES if other[0] == item[0]]
    return same.index(item)


def probe(library: Path, key_ms: int, rounds: int, per_kind: int | None = None) -> dict:
    configure_process()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = open_window(library)
    if window is None:
        raise SystemExit(f"cannot open {library}")
    window.show()
    freeze_startup_objects()
    wait_for(lambda: window.settled, 600_000)
    window.page.search_all_papers()  # the benchmark's searches look at every paper
    wait_for(lambda: window.settled, TIMEOUT_MS)
    watch = SearchWatch(window)
    first: list[float] = []
    after_pause: list[float] = []
    whole: list[float] = []
    by_kind: dict[str, list[float]] = {}
    queries = [item for item in QUERIES if per_kind is None or _rank_in_kind(item) < per_kind]
    for _round in range(rounds):
        for kind, query, fts, _status in queries:
            page, paused, everything = time_query(window, watch, typed_text(kind, query, fts), key_ms)
            print(f"{kind}: {query!r} {page:.0f} ms, whole list {everything:.0f} ms", file=sys.stderr, flush=True)
            first.append(page)
            after_pause.append(paused)
            whole.append(everything)
            by_kind.setdefault(kind, []).append(page)
    two_words = [query for kind, query, _fts, _status in queries if kind == "2-word"]
    refine = [time_refinement(window, watch, text, key_ms) for _round in range(rounds) for text in two_words]
    clear_search(window)
    result = {
        "papers": window.library.count(),
        "queries": len(first),
        "key_ms": key_ms,
        "search_delay_ms": SEARCH_DELAY_MS,
        "first_page_ms": summary(first),
        "after_pause_ms": summary(after_pause),
        "whole_list_ms": summary(whole),
        "refine_first_page_ms": summary(refine),
        "first_page_p95_by_kind": {kind: summary(values)["p95"] for kind, values in by_kind.items()},
    }
    window.close()
    window.library.close()
    app.processEvents()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--key-ms", type=int, default=120, help="time between two keys (ms)")
    parser.add_argument("--rounds", type=int, default=1, help="times every query is typed")
    parser.add_argument("--per-kind", type=int, default=None, help="only the first N queries of each kind")
    args = parser.parse_args(argv)
    print(json.dumps(probe(args.library, args.key_ms, args.rounds, args.per_kind)))


if __name__ == "__main__":
    main()
