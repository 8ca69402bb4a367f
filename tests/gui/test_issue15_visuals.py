"""Issue 15, the visual items: a removed paper, the warning box, tag completion, highlights and layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QPainter, QTextFrameFormat, QTextTable
from PySide6.QtWidgets import QApplication, QMessageBox

from readinglist.core.records import PaperRecord
from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.status_bar import show_warning
from readinglist.gui.views import stats as stats_view
from readinglist.gui.views.detail import DetailPane
from tests.helpers import LIBRARY_FIXTURES, settle


@pytest.fixture
def imported_window(tmp_path: Path, open_window: Callable[[], MainWindow]) -> MainWindow:
    """A window over the two fixture dumps, each its own import."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    return open_window()


def visible_message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def choose_sidebar_entry(qtbot, window: MainWindow, key: str) -> None:
    index = window.sidebar_model.index_of_key(key)
    assert index is not None
    window.sidebar.setCurrentIndex(index)
    settle(qtbot, window)


def test_removing_the_import_of_the_current_paper_shows_no_error(qtbot, imported_window, monkeypatch) -> None:
    """Issue 15 item 3: removing an import whose paper the detail pane shows: no warning, the paper is gone."""
    window = imported_window
    batch = next(b for b in window.library.batches() if b.name == "daily_b.txt")
    choose_sidebar_entry(qtbot, window, f"batch:{batch.id}")
    qtbot.waitUntil(lambda: window.current_paper_id() is not None and window.detail.paper is not None)
    shown = window.current_paper_id()
    before = set(window.library.paper_ids())
    errors: list[str] = []
    monkeypatch.setattr("readinglist.gui.main_window.show_warning", lambda _w, _t, message, *_: errors.append(message))
    window.actions_by_id["file.remove_batch"].trigger()
    settle(qtbot, window)
    gone = before - set(window.library.paper_ids())
    assert shown in gone
    assert errors == []
    assert visible_message_boxes() == []
    assert shown not in window.model.ids()
    assert window.detail.paper is None or window.detail.paper.id != shown


def test_return_closes_the_warning_box(qtbot, window) -> None:
    """Issue 15 item 3: Return closes the warning box, also after "Show Details…" was clicked."""
    show_warning(window, "readinglist", "Something unexpected happened.", "Traceback (most recent call last): …")
    [box] = visible_message_boxes()
    qtbot.waitUntil(box.isActiveWindow)
    assert box.focusWidget() is box.button(QMessageBox.StandardButton.Ok)
    [details] = [b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole]
    qtbot.mouseClick(details, Qt.MouseButton.LeftButton)
    QTimer.singleShot(0, lambda: qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return))
    qtbot.waitUntil(lambda: visible_message_boxes() == [])


def test_a_situation_a_person_can_cause_gets_no_traceback(qtbot, window, monkeypatch) -> None:
    """Issue 15 item 3: an error the user can put right (a paper not found) is said without technical details."""
    shown: list[tuple[str, str | None]] = []
    monkeypatch.setattr("readinglist.gui.main_window.show_warning", lambda _w, _t, m, d=None: shown.append((m, d)))
    window.tasks.read(lambda: window.library.get(987_654))
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == [("no paper with id 987654", "")] or shown == [("no paper with id 987654", None)]


@pytest.fixture
def pane(qtbot) -> DetailPane:
    """A detail pane on its own, showing a paper, its tag editor completing from a few tag names."""
    detail = DetailPane()
    qtbot.addWidget(detail)
    detail.resize(600, 800)
    detail.show()
    qtbot.waitExposed(detail)
    detail.show_paper(record(1, "A paper", "An abstract."))
    detail.set_tag_names(["curriculum", "distillation", "rl"])
    return detail


def record(paper_id: int, title: str, abstract: str) -> PaperRecord:
    return PaperRecord(
        *(paper_id, title, abstract, None, None, None, None, None, False, None, None, None, None, []),
        *("new", False, datetime(2024, 1, 1), None),
    )


@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")  # the completions, offscreen
@pytest.mark.parametrize("accept", ["Enter", "Tab", "Down, Enter", "click"])
@pytest.mark.parametrize("before", ["", "rl, ", "curriculum, "])
def test_a_tag_completion_goes_in_once(qtbot, pane, accept, before) -> None:
    """Issue 15 item 11: typing "curr" and accepting the completion gives "curriculum" once, then Enter applies."""
    editor = pane.tags
    editor.setText(before)
    pane.activateWindow()
    editor.setFocus()
    qtbot.keyClicks(editor, "curr")
    popup = editor.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    if accept == "click":
        first = popup.model().index(0, 0)
        qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton, pos=popup.visualRect(first).center())
    else:
        for key in accept.split(", "):  # delivered where the window system sends keys: the open popup
            qtbot.keyClick(popup, {"Enter": Qt.Key.Key_Return, "Tab": Qt.Key.Key_Tab, "Down": Qt.Key.Key_Down}[key])
    assert not popup.isVisible()
    expected = [name for name in ("rl", "curriculum") if name in before or name == "curriculum"]
    assert editor.text() == ", ".join(expected) + ", "
    with qtbot.waitSignal(editor.applied) as applied:
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert applied.args == [expected]


