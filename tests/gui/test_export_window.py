"""File ▸ Export from the window writes exactly what ``readinglist export`` writes for the same papers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from readinglist.cli import main
from readinglist.core import export
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.gui.exporting import EXPORT_FILTERS
from readinglist.gui.main_window import MainWindow
from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN
from tests.gui.test_main_window import choose_list, import_and_wait
from tests.helpers import LIBRARY_FIXTURES, export_text, settle

DUMPS = LIBRARY_FIXTURES.parent / "dumps"
FIXTURE_DUMPS = [
    LIBRARY_FIXTURES / "daily_a.txt",
    LIBRARY_FIXTURES / "daily_b.txt",
    DUMPS / "plain_org_and_comments.txt",
    DUMPS / "markdown_trending.md",
]
FILTER_OF = {format_name: chosen for chosen, format_name in EXPORT_FILTERS.items()}
SUFFIX = {"json": ".json", "csv": ".csv", "markdown": ".md", "bibtex": ".bib"}
CTRL = Qt.KeyboardModifier.ControlModifier
STATUS_COLUMN = next(i for i, c in enumerate(COLUMNS) if c.sort_key == "status")


def press(qtbot, window: MainWindow, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key on the paper table, then wait for the work it started."""
    qtbot.keyClick(window.table, key, modifier)
    settle(qtbot, window)


def export_from_window(qtbot, window: MainWindow, monkeypatch, format_name: str, path: Path) -> None:
    """File ▸ Export (Ctrl+E), answering the save dialog with ``path`` and the format's filter."""
    asked: list[str] = []

    def save_dialog(_parent, _caption, _folder, filters, *_rest, **_named) -> tuple[str, str]:
        asked.append(filters)
        return str(path), FILTER_OF[format_name]

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, CTRL)
    assert asked, "Ctrl+E did not open the save dialog"
    assert FILTER_OF[format_name] in asked[0].split(";;")
    qtbot.waitUntil(lambda: f"to {path}" in window.statusBar().currentMessage(), timeout=10_000)
    settle(qtbot, window)


def export_from_cli(folder: Path, format_name: str, path: Path, *options: str) -> str:
    """``readinglist --library FOLDER export --format F -o PATH [options]``; returns what it said."""
    result = CliRunner().invoke(
        main,
        ["--library", str(folder), "export", "--format", format_name, "-o", str(path), *options],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return result.stderr


@pytest.fixture
def curated(qtbot, window: MainWindow) -> MainWindow:
    """The fixture dumps dropped on the window, then decided on, starred, tagged and annotated with keys."""
    import_and_wait(qtbot, window, FIXTURE_DUMPS)
    assert window.library.count() >= 10
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_J)  # not the first row: the window's order is not the id order
    press(qtbot, window, Qt.Key.Key_S)
    qtbot.keyClick(window.table, Qt.Key.Key_T)
    qtbot.keyClicks(window.detail.tags, "Reasoning, to-read")
    qtbot.keyClick(window.detail.tags, Qt.Key.Key_Return)
    settle(qtbot, window)
    noted = window.current_paper_id()
    qtbot.keyClick(window.table, Qt.Key.Key_N)
    qtbot.keyClicks(window.detail.note, "Compare with *the lattice paper*.")
    qtbot.keyClick(window.detail.note, Qt.Key.Key_Return)
    qtbot.keyClicks(window.detail.note, "Section 4 & the appendix_b {ablation}.")
    qtbot.keyClick(window.detail.note, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(window.library.get(noted).note), timeout=5000)
    settle(qtbot, window)
    press(qtbot, window, Qt.Key.Key_R)  # read: it leaves the Inbox, the next paper becomes current
    press(qtbot, window, Qt.Key.Key_D)  # dismissed
    press(qtbot, window, Qt.Key.Key_P)  # reading
    last = window.model.paper_id(window.model.rowCount() - 1)
    window.library.add_tags([last], ["Reasoning", "vision"])
    window.library.set_starred([last], True)
    settle(qtbot, window)
    choose_list(qtbot, window, "list:all")
    assert window.model.rowCount() == window.library.count()
    return window


