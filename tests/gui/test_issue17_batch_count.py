"""Issue 17 (last item): the sidebar's count beside an import batch leaves out its papers in the Trash."""

from __future__ import annotations

from PySide6.QtCore import Qt

from readinglist.gui.main_window import MainWindow
from tests.gui.test_issue15_trash import four_papers as four_papers  # noqa: F401 - the fixture
from tests.gui.test_main_window import choose_list
from tests.helpers import settle


def test_a_batch_count_leaves_out_its_papers_in_the_trash_and_counts_them_again_on_undo(
    qtbot,
    four_papers: MainWindow,  # noqa: F811 - the fixture imported above
) -> None:
    window = four_papers
    batch = next(b for b in window.library.batches() if b.name == "daily_a.txt")
    key = f"batch:{batch.id}"
    settle(qtbot, window)
    listed = window.sidebar_model.count_of(key)
    assert listed == batch.found

    choose_list(qtbot, window, key)
    window.focus_list()
    assert window.model.rowCount() == listed
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    settle(qtbot, window)

    assert window.sidebar_model.count_of(key) == listed - 1 == window.model.rowCount()
    qtbot.keyClick(window.table, Qt.Key.Key_Z)
    settle(qtbot, window)
    assert window.sidebar_model.count_of(key) == listed == window.model.rowCount()
