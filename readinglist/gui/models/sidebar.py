"""The sidebar: smart lists (the Trash last), saved searches, followed Hub sources, tags and import batches,
each with a live count.

Each entry carries a stable key ("list:inbox", "search:2", "source:daily",
"tag:reasoning", "batch:3") so the last choice can be restored at the next
start, and the ``PaperFilter`` the table applies when it is chosen. A saved
search also carries its query (``QueryRole``): choosing it searches all papers
for it. A followed source shows the papers it brought that are still new (in
the Inbox, outside the Trash): its count is what is waiting from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from readinglist.core.hub.sources import FollowedSource
from readinglist.core.lists import ALL_PAPERS, TRASH, PaperFilter
from readinglist.core.models import ImportBatch, ReadStatus
from readinglist.core.saved_searches import SavedSearchCount
from readinglist.gui.views.safe_browser import plain_tooltip

KeyRole = Qt.ItemDataRole.UserRole + 1
FilterRole = Qt.ItemDataRole.UserRole + 2
QueryRole = Qt.ItemDataRole.UserRole + 3  # a saved search's query (None on every other entry)


@dataclass(frozen=True)
class SmartList:
    """A built-in list of the sidebar."""

    key: str
    title: str
    where: PaperFilter


SMART_LISTS: tuple[SmartList, ...] = (
    SmartList("list:inbox", "Inbox", PaperFilter(status=ReadStatus.NEW)),
    SmartList("list:queue", "Queue", PaperFilter(status=ReadStatus.QUEUED)),
    SmartList("list:reading", "Reading", PaperFilter(status=ReadStatus.READING)),
    SmartList("list:read", "Read", PaperFilter(status=ReadStatus.READ)),
    SmartList("list:dismissed", "Dismissed", PaperFilter(status=ReadStatus.DISMISSED)),
    SmartList("list:starred", "Starred", PaperFilter(starred=True)),
    SmartList("list:all", "All papers", PaperFilter()),
    SmartList("list:trash", "Trash", TRASH),
)
TRASH_KEY = "list:trash"
DEFAULT_KEY = "list:inbox"
DEFAULT_FILTER = next(s.where for s in SMART_LISTS if s.key == DEFAULT_KEY)


def filter_for_key(key: str) -> PaperFilter | None:
    """The filter an entry key stands for (None for a key this release does not know)."""
    kind, _, value = key.partition(":")
    if kind == "list":
        return next((s.where for s in SMART_LISTS if s.key == key), None)
    if kind == "tag" and value:
        return PaperFilter(tag=value)
    if kind == "batch" and value.isdigit():
        return PaperFilter(batch_id=int(value))
    if kind == "search" and value.isdigit():
        return ALL_PAPERS  # a saved search searches every paper
    if kind == "source" and value:
        return source_filter(value)
    return None


SOURCE_KEY = "source:{}"  # the sidebar key of a followed source, by the source's own key ("daily", "search:rl")


def source_filter(source_key: str) -> PaperFilter:
    """The list of a followed source: the papers it brought that are still new (its sidebar count)."""
    return PaperFilter(source=source_key, status=ReadStatus.NEW)


@dataclass(frozen=True)
class SidebarCounts:
    """Everything the sidebar shows, gathered off the GUI thread in one go."""

    statuses: dict[str, int]
    starred: int
    total: int
    tags: list[tuple[str, int]]
    batches: list[ImportBatch]
    trash: int = 0  # papers in the Trash
    searches: list[SavedSearchCount] = field(default_factory=list)
    batch_counts: dict[int, int] = field(default_factory=dict)  # batch id -> papers its list shows
    sources: list[FollowedSource] = field(default_factory=list)  # the followed Hub lists, their new papers counted

    def batch_count(self, batch: ImportBatch) -> int:
        """The count shown beside an import batch: its papers outside the Trash, as its list shows them."""
        return self.batch_counts.get(batch.id or 0, 0)

    def of(self, smart: SmartList) -> int:
        """The count shown beside a smart list."""
        if smart.where.status is not None:
            return self.statuses[smart.where.status.value]
        if smart.where.trash:
            return self.trash
        return self.starred if smart.where.starred else self.total


class SidebarModel(QStandardItemModel):
    """A two-column tree (name, count) of lists, tags and import batches."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setHorizontalHeaderLabels(["List", "Papers"])
        self._lists = self._group("Lists")
        self._searches = self._group("Saved searches")
        self._sources = self._group("Sources")
        self._tags = self._group("Tags")
        self._batches = self._group("Imports")

    def _group(self, title: str) -> QStandardItem:
        item = QStandardItem(title)
        item.setSelectable(False)
        item.setEditable(False)
        font = item.font()
        font.setBold(True)
        item.setFont(font)
        self.appendRow([item, _plain("")])
        return item

    def update_counts(self, counts: SidebarCounts) -> None:
        """Rebuild the entries and their counts."""
        _replace_children(self._lists, [(s.key, s.title, s.where, counts.of(s), s.title) for s in SMART_LISTS])
        _replace_children(
            self._searches,
            [(f"search:{s.id}", s.name, ALL_PAPERS, s.count, _search_tooltip(s)) for s in counts.searches],
            [s.query for s in counts.searches],
        )
        _replace_children(
            self._sources,
            [
                (SOURCE_KEY.format(s.key), s.name, source_filter(s.key), s.new, _source_tooltip(s))
                for s in counts.sources
            ],
        )
        _replace_children(
            self._tags,
            [
                (f"tag:{name.casefold()}", name, PaperFilter(tag=name.casefold()), n, f"Tag {name}")
                for name, n in counts.tags
            ],
        )
        _replace_children(
            self._batches,
            [
                (
                    f"batch:{b.id}",
                    f"{b.name} · {b.imported_at.astimezone():%b %d %H:%M}",
                    PaperFilter(batch_id=b.id),
                    counts.batch_count(b),
                    f"Imported {b.imported_at.astimezone():%Y-%m-%d %H:%M}: {b.new} new, {b.merged} merged",
                )
                for b in reversed(counts.batches)
            ],
        )

    @property
    def searches_group(self) -> QStandardItem:
        """The "Saved searches" heading (the view hides it while it has no entries)."""
        return self._searches

    @property
    def sources_group(self) -> QStandardItem:
        """The "Sources" heading (the view hides it while nothing is followed)."""
        return self._sources

    def index_of_key(self, key: str) -> QModelIndex | None:
        """The index of the entry with ``key``, if it exists."""
        for group in (self._lists, self._searches, self._sources, self._tags, self._batches):
            for row in range(group.rowCount()):
                if group.child(row).data(KeyRole) == key:
                    return group.child(row).index()
        return None

    def count_of(self, key: str) -> int | None:
        """The count shown beside the entry with ``key`` (what the user sees; tests read it); None: no count."""
        index = self.index_of_key(key)
        if index is None:
            return None
        shown = index.siblingAtColumn(1).data().replace(",", "")
        return int(shown) if shown else None


