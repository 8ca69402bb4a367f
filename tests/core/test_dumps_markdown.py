"""Markdown captures: linked titles, wrapped abstracts, upvotes, org, GitHub, duplicates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readinglist.core.dumps import read_dump_file, split_entries

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
TAKEN = date(2025, 3, 20)


def _trending():
    dump = read_dump_file(FIXTURES / "markdown_trending.md", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)
    assert problems == []
    return dump, papers


def test_titles_ids_and_header() -> None:
    dump, papers = _trending()

    assert dump.layout == "markdown"
    assert dump.list_date_text == "Mar 17"
    # The "Shadow Data" card appears twice in a row (desktop and mobile): one paper.
    assert [(paper.arxiv_id, paper.title) for paper in papers] == [
        ("2503.10001", "Folded Attention: Cheap Long Context by Reusing Keys"),
        ("2503.10002", "Proofs as Programs for Small Models"),
        ("2503.10003", "Shadow Data: Finding Benchmark Leaks in the Wild"),
        ("2503.10004", "Weather in Words: Forecasts from Language Models"),
    ]
    assert [paper.line for paper in papers] == [31, 49, 64, 82]


def test_hard_wrapped_abstracts_are_joined() -> None:
    _, papers = _trending()

    assert papers[0].abstract == (
        "We fold the key cache of a transformer so that distant tokens share slots. "
        "Folded attention cuts memory by a factor of four on long documents "
        "while keeping perplexity within one percent of full attention."
    )
    assert papers[1].abstract == (
        "Small language models struggle to write formal proofs. "
        "We translate proofs into short programs that a checker can run, "
        "train on the programs instead, and double the share of proved lemmas on a "
        "standard benchmark of school geometry."
    )


def test_upvotes_comments_and_dates() -> None:
    _, papers = _trending()

    # 101 comes through a login redirect link, "-" means no upvotes yet.
    assert [paper.upvotes for paper in papers] == [101, 0, 7, 1200]
    assert [paper.comments for paper in papers] == [None, 6, 3, None]
    assert [paper.published_text for paper in papers] == ["Mar 3, 2025", "May 29", "Mar 12, 2025", "Jan 30"]
    assert [paper.published for paper in papers] == [
        date(2025, 3, 3),
        date(2024, 5, 29),
        date(2025, 3, 12),
        date(2025, 1, 30),
    ]
    assert [paper.published_inferred for paper in papers] == [False, True, False, True]
    assert [paper.authors_count for paper in papers] == [None, 6, 2, None]


def test_org_github_and_links() -> None:
    _, papers = _trending()

    # The submitter (mira-h) and the header's AK link are chrome, not organisations.
    assert [paper.org for paper in papers] == ["NVIDIA", None, None, "ECMWF"]
    assert [(paper.github_url, paper.github_stars) for paper in papers] == [
        ("https://github.com/fold-lab/folded-attention", 11300),
        (None, None),
        ("https://github.com/shadow-data/finder", 2_000_000),  # from the mobile copy
        (None, None),
    ]
    assert papers[3].links == ["https://huggingface.co/datasets/example/bulletins"]
    assert papers[0].links == []


def test_front_matter_relative_links_and_plain_abstract() -> None:
    dump = read_dump_file(FIXTURES / "markdown_with_front_matter.md", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "markdown"
    assert problems == []
    # Front matter names a paper and a date: neither becomes a paper or the list date.
    assert dump.list_date_text is None
    assert [(paper.line, paper.arxiv_id, paper.title) for paper in papers] == [
        (11, "2402.05555", "Gardening the Loss Landscape"),
        (21, "2403.06666", "Maps of Meaning in Vision Encoders"),
    ]
    assert papers[0].abstract == (
        "We describe a pruning schedule that removes sharp directions from the loss "
        "landscape during training, and show that models trained this way transfer "
        "better to new tasks."
    )
    assert papers[0].upvotes == 12
    assert papers[0].authors_count == 3
    assert papers[0].published == date(2024, 2, 8)
    assert papers[1].abstract is not None
    assert papers[1].abstract.startswith("Vision encoders organise concepts")
    assert papers[1].links == ["https://maps.example.net/encoders"]
    assert (papers[1].published, papers[1].published_inferred) == (date(2025, 1, 2), True)
