"""Plain-text page copies: titles, abstracts, metadata blocks, chrome and problems."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.dumps import Problem, read_dump_file, read_dump_text, split_entries
from readinglist.core.dumps.fields import CHROME_LINES

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
TAKEN = date(2025, 3, 20)


def test_blank_lines_titles_abstracts_and_header() -> None:
    dump = read_dump_file(FIXTURES / "plain_blank_lines.txt", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "plain"
    assert dump.list_date_text == "Mar 17"
    assert problems == []
    assert [paper.title for paper in papers] == [
        "Sparse Lanterns: Routing Tokens Through Tiny Experts",
        "Do Models Dream of Tidy Gradients?",
        "Counting Sheep with Transformers",
        "Small Print: Auditing Licence Terms in Pretraining Corpora",
    ]
    assert [paper.line for paper in papers] == [15, 23, 31, 39]
    assert papers[2].abstract == (
        "Counting is hard for sequence models when the items are spread over long inputs. "
        "We build a synthetic benchmark of sheep-counting stories and find that position "
        "encodings, not model size, decide whether a model can count past twenty."
    )
    assert not any(paper.title.casefold() in CHROME_LINES for paper in papers)
    assert all(paper.upvotes is None and paper.arxiv_id is None for paper in papers)


def test_blank_lines_metadata_and_year_inference() -> None:
    dump = read_dump_file(FIXTURES / "plain_blank_lines.txt", reference_date=TAKEN)
    papers, _ = split_entries(dump.entries)

    assert [paper.authors_count for paper in papers] == [4, 1, 3, 12]
    assert [paper.published_text for paper in papers] == ["Mar 14", "Dec 30", "Mar 18", "Feb 2, 2023"]
    # The dump's date is the header's "Mar 17" (of 2025, from the reference date), so
    # "Mar 18" without a year is the Mar 18 before it, in 2024.
    assert [paper.published for paper in papers] == [
        date(2025, 3, 14),
        date(2024, 12, 30),
        date(2024, 3, 18),
        date(2023, 2, 2),
    ]
    assert [paper.published_inferred for paper in papers] == [True, True, True, False]
    assert [paper.comments for paper in papers] == [2, None, None, None]


def test_header_date_without_year_takes_its_year_from_the_reference_date() -> None:
    dump = read_dump_file(FIXTURES / "plain_blank_lines.txt", reference_date=date(2025, 1, 5))
    papers, _ = split_entries(dump.entries)

    # "Mar 17" not after 2025-01-05 is 2024-03-17; every date counts back from there.
    assert [paper.published for paper in papers[:3]] == [
        date(2024, 3, 14),
        date(2023, 12, 30),
        date(2023, 3, 18),
    ]


def test_urls_in_abstract_become_links_and_github_url() -> None:
    dump = read_dump_file(FIXTURES / "plain_blank_lines.txt", reference_date=TAKEN)
    papers, _ = split_entries(dump.entries)

    assert papers[0].links == [
        "https://github.com/lantern-lab/sparse-lanterns/tree/main",
        "https://lanterns.example.org",
    ]
    assert papers[0].github_url == "https://github.com/lantern-lab/sparse-lanterns"
    assert papers[1].links == ["https://example.org/tidy-gradients"]
    assert papers[1].github_url is None


def test_glued_header_without_blank_lines() -> None:
    dump = read_dump_file(FIXTURES / "plain_glued.txt", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "plain"
    assert dump.list_date_text is None
    assert problems == []
    assert [(paper.line, paper.title) for paper in papers] == [
        (3, "Quiet Tokens: Measuring Silence in Speech Models"),
        (5, "Editing Maps with Language"),
        (7, "Why Do Rankers Forget?"),
    ]
    assert papers[1].abstract is not None
    assert papers[1].abstract.startswith("Map editing tools expect precise geometry")
    assert papers[1].abstract.endswith("forty volunteer mappers on two cities.")


def test_organisation_lines_and_comment_counts() -> None:
    dump = read_dump_file(FIXTURES / "plain_org_and_comments.txt", reference_date=date(2026, 6, 1))
    papers, problems = split_entries(dump.entries)

    assert problems == []
    assert dump.list_date_text == "Jan 9, 2025"
    assert [paper.org for paper in papers] == ["NVIDIA", "Google Research", "AI at Meta", "Hugging Face"]
    assert [paper.authors_count for paper in papers] == [None] * 4
    assert [paper.comments for paper in papers] == [14, None, 2, None]
    assert [paper.published_text for paper in papers] == ["Dec 30", "Feb 2", "Sep 29, 2024", "Jan 8"]
    # The header date shows a year, so it is the dump's date, not the reference date.
    assert [paper.published for paper in papers] == [
        date(2024, 12, 30),
        date(2024, 2, 2),
        date(2024, 9, 29),
        date(2025, 1, 8),
    ]
    assert [paper.published_inferred for paper in papers] == [True, True, False, True]


def test_search_page_query_is_chrome_and_title_without_abstract_is_a_problem() -> None:
    dump = read_dump_file(FIXTURES / "plain_search_results.txt", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert [paper.title for paper in papers] == [
        "Tiny Experts Are Enough",
        "Routing Without Tears",
        "A Short Note on Expert Pruning",
    ]
    assert problems == [Problem(17, "title without abstract: Expert Choice Revisited: A Second Look at Load Balancing")]
    # A short last line before the metadata block is still the abstract.
    assert papers[2].abstract == "We prune experts by usage."
    assert papers[1].abstract is not None and papers[1].abstract.startswith("Token routing")


PROSE = (
    "We measure something carefully across several settings and report what we find. "
    "The results hold for every model we tried, which suggests a general effect."
)


@pytest.mark.parametrize(
    ("text", "titles", "problems"),
    [
        pytest.param(
            f"First Title\n{PROSE}\nSecond Title\nShort closing abstract.\n",
            ["First Title", "Second Title"],
            [],
            id="short-abstract-at-end",
        ),
        pytest.param(
            f"Lead Paper\n{PROSE}\nLonely Title\nFollowing Title\n{PROSE}\n",
            ["Lead Paper", "Following Title"],
            [Problem(3, "title without abstract: Lonely Title")],
            id="title-then-title-with-abstract",
        ),
        pytest.param(
            f"Lead Paper\n{PROSE}\nTitle A\nTitle B\nTitle C\n{PROSE}\n",
            ["Lead Paper", "Title C"],
            [
                Problem(3, "title without abstract: Title A"),
                Problem(4, "title without abstract: Title B"),
            ],
            id="three-titles-in-a-row",
        ),
        pytest.param(
            f"Lead Paper\n{PROSE}\n  • 2 authors\n·\nMar 1\n{PROSE}\n",
            ["Lead Paper"],
            [Problem(6, "abstract without title: " + PROSE[:119] + "…")],
            id="orphan-abstract",
        ),
        pytest.param(
            f"Lead Paper\n{PROSE}\nTitle Without Anything\n  • 2 authors\n·\nMar 1\n",
            ["Lead Paper"],
            [Problem(3, "title without abstract: Title Without Anything")],
            id="title-then-metadata",
        ),
    ],
)
def test_title_versus_abstract_rule(text: str, titles: list[str], problems: list[Problem]) -> None:
    dump = read_dump_text(text, reference_date=TAKEN)
    papers, found = split_entries(dump.entries)

    assert [paper.title for paper in papers] == titles
    assert found == problems