def test_the_backlog_peak_label_is_inside_the_chart(qtbot, monkeypatch) -> None:
    """Issue 15 item 19: the backlog chart's labels, the peak's value above the last point among them, stay whole."""
    drawn: list[tuple[QRectF, str]] = []

    class RecordingPainter(QPainter):
        def drawText(self, *args: object) -> None:  # type: ignore[override]
            if isinstance(args[0], QRectF):
                drawn.append((args[0], str(args[-1])))
            super().drawText(*args)

    monkeypatch.setattr(stats_view, "QPainter", RecordingPainter)
    chart = stats_view.LineChart("Backlog", "No papers yet")
    qtbot.addWidget(chart)
    chart.resize(360, 180)
    chart.set_items([("Nov 3", 12), ("Nov 10", 20), ("Nov 17", 31), ("Nov 24", 1_204)])  # the last is the peak
    chart.grab()
    assert {text for _box, text in drawn} >= {"1,204", "0", "Nov 24"}
    area = QRectF(chart.rect())
    outside = [(text, box) for box, text in drawn if not area.contains(box)]
    assert outside == []


def test_the_statistics_page_shows_no_count_of_results(qtbot, imported_window) -> None:
    """Issue 15 item 19: the status bar's "N results" leaves with the statistics page and comes back after."""
    window = imported_window
    qtbot.keyClicks(window.search, "attention")
    qtbot.waitUntil(lambda: "result" in window.count_label.text())
    settle(qtbot, window)
    results = window.count_label.text()
    window.actions_by_id["view.statistics"].trigger()
    qtbot.waitUntil(lambda: window.statistics.shown_stats() is not None)
    assert window.pages.in_statistics
    assert "result" not in window.count_label.text()
    assert "Statistics" in window.count_label.text()
    qtbot.keyClick(window.statistics, Qt.Key.Key_Escape)
    assert not window.pages.in_statistics
    assert window.count_label.text() == results


MARKDOWN_TABLE = "Scores:\n\n| Model | Score |\n|:------|------:|\n| small | 1.5 |\n| a bigger name | 22 |\n"


def test_a_markdown_table_in_the_note_preview_is_a_grid(qtbot, pane) -> None:
    """Issue 15 item 19: a Markdown table in the note preview: padded cells, each heading over its column."""
    pane.note.setPlainText(MARKDOWN_TABLE)
    qtbot.mouseClick(pane.preview_button, Qt.MouseButton.LeftButton)
    assert pane.note_stack.currentWidget() is pane.preview
    [table] = [frame for frame in pane.preview.document().rootFrame().childFrames() if isinstance(frame, QTextTable)]
    assert (table.rows(), table.columns()) == (3, 2)
    table_format = table.format()
    assert table_format.cellPadding() >= 3 and table_format.border() >= 1
    assert table_format.borderStyle() == QTextFrameFormat.BorderStyle.BorderStyle_Solid

    def text_and_alignment(row: int, column: int) -> tuple[str, Qt.AlignmentFlag]:
        block = table.cellAt(row, column).firstCursorPosition().block()
        return block.text(), block.blockFormat().alignment() & Qt.AlignmentFlag.AlignHorizontal_Mask

    assert [text_and_alignment(0, c)[0] for c in range(2)] == ["Model", "Score"]
    for column in range(2):
        assert len({text_and_alignment(row, column)[1] for row in range(3)}) == 1  # the heading too
    assert text_and_alignment(0, 1)[1] == Qt.AlignmentFlag.AlignRight


def test_the_similar_papers_list_shows_whole_rows(qtbot, pane) -> None:
    """Issue 15 item 19: the similar papers' list is a whole number of rows high, not four and a half."""
    long_title = "A similar paper whose title runs far wider than the pane " * 4
    similar = [record(10 + i, f"{long_title}{i}", "") for i in range(8)]
    pane.show_similar(1, similar)
    qtbot.waitUntil(lambda: pane.similar_model.rowCount() == 8)
    for height in (700, 900, 1100):
        pane.resize(600, height)
        qtbot.waitUntil(lambda h=height: pane.height() == h)
        row = pane.similar.sizeHintForRow(0)
        inside = pane.similar.viewport().height()
        assert row > 0 and inside % row == 0, (height, inside, row)
        assert inside // row >= 3
        pane.similar.doItemsLayout()  # the layout a paint would do, now
        assert pane.similar.horizontalScrollBar().maximum() == 0, "a long title elides, no scroll bar over a row"


def test_a_title_search_marks_the_title_in_the_detail_pane(qtbot, imported_window) -> None:
    """Issue 15 item 18: title:lattice marks "Lattice" in the pane's title, not in the abstract that says it too."""
    window = imported_window
    qtbot.keyClicks(window.search, "title:lattice")
    qtbot.waitUntil(lambda: window.count_label.text().startswith("1 result"))
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.detail.paper is not None and "Lattice" in window.detail.paper.title)
    qtbot.waitUntil(lambda: "background-color" in window.detail.info.toHtml())  # a mark, as the pane styles it
    heading, _, rest = window.detail.info.toHtml().partition("</h2>")
    assert re.search(r"background-color:[^>]*>Lattice<", heading)
    assert "background-color" not in rest


def test_removing_the_import_of_the_paper_in_triage_shows_no_error(qtbot, imported_window, monkeypatch) -> None:
    """Issue 15 item 3: removing, during triage of an import, that import: no warning box."""
    window = imported_window
    batch = next(b for b in window.library.batches() if b.name == "daily_b.txt")
    choose_sidebar_entry(qtbot, window, f"batch:{batch.id}")
    window.actions_by_id["view.triage"].trigger()
    qtbot.waitUntil(lambda: window.in_triage and window.triage.pane.paper is not None)
    shown: list[str] = []
    monkeypatch.setattr("readinglist.gui.main_window.show_warning", lambda _w, _t, message, *_: shown.append(message))
    window.actions_by_id["file.remove_batch"].trigger()
    settle(qtbot, window)
    assert shown == []
    assert visible_message_boxes() == []
