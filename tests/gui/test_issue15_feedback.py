"""Issue 15 items 6 and 15: where a search looks, what an empty table says, and what an import shows as it runs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QClipboard, QDragEnterEvent, QDragLeaveEvent, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from readinglist.core.import_reports import FileReport
from readinglist.core.models import ReadStatus
from readinglist.gui.controllers.import_messages import import_message
from tests.gui.test_main_window import DAILY_A, DAILY_B, import_and_wait, titles_on_screen
from tests.gui.test_paste_drop import PAGE_HTML, PAGE_TEXT
from tests.helpers import drop, file_mime, settle


@pytest.fixture
def clipboard() -> Iterator[QClipboard]:
    """The application clipboard, emptied after the test (mime data left on it crashes the process at exit)."""
    board = QGuiApplication.clipboard()
    yield board
    board.clear()


def empty_state(window) -> QWidget:
    """The words over the table when it has no rows (fails the test when there are none)."""
    found = window.table.viewport().findChild(QWidget, "EmptyState")
    assert found is not None, "no empty state over the table"
    return found


def shown_text(widget: QWidget) -> str:
    """Every visible label's text in ``widget``."""
    return "\n".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def search_all_button(widget: QWidget) -> QAbstractButton:
    [button] = [b for b in widget.findChildren(QAbstractButton) if b.isVisible() and "all papers" in b.text().lower()]
    return button


def scope_text(window) -> str:
    [scope] = [b for b in window.findChildren(QAbstractButton) if b.isVisible() and b.text().startswith("in ")]
    return scope.text()


def search(qtbot, window, query: str) -> None:
    window.search.setFocus()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClicks(window.search, query)
    settle(qtbot, window)


def paste(qtbot, window, clipboard: QClipboard, mime: QMimeData) -> list[FileReport]:
    clipboard.setMimeData(mime)  # the clipboard owns it now
    window.table.setFocus()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    return finished.args[0]


def page_mime() -> QMimeData:
    mime = QMimeData()
    mime.setHtml(PAGE_HTML)
    mime.setText(PAGE_TEXT)
    return mime


# -- item 6: empty states and the search's scope -----------------------------------------


def test_an_empty_library_says_how_to_import_until_rows_arrive(qtbot, window) -> None:
    """Issue 15 item 6: an empty library shows how to import over the table, with no stray scroll bar."""
    state = empty_state(window)
    assert state.isVisible()
    text = shown_text(state)
    assert "Ctrl+V" in text and "Drop" in text and "Ctrl+O" in text  # the keys as bound
    assert not window.table.horizontalScrollBar().isVisible()
    assert not window.table.verticalScrollBar().isVisible()

    import_and_wait(qtbot, window, [DAILY_A])
    assert not state.isVisible()
    assert len(titles_on_screen(qtbot, window)) == 3


