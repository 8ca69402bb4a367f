"""Sorting puts the papers without a value (no date, no upvotes, no organisation) last, whichever the direction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.core.lists import SORT_COLUMNS
from readinglist.core.services import Library

UNDATED = [
    {"paper": {"title": "An Undated Note on Sparse Probes", "summary": "No date anywhere."}},
    {"paper": {"title": "Another Undated Survey of Adapters", "summary": "Nor here."}},
]


@pytest.fixture
def mixed(library: Library, daily_a: Path, daily_b: Path) -> Library:
    """Four dated papers (from the daily dumps) and two papers with no date, upvotes or organisation."""
    library.import_paths([daily_a, daily_b])
    library.import_text(json.dumps(UNDATED), "undated.json")
    return library


@pytest.mark.parametrize("descending", [True, False])
def test_undated_papers_come_after_the_dated_ones_in_both_directions(mixed: Library, descending: bool) -> None:
    """Issue 15 item 10: sorting by date (newest or oldest first) keeps the undated papers at the end."""
    records = {r.id: r for r in mixed.records(mixed.paper_ids())}
    ids = mixed.paper_ids(sort="published", descending=descending)
    dated = [records[i].published for i in ids if records[i].published is not None]
    undated_at = [n for n, i in enumerate(ids) if records[i].published is None]
    assert len(dated) == 4 and undated_at == [4, 5]
    assert dated == sorted(dated, reverse=descending)  # the dated ones still in the order asked for


@pytest.mark.parametrize("sort", sorted(SORT_COLUMNS))
@pytest.mark.parametrize("descending", [True, False])
def test_no_column_puts_missing_values_first(mixed: Library, sort: str, descending: bool) -> None:
    """Issue 15 item 10: NULLs go last in any sort column, and the page order equals the whole order."""
    ids = mixed.paper_ids(sort=sort, descending=descending)
    column = {"org": "org", "upvotes": "upvotes", "published": "published", "authors": "authors_count"}.get(sort)
    if column is not None:
        values = [getattr(r, column) for r in sorted(mixed.records(ids), key=lambda r: ids.index(r.id))]
        missing = [n for n, value in enumerate(values) if value is None]
        assert missing == list(range(len(values) - len(missing), len(values)))
    assert (
        mixed.paper_ids(sort=sort, descending=descending, limit=3)
        + mixed.paper_ids(sort=sort, descending=descending, offset=3)
        == ids
    )
