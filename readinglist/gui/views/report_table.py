"""The read-only table a report dialog lists its lines in (an import's files, a completion's papers)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget


def report_table(
    parent: QWidget, headers: Sequence[str], *, nested: bool = False
) -> tuple[QStandardItemModel, QTreeView]:
    """A model with ``headers`` and its view: not editable, striped, the first column taking the spare width.

    ``nested``: lines have lines under them (an import's skipped entries), shown with the tree's arrows.
    """
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(list(headers))
    view = QTreeView(parent)
    view.setModel(model)
    view.setRootIsDecorated(nested)
    view.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    view.header().setStretchLastSection(False)
    return model, view
