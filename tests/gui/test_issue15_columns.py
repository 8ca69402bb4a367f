"""Issue 15 items 9 and 10: columns that fit and can be chosen, the row menu, copying, and undated papers last."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QHeaderView, QMenu, QStyle, QTableView, QWidget

from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN, PaperTableModel
from readinglist.gui.window_state import SETTINGS_FILE
from tests.helpers import LIBRARY_FIXTURES, settle

PUBLISHED = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "published")
ADDED = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "added")
ARXIV_PAPERS = [
    {"paper": {"id": "2401.01234", "title": "Sparse Probes for Dense Models", "summary": "Probing, sparsely."}},
    {"paper": {"id": "2402.05678", "title": "Adapters All the Way Down", "summary": "Adapters on adapters."}},
]
UNDATED = [
    {"paper": {"title": "An Undated Note on Sparse Probes", "summary": "No date anywhere."}},
    {"paper": {"title": "Another Undated Survey of Adapters", "summary": "Nor here."}},
]


@pytest.fixture
def open_on(tmp_path: Path, open_window: Callable[[], MainWindow]) -> Callable[..., MainWindow]:
    """Opens the window on a library that already has the daily dumps and the given pasted papers."""

    def open_with(*pasted: list[dict]) -> MainWindow:
        with Library.open(tmp_path / "library") as library:
            library.import_paths([LIBRARY_FIXTURES / "daily_a.txt", LIBRARY_FIXTURES / "daily_b.txt"])
            for number, papers in enumerate(pasted):
                library.import_text(json.dumps(papers), f"pasted-{number}.json")
        return open_window()

    return open_with


def show_all_papers(qtbot, window: MainWindow) -> None:
    window.sidebar.setCurrentIndex(window.sidebar_model.index_of_key("list:all"))
    settle(qtbot, window)


def cells(qtbot, window: MainWindow, column: int) -> list[str]:
    """The text of every cell of ``column`` on screen, once the rows have arrived."""
    for row in range(window.model.rowCount()):
        window.model.row_data(row)
    settle(qtbot, window)
    qtbot.waitUntil(lambda: window.model.cached_rows() == window.model.rowCount())
    return [window.model.index(row, column).data() for row in range(window.model.rowCount())]


def visible_sections(header: QHeaderView) -> list[int]:
    """The shown columns, left to right."""
    logical = (header.logicalIndex(visual) for visual in range(header.count()))
    return [column for column in logical if not header.isSectionHidden(column)]


def header_text_width(header: QHeaderView, column: int) -> int:
    """What a header needs to show its text whole: the text (bold, as Qt measures), margins, the sort arrow."""
    font = QFont(header.font())
    font.setBold(True)
    style, metric = header.style(), QStyle.PixelMetric
    margin = style.pixelMetric(metric.PM_HeaderMargin, None, header)
    arrow = style.pixelMetric(metric.PM_HeaderMarkSize, None, header)
    return QFontMetrics(font).horizontalAdvance(COLUMNS[column].title) + 3 * margin + arrow


def section_point(header: QHeaderView, column: int) -> QPoint:
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def row_point(table: QTableView, row: int) -> QPoint:
    return table.visualRect(table.model().index(row, TITLE_COLUMN)).center()


def right_click(qtbot, widget: QWidget, pos: QPoint) -> None:
    """A right-click as the window system delivers it (QTest's widget events make no context-menu event)."""
    window = widget.window()
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.RightButton, pos=widget.mapTo(window, pos))


def open_menu(qtbot, holder: object) -> QMenu:
    """The menu ``holder`` (the column chooser or the row menu) opened, once it is on screen."""
    qtbot.waitUntil(lambda: getattr(holder, "menu", None) is not None and holder.menu.isVisible())  # type: ignore[attr-defined]
    return holder.menu  # type: ignore[attr-defined]