def test_a_search_in_the_inbox_says_where_it_looked_and_widens_with_one_key(qtbot, window) -> None:
    """Issue 15 item 6: status:queued in the Inbox says it looks in the Inbox only; Ctrl+Shift+F searches all."""
    import_and_wait(qtbot, window, [DAILY_A])
    window.focus_list()
    queued = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_Q)  # the real key: the paper leaves the Inbox
    qtbot.waitUntil(lambda: window.library.get(queued).status == ReadStatus.QUEUED)
    settle(qtbot, window)
    assert window.papers.list_key == "list:inbox"
    assert scope_text(window) == "in Inbox"

    search(qtbot, window, "status:queued")
    assert window.model.rowCount() == 0
    state = empty_state(window)
    assert state.isVisible()
    assert "Inbox" in shown_text(state)
    search_all_button(state)  # offered

    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClick(
            window.search, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    settle(qtbot, window)
    assert window.model.ids() == [queued]
    assert window.search.text() == "status:queued"  # the query stays
    assert scope_text(window) == "in All papers"
    assert not state.isVisible()


def test_enter_on_the_empty_states_offer_searches_all_papers(qtbot, window) -> None:
    """Issue 15 item 6: the empty state's "Search all papers" works from the keyboard (Enter)."""
    import_and_wait(qtbot, window, [DAILY_A])
    choose_queue = window.sidebar_model.index_of_key("list:queue")
    window.sidebar.setCurrentIndex(choose_queue)
    settle(qtbot, window)
    assert "queue is empty" in shown_text(empty_state(window)).lower()  # an empty list says so

    search(qtbot, window, "status:new")
    button = search_all_button(empty_state(window))
    button.setFocus()
    with qtbot.waitSignal(window.list_loaded, timeout=10_000):
        qtbot.keyClick(button, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.model.rowCount() == 3
    assert scope_text(window) == "in All papers"
    assert not empty_state(window).isVisible()


# -- item 15: import feedback ---------------------------------------------------------------


def test_sidebar_counts_rise_while_an_import_runs(qtbot, window, monkeypatch) -> None:
    """Issue 15 item 15: the sidebar counts follow the rows as papers arrive, before the import ends."""
    counted_early = threading.Event()
    finished = threading.Event()
    real_import = window.jobs.import_files

    def slow_import(files, on_file, progress):
        def file_done(report):
            on_file(report)
            counted_early.wait(10)  # the next file waits until the sidebar counted the first one (or 10 s)

        return real_import(files, file_done, progress)

    def counts_shown(counts) -> None:
        if counts.total > 0 and not finished.is_set():
            counted_early.set()

    monkeypatch.setattr(window.jobs, "import_files", slow_import)
    window.papers.counts_loaded.connect(counts_shown)
    window.import_finished.connect(lambda _reports: finished.set())
    import_and_wait(qtbot, window, [DAILY_A, DAILY_B])
    assert counted_early.is_set()
    assert window.sidebar_model.count_of("list:all") == 4


def test_progress_text_fits_beside_the_bar_at_1024_pixels(qtbot, window) -> None:
    """Issue 15 item 15: "Indexing 3,000/10,000" is readable whole in a 1024 px wide window."""
    window.resize(1024, 700)
    window.tasks.busy_changed.emit(True)
    window.tasks.progress.emit(3000, 10000, "Indexing")
    label = window.status_bar.progress_label
    assert label.text() == "Indexing 3,000/10,000"

    def fits() -> bool:
        return label.isVisible() and label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()

    qtbot.waitUntil(fits, timeout=5_000)
    bar = window.status_bar.progress
    assert not bar.isTextVisible() or bar.fontMetrics().horizontalAdvance(bar.text()) <= bar.contentsRect().width()
    window.tasks.busy_changed.emit(False)
    assert not label.isVisible()


def test_the_current_paper_stays_when_an_import_ends(qtbot, window) -> None:
    """Issue 15 item 15: an import that adds papers elsewhere leaves the same paper current."""
    import_and_wait(qtbot, window, [DAILY_A])
    window.focus_list()
    window.move_current(2)
    before = window.current_paper_id()
    assert before is not None
    import_and_wait(qtbot, window, [DAILY_B])
    assert window.model.rowCount() == 4
    assert window.current_paper_id() == before


def test_a_paper_chosen_while_an_import_fills_an_empty_list_stays_current(qtbot, window, monkeypatch) -> None:
    """Issue 15 item 15: rows arrive in an empty list, a paper is chosen among them; the import's end keeps it."""
    chosen = threading.Event()
    real_import = window.jobs.import_files

    def import_waiting_after_the_first_file(files, on_file, progress):
        def file_done(report):
            on_file(report)
            chosen.wait(10)  # the person picks a paper among the first file's rows meanwhile

        return real_import(files, file_done, progress)

    monkeypatch.setattr(window.jobs, "import_files", import_waiting_after_the_first_file)
    with qtbot.waitSignal(window.import_finished, timeout=60_000):
        drop(window.table.viewport(), file_mime([DAILY_A, DAILY_B]))
        qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=10_000)
        window.focus_list()
        window.move_current(2)
        paper = window.current_paper_id()
        chosen.set()
    settle(qtbot, window)
    assert window.model.rowCount() == 4
    assert window.current_paper_id() == paper


def test_a_drag_with_files_shows_a_drop_highlight_until_it_leaves(qtbot, window, tmp_path: Path) -> None:
    """Issue 15 item 15: a drag of files over the window shows "Drop to import"; leaving takes it away."""
    mime = file_mime([DAILY_A])
    enter = QDragEnterEvent(
        QPoint(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    highlight = window.findChild(QWidget, "DropHighlight")
    assert highlight is not None and highlight.isVisible()
    assert highlight.geometry() == window.rect()
    QApplication.sendEvent(window, QDragLeaveEvent())
    assert not highlight.isVisible()
    assert window.library.count() == 0  # a drag is not a drop


def test_pasting_a_known_page_again_says_nothing_new(qtbot, window, clipboard) -> None:
    """Issue 15 item 15: the same page pasted again says "nothing new", not "Imported 1 file(s): 0 new"."""
    [first] = paste(qtbot, window, clipboard, page_mime())
    assert first.new == 3
    assert window.statusBar().currentMessage() == "Pasted page: 3 new papers"
    paste(qtbot, window, clipboard, page_mime())
    message = window.statusBar().currentMessage()
    assert message.startswith("Pasted page: nothing new")
    assert "file(s)" not in message


def test_a_failed_paste_says_paste_failed_and_why(qtbot, window, clipboard) -> None:
    """Issue 15 item 15: a paste that cannot be read says "Paste failed: <reason>"."""
    mime = QMimeData()
    mime.setText("Dear diary, today nothing happened at all.")
    [report] = paste(qtbot, window, clipboard, mime)
    assert report.failed
    message = window.statusBar().currentMessage()
    assert message.startswith("Paste failed: ")
    assert report.message in message


def test_import_messages_say_what_happened_with_plurals_right() -> None:
    """Issue 15 item 15: known papers, one file and skipped entries are said in words."""
    known = FileReport("Paste", "imported", found=14, merged=14)
    assert import_message([known], "paste") == "Pasted page: nothing new — all 14 papers were already in the library"
    one = FileReport("a.txt", "imported", found=1, new=1, skipped=1)
    assert import_message([one], "files") == "Imported 1 file: 1 new paper (1 entry skipped)"
    two = [one, FileReport("b.txt", "imported", found=3, new=2, merged=1, skipped=2)]
    assert (
        import_message(two, "files") == "Imported 2 files: 3 new papers, 1 already in the library (3 entries skipped)"
    )
    assert import_message([FileReport("x", "failed", message="not a papers page")], "drop") == (
        "Drop failed: not a papers page"
    )


def test_esc_closes_the_import_summary_and_gives_the_keyboard_to_the_list(qtbot, window, tmp_path: Path) -> None:
    """Issue 15 item 15: Esc closes the summary (in it, or in the list it opened beside); the list has the keys."""
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "daily.txt").write_bytes(DAILY_A.read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    import_and_wait(qtbot, window, [folder])
    summary = window.summary
    assert summary.isVisible()
    assert not summary.windowFlags() & Qt.WindowType.WindowStaysOnTopHint  # never over other applications

    # The summary opened without the keyboard: Esc, pressed in the list, closes it.
    window.focus_list()
    qtbot.keyClick(window.table, Qt.Key.Key_Escape)
    assert not summary.isVisible()

    # Opened again and used (the keyboard in it): Esc closes it and the list has the keyboard, not the search.
    window.search.setFocus()
    summary.show()
    summary.activateWindow()
    summary.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is summary.view)
    qtbot.keyClick(summary.view, Qt.Key.Key_Escape)
    assert not summary.isVisible()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.table)
