"""The real third-party captures in ../shared/captures against every figure of expected.json."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from readinglist.core.dumps import ParsedPaper, Problem, read_dump_file

SHARED_CAPTURES = Path(__file__).resolve().parents[2] / ".." / "shared" / "captures"


def _expected_files() -> list[dict]:
    expected = SHARED_CAPTURES / "expected.json"
    if not expected.is_file():
        return []
    return json.loads(expected.read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _shared_captures_present() -> None:
    if not SHARED_CAPTURES.is_dir():
        pytest.skip("../shared/captures not found beside the checkout (outside clone)")


def _comparable(title: str) -> str:
    """A title as expected.json compares it: Markdown escapes removed, white space collapsed."""
    return " ".join(re.sub(r"\\(.)", r"\1", title).split())


@pytest.mark.parametrize("expected", _expected_files() or [None], ids=lambda item: item["file"] if item else "none")
def test_shared_capture_matches_expected(expected: dict | None) -> None:
    assert expected is not None, "expected.json lists no files"
    with read_dump_file(SHARED_CAPTURES / expected["file"]) as dump:
        entries = list(dump.entries)
    papers = [entry for entry in entries if isinstance(entry, ParsedPaper)]

    assert [entry for entry in entries if isinstance(entry, Problem)] == []
    assert len(papers) == expected["min_papers"]
    assert len({_comparable(paper.title) for paper in papers}) == len(papers), "duplicate cards not merged"
    by_title = {_comparable(paper.title): paper for paper in papers}
    for sample in expected["samples"]:
        paper = by_title.get(_comparable(sample["title"]))
        assert paper is not None, f"missing: {sample['title']}"
        _check_sample(paper, sample)


def _check_sample(paper: ParsedPaper, sample: dict) -> None:
    where = sample["title"]
    assert paper.abstract is not None and paper.abstract.startswith(sample["abstract_starts_with"]), where
    assert paper.ai_summary is None, where  # none of these captures shows one
    for key, attribute in (
        ("upvotes", "upvotes"),
        ("comments", "comments"),
        ("authors_count", "authors_count"),
        ("org", "org"),
        ("arxiv_id", "arxiv_id"),
        ("github_url", "github_url"),
    ):
        if key in sample:
            assert getattr(paper, attribute) == sample[key], f"{where}: {key}"
    if "published" in sample:
        assert paper.published_text == sample["published"], where
        assert paper.published is not None, where
    if "github_stars_shown" in sample:
        shown = sample["github_stars_shown"]
        stars = float(shown.rstrip("k")) * (1000 if shown.endswith("k") else 1)
        assert paper.github_stars == round(stars), where


def test_missing_expected_json_would_fail() -> None:
    """The parametrised test above cannot pass vacuously when expected.json is absent."""
    assert _expected_files(), f"no expected.json in {SHARED_CAPTURES}"