def click_entry(qtbot, menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text().replace("&", "") == text)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def entries(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


POPUP = pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")  # a menu, offscreen


# -- item 9: columns -----------------------------------------------------------------


@pytest.mark.parametrize("size", [(1280, 800), (1024, 700)])
def test_the_default_columns_fit_the_window_with_whole_headers(qtbot, open_on, size: tuple[int, int]) -> None:
    """Issue 15 item 9: at 1280×800 and 1024×700 every shown header reads whole and the last column ends on screen."""
    window = open_on()
    window.resize(*size)
    qtbot.waitExposed(window)
    header = window.table.horizontalHeader()
    # The splitter has laid out at the new size: the table shares the width with the sidebar and the details.
    qtbot.waitUntil(lambda: window.width() == size[0] and window.page.width() > size[0] - 40)
    qtbot.waitUntil(lambda: 0 < window.table.viewport().width() < window.page.width() * 0.7)
    shown = visible_sections(header)
    assert TITLE_COLUMN in shown and PUBLISHED in shown and 4 <= len(shown) <= 6
    for column in shown:
        assert header_text_width(header, column) <= header.sectionSize(column), COLUMNS[column].title
    last = shown[-1]
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= window.table.viewport().width()
    assert header.sectionSize(TITLE_COLUMN) >= 150  # titles still read at 1024
    assert header.sortIndicatorSection() in shown  # the default sort (newest added first) shows its arrow


def test_a_header_saved_by_an_older_release_does_not_bring_back_the_broken_layout(qtbot, tmp_path, open_on) -> None:
    """Issue 15 item 9: the old saved header (every column shown, Published 90 px) is replaced by the new defaults."""
    old = QTableView()
    old.setModel(PaperTableModel(lambda _ids, _deliver: None))
    for column, width in enumerate((28, 440, 80, 120, 90, 64, 120, 64, 76, 120)):
        old.horizontalHeader().resizeSection(column, width)
    (tmp_path / "library").mkdir()
    ini = QSettings(str(tmp_path / "library" / SETTINGS_FILE), QSettings.Format.IniFormat)
    ini.setValue("table_header", old.horizontalHeader().saveState())
    ini.setValue("sort_key", "upvotes")  # sorted by a column the new defaults hide
    ini.sync()
    window = open_on()
    header = window.table.horizontalHeader()
    assert header.isSectionHidden(next(i for i, c in enumerate(COLUMNS) if c.title == "Upvotes"))
    assert header_text_width(header, PUBLISHED) <= header.sectionSize(PUBLISHED)
    assert not header.isSectionHidden(header.sortIndicatorSection())
    assert window.papers.sort[0] == COLUMNS[header.sortIndicatorSection()].sort_key


@POPUP
def test_the_header_menu_chooses_columns_and_hiding_the_sorted_one_moves_the_sort(qtbot, open_on, open_window) -> None:
    """Issue 15 item 9: right-click on the header lists the columns; hiding the sorted column sorts by a shown one."""
    window = open_on()
    show_all_papers(qtbot, window)
    header = window.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=section_point(header, PUBLISHED))
    settle(qtbot, window)
    assert window.papers.sort[0] == "published"

    right_click(qtbot, header.viewport(), section_point(header, PUBLISHED))
    menu = open_menu(qtbot, window.page.columns)
    assert sorted(entries(menu)) == sorted(c.name or c.title for c in COLUMNS)
    title = next(a for a in menu.actions() if a.text() == "Title")
    assert title.isChecked() and not title.isEnabled()  # Title cannot be hidden
    click_entry(qtbot, menu, "Published")
    settle(qtbot, window)
    assert header.isSectionHidden(PUBLISHED)
    assert header.sortIndicatorSection() == ADDED and not header.isSectionHidden(ADDED)
    assert window.papers.sort == ("added", True)
    assert window.model.ids() == window.library.paper_ids(sort="added", descending=True)

    right_click(qtbot, header.viewport(), section_point(header, TITLE_COLUMN))
    click_entry(qtbot, open_menu(qtbot, window.page.columns), "Organisation")
    organisation = next(i for i, c in enumerate(COLUMNS) if c.title == "Organisation")
    assert not header.isSectionHidden(organisation)
    window.close()
    again = open_window()  # the choice is kept with the header
    assert again.table.horizontalHeader().isSectionHidden(PUBLISHED)
    assert not again.table.horizontalHeader().isSectionHidden(organisation)


# -- item 9: the row menu and copying ----------------------------------------------------


