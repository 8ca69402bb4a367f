"""The list a search runs in, shown beside the search field: "in Inbox", "in All papers".

A search looks only in the list chosen in the sidebar. Said nowhere, a
``status:queued`` typed while the Inbox is chosen found nothing and seemed
broken. The scope button says where the search looks; clicking it (or the
"Search All Papers" command) widens the search to every paper.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QToolButton, QWidget


class SearchScope(QToolButton):
    """ "in Inbox" beside the search field; a click asks for the search to cover all papers."""

    widen_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoRaise(True)
        self.setAccessibleName("Search scope")
        self.clicked.connect(self.widen_requested)
        self.show_scope("All papers", restricted=False)

    def show_scope(self, title: str, restricted: bool, keys: str = "") -> None:
        """Say that the search looks in ``title``; when that list is ``restricted``, how to look everywhere."""
        self.setText(f"in {title}")
        if restricted:
            press = f" (or press {keys})" if keys else ""
            tip = f"The search looks in {title} only. Click{press} to search all papers."
        else:
            tip = "The search looks in all papers."
        self.setToolTip(tip)
        self.setStatusTip(tip)
