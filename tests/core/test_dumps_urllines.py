"""Dumps where every link's URL stands on its own line after the link text."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from readinglist.core.dumps import read_dump_file, split_entries

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


def test_urllines_dump() -> None:
    dump = read_dump_file(FIXTURES / "urllines.txt", reference_date=date(2025, 3, 20))
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "urllines"
    assert dump.list_date_text == "Mar 17"
    assert problems == []
    # Navigation (Models, Datasets, ... Sign Up) and "Daily Papers"/"AK" are chrome.
    assert [(paper.line, paper.arxiv_id, paper.title) for paper in papers] == [
        (24, "2503.30001", "Ink and Pixels: Reading Handwritten Field Notes"),
        (37, "2503.30002", "The Cost of Politeness in Chat Assistants"),
        (47, "2503.30003", "Graphs All the Way Down"),
    ]
    assert papers[0].abstract == (
        "Field notes from the nineteenth century are hard to read for both people and "
        "machines. We release a collection of transcribed notebooks and a recogniser that "
        "learns each writer's hand from a few pages."
    )
    assert papers[1].abstract is not None
    assert papers[1].abstract.startswith("Assistants that apologise and hedge")
    assert [paper.upvotes for paper in papers] == [12, 0, 7]
    assert [paper.comments for paper in papers] == [3, None, None]
    assert papers[0].github_url == "https://github.com/ink-pixels/field-notes"
    assert papers[0].github_stars == 950
    # kai-w is the submitter of the third card, not the organisation of the second.
    assert [paper.org for paper in papers] == ["Natural History Museum", None, None]
    assert [paper.authors_count for paper in papers] == [None, 5, 2]
    assert [(paper.published, paper.published_inferred) for paper in papers] == [
        (date(2025, 3, 16), True),
        (date(2025, 2, 28), False),
        (date(2025, 3, 1), True),
    ]
