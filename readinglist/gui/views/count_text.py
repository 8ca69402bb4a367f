"""What the status bar's count says: the list's count on the library's page, the statistics' own on theirs.

A new search's count is at first that of its best matches ("best 200 results ·
counting…"), the exact one once its whole list is in.

The library page announces its count whenever its list changes, also while the
statistics page is shown; the count of a search ("14 results") must not stay
under the statistics, and must come back when the library does.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QStackedWidget

from readinglist.core.stats import LibraryStats
from readinglist.gui.views.stats import StatisticsView


def list_count_text(rows: int, searching: bool, first_page: bool = False, counting: bool = False) -> str:
    """The count line of the library's list: "332 papers", "14 results · by relevance".

    ``first_page``: only a search's best matches are shown, the exact count is
    not known; ``counting``: and the rest is on its way ("best 200 results ·
    counting…"). The count then follows with the whole list.
    """
    what = "result" if searching else "paper"
    plural = "" if rows == 1 else "s"
    if searching and first_page:
        return f"best {rows:,} {what}{plural} · {'counting…' if counting else 'by relevance'}"
    return f"{rows:,} {what}{plural}{' · by relevance' if searching else ''}"


def statistics_count_text(stats: LibraryStats | None) -> str:
    """The count line under the statistics: what the page counts, not the list left behind."""
    if stats is None:
        return "Statistics"
    return f"Statistics of {stats.total:,} {'paper' if stats.total == 1 else 'papers'}"


class CountText(QObject):
    """Shows (through ``show``) the count of the page on screen, keeping the library's for its return."""

    def __init__(
        self, pages: QStackedWidget, statistics: StatisticsView, show: Callable[[str], None], parent: QObject | None
    ) -> None:
        super().__init__(parent)
        self._pages = pages
        self._statistics = statistics
        self._show = show
        self._library_text = ""
        pages.currentChanged.connect(self._update)
        statistics.stats_shown.connect(self._update)

    def library_says(self, text: str) -> None:
        """The library page's count changed (shown now only if the library's page is)."""
        self._library_text = text
        self._update()

    def _update(self, *_args: object) -> None:
        if self._pages.currentWidget() is self._statistics:
            self._show(statistics_count_text(self._statistics.shown_stats()))
        else:
            self._show(self._library_text)
