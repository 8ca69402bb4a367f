"""Saved searches: a query kept under a name, shown as a list with the live count of its results.

A saved search stores the query as the user typed it, not its results: what
it shows is always the search run now, over every paper not in the Trash. A
query that no longer parses (saved by hand, or by a release with other
syntax) is kept and counted as unknown rather than failing the others.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import col, select

from readinglist.core.errors import IndexUnavailableError, NotFoundError
from readinglist.core.index import SearchIndex
from readinglist.core.models import SavedSearch
from readinglist.core.query import QueryError, as_typed
from readinglist.core.store import transaction
from readinglist.core.unindexed import PendingSearchMethods


@dataclass(frozen=True)
class SavedSearchCount:
    """A saved search and how many papers it finds now (None: its query cannot be read or run)."""

    id: int
    name: str
    query: str
    count: int | None


def _clean_name(name: str) -> str:
    """``name`` on one line without surrounding spaces; ValueError when nothing is left."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise ValueError("a saved search needs a name")
    return cleaned


class SavedSearchMethods(PendingSearchMethods):
    """Saving, renaming, deleting and counting searches; the class using it gives the engine and the index."""

    engine: Engine
    index: SearchIndex

    def _writable(self) -> None:
        """Raise when the library cannot be changed (see ``Library``)."""
        raise NotImplementedError

    def _searchable(self) -> None:
        """Raise IndexUnavailableError when searches cannot be answered (see ``Library``)."""
        raise NotImplementedError

    def trashed_ids(self) -> set[int]:
        """The papers in the Trash (see ``TrashMethods``)."""
        raise NotImplementedError

    def saved_searches(self) -> list[SavedSearch]:
        """Every saved search, in the order they were saved."""
        with transaction(self.engine) as session:
            return list(session.exec(select(SavedSearch).order_by(col(SavedSearch.id))))

    def saved_search(self, search_id: int) -> SavedSearch:
        """One saved search (NotFoundError when there is none)."""
        with transaction(self.engine) as session:
            found = session.get(SavedSearch, search_id)
        if found is None:
            raise NotFoundError(f"no saved search with id {search_id}")
        return found

    def add_saved_search(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` under ``name``; ValueError for an empty name or query."""
        self._writable()
        if not query.strip():
            raise ValueError("there is no query to save")
        saved = SavedSearch(name=_clean_name(name), query=query.strip())
        with transaction(self.engine) as session:
            session.add(saved)
            session.flush()
            session.refresh(saved)
        return saved

    def rename_saved_search(self, search_id: int, name: str) -> SavedSearch:
        """Give a saved search another name."""
        self._writable()
        with transaction(self.engine) as session:
            saved = session.get(SavedSearch, search_id)
            if saved is None:
                raise NotFoundError(f"no saved search with id {search_id}")
            saved.name = _clean_name(name)
            session.flush()
            session.refresh(saved)
        return saved

    def delete_saved_search(self, search_id: int) -> None:
        """Forget a saved search (its papers stay where they are)."""
        self._writable()
        with transaction(self.engine) as session:
            saved = session.get(SavedSearch, search_id)
            if saved is None:
                raise NotFoundError(f"no saved search with id {search_id}")
            session.delete(saved)

    def saved_search_counts(self) -> list[SavedSearchCount]:
        """Every saved search with the number of papers its list shows now; None where it cannot be run.

        Counted by the index without ranking (``SearchIndex.count``), the Trash left out by id as
        in every search: this runs after each change, for every saved search. Papers not indexed
        yet are counted as they are now (``unindexed``), not as their index documents say.
        """
        searches = self.saved_searches()
        trashed = self.trashed_ids() if searches else set()
        return [
            SavedSearchCount(s.id, s.name, s.query, self._result_count(s.query, trashed))
            for s in searches
            if s.id is not None
        ]

    def _result_count(self, query: str, trashed: set[int]) -> int | None:
        try:
            self._searchable()
            typed = as_typed(query)
            pending = self.pending.find(typed)
            return self.index.count(typed, trashed | pending.stale) + len(set(pending.matches) - trashed)
        except (QueryError, IndexUnavailableError):
            return None