def _plain(text: str) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    return item


def _search_tooltip(search: SavedSearchCount) -> str:
    """What hovering a saved search says: its query, and when it cannot be run, that it shows nothing."""
    if search.count is None:
        return f"Search {search.query} (this query cannot be read: choose it to see why)"
    return f"Search {search.query}"


def _source_tooltip(source: FollowedSource) -> str:
    """What hovering a followed source says: what its count counts."""
    waiting = "paper" if source.new == 1 else "papers"
    return f"{source.name}: {source.new:,} {waiting} it brought still in the Inbox (File › Fetch Now asks for more)"


def _count_text(count: int | None) -> str:
    """A count as shown; None (a saved search whose query cannot be run) shows nothing."""
    return "" if count is None else f"{count:,}"


def _replace_children(
    group: QStandardItem,
    entries: list[tuple[str, str, PaperFilter, int | None, str]],
    queries: list[str | None] | None = None,
) -> None:
    """Show ``entries`` (and saved searches' ``queries``) under ``group``; rows update in place when the keys stay.

    Updating in place keeps the view's selection; rebuilding would drop it.
    """
    queries = queries or [None] * len(entries)
    keys = [group.child(row).data(KeyRole) for row in range(group.rowCount())]
    if keys == [entry[0] for entry in entries]:
        for row, ((_key, title, _where, count, tooltip), query) in enumerate(zip(entries, queries, strict=True)):
            group.child(row, 0).setText(title)
            group.child(row, 0).setToolTip(plain_tooltip(tooltip))  # tag names come from imports
            group.child(row, 1).setText(_count_text(count))
            for column in (0, 1):
                group.child(row, column).setData(query, QueryRole)
        return
    group.removeRows(0, group.rowCount())
    for (key, title, where, count, tooltip), query in zip(entries, queries, strict=True):
        name = _plain(title)
        number = _plain(_count_text(count))
        number.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        name.setToolTip(plain_tooltip(tooltip))
        for item in (name, number):
            item.setData(key, KeyRole)
            item.setData(where, FilterRole)
            item.setData(query, QueryRole)
        group.appendRow([name, number])