@POPUP
def test_right_click_on_a_row_selects_it_and_read_from_the_menu_marks_it_read(qtbot, open_on) -> None:
    """Issue 15 item 9: the row menu holds the paper actions; Read from it marks the clicked paper read."""
    window = open_on()
    show_all_papers(qtbot, window)
    table = window.table
    table.setFocus()
    target = window.model.paper_id(2)
    right_click(qtbot, table.viewport(), row_point(table, 2))
    menu = open_menu(qtbot, window.row_menu)
    assert window.selected_ids() == [target]  # outside the selection: that row is selected first
    for wanted in ("Open in Browser", "Copy Link", "Copy as BibTeX", "Tag…", "Queue", "Reading", "Read", "Dismiss"):
        assert wanted in entries(menu)
    assert {"Back to New", "Star"} <= set(entries(menu))
    assert ("Remove" in entries(menu)) == ("paper.remove" in window.actions_by_id)  # once that command exists
    click_entry(qtbot, menu, "Read")
    qtbot.waitUntil(lambda: window.library.get(target).status == ReadStatus.READ.value)
    assert all(window.library.get(pid).status == ReadStatus.NEW.value for pid in window.model.ids() if pid != target)


@POPUP
def test_right_click_inside_a_selection_acts_on_all_of_it_and_the_menu_key_opens_the_menu(qtbot, open_on) -> None:
    """Issue 15 item 9: a multi-selection stays for the row menu; the Menu key and Shift+F10 open it too."""
    window = open_on()
    show_all_papers(qtbot, window)
    table = window.table
    table.setFocus()
    table.selectRow(0)
    qtbot.mouseClick(
        table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, row_point(table, 2)
    )
    chosen = window.selected_ids()
    assert len(chosen) == 3
    right_click(qtbot, table.viewport(), row_point(table, 1))
    menu = open_menu(qtbot, window.row_menu)
    assert window.selected_ids() == chosen
    click_entry(qtbot, menu, "Queue")
    qtbot.waitUntil(lambda: all(window.library.get(pid).status == ReadStatus.QUEUED.value for pid in chosen))

    for key, modifier in (
        (Qt.Key.Key_Menu, Qt.KeyboardModifier.NoModifier),
        (Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier),
    ):
        window.row_menu.menu.hide()
        table.setFocus()
        qtbot.keyClick(table, key, modifier)
        assert "Read" in entries(open_menu(qtbot, window.row_menu))


def test_copy_link_and_bibtex_put_the_selected_papers_on_the_clipboard(qtbot, open_on) -> None:
    """Issue 15 item 9: Ctrl+Shift+C copies the paper's http(s) page, Copy as BibTeX its entry; the status bar says."""
    window = open_on(ARXIV_PAPERS)
    show_all_papers(qtbot, window)
    window.show_paper(next(pid for pid in window.model.ids() if window.library.get(pid).arxiv_id == "2401.01234"))
    window.table.setFocus()
    QGuiApplication.clipboard().setText("before")
    qtbot.keyClick(window.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "https://huggingface.co/papers/2401.01234")
    assert "Sparse Probes for Dense Models" in window.statusBar().currentMessage()

    window.actions_by_id["paper.copy_bibtex"].trigger()
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text().startswith("@misc{arxiv2401_01234,"))
    assert "BibTeX" in window.statusBar().currentMessage()

    window.search.setFocus()
    window.search.setText("sparse")
    window.search.selectAll()
    qtbot.keyClick(window.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "sparse"  # the search field keeps its own copy key


# -- item 10: undated papers last ----------------------------------------------------------


def test_undated_papers_sort_after_the_dated_ones_on_screen(qtbot, open_on) -> None:
    """Issue 15 item 10: sorting by Published either way shows the undated papers last, with empty cells."""
    window = open_on(UNDATED)
    show_all_papers(qtbot, window)
    header = window.table.horizontalHeader()
    for order in (Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder):
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=section_point(header, PUBLISHED))
        if header.sortIndicatorOrder() != order:
            qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=section_point(header, PUBLISHED))
        settle(qtbot, window)
        assert header.sortIndicatorSection() == PUBLISHED and header.sortIndicatorOrder() == order
        dates = cells(qtbot, window, PUBLISHED)
        assert dates[-2:] == ["", ""] and "" not in dates[:-2] and "None" not in dates
        dated = dates[:-2]
        assert dated == sorted(dated, reverse=order == Qt.SortOrder.DescendingOrder)
