"""The sidebar's own lists: saving, renaming and deleting searches, and emptying the Trash, on the writer thread.

These are changes to lists rather than to papers, so they are not undo steps:
a saved search is only a name for a query (deleting one says what it was), and
emptying the Trash is the one permanent deletion, asked for with a confirmation
by the view (``views.sidebar_menu``). Each change ends with ``changed``: the
sidebar recounts and the list reloads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Signal

from readinglist.core.jobs import Jobs
from readinglist.core.lists import ALL_PAPERS
from readinglist.core.models import SavedSearch
from readinglist.core.services import Library
from readinglist.gui.controllers.paper_list import PaperListController
from readinglist.gui.tasks import TaskRunner


def search_key(search_id: int | None) -> str:
    """The sidebar key of a saved search (what the window remembers across restarts)."""
    return f"search:{search_id}"


def saved_search_id(key: str | None) -> int | None:
    """The id of the saved search a sidebar key names, or None for any other entry."""
    kind, _, value = (key or "").partition(":")
    return int(value) if kind == "search" and value.isdigit() else None


def papers_named(ids: Sequence[int], title_of: Callable[[int], str | None]) -> str:
    """How a message names the papers ``ids``: 'Title' for one paper whose title is known, else "3 papers"."""
    title = title_of(ids[0]) if len(ids) == 1 else None
    if title:
        return f"'{title if len(title) <= 80 else title[:79] + '…'}'"
    return "1 paper" if len(ids) == 1 else f"{len(ids)} papers"


class SidebarListsController(QObject):
    """Saved searches and the Trash: each change runs on the writer, then the sidebar recounts."""

    changed = Signal()  # the sidebar's entries or the list's papers changed: recount, reload
    message = Signal(str, int)  # a status bar message and how long to show it (ms)

    def __init__(
        self,
        library: Library,
        jobs: Jobs,
        tasks: TaskRunner,
        papers: PaperListController,
        reload_list: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs = jobs
        self.tasks = tasks
        self.papers = papers
        self._reload_list = reload_list

    def save_search(self, name: str, query: str) -> None:
        """Save ``query`` as ``name`` and make it the chosen list (the search shown stays as it is)."""
        if not query.strip():
            self.message.emit("Type a search first: Save Search keeps the search shown.", 6000)
            return

        def saved(search: SavedSearch) -> None:
            if self.papers.choose(search_key(search.id), ALL_PAPERS):
                self._reload_list()  # the search was within a list: now it is over all papers
            named = "" if search.name == query.strip() else f" as '{search.name}'"
            self.message.emit(f"Saved the search {query.strip()}{named}: it is under Saved searches.", 6000)
            self.changed.emit()

        self.tasks.write(lambda: self.library.add_saved_search(name or query, query), saved)

    def rename_search(self, search_id: int, name: str) -> None:
        """Give the saved search ``search_id`` the name ``name`` (an empty name changes nothing)."""
        if name.strip():
            self.tasks.write(lambda: self.library.rename_saved_search(search_id, name), lambda _s: self.changed.emit())

    def delete_search(self, search_id: int) -> None:
        """Forget the saved search ``search_id``; the message keeps its query, to save it again."""

        def delete() -> SavedSearch:
            search = self.library.saved_search(search_id)
            self.library.delete_saved_search(search_id)
            return search

        def deleted(search: SavedSearch) -> None:
            self.message.emit(f"Deleted the saved search '{search.name}' ({search.query}).", 8000)
            self.changed.emit()

        self.tasks.write(delete, deleted)

    def empty_trash(self) -> None:
        """Delete the papers in the Trash for good (the view has asked first), then drop them from the index."""

        def empty() -> int:
            count = self.library.empty_trash()
            if count:
                self.jobs.sync_index()  # in the worker, like every sync: searches must not name deleted papers
            return count

        def emptied(count: int) -> None:
            self.message.emit(f"Deleted {count} paper{'s' if count != 1 else ''} from the Trash for good.", 8000)
            self._reload_list()
            self.changed.emit()

        self.tasks.write(empty, emptied)
