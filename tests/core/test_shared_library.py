"""The four real page dumps import into exactly what ../shared/dumps/expected.json says."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from readinglist.core.import_reports import FileReport
from readinglist.core.services import Library


@pytest.fixture
def expected(shared_dumps: Path) -> dict:
    return json.loads((shared_dumps / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def imported(library: Library, shared_dumps: Path, expected: dict) -> list[FileReport]:
    return library.import_paths([shared_dumps / f["file"] for f in expected["files"]])


def test_every_file_reports_its_papers(imported: list[FileReport], expected: dict) -> None:
    assert [(Path(r.source).name, r.outcome, r.found, r.skipped) for r in imported] == [
        (f["file"], "imported", f["papers"], 0) for f in expected["files"]
    ]
    assert sum(r.found for r in imported) == expected["all_files_together"]["entries"]


def test_papers_are_deduplicated_across_files(library: Library, imported: list[FileReport], expected: dict) -> None:
    together = expected["all_files_together"]
    assert library.count() == together["unique_papers"]
    assert sum(r.new for r in imported) == together["unique_papers"]
    papers = library.records(library.paper_ids())
    files_per_paper = {p.title.strip(): len({s.file for s in p.sources}) for p in papers}
    assert sum(n >= 2 for n in files_per_paper.values()) == together["papers_in_two_or_more_files"]
    assert sorted(t for t, n in files_per_paper.items() if n >= 3) == sorted(together["papers_in_three_or_more_files"])


def test_sample_entries_keep_their_position_and_metadata(
    library: Library, imported: list[FileReport], expected: dict
) -> None:
    by_place = {(s.file, s.position): p for p in library.records(library.paper_ids()) for s in p.sources}
    checked = Counter()
    for expected_file in expected["files"]:
        for sample in expected_file["samples"]:
            paper = by_place[(expected_file["file"], sample["position"])]
            assert paper.title.strip() == sample["title"]
            assert paper.abstract.startswith(sample["abstract_starts_with"])
            assert paper.abstract.endswith(sample["abstract_ends_with"])
            for field in ("authors_count", "comments"):
                if field in sample:
                    assert getattr(paper, field) == sample[field], (sample["title"], field)
            if "org" in sample:
                assert paper.org.casefold() == sample["org"].casefold()
            if "published_month" in sample:
                assert (paper.published.month, paper.published.day) == (
                    sample["published_month"],
                    sample["published_day"],
                )
                if "published_year" in sample:
                    assert paper.published.year == sample["published_year"]
                    assert not paper.published_inferred
                else:
                    assert paper.published_inferred, sample["title"]
            checked[expected_file["file"]] += 1
    assert sum(checked.values()) == sum(len(f["samples"]) for f in expected["files"])


def test_importing_them_again_adds_nothing(library: Library, imported: list[FileReport], shared_dumps: Path) -> None:
    again = library.import_paths([shared_dumps])
    assert {r.outcome for r in again if r.source.endswith(".txt")} == {"unchanged"}
    assert sum(r.new for r in again) == 0
    assert library.count() == 332
