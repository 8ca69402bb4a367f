"""The library service: importing, de-duplication, provenance and user data."""

from __future__ import annotations

from pathlib import Path

from readinglist.core.changes import NoteChange, StatusChange, TagsChange
from readinglist.core.dumps import ParsedPaper
from readinglist.core.lists import PaperFilter
from readinglist.core.merging import merge_fields, new_paper_row
from readinglist.core.models import Paper, ReadStatus
from readinglist.core.services import Library
from tests.helpers import paper_id_by_title, paste_papers

CURRICULUM = "Curriculum Distillation for Small Reasoners"
LATTICE = "Sparse Lattice Attention for Long Documents"


def test_import_reports_new_papers_and_fills_fields(library: Library, daily_a: Path) -> None:
    [report] = library.import_paths([daily_a])
    assert (report.outcome, report.found, report.new, report.merged, report.skipped) == ("imported", 3, 3, 0, 0)
    lattice = library.get(paper_id_by_title(library, LATTICE))
    assert lattice.authors_count == 4
    assert lattice.comments == 3
    assert lattice.published_text == "Nov 18"
    assert lattice.published_inferred
    assert lattice.github_url == "https://github.com/example-lab/lattice-attn"
    assert lattice.status == "new" and not lattice.starred
    assert [(s.file, s.position) for s in lattice.sources] == [("daily_a.txt", 1)]
    curriculum = library.get(paper_id_by_title(library, CURRICULUM))
    assert curriculum.org == "Quiet Lab"
    assert curriculum.published.isoformat() == "2024-10-02" and not curriculum.published_inferred


def test_second_dump_merges_refreshes_counts_and_keeps_user_data(
    library: Library, daily_a: Path, daily_b: Path
) -> None:
    library.import_paths([daily_a])
    curriculum = paper_id_by_title(library, CURRICULUM)
    library.set_status([curriculum], ReadStatus.READING)
    library.set_starred([curriculum], True)
    library.add_tags([curriculum], ["Distillation"])
    library.set_note(curriculum, "Compare with the lattice paper.")

    [report] = library.import_paths([daily_b])

    assert (report.found, report.new, report.merged) == (2, 1, 1)
    paper = library.get(curriculum)
    assert paper.comments == 5  # refreshed from the later dump
    assert (paper.status, paper.starred, paper.tags, paper.note) == (
        "reading",
        True,
        ["Distillation"],
        "Compare with the lattice paper.",
    )
    assert [(s.file, s.position) for s in paper.sources] == [("daily_a.txt", 2), ("daily_b.txt", 1)]
    assert library.count() == 4


