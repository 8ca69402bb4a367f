"""What controllers may ask the view: a few read-only callables, answered on the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from readinglist.core.lists import PaperFilter


@dataclass(frozen=True)
class ViewState:
    """The view's answers a controller needs when it starts or finishes some work."""

    current_paper: Callable[[], int | None]  # the paper on screen (the table's current one; in triage, triage's)
    in_triage: Callable[[], bool]  # the triage view replaces the library
    searching: Callable[[], bool]  # the list shown is search results (it follows the index, not the filter)
    list_filter: Callable[[], PaperFilter]  # the filter of the sidebar list shown
