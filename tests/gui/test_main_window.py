"""The main window driven like a person would: drops, paste, typing, keys, restarts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QApplication

from readinglist.core.hub.links import open_url
from readinglist.core.models import ReadStatus
from readinglist.gui.models.paper_table import TITLE_COLUMN
from tests.helpers import LIBRARY_FIXTURES, drop, file_mime, settle

DAILY_A = LIBRARY_FIXTURES / "daily_a.txt"
DAILY_B = LIBRARY_FIXTURES / "daily_b.txt"


def import_and_wait(qtbot, window, paths: list[Path]) -> list:
    with qtbot.waitSignal(window.import_finished, timeout=60_000) as finished:
        drop(window.table.viewport(), file_mime(paths))
    settle(qtbot, window)
    return finished.args[0]


def choose_list(qtbot, window, key: str) -> None:
    window.sidebar.setCurrentIndex(window.sidebar_model.index_of_key(key))
    settle(qtbot, window)


def titles_on_screen(qtbot, window) -> list[str]:
    """Every title in the table, once the rows have arrived from the library."""
    model = window.model
    for row in range(model.rowCount()):
        model.row_data(row)  # asks for the rows not fetched yet
    settle(qtbot, window)
    return [model.index(row, TITLE_COLUMN).data() for row in range(model.rowCount())]


def test_a_real_font_renders_text(qapp) -> None:
    assert QFontMetrics(qapp.font()).inFont("A")


def test_dropping_the_shared_dumps_shows_every_paper(qtbot, window, shared_dumps: Path) -> None:
    expected = json.loads((shared_dumps / "expected.json").read_text(encoding="utf-8"))
    reports = import_and_wait(qtbot, window, [shared_dumps / f["file"] for f in expected["files"]])
    assert [r.found for r in reports] == [f["papers"] for f in expected["files"]]
    assert window.model.rowCount() == 332  # the Inbox: every paper is new
    assert window.sidebar_model.count_of("list:inbox") == 332
    assert window.count_label.text() == "332 papers"
    assert window.model.cached_rows() < 332  # rows are loaded as they are shown, not all at once
    assert not window.summary.isVisible()  # nothing failed: the status bar says it all
    assert window.summary.model.rowCount() == 4
    assert window.details_button.isVisible()


def test_dropping_a_folder_with_a_bad_file_reports_it(qtbot, window, tmp_path: Path) -> None:
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "daily.txt").write_bytes(DAILY_A.read_bytes())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    reports = import_and_wait(qtbot, window, [folder])
    assert sorted((Path(r.source).name, r.outcome) for r in reports) == [
        ("daily.txt", "imported"),
        ("photo.png", "failed"),
    ]
    assert window.model.rowCount() == 3
    assert window.summary.isVisible()  # something failed: the summary opens by itself
    assert QApplication.activeWindow() is not window.summary  # it did not take the keyboard
    summary = window.summary.model
    failed_row = next(row for row in range(summary.rowCount()) if summary.item(row, 0).text() == "photo.png")
    assert summary.item(failed_row, 1).text() == "failed"
    assert "binary" in summary.item(failed_row, 0).child(0, 0).text()


def test_ctrl_v_imports_page_text_as_a_new_batch(qtbot, window) -> None:
    QGuiApplication.clipboard().setText(DAILY_A.read_text(encoding="utf-8"))
    window.table.setFocus()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    [report] = finished.args[0]
    assert (report.outcome, report.new) == ("imported", 3)
    [batch] = window.library.batches()
    assert batch.name.startswith("Paste ")
    assert window.sidebar_model.index_of_key(f"batch:{batch.id}") is not None
    assert window.model.rowCount() == 3


def test_text_dropped_from_a_browser_imports_too(qtbot, window) -> None:
    mime = QMimeData()
    mime.setText(DAILY_B.read_text(encoding="utf-8"))
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        drop(window.table.viewport(), mime)
    settle(qtbot, window)
    assert window.library.count() == 2


def test_typing_a_query_narrows_rows_and_highlights_the_abstract(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A, DAILY_B])
    assert window.model.rowCount() == 4
    window.search.setFocus()
    qtbot.keyClicks(window.search, "contamination")
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    settle(qtbot, window)
    assert titles_on_screen(qtbot, window) == ["Benchmarks Leak: Measuring Contamination in Code Models"]
    assert window.count_label.text() == "1 result · by relevance"
    assert "contamination" in highlighted_words(window.detail.info.document())

    qtbot.keyClick(window.search, Qt.Key.Key_Down)  # on to the results, the query kept
    assert window.table.hasFocus() and window.search.text() == "contamination"
    found = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.library.get(found).status == "read", timeout=5000)


def highlighted_words(document) -> set[str]:  # a QTextDocument
    """The case-folded words the detail view shows marked (bold, as search matches are)."""
    words = set()
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if (
                fragment.charFormat().fontWeight() >= QFont.Weight.Bold
                and fragment.charFormat().background().color().name() == "#ffe066"
            ):
                words.update(fragment.text().casefold().split())
            iterator += 1
        block = block.next()
    return words


def test_a_malformed_query_shows_its_message(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    qtbot.keyClicks(window.search, '"unclosed')
    qtbot.waitUntil(window.search_error.isVisible, timeout=5000)
    assert "unclosed quote" in window.search_error.text()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.search_error.isVisible(), timeout=5000)
    settle(qtbot, window)
    assert window.search.text() == ""
    assert window.table.hasFocus()
    assert window.model.rowCount() == 3


def test_a_tag_typed_in_the_editor_shows_in_the_sidebar(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_T)
    assert window.detail.tags.hasFocus()
    qtbot.keyClicks(window.detail.tags, "Reasoning, to-read")
    with qtbot.waitSignal(window.counts_updated, timeout=10_000):
        qtbot.keyClick(window.detail.tags, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert window.sidebar_model.count_of("tag:reasoning") == 1
    assert window.sidebar_model.count_of("tag:to-read") == 1
    current = window.current_paper_id()
    assert window.library.get(current).tags == ["Reasoning", "to-read"]
    qtbot.waitUntil(lambda: window.model.index(window.model.row_of(current), 3).data() == "Reasoning, to-read")


def test_a_note_is_saved_after_the_pause_and_on_close(qtbot, open_window) -> None:
    window = open_window()
    import_and_wait(qtbot, window, [DAILY_A])
    paper = window.current_paper_id()
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_N)
    assert window.detail.note.hasFocus()
    qtbot.keyClicks(window.detail.note, "First thought")
    qtbot.waitUntil(lambda: window.library.get(paper).note == "First thought", timeout=5000)
    qtbot.keyClicks(window.detail.note, " and a second")
    window.close()  # before the save delay has passed
    assert window.library.get(paper).note == "First thought and a second"


def test_letter_keys_decide_on_the_selection_and_type_in_fields(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_J)
    assert window.table.currentIndex().row() == 1
    qtbot.keyClick(window.table, Qt.Key.Key_K)
    assert window.table.currentIndex().row() == 0
    first = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: window.library.get(first).starred, timeout=5000)
    qtbot.keyClick(window.table, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: window.library.get(first).status == ReadStatus.QUEUED.value, timeout=5000)
    settle(qtbot, window)
    assert first not in window.model.ids()  # it left the Inbox
    assert window.sidebar_model.count_of("list:queue") == 1
    window.search.setFocus()
    qtbot.keyClicks(window.search, "qs")
    assert window.search.text() == "qs"
    settle(qtbot, window)
    assert window.library.count() == 3 and window.sidebar_model.count_of("list:queue") == 1


def test_a_restart_restores_sort_list_and_splitters(qtbot, open_window) -> None:
    window = open_window()
    import_and_wait(qtbot, window, [DAILY_A, DAILY_B])
    choose_list(qtbot, window, "list:all")
    window.table.horizontalHeader().setSortIndicator(TITLE_COLUMN, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    assert titles_on_screen(qtbot, window) == sorted(titles_on_screen(qtbot, window), key=str.casefold)
    window.splitter.setSizes([150, 700, 500])
    sizes = window.splitter.sizes()
    window.close()

    again = open_window()
    assert again.table.horizontalHeader().sortIndicatorSection() == TITLE_COLUMN
    assert again.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert again.splitter.sizes() == sizes
    assert again.sidebar.currentIndex().data() == "All papers"
    assert titles_on_screen(qtbot, again) == sorted(titles_on_screen(qtbot, again), key=str.casefold)
    assert again.model.rowCount() == 4


@pytest.mark.usefixtures("window")
def test_every_menu_entry_comes_from_the_registry(window) -> None:
    from readinglist.core.commands import COMMANDS

    menu_ids = [
        a.objectName()
        for menu in window.menuBar().findChildren(type(window.menuBar().addMenu("x")))
        for a in menu.actions()
    ]
    assert {c.id for c in COMMANDS} <= set(menu_ids)
    assert window.actions_by_id["file.quit"].shortcut().toString() == "Ctrl+Q"


def test_ctrl_q_quits_with_the_pending_note_saved(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    paper = window.current_paper_id()
    window.detail.focus_note()
    qtbot.keyClicks(window.detail.note, "Quick")
    qtbot.keyClick(window.detail.note, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window.library.get(paper).note == "Quick"
    assert QApplication.instance() is not None


def test_the_app_opens_its_window_with_the_icon(qtbot, tmp_path: Path) -> None:
    from readinglist.gui.app import open_window

    window = open_window(tmp_path / "lib")
    qtbot.addWidget(window)
    assert not window.windowIcon().isNull()
    assert window.library.folder == tmp_path / "lib"
    settle(qtbot, window)
    assert len(list((tmp_path / "lib" / "backups").iterdir())) == 1  # the day's backup, taken on the writer thread
    window.close()
    window.library.close()


def test_home_and_end_go_to_the_first_and_last_paper(qtbot, window) -> None:
    import_and_wait(qtbot, window, [LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_End)
    assert window.table.currentIndex().row() == window.model.rowCount() - 1
    assert window.selected_ids() == [window.model.paper_id(window.model.rowCount() - 1)]
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    assert window.table.currentIndex().row() == 0


def test_o_opens_the_current_papers_page(qtbot, window, monkeypatch) -> None:
    import readinglist.gui.controllers.detail as detail_module

    opened: list[str] = []
    monkeypatch.setattr(detail_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    import_and_wait(qtbot, window, [LIBRARY_FIXTURES / "daily_a.txt"])
    linked = next(p for p in window.library.records(window.library.paper_ids()) if p.github_url)
    window.show_paper(linked.id)
    settle(qtbot, window)
    expected = QUrl(open_url(linked)).toString()  # its Hub page, else a Hub search for its title
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: opened == [expected])
