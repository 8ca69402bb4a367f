"""What controllers may ask the view: a few read-only callables, answered on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from readinglist.core.lists import PaperFilter


def _unknown_title(_paper_id: int) -> str | None:
    return None


def _no_undo_keys() -> str:
    return "Undo"


@dataclass(frozen=True)
class ViewState:
    """The view's answers a controller needs when it starts or finishes some work."""

    current_paper: Callable[[], int | None]  # the paper on screen (the table's current one; in triage, triage's)
    in_triage: Callable[[], bool]  # the triage view replaces the library
    searching: Callable[[], bool]  # the list shown is search results (it follows the index, not the filter)
    list_filter: Callable[[], PaperFilter]  # the filter of the sidebar list shown
    title_of: Callable[[int], str | None] = _unknown_title  # a paper's title as shown (None: its row is not there)
    undo_keys: Callable[[], str] = _no_undo_keys  # the key that undoes, as the list has it now ("Z")
