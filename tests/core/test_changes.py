"""Typed change records: each kind knows its papers and its inverse, and restore dispatches on the type."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.changes import (
    BatchPutBack,
    BatchRemoved,
    Changes,
    NoteChange,
    StarChange,
    StatusChange,
    TagsChange,
)
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library


def test_a_field_change_inverts_by_swapping_before_and_after() -> None:
    change = StatusChange(before={1: "new", 2: "read"}, after={1: "queued", 2: "queued"})
    assert change.papers == frozenset({1, 2})
    assert change.inverse() == StatusChange(before={1: "queued", 2: "queued"}, after={1: "new", 2: "read"})
    assert change.inverse().inverse() == change
    assert isinstance(StarChange({3: False}, {3: True}).inverse(), StarChange)


def test_changes_of_one_kind_on_different_papers_merge_into_one() -> None:
    merged = TagsChange({1: ()}, {1: ("a",)}).merged([TagsChange({2: ("b",)}, {2: ()})])
    assert merged == TagsChange({1: (), 2: ("b",)}, {1: ("a",), 2: ()})


def test_what_a_call_changed_is_read_off_the_record_type() -> None:
    assert Changes().empty and Changes().papers == frozenset()
    note = Changes(NoteChange({4: ""}, {4: "idea"}))
    assert note.notes and not note.tags and not note.batches and note.papers == {4}
    assert Changes(TagsChange({4: ()}, {4: ("x",)})).tags


def test_a_batch_removal_inverts_into_putting_it_back(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    batch_id = library.batches()[1].id
    removed = library.remove_batch(batch_id)
    assert isinstance(removed.change, BatchRemoved) and removed.change.batch_id == batch_id
    assert removed.batches and not removed.empty

    undone = library.restore(removed)
    assert isinstance(undone.change, BatchPutBack)
    assert [b.id for b in library.batches()] == [library.batches()[0].id, batch_id]
    assert library.count() == 4

    redone = library.restore(undone)
    assert isinstance(redone.change, BatchRemoved)
    assert [b.name for b in library.batches()] == ["daily_a.txt"]


def test_applying_a_change_record_sets_the_after_values(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    first, second, _ = library.paper_ids()
    applied = library.apply(StatusChange(before={}, after={first: "read", second: "queued"}))
    assert applied.change == StatusChange(before={first: "new", second: "new"}, after={first: "read", second: "queued"})
    assert (library.get(first).status, library.get(second).status) == ("read", "queued")
    assert library.apply(StatusChange(after={first: ReadStatus.READ.value})).empty  # already so: nothing changed
