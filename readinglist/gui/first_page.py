"""The list the last run showed, read straight from the library's files for the start-up window.

Importing SQLAlchemy, SQLModel, Whoosh and the services takes over a second;
the start-up window (``first_paint``) must be on screen well before that. So
this module reads with nothing but the standard library, ``sqlite3`` and
QtCore's ``QSettings``: the window's ``window.ini`` (geometry, splitter,
columns, list, sort, current paper) and, through a read-only connection, the
ids of the list in its sort and the rows on screen.

It follows the real window's rules (``window_state``, ``models.sidebar``'s
list keys, ``core.lists``' filters and sort order, ``core.services``'
``rows``); ``tests/gui/test_issue16_startup.py`` compares its answers with
theirs on the same library. Anything it does not know (a tag, an import or a
saved search chosen; a schema other than this release's; no saved layout; a
file it cannot read) makes it step aside: no rows (or no window at all), never
a guess. It never writes: ``mode=ro``, and QSettings only reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import quote

from PySide6.QtCore import QByteArray, QSettings

from readinglist.core.records import PaperRow

DATABASE_FILE = "library.sqlite3"  # core.store's name for it
SETTINGS_FILE = "window.ini"  # window_state.SETTINGS_FILE
HEADER_LAYOUT = "2"  # window_state.HEADER_LAYOUT: an older header layout is not used
SCHEMA_VERSION = "6"  # core.migrations.SCHEMA_VERSION: any other version, and the normal start handles it
DEFAULT_LIST = "list:inbox"  # models.sidebar.DEFAULT_KEY
DEFAULT_SORT = ("added", True)  # window_state.DEFAULT_SORT

# The smart lists this path can show (models.sidebar.SMART_LISTS): SQL over ``paper`` and its parameters.
_LIVE = "trashed_at IS NULL"
LIST_FILTERS: dict[str, tuple[str, tuple[object, ...]]] = {
    "list:inbox": (f"{_LIVE} AND status = ?", ("new",)),
    "list:queue": (f"{_LIVE} AND status = ?", ("queued",)),
    "list:reading": (f"{_LIVE} AND status = ?", ("reading",)),
    "list:read": (f"{_LIVE} AND status = ?", ("read",)),
    "list:dismissed": (f"{_LIVE} AND status = ?", ("dismissed",)),
    "list:starred": (f"{_LIVE} AND starred = 1", ()),
    "list:all": (_LIVE, ()),
    "list:trash": ("trashed_at IS NOT NULL", ()),
}
LIST_TITLES = {  # their names in the sidebar (and the search scope: "in Inbox")
    "list:inbox": "Inbox",
    "list:queue": "Queue",
    "list:reading": "Reading",
    "list:read": "Read",
    "list:dismissed": "Dismissed",
    "list:starred": "Starred",
    "list:all": "All papers",
    "list:trash": "Trash",
}
# core.lists.SORT_COLUMNS: the column each sort key orders by.
SORT_COLUMNS = {
    "added": "added_at",
    "published": "published",
    "title": "title_key",
    "upvotes": "upvotes",
    "comments": "comments",
    "status": "status",
    "starred": "starred",
    "authors": "authors_count",
    "org": "org",
}
_ROW_COLUMNS = "id, title, status, starred, published, authors_count, org, upvotes, comments, added_at"


@dataclass(frozen=True)
class LastView:
    """What the last run left in ``window.ini``: the layouts Qt saved, the list, its sort and current paper."""

    geometry: QByteArray
    table_header: QByteArray
    splitter: QByteArray | None
    list_key: str
    sort: tuple[str, bool]  # (sort key, descending)
    current_paper: int | None


def last_view(folder: Path) -> LastView | None:
    """The view saved beside the library in ``folder``; None when there is none with a window and columns."""
    path = folder / SETTINGS_FILE
    if not path.is_file():
        return None
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if settings.status() != QSettings.Status.NoError:
        return None
    geometry, header = _bytes(settings, "geometry"), _bytes(settings, "table_header")
    if geometry is None or header is None or str(settings.value("table_header_layout", "")) != HEADER_LAYOUT:
        return None  # a first window, or an older layout: the real window lays out its defaults
    sort_key = str(settings.value("sort_key", DEFAULT_SORT[0]))
    sort = (sort_key, str(settings.value("sort_descending", "true")) == "true")
    paper = str(settings.value("current_paper", ""))
    return LastView(
        geometry=geometry,
        table_header=header,
        splitter=_bytes(settings, "splitter"),
        list_key=str(settings.value("list", DEFAULT_LIST)),
        sort=sort if sort_key in SORT_COLUMNS else DEFAULT_SORT,
        current_paper=int(paper) if paper.isdigit() else None,
    )


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) else None


class FirstPage:
    """The ids of the list the last run showed, in its order, and its rows read on demand.

    Holds a read-only connection until ``close``: the start-up window reads the rows it paints.
    """

    def __init__(self, connection: sqlite3.Connection, ids: list[int], current_paper: int | None) -> None:
        self._connection = connection
        self.ids = ids
        self.current_row = _row_of(ids, current_paper)

    def rows(self, paper_ids: Sequence[int]) -> list[PaperRow]:
        """The rows of ``paper_ids`` as ``Library.rows`` gives them, in that order (papers gone are left out)."""
        ids = list(paper_ids)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {
            row[0]: row
            for row in self._connection.execute(f"SELECT {_ROW_COLUMNS} FROM paper WHERE id IN ({marks})", ids)
        }
        tags: dict[int, list[str]] = {paper_id: [] for paper_id in found}
        names = self._connection.execute(
            "SELECT paper_tag.paper_id, tag.name FROM paper_tag JOIN tag ON tag.id = paper_tag.tag_id "
            f"WHERE paper_tag.paper_id IN ({marks}) ORDER BY tag.key",
            ids,
        )
        for paper_id, name in names:
            tags[paper_id].append(name)
        return [_paper_row(found[pid], tags[pid]) for pid in ids if pid in found]

    def close(self) -> None:
        """Let go of the database (the real window has its own connections)."""
        self._connection.close()


def _row_of(ids: list[int], paper_id: int | None) -> int:
    """Where the real window puts the cursor: on ``paper_id`` if the list has it, else on the first row."""
    if paper_id is None:
        return 0
    try:
        return ids.index(paper_id)
    except ValueError:
        return 0


def _paper_row(row: Sequence[object], tags: list[str]) -> PaperRow:
    paper_id, title, status, starred, published, authors, org, upvotes, comments, added = row
    return PaperRow(
        id=int(str(paper_id)),
        title=str(title),
        status=str(status),
        starred=bool(starred),
        published=date.fromisoformat(str(published)) if published else None,
        authors_count=_int_or_none(authors),
        org=None if org is None else str(org),
        upvotes=_int_or_none(upvotes),
        comments=_int_or_none(comments),
        added_at=_utc(datetime.fromisoformat(str(added))),
        tags=tuple(tags),
    )


def _utc(moment: datetime) -> datetime:
    """A stored time as the models give it: UTC (SQLite keeps it without a zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _int_or_none(value: object) -> int | None:
    return None if value is None else int(str(value))


def open_first_page(folder: Path, view: LastView) -> FirstPage | None:
    """The list ``view`` names, from the database in ``folder``; None when this path does not know that list
    or cannot read the database as this release wrote it (then the normal start says what is wrong)."""
    listed = LIST_FILTERS.get(view.list_key)
    database = folder / DATABASE_FILE
    if listed is None or not database.is_file():
        return None
    try:
        connection = sqlite3.connect(f"file:{quote(str(database.absolute()))}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        ids = _list_ids(connection, listed, view.sort) if _schema_is_current(connection) else None
    except (sqlite3.Error, ValueError):
        ids = None
    if ids is None:
        connection.close()
        return None
    return FirstPage(connection, ids, view.current_paper)


def _schema_is_current(connection: sqlite3.Connection) -> bool:
    """Whether the database is a library of this release's schema (a migration is the normal start's work)."""
    with closing(connection.execute("SELECT value FROM library_meta WHERE key = 'schema_version'")) as cursor:
        found = cursor.fetchone()
    return found is not None and str(found[0]).strip() == SCHEMA_VERSION


def _list_ids(
    connection: sqlite3.Connection, listed: tuple[str, tuple[object, ...]], sort: tuple[str, bool]
) -> list[int]:
    """The list's ids in ``core.lists.sort_order``: papers without a value last either way, then by id."""
    where, parameters = listed
    column = SORT_COLUMNS[sort[0]]
    direction = "DESC" if sort[1] else "ASC"
    statement = f"SELECT id FROM paper WHERE {where} ORDER BY {column} IS NULL, {column} {direction}, id {direction}"
    return [paper_id for (paper_id,) in connection.execute(statement, parameters)]
