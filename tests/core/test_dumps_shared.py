"""The four real page dumps in ../shared/dumps against every per-file figure of expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist.core.dumps import ParsedPaper, Problem, read_dump_file

SHARED_DUMPS = Path(__file__).resolve().parents[2] / ".." / "shared" / "dumps"


def _expected_files() -> list[dict]:
    expected = SHARED_DUMPS / "expected.json"
    if not expected.is_file():
        return []
    return json.loads(expected.read_text(encoding="utf-8"))["files"]


@pytest.fixture(scope="module", autouse=True)
def _shared_dumps_present() -> None:
    if not SHARED_DUMPS.is_dir():
        pytest.skip("../shared/dumps not found beside the checkout (outside clone)")


@pytest.mark.parametrize("expected", _expected_files() or [None], ids=lambda item: item["file"] if item else "none")
def test_shared_dump_matches_expected(expected: dict | None) -> None:
    assert expected is not None, "expected.json lists no files"
    dump = read_dump_file(SHARED_DUMPS / expected["file"])
    entries = list(dump.entries)
    problems = [entry for entry in entries if isinstance(entry, Problem)]
    papers = [entry for entry in entries if isinstance(entry, ParsedPaper)]

    assert dump.layout == "plain"
    assert problems == []
    assert len(papers) == expected["papers"]
    for sample in expected["samples"]:
        _check_sample(papers[sample["position"] - 1], sample)


def _check_sample(paper: ParsedPaper, sample: dict) -> None:
    where = f"position {sample['position']}"
    assert paper.title.strip() == sample["title"], where
    assert paper.abstract is not None, where
    assert paper.abstract.startswith(sample["abstract_starts_with"]), where
    assert paper.abstract.endswith(sample["abstract_ends_with"]), where
    # expected.json lists metadata only where the dump shows it: absent means None.
    assert paper.authors_count == sample.get("authors_count"), where
    if "org" in sample:
        assert paper.org is not None, where
        assert paper.org.casefold() == sample["org"].casefold(), where
    else:
        assert paper.org is None, where
    if "published_month" not in sample:
        assert paper.published is None, where
    else:
        assert paper.published is not None, where
        assert (paper.published.month, paper.published.day) == (
            sample["published_month"],
            sample["published_day"],
        ), where
        if "published_year" in sample:
            assert paper.published.year == sample["published_year"], where
            assert paper.published_inferred is False, where
        else:
            assert paper.published_inferred is True, where
    assert paper.comments == sample.get("comments"), where


def test_missing_expected_json_would_fail() -> None:
    """The parametrised test above cannot pass vacuously when expected.json is absent."""
    assert _expected_files(), f"no expected.json in {SHARED_DUMPS}"
