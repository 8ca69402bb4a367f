"""Issue 15 item B: saved searches are kept in the library with a live count; renamed, deleted, listed by the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinglist.cli import main
from readinglist.core.services import Library, NotFoundError
from tests.helpers import paper_id_by_title


def test_a_saved_search_counts_its_results_now(library: Library, daily_a: Path, daily_b: Path) -> None:
    """Issue 15 item B: the count follows imports and the Trash; a query that cannot be read counts as None."""
    library.import_paths([daily_a])
    saved = library.add_saved_search("  Graphs\nand molecules ", "molecule OR lattice")
    broken = library.add_saved_search("Broken", 'title:"unfinished')
    assert saved.name == "Graphs and molecules"

    assert [(c.name, c.count) for c in library.saved_search_counts()] == [("Graphs and molecules", 1), ("Broken", None)]
    library.import_paths([daily_b])
    assert library.saved_search_counts()[0].count == 2
    library.trash([paper_id_by_title(library, "Sparse Lattice Attention for Long Documents")])
    assert library.saved_search_counts()[0].count == 1

    assert saved.id is not None and broken.id is not None
    library.rename_saved_search(saved.id, "Molecules")
    library.delete_saved_search(broken.id)
    assert [(s.name, s.query) for s in library.saved_searches()] == [("Molecules", "molecule OR lattice")]
    with pytest.raises(NotFoundError):
        library.delete_saved_search(broken.id)
    with pytest.raises(ValueError, match="needs a name"):
        library.rename_saved_search(saved.id, "   ")


def test_saved_searches_survive_reopening_and_the_cli_lists_them(tmp_path: Path, daily_a: Path) -> None:
    """Issue 15 item B: `readinglist searches --json` lists them with their counts."""
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
        library.add_saved_search("Distillation", "distil*")
    result = CliRunner().invoke(main, ["--library", str(folder), "searches", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert [(r["name"], r["query"], r["count"]) for r in json.loads(result.output)] == [("Distillation", "distil*", 1)]
    plain = CliRunner().invoke(main, ["--library", str(folder), "searches"], catch_exceptions=False)
    assert "Distillation" in plain.output