def test_reimporting_the_same_file_adds_nothing_and_says_so(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    [again] = library.import_paths([daily_a])
    assert again.outcome == "unchanged"
    assert "already imported" in again.message
    assert library.count() == 3
    assert len(library.batches()) == 1


def test_status_changes_report_previous_values(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    ids = library.paper_ids()
    library.set_status(ids[:1], ReadStatus.READ)
    changes = library.set_status(ids, ReadStatus.QUEUED)
    assert changes.papers == frozenset(ids)
    assert changes.change == StatusChange(
        before={ids[0]: "read", ids[1]: "new", ids[2]: "new"}, after=dict.fromkeys(ids, "queued")
    )
    assert library.get(ids[0]).status_changed_at is not None
    assert library.count(PaperFilter(status=ReadStatus.QUEUED)) == 3
    assert library.set_status(ids, ReadStatus.QUEUED).empty


def test_tags_are_case_insensitive_and_unused_tags_disappear(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    first, second, _ = library.paper_ids()
    library.add_tags([first], ["Reasoning", "to-read"])
    changes = library.add_tags([first, second], ["reasoning"])
    assert changes.papers == frozenset([second])
    assert library.get(second).tags == ["Reasoning"]
    assert library.tag_counts() == [("Reasoning", 2), ("to-read", 1)]
    assert library.count(PaperFilter(tag="REASONING")) == 2
    library.remove_tags([first], ["TO-READ"])
    assert library.tag_counts() == [("Reasoning", 2)]
    undo = library.set_tags(first, ["to-read"])
    assert undo.change == TagsChange(before={first: ("Reasoning",)}, after={first: ("to-read",)})
    assert library.get(first).tags == ["to-read"]


def test_notes_are_replaced_and_removed(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    paper = library.paper_ids()[0]
    assert library.set_note(paper, "# Idea\nTry it.").change == NoteChange({paper: ""}, {paper: "# Idea\nTry it."})
    assert library.set_note(paper, "Second thought").change == NoteChange(
        {paper: "# Idea\nTry it."}, {paper: "Second thought"}
    )
    library.set_note(paper, "")
    assert library.get(paper).note is None


def test_lists_sort_and_page_in_the_database(library: Library, daily_a: Path, daily_b: Path) -> None:
    library.import_paths([daily_a, daily_b])
    by_title = [library.get(i).title for i in library.paper_ids(sort="title")]
    assert by_title == sorted(by_title, key=str.casefold)
    assert library.paper_ids(sort="title", limit=2, offset=1) == library.paper_ids(sort="title")[1:3]
    first_batch = library.batches()[0].id
    assert library.count(PaperFilter(batch_id=first_batch)) == 3


def test_resolve_accepts_library_and_arxiv_ids(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    paper = library.paper_ids()[0]
    assert library.resolve(str(paper)) == paper


def test_restore_puts_back_each_kind_of_change(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    first, second, third = library.paper_ids()
    library.set_status([first], ReadStatus.READ)
    library.add_tags([first], ["Old"])
    library.set_note(first, "old note")
    before = {
        pid: (p.status, p.starred, p.tags, p.note) for pid, p in ((i, library.get(i)) for i in (first, second, third))
    }

    steps = [
        library.set_status([first, second, third], ReadStatus.DISMISSED),
        library.set_starred([first, third], True),
        library.set_tags(first, ["New", "Other"]),
        library.set_note(first, "new note"),
    ]
    redo = [library.restore(step) for step in reversed(steps)]

    after = {
        pid: (p.status, p.starred, p.tags, p.note) for pid, p in ((i, library.get(i)) for i in (first, second, third))
    }
    assert after == before
    for step in reversed(redo):  # redoing the undos gives the changed state back
        library.restore(step)
    assert library.get(first).note == "new note"
    assert library.get(first).tags == ["New", "Other"]
    assert library.get(third).starred and library.get(second).status == "dismissed"


def test_a_new_paper_keeps_its_ai_summary_apart_from_the_abstract() -> None:
    parsed = ParsedPaper("Tiny Title", 1, abstract="What the authors wrote.", ai_summary="What a model wrote.")
    row = new_paper_row(parsed)
    assert (row["abstract"], row["ai_summary"]) == ("What the authors wrote.", "What a model wrote.")
    assert new_paper_row(ParsedPaper("Tiny Title", 1))["ai_summary"] is None


def test_merging_fills_a_missing_ai_summary_and_never_replaces_one() -> None:
    paper = Paper(**new_paper_row(ParsedPaper("Tiny Title", 1, abstract="What the authors wrote.")))
    assert not merge_fields(paper, ParsedPaper("Tiny Title", 2))
    assert paper.ai_summary is None

    assert merge_fields(paper, ParsedPaper("Tiny Title", 3, ai_summary="What a model wrote."))  # indexed text changed
    assert (paper.abstract, paper.ai_summary) == ("What the authors wrote.", "What a model wrote.")

    assert not merge_fields(paper, ParsedPaper("Tiny Title", 4, ai_summary="What another model wrote."))
    assert paper.ai_summary == "What a model wrote."


def test_a_later_dump_with_an_ai_summary_adds_it_and_makes_it_searchable(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    lattice = paper_id_by_title(library, LATTICE)
    abstract = library.get(lattice).abstract
    assert library.search("zeolite") == []

    report = paste_papers(
        library,
        [ParsedPaper(LATTICE, 1, abstract="A shorter abstract.", ai_summary="Attention routed like zeolite pores.")],
        "Paste with summaries",
    )

    assert (report.outcome, report.new, report.merged) == ("imported", 0, 1)
    paper = library.get(lattice)
    assert paper.ai_summary == "Attention routed like zeolite pores."
    assert paper.abstract == abstract  # the abstract it had stays, the summary is stored beside it
    assert [r.paper.id for r in library.search("zeolite")] == [lattice]  # re-indexed after the merge