@pytest.mark.parametrize("format_name", export.FORMATS)
def test_every_format_from_the_window_matches_the_command_line(
    qtbot,
    curated: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    format_name: str,
) -> None:
    window = curated
    from_window = tmp_path / f"window{SUFFIX[format_name]}"
    from_cli = tmp_path / f"cli{SUFFIX[format_name]}"
    export_from_window(qtbot, window, monkeypatch, format_name, from_window)
    count = window.library.count()
    assert window.statusBar().currentMessage() == f"Exported {count} papers to {from_window}"
    assert export_from_cli(window.library.folder, format_name, from_cli) == f"exported {count} paper(s)\n"
    assert from_window.read_bytes() == from_cli.read_bytes()
    text = from_window.read_text(encoding="utf-8")
    assert "to-read" in text and ("Reasoning" in text or format_name == "bibtex")


def test_the_window_exports_in_the_same_order_whatever_the_list_is_sorted_by(
    qtbot,
    curated: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = curated
    window.table.horizontalHeader().setSortIndicator(TITLE_COLUMN, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    export_from_window(qtbot, window, monkeypatch, "csv", tmp_path / "window.csv")
    export_from_cli(window.library.folder, "csv", tmp_path / "cli.csv")
    assert (tmp_path / "window.csv").read_bytes() == (tmp_path / "cli.csv").read_bytes()


def test_a_selection_exports_like_the_command_line_with_the_matching_filter(
    qtbot,
    curated: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = curated
    choose_list(qtbot, window, "list:inbox")
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_J)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = sorted(window.selected_ids())
    assert len(chosen) == 3
    press(qtbot, window, Qt.Key.Key_Q)  # queue exactly the selection
    assert window.library.paper_ids(PaperFilter(status=ReadStatus.QUEUED), sort="id") == chosen

    # The same three papers selected in All papers sorted by status: a selection, not the whole list.
    choose_list(qtbot, window, "list:all")
    window.table.horizontalHeader().setSortIndicator(STATUS_COLUMN, Qt.SortOrder.AscendingOrder)
    settle(qtbot, window)
    rows = sorted(window.model.row_of(paper) for paper in chosen)
    assert rows == list(range(rows[0], rows[0] + 3))  # queued papers sort together
    window.table.setCurrentIndex(window.model.index(rows[0], STATUS_COLUMN))
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert sorted(window.selected_ids()) == chosen
    assert window.model.rowCount() > 3
    for format_name in export.FORMATS:
        from_window = tmp_path / f"window{SUFFIX[format_name]}"
        from_cli = tmp_path / f"cli{SUFFIX[format_name]}"
        export_from_window(qtbot, window, monkeypatch, format_name, from_window)
        assert window.statusBar().currentMessage() == f"Exported 3 papers to {from_window}"
        said = export_from_cli(window.library.folder, format_name, from_cli, "--status", "queued")
        assert said == "exported 3 paper(s)\n"
        assert from_window.read_bytes() == from_cli.read_bytes(), format_name


def test_an_unwritable_path_is_a_clear_message_not_a_traceback(
    qtbot,
    curated: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = curated
    target = tmp_path / "no such folder" / "papers.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), FILTER_OF["json"]))
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: "Could not export" in window.statusBar().currentMessage(), timeout=10_000)
    settle(qtbot, window)
    said = f"Could not export to {target}: No such file or directory"
    assert window.statusBar().currentMessage() == said
    [box] = [box for box in window.findChildren(QMessageBox) if box.isVisible()]
    assert box.text() == said
    assert box.detailedText() == ""  # no traceback behind a "Show Details" button
    assert not box.isModal()  # the window keeps working
    assert not target.exists()
    box.close()


def test_ai_summaries_export_the_same_from_the_window_and_the_command_line(
    qtbot,
    curated: MainWindow,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    window = curated
    summaries = tmp_path / "summaries.json"
    summaries.write_text(
        export_text(
            [
                {"title": "Sparse Lattice Attention for Long Documents", "ai_summary": "Slots route; memory drops."},
                {"title": "Tidal Mixture of Experts", "ai_summary": 'Experts take "turns", like tides & moons.'},
            ]
        ),
        encoding="utf-8",
    )
    [report] = import_and_wait(qtbot, window, [summaries])
    assert (report.new, report.merged) == (1, 1)
    choose_list(qtbot, window, "list:all")
    for format_name in export.FORMATS:
        from_window = tmp_path / f"window{SUFFIX[format_name]}"
        from_cli = tmp_path / f"cli{SUFFIX[format_name]}"
        export_from_window(qtbot, window, monkeypatch, format_name, from_window)
        export_from_cli(window.library.folder, format_name, from_cli)
        assert from_window.read_bytes() == from_cli.read_bytes(), format_name
        if format_name != "bibtex":
            text = from_window.read_text(encoding="utf-8")
            assert "Slots route; memory drops." in text and "like tides" in text, format_name
