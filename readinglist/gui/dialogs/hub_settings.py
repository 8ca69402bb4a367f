"""The settings dialog's Hub section: which Hub lists to follow, the searches followed, and catching up.

Following is kept in the library, not in the settings file: the section shows
what was followed when the dialog opened (``shown``) and what is chosen now
(``chosen``), and the window follows and unfollows the difference on Save.
Catching up (at start, then every few hours) is a setting. The words under it
say what is sent and when: nothing, unless a list is followed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.hub.listings import source_listing
from readinglist.core.settings import HUB_INTERVAL_HOURS, Settings

Source = tuple[str, str]  # (kind, query)
# Mnemonics only where the dialog has none of that letter yet (Alt+Y, Alt+U).
LISTS = (("daily", "Dail&y list"), ("weekly", "Weekly list"), ("monthly", "Monthly list"), ("trending", "Trending"))
SEARCH_ROWS = 3  # rows of followed searches in view
PRIVACY = (
    "Nothing is sent to the Hub unless you follow a list here or ask (File › Fetch Now, Complete from the Hub). "
    "Only what is asked for is sent (a list's date, week or month, a search's words, a paper's title or arXiv id); "
    "never a token."
)


class QueryField(QLineEdit):
    """The search to follow: Enter adds it (and is not the dialog's Save)."""

    entered = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entered.emit()
            return
        super().keyPressEvent(event)


class HubSettings(QGroupBox):
    """Follow the Hub's lists and searches; catch up at start and every N hours."""

    def __init__(self, settings: Settings, followed: Sequence[Source], parent: QWidget | None = None) -> None:
        super().__init__("Hub", parent)
        self.shown: frozenset[Source] = frozenset(followed)
        self.lists: dict[str, QCheckBox] = {}
        for kind, title in LISTS:
            box = QCheckBox(title, self)
            box.setObjectName(f"hub.{kind}")
            box.setChecked((kind, "") in self.shown)
            self.lists[kind] = box
        self.searches = QListWidget(self)
        self.searches.setAccessibleName("Followed Hub searches")
        for kind, query in followed:
            if kind == "search":
                self._add_item(query)
        self.searches.setFixedHeight(SEARCH_ROWS * (self.searches.fontMetrics().height() + 6) + 4)
        self.query = QueryField(self)
        self.query.setPlaceholderText("Words to search the Hub's papers for (e.g. diffusion)")
        self.query.setAccessibleName("Hub search to follow")
        self.query.entered.connect(self.add_search)
        self.add_button = QPushButton("Add", self)
        self.add_button.clicked.connect(self.add_search)
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.clicked.connect(self.remove_search)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setAccessibleName("Hub search problem")
        self.problem.hide()
        self.catch_up = QCheckBox("Catch &up on start, then every", self)
        self.catch_up.setChecked(settings.hub_catch_up_on_start)
        self.interval = QSpinBox(self)
        self.interval.setRange(*HUB_INTERVAL_HOURS)
        self.interval.setValue(settings.hub_interval_hours)
        self.interval.setSuffix(" hours")
        self.interval.setAccessibleName("Catch-up interval in hours")
        self.interval.setEnabled(settings.hub_catch_up_on_start)
        self.catch_up.toggled.connect(self.interval.setEnabled)
        self._layout()

    def _layout(self) -> None:
        lists_row = QHBoxLayout()
        lists_row.addWidget(QLabel("Follow:", self))
        for box in self.lists.values():
            lists_row.addWidget(box)
        lists_row.addStretch(1)
        add_row = QHBoxLayout()
        add_row.addWidget(self.query, 1)
        add_row.addWidget(self.add_button)
        add_row.addWidget(self.remove_button)
        catch_up_row = QHBoxLayout()
        catch_up_row.addWidget(self.catch_up)
        catch_up_row.addWidget(self.interval)
        catch_up_row.addStretch(1)
        note = QLabel(PRIVACY, self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(lists_row)
        layout.addWidget(QLabel("Searches followed:", self))
        layout.addWidget(self.searches)
        layout.addLayout(add_row)
        layout.addWidget(self.problem)
        layout.addLayout(catch_up_row)
        layout.addWidget(note)

    def _add_item(self, query: str) -> None:
        item = QListWidgetItem(query, self.searches)
        item.setData(Qt.ItemDataRole.UserRole, query)

    def search_queries(self) -> list[str]:
        """The searches listed, in order."""
        return [str(self.searches.item(row).data(Qt.ItemDataRole.UserRole)) for row in range(self.searches.count())]

    def add_search(self) -> None:
        """Follow the words typed as a Hub search (said below the field when they cannot be one)."""
        try:
            query = source_listing("search", self.query.text()).query
        except ValueError as error:
            self.problem.setText(str(error).capitalize())
            self.problem.show()
            return
        self.problem.hide()
        if query.casefold() not in (q.casefold() for q in self.search_queries()):
            self._add_item(query)
        self.query.clear()

    def remove_search(self) -> None:
        """Stop following the search chosen in the list."""
        row = self.searches.currentRow()
        if row >= 0:
            self.searches.takeItem(row)

    def chosen(self) -> frozenset[Source]:
        """The lists and searches to follow, as (kind, query)."""
        lists = {(kind, "") for kind, box in self.lists.items() if box.isChecked()}
        return frozenset(lists | {("search", query) for query in self.search_queries()})
