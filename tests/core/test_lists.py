"""List filters answer for themselves which papers still belong and which changes can move papers."""

from __future__ import annotations

import pytest

from readinglist.core.changes import NoteChange, StarChange, StatusChange, TagsChange
from readinglist.core.lists import ALL_PAPERS, PaperFilter
from readinglist.core.models import ReadStatus

INBOX = PaperFilter(status=ReadStatus.NEW)


def test_a_status_list_loses_papers_given_another_status() -> None:
    assert INBOX.admits_status(ReadStatus.NEW)
    assert not INBOX.admits_status(ReadStatus.READ)
    assert ALL_PAPERS.admits_status(ReadStatus.READ)
    assert PaperFilter(tag="x").admits_status(ReadStatus.DISMISSED)


@pytest.mark.parametrize(
    ("where", "change", "affected"),
    [
        (INBOX, StatusChange({1: "new"}, {1: "read"}), True),
        (INBOX, StarChange({1: False}, {1: True}), False),
        (PaperFilter(starred=True), StarChange({1: False}, {1: True}), True),
        (PaperFilter(tag="x"), TagsChange({1: ()}, {1: ("x",)}), True),
        (ALL_PAPERS, TagsChange({1: ()}, {1: ("x",)}), False),
        (ALL_PAPERS, NoteChange({1: ""}, {1: "n"}), False),
        (ALL_PAPERS, None, False),
    ],
)
def test_a_list_knows_which_changes_can_move_its_papers(where, change, affected) -> None:
    assert where.affected_by(change) is affected
