"""Reference-style text-browser dumps: `[text][N]` links resolved from the list at the end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readinglist.core.dumps import read_dump_file, read_dump_text, split_entries

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


def test_reflinks_dump() -> None:
    dump = read_dump_file(FIXTURES / "reflinks_lynx.txt", reference_date=date(2025, 3, 20))
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "reflinks"
    assert dump.list_date_text == "Mar 17"
    assert problems == []
    assert [(paper.line, paper.arxiv_id, paper.title) for paper in papers] == [
        (13, "2503.20001", "Listening Between the Lines: Prosody Cues for Sarcasm"),
        (31, "2503.20002", "Cheap Shots: Few-Step Sampling for Image Diffusion"),
    ]
    # The abstract is a link text spread over lines between "[" and "][8]".
    assert papers[0].abstract == (
        "Sarcasm is often marked by tone of voice rather than words. We pair transcripts "
        "with prosody features and show that a small classifier detects sarcasm in podcasts "
        "far better than a text-only model [see the appendix]."
    )
    assert papers[1].abstract == (
        "Diffusion samplers need many steps. We distil a teacher into a four-step student "
        "and keep most of its image quality."
    )
    assert [paper.upvotes for paper in papers] == [42, 0]
    assert [paper.comments for paper in papers] == [3, None]
    assert papers[0].github_url == "https://github.com/tone-lab/between-the-lines"
    assert papers[0].github_stars == 1200
    assert [paper.org for paper in papers] == ["Tone Lab", None]
    assert [paper.authors_count for paper in papers] == [None, 5]
    assert [(paper.published, paper.published_inferred) for paper in papers] == [
        (date(2025, 3, 15), True),
        (date(2024, 11, 30), False),
    ]


def test_unknown_reference_keeps_text_without_link() -> None:
    text = (
        "### [Known Title][1]\n\n"
        "[A short abstract that is long enough to count as one, with a reference.][1]\n\n"
        "### [Unknown Reference Title][9]\n\n"
        "[1]: https://huggingface.co/papers/2401.11111\n"
    )
    dump = read_dump_text(text, reference_date=date(2025, 1, 1))
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "reflinks"
    assert [(paper.arxiv_id, paper.title) for paper in papers] == [("2401.11111", "Known Title")]
    assert papers[0].abstract == "A short abstract that is long enough to count as one, with a reference."
    assert problems == []
