"""What an empty table says instead of nothing: how to import, that a list is done, why a search found nothing.

``empty_message`` chooses the words from the situation (plain values, so it is
easy to test and reason about); ``EmptyState`` shows them centred over a
table's viewport, in the theme's colours, and hides the table's scroll bars
while it is up. Every text is shown as plain text: a query is never markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QVBoxLayout, QWidget

KeyText = Callable[[str], str]  # a command id -> its keys as bound now ("" when it has none)

SEARCH_ALL_TEXT = "Search all papers"
_STATUS_IN_QUERY = re.compile(r"(?<![\w-])status:(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class ListSituation:
    """What the table shows and why: enough to say what an empty one means."""

    rows: int
    library_papers: int | None  # papers in the library (outside the Trash); None until counted
    query: str
    list_key: str  # the sidebar entry's key ("list:inbox", "tag:rl", ...)
    list_title: str  # as the sidebar shows it ("Inbox")
    restricted: bool  # the list is narrower than All papers
    list_status: str | None = None  # the status every paper of the list has (the Inbox: "new")


@dataclass(frozen=True)
class EmptyMessage:
    """The words over an empty table, and the button that offers to search all papers ("": none)."""

    headline: str
    body: str
    offer_all: str = ""


def empty_message(situation: ListSituation, keys: KeyText) -> EmptyMessage | None:
    """What to say over the table in ``situation`` (None: it has rows, say nothing)."""
    if situation.rows:
        return None
    if situation.query:
        return _no_results(situation, keys)
    if situation.library_papers == 0 and situation.list_key != "list:trash":
        return _empty_library(keys)
    return _empty_list(situation, keys)


def _with_keys(keys: KeyText, command: str, text: str) -> str:
    bound = keys(command) if command else ""
    return f"{text} ({bound})" if bound else text


def _empty_library(keys: KeyText) -> EmptyMessage:
    paste = keys("file.paste")
    copy = f"copy a papers page in your browser and press {paste} here" if paste else "paste a copied papers page"
    menu = _with_keys(keys, "file.import", "File ▸ Import Files…")
    return EmptyMessage(
        "Your library is empty",
        f"Drop page dumps (files or folders) here, or {copy}.\nOr choose {menu}.",
    )


def _no_results(situation: ListSituation, keys: KeyText) -> EmptyMessage:
    query, title = situation.query, situation.list_title
    if not situation.restricted:
        return EmptyMessage("No results", f"No paper matches {quoted(query)}.")
    named = _STATUS_IN_QUERY.search(query)
    if named and situation.list_status and named.group(1).casefold() != situation.list_status:
        why = f"{title} holds {situation.list_status} papers only, so “{named.group(0)}” finds nothing in it."
    else:
        why = f"Nothing in {title} matches {quoted(query)}."
    offer = _with_keys(keys, "edit.search_all", SEARCH_ALL_TEXT)
    return EmptyMessage(f"No results in {title}", f"{why}\nThe search looks in {title} only.", offer_all=offer)


_LIST_WORDS: dict[str, tuple[str, str, str]] = {  # key: headline, hint, the command the hint names
    "list:inbox": ("Inbox zero — nothing left to triage", "Papers you import arrive here.", ""),
    "list:queue": ("The queue is empty", "Queue a paper to read it later", "paper.queue"),
    "list:reading": ("Nothing in progress", "Mark a paper as reading when you start it", "paper.reading"),
    "list:read": ("Nothing read yet", "Mark a paper as read when you finish it", "paper.read"),
    "list:dismissed": ("Nothing dismissed", "Dismiss a paper you will not read", "paper.dismiss"),
    "list:starred": ("No starred papers", "Star a paper to find it here", "paper.star"),
    "list:trash": ("The Trash is empty", "Papers you remove wait here until the Trash is emptied.", ""),
}


def _empty_list(situation: ListSituation, keys: KeyText) -> EmptyMessage:
    key = situation.list_key
    if key in _LIST_WORDS:
        headline, hint, command = _LIST_WORDS[key]
        return EmptyMessage(headline, _with_keys(keys, command, hint) + ("." if command else ""))
    if key.startswith("source:"):
        fetch = _with_keys(keys, "hub.fetch", "File ▸ Fetch Now")
        return EmptyMessage(
            f"Nothing new from {situation.list_title}",
            f"The papers it brought wait here while they are in the Inbox.\n{fetch} asks the Hub for more.",
        )
    if key.startswith("tag:"):
        hint = _with_keys(keys, "paper.tag", "Tag a paper")
        return EmptyMessage(f"No papers tagged {situation.list_title}", f"{hint} to find it here.")
    return EmptyMessage(f"Nothing in {situation.list_title}", "")


class EmptyState(QWidget):
    """Words centred over the empty viewport of ``area`` (the paper table), with "Search all papers" when offered."""

    search_all_requested = Signal()

    def __init__(self, area: QAbstractScrollArea) -> None:
        super().__init__(area.viewport())
        self.setObjectName("EmptyState")
        self._area = area
        self.headline = _plain_label(self, 1.3, bold=True)
        self.body = _plain_label(self)
        self.body.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.search_all = QPushButton(SEARCH_ALL_TEXT, self)
        self.search_all.setAutoDefault(True)  # Enter (as well as Space) presses it when it has the keyboard
        self.search_all.clicked.connect(self.search_all_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.headline)
        layout.addWidget(self.body)
        layout.addWidget(self.search_all, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        area.viewport().installEventFilter(self)
        self.hide()

    def show_message(self, message: EmptyMessage | None) -> None:
        """Show ``message`` over the table (None: the table has rows; hide and give the scroll bars back)."""
        if message is None:
            if self.isHidden():
                return  # the usual case, once per list shown: nothing to do
            if self.search_all.hasFocus():
                self._area.setFocus(Qt.FocusReason.OtherFocusReason)  # the keyboard stays on the list
            self.hide()
            self._scroll_bars(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            return
        self.headline.setText(message.headline)
        self.body.setText(message.body)
        self.body.setVisible(bool(message.body))
        self.search_all.setText(message.offer_all)
        self.search_all.setVisible(bool(message.offer_all))
        self._scroll_bars(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # nothing to scroll to
        self.setGeometry(self._area.viewport().rect())
        self.show()
        self.raise_()

    def _scroll_bars(self, policy: Qt.ScrollBarPolicy) -> None:
        if self._area.verticalScrollBarPolicy() == policy:
            return  # a new policy lays the table out again
        self._area.setHorizontalScrollBarPolicy(policy)
        self._area.setVerticalScrollBarPolicy(policy)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the viewport's size."""
        if event.type() == QEvent.Type.Resize and watched is self._area.viewport():
            self.setGeometry(self._area.viewport().rect())
        return False


def _plain_label(parent: QWidget, scale: float = 1.0, bold: bool = False) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # queries and list names come from the user and imports
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setForegroundRole(QPalette.ColorRole.Text)  # drawn on the table's Base colour, in any theme
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    label.setFont(font)
    return label


def quoted(query: str) -> str:
    """The query between quotes, unless it is one quoted phrase already (no “"reward model"”)."""
    text = query.strip()
    if len(text) > 1 and text[0] == text[-1] == '"' and '"' not in text[1:-1]:
        return text
    return f"“{text}”"
