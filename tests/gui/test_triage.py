"""Triage mode, driven by real key presses on the real window."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.gui.views.triage import tally, time_left
from tests.benchmarks.corpus import generate_corpus
from tests.gui.test_main_window import choose_list, import_and_wait
from tests.gui.test_undo import statuses
from tests.helpers import settle

# One decision key per paper, cycling: q d r p s (s stars and stays, so the next key decides that paper too).
DECISION_KEYS = {"q": Qt.Key.Key_Q, "d": Qt.Key.Key_D, "r": Qt.Key.Key_R, "p": Qt.Key.Key_P, "s": Qt.Key.Key_S}
STATUS_OF = {"q": "queued", "d": "dismissed", "r": "read", "p": "reading"}


@pytest.fixture
def twenty_new(tmp_path: Path) -> Path:
    """One dump of 20 papers, all new once imported."""
    return generate_corpus(tmp_path / "dumps", 20, files=1, seed=3).files[0]


def key(qtbot, window, letter: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press a key on the triage view and wait for its work to finish."""
    qtbot.keyClick(window.triage, DECISION_KEYS.get(letter) or getattr(Qt.Key, f"Key_{letter.upper()}"), modifier)
    settle(qtbot, window)


def start_triage(qtbot, window) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.triage
    assert window.triage.hasFocus()


def test_a_triage_run_over_twenty_papers_decides_each_and_sums_up(qtbot, window, twenty_new: Path) -> None:
    import_and_wait(qtbot, window, [twenty_new])
    order = window.model.ids()
    assert len(order) == 20
    start_triage(qtbot, window)
    assert window.triage.progress.text() == "1 of 20"

    expected: dict[int, str] = {}
    starred: set[int] = set()
    letters = iter("qdrps" * 8)
    for paper in order:
        assert window.triage.current_id() == paper
        assert window.triage.pane.paper is not None and window.triage.pane.paper.id == paper  # shown on screen
        letter = next(letters)
        if letter == "s":  # the star does not move on: the next letter decides this paper
            key(qtbot, window, "s")
            starred.add(paper)
            letter = next(letters)
        key(qtbot, window, letter)
        expected[paper] = STATUS_OF[letter]

    assert statuses(window) == expected
    assert {p.id for p in window.library.records(order) if p.starred} == starred
    qtbot.waitUntil(lambda: bool(window.triage.summary_counts))
    assert window.triage.summary_counts == Counter({**Counter(expected.values()), "starred": len(starred)})
    summary = window.triage.summary.text()
    for status, count in Counter(expected.values()).items():
        assert f"{count} {status}" in summary
    assert f"{len(starred)} starred" in summary

    qtbot.keyClick(window.triage, Qt.Key.Key_Return)  # back to the library
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.splitter
    assert window.model.rowCount() == 0  # the Inbox is empty now


def test_undo_in_triage_goes_back_to_the_paper_and_leaving_keeps_decisions(qtbot, window, twenty_new: Path) -> None:
    import_and_wait(qtbot, window, [twenty_new])
    order = window.model.ids()
    start_triage(qtbot, window)
    for letter in "qdr":
        key(qtbot, window, letter)
    assert window.triage.progress.text().startswith("4 of 20, ")  # with the time left, from the pace
    key(qtbot, window, "z")
    assert window.triage.current_id() == order[2]
    assert window.library.get(order[2]).status == "new"
    key(qtbot, window, "j")  # skip it without deciding
    key(qtbot, window, "t")
    assert window.triage.pane.tags.hasFocus()
    qtbot.keyClicks(window.triage.pane.tags, "qdr, later")  # letters in the tag editor type, never decide
    qtbot.keyClick(window.triage.pane.tags, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.triage.hasFocus()
    assert window.library.get(order[3]).tags == ["later", "qdr"]
    assert window.library.get(order[3]).status == "new"

    qtbot.keyClick(window.triage, Qt.Key.Key_Escape)
    settle(qtbot, window)
    assert window.pages.currentWidget() is window.splitter
    assert [statuses(window)[pid] for pid in order[:4]] == ["queued", "dismissed", "new", "new"]
    assert window.model.row_of(order[0]) is None  # decided papers left the Inbox
    assert window.current_paper_id() == order[3]  # the library shows where triage stopped


def test_triage_works_on_any_list_over_the_selected_papers(qtbot, window, twenty_new: Path) -> None:
    import_and_wait(qtbot, window, [twenty_new])
    choose_list(qtbot, window, "list:all")
    window.move_current(18)
    qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)  # two papers selected
    start_triage(qtbot, window)
    assert window.triage.progress.text() == "1 of 2 selected papers"
    key(qtbot, window, "r")
    key(qtbot, window, "r")
    qtbot.waitUntil(lambda: window.triage.summary_counts == Counter(read=2))
    assert window.triage.current_id() is None
    key(qtbot, window, "d")  # on the summary, decisions do nothing
    assert Counter(statuses(window).values()) == Counter(new=18, read=2)


def test_the_tally_counts_only_what_changed_since_the_start() -> None:
    from datetime import UTC, datetime

    from readinglist.core.records import PaperRow

    def row(pid: int, status: str, starred: bool = False, tags: tuple[str, ...] = ()) -> PaperRow:
        return PaperRow(pid, "t", status, starred, None, None, None, None, None, datetime.now(UTC), tags)

    before = {1: {"status": "new"}, 2: {"status": "new", "starred": False}, 3: {"tags": ["A"]}, 4: {"status": "new"}}
    after = [row(1, "read"), row(2, "queued", starred=True), row(3, "new", tags=("a",)), row(4, "new")]
    assert tally(before, after) == Counter(read=1, queued=1, starred=1)


def test_time_left_is_said_in_minutes() -> None:
    assert time_left(3.0, 120) == "about 6 min left"
    assert time_left(2.0, 10) == "under a minute left"
