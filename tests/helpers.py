"""Small helpers shared by test modules."""

from __future__ import annotations

from readinglist.core.services import Library


def paper_id_by_title(library: Library, title: str) -> int:
    """The id of the paper called ``title`` (fails the test when there is none)."""
    matches = [p.id for p in library.records(library.paper_ids()) if p.title == title]
    assert len(matches) == 1, f"expected one paper titled {title!r}, found {len(matches)}"
    return matches[0]
