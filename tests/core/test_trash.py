"""Issue 15 item A: the Trash. A removed paper leaves every list, count, search and statistic; undo puts it back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinglist.cli import main
from readinglist.core.lists import TRASH, PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from tests.helpers import paper_id_by_title

LATTICE = "Sparse Lattice Attention for Long Documents"
CURRICULUM = "Curriculum Distillation for Small Reasoners"


@pytest.fixture
def filled(library: Library, daily_a: Path) -> Library:
    library.import_paths([daily_a])
    return library


def test_a_trashed_paper_is_only_in_the_trash(filled: Library) -> None:
    """Issue 15 item A: lists, counts, statuses, tags, statistics and searches leave a trashed paper out."""
    library = filled
    lattice = paper_id_by_title(library, LATTICE)
    library.add_tags([lattice], ["attention"])
    assert library.search_ids("lattice")[0] == [lattice]

    changes = library.trash([lattice])

    assert changes.papers == {lattice}
    assert library.trashed_ids() == {lattice}
    assert lattice not in library.paper_ids()
    assert library.paper_ids(TRASH) == [lattice]
    assert library.count() == 2 and library.count(TRASH) == 1
    assert library.count(PaperFilter(status=ReadStatus.NEW)) == 2
    assert library.status_counts()["new"] == 2
    assert dict(library.tag_counts()).get("attention", 0) == 0
    assert library.stats().total == 2
    assert library.search_ids("lattice") == ([], library.search_ids("lattice")[1])
    assert library.search("lattice") == []
    assert library.search_ids("lattice", TRASH)[0] == [lattice]  # the Trash can be searched


def test_undo_puts_the_paper_back_with_everything_it_had(filled: Library) -> None:
    """Issue 15 item A: restoring (undo) gives back the paper with its status and tags."""
    library = filled
    lattice = paper_id_by_title(library, LATTICE)
    library.set_status([lattice], ReadStatus.QUEUED)
    library.add_tags([lattice], ["attention"])
    changes = library.trash([lattice])

    redo = library.restore(changes)

    assert library.trashed_ids() == set()
    assert lattice in library.paper_ids(PaperFilter(status=ReadStatus.QUEUED))
    assert library.get(lattice).tags == ["attention"]
    assert library.search_ids("lattice")[0] == [lattice]
    library.restore(redo)  # redo: back in the Trash
    assert library.trashed_ids() == {lattice}
    library.restore_from_trash([lattice])
    assert library.trashed_ids() == set()


def test_empty_trash_deletes_for_good_and_drops_the_documents(filled: Library) -> None:
    """Issue 15 item A: emptying the Trash deletes its papers, their tags and their search documents."""
    library = filled
    lattice = paper_id_by_title(library, LATTICE)
    library.add_tags([lattice], ["only-here"])
    library.trash([lattice])

    assert library.empty_trash() == 1

    assert library.count(TRASH) == 0 and library.count() == 2
    assert library.records([lattice]) == []
    assert [name for name, _n in library.tag_counts()] == []
    library.sync_index()
    assert library.check(repair=False).agree
    assert library.empty_trash() == 0


def test_importing_a_trashed_paper_again_leaves_it_in_the_trash(filled: Library, daily_b: Path) -> None:
    """Issue 15 item A: the person removed it; a new import merges it and says it stays in the Trash."""
    library = filled
    curriculum = paper_id_by_title(library, CURRICULUM)
    library.trash([curriculum])

    (report,) = library.import_paths([daily_b])

    assert report.merged == 1 and report.in_trash == 1
    assert library.trashed_ids() == {curriculum}
    assert curriculum not in library.paper_ids()


def test_remove_and_trash_on_the_command_line(filled: Library, tmp_path: Path) -> None:
    """Issue 15 item A: `readinglist remove ID` trashes, `trash` lists, `trash --empty` deletes."""
    lattice = paper_id_by_title(filled, LATTICE)
    folder = str(filled.folder)
    filled.close()
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(main, ["--library", folder, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    assert "1 paper(s) moved to the Trash" in run("remove", str(lattice))
    assert LATTICE not in run("list")
    assert LATTICE not in run("search", "lattice")
    assert "In the Trash" in run("show", str(lattice))
    listed = json.loads(run("trash", "--json"))
    assert [p["id"] for p in listed] == [lattice]
    assert "deleted 1 paper(s) for good" in run("trash", "--empty")
    assert json.loads(run("trash", "--json")) == []
