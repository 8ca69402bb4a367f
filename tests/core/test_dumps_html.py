"""Saved HTML pages: scripts/styles/SVG dropped, converted to Markdown, read as markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from readinglist.core.dumps import DumpError, decoding, read_dump_file, read_dump_text, split_entries
from readinglist.core.dumps.html_page import html_to_markdown

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
TAKEN = date(2025, 3, 20)


def test_saved_page() -> None:
    dump = read_dump_file(FIXTURES / "saved_page.html", reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "html"
    assert dump.list_date_text == "Mar 17"
    assert problems == []
    # Line numbers are those of the <h3> in the HTML file; the mobile copy of the first
    # card merges into it; nothing from <script>, <style> or <svg> becomes a paper/date.
    assert [(paper.line, paper.arxiv_id, paper.title) for paper in papers] == [
        (28, "2503.40001", "Salt and Pepper Noise Is All You Need"),
        (41, "2503.40002", "Counterfactual Recipes for Robot Cooks"),
    ]
    first, second = papers
    assert first.abstract == (
        "We show that training image classifiers on inputs corrupted with heavy salt and "
        "pepper noise makes them robust to a wide family of other corruptions, at a small "
        "cost in clean accuracy. See https://noise.example.com/results."
    )
    assert first.links == ["https://noise.example.com/results"]
    assert (first.upvotes, first.comments) == (58, 4)  # not the 999 inside the SVG
    assert (first.github_url, first.github_stars) == ("https://github.com/noise-lab/salt_pepper", 3400)
    assert first.org == "Google DeepMind"
    assert (first.published_text, first.published, first.published_inferred) == (
        "Feb 11, 2025",
        date(2025, 2, 11),
        False,
    )
    assert second.abstract is not None and second.abstract.startswith("Robot cooks fail")
    assert (second.upvotes, second.authors_count, second.org) == (9, 8, None)
    assert (second.published, second.published_inferred) == (date(2025, 3, 9), True)


def test_pasted_html_is_detected_too() -> None:
    html = (FIXTURES / "saved_page.html").read_text(encoding="utf-8")
    dump = read_dump_text(html, reference_date=TAKEN)
    papers, _ = split_entries(dump.entries)

    assert dump.layout == "html"
    assert [paper.arxiv_id for paper in papers] == ["2503.40001", "2503.40002"]


def test_html_above_the_size_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoding, "WHOLE_TEXT_LIMIT", 1000)

    with pytest.raises(DumpError, match=r"HTML page file too large"):
        read_dump_file(FIXTURES / "saved_page.html", reference_date=TAKEN)


def test_scripts_styles_and_svg_are_dropped_before_conversion() -> None:
    markdown = html_to_markdown((FIXTURES / "saved_page.html").read_text(encoding="utf-8"))

    for dropped in ("Not A Paper From Script", "console.log", "border: 1px", "999", "Mar 1\n", "Mar 2"):
        assert dropped not in markdown
    assert "### " in markdown and "[Counterfactual Recipes for Robot Cooks](/papers/2503.40002)" in markdown
