"""The synthetic corpus generator of the benchmarks: deterministic, readable, realistic in shape."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.dumps import read_dump_file, split_entries, title_key
from readinglist.core.services import Library
from tests.benchmarks.corpus import Corpus, generate_corpus, main

AUTHORS_LINE = re.compile(r"^  • (\d+) authors$")
MODEL_NAME = re.compile(r"\b[A-Z][a-z]{5}-?\d[\w.-]*")
DATE_LINE = re.compile(r"^[A-Z][a-z]{2} \d{1,2}(?:, (20\d\d))?(?: (\d+))?$")


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return generate_corpus(tmp_path_factory.mktemp("small"), 300, files=3, seed=7)


def _contents(corpus: Corpus) -> list[bytes]:
    return [path.read_bytes() for path in corpus.files]


def test_same_seed_gives_identical_files_and_another_seed_differs(small: Corpus, tmp_path: Path) -> None:
    again = generate_corpus(tmp_path / "again", 300, files=3, seed=7)
    other = generate_corpus(tmp_path / "other", 300, files=3, seed=8)

    assert [p.name for p in again.files] == [p.name for p in small.files]
    assert _contents(again) == _contents(small)
    assert (again.entries, again.unique_papers) == (small.entries, small.unique_papers)
    assert all(a != b for a, b in zip(_contents(other), _contents(small), strict=True))


def test_counts_repeats_and_title_keys(small: Corpus) -> None:
    assert len(small.files) == 3
    assert small.unique_papers == 300
    assert small.entries == 300 + round(300 * 0.1 / 0.9)  # repeats come from earlier files
    keys_per_file = []
    for path in small.files:
        with read_dump_file(path, reference_date=date(2026, 1, 1)) as dump:
            papers, problems = split_entries(dump.entries)
        assert dump.layout == "plain"
        assert problems == []
        keys = [title_key(p.title) for p in papers]
        assert len(set(keys)) == len(keys)  # a paper at most once per file
        keys_per_file.append(keys)
    assert sum(map(len, keys_per_file)) == small.entries
    assert len({key for keys in keys_per_file for key in keys}) == small.unique_papers
    assert keys_per_file[0][0] != keys_per_file[1][0]


def test_layout_and_metadata_shapes(small: Corpus) -> None:
    lines = [line for path in small.files for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines[:12:2] == ["new", "Get trending papers in your email inbox!", "Subscribe", "Daily Papers"] + [
        "byAK and the research community",
        lines[10],
    ]
    assert DATE_LINE.match(lines[10])

    before_dot = [lines[i - 1] for i, line in enumerate(lines) if line == "·"]
    after_dot = [lines[i + 1] for i, line in enumerate(lines) if line == "·"]
    authors = [int(m[1]) for line in before_dot if (m := AUTHORS_LINE.match(line))]
    orgs = [line for line in before_dot if not AUTHORS_LINE.match(line)]
    dates = [DATE_LINE.match(line) for line in after_dot]
    assert all(dates)
    assert authors and all(1 <= n <= 20 for n in authors)
    assert orgs and all(1 < len(org.split()) <= 10 and len(org) <= 80 for org in orgs)
    assert any(d[2] for d in dates)  # with a comment count
    assert any(d[1] for d in dates) and any(not d[1] for d in dates)  # with and without a year
    assert 0.6 < len(authors) / len(before_dot) < 0.95
    assert len(before_dot) < small.entries  # some cards have no metadata block

    papers = []
    for path in small.files:
        with read_dump_file(path, reference_date=date(2026, 1, 1)) as dump:
            papers += split_entries(dump.entries)[0]
    assert {p.org for p in papers if p.org} and {p.comments for p in papers if p.comments}
    for paper in papers:
        assert 150 <= len(paper.abstract.split()) <= 250 and paper.abstract.endswith(".")
        assert 8 <= len(paper.title.split()) <= 18
        # Digits only in the model name, right after its fixed-length code: keys stay unique.
        assert not re.search(r"\d", MODEL_NAME.sub("", paper.title, count=1))
    assert any(":" in p.title for p in papers) and any(":" not in p.title for p in papers)


def test_import_into_a_library_finds_every_entry(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "dumps", 500, files=3, seed=7)
    assert corpus.entries > corpus.unique_papers  # repeats exercise de-duplication

    with Library.open(tmp_path / "lib") as library:
        reports = library.import_paths(corpus.files)
        assert all(r.outcome == "imported" for r in reports)
        assert sum(r.found for r in reports) == corpus.entries
        assert sum(r.skipped for r in reports) == 0
        assert sum(r.new for r in reports) == corpus.unique_papers
        assert library.count() == corpus.unique_papers


def test_default_file_count_and_bad_arguments(tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "one", 200)
    assert len(corpus.files) == 1 and corpus.entries == corpus.unique_papers == 200  # nothing earlier to repeat
    with pytest.raises(ValueError, match="files"):
        generate_corpus(tmp_path / "bad", 2, files=3)
    with pytest.raises(ValueError, match="repeat_share"):
        generate_corpus(tmp_path / "bad", 10, repeat_share=1.0)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["--papers", "50", "--out", str(tmp_path / "cli"), "--files", "2", "--seed", "3"])
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [str(tmp_path / "cli" / f"000{k}_synthetic_seed3.txt") for k in range(2)]
    assert out[2].startswith("2 files, 56 entries, 50 unique papers")
