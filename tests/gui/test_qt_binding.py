"""Guards against known defects of the Qt binding that would crash the app."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QTableView

from readinglist.gui.models.paper_table import PaperTableModel


def test_repainting_a_python_model_keeps_none_alive(qtbot) -> None:
    # PySide6 6.12.0 dropped one reference to None per header repaint, so a
    # long session aborted with "deallocating None"; pyproject excludes it.
    model = PaperTableModel(lambda ids, deliver: None)
    model.set_ids(range(50))
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    qtbot.waitExposed(view)
    before = sys.getrefcount(None)
    for _ in range(200):
        view.horizontalHeader().viewport().repaint()
    assert sys.getrefcount(None) >= before
