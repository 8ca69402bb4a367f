"""The one recogniser over syntaxes no fixture file covers: AI summaries, wrapped titles,
text-browser references, unknown syntaxes with paper links, unsafe links and bounded work."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest

from readinglist.core import export
from readinglist.core.dumps import UNRECOGNISED, ParsedPaper, Problem, read_dump_text, split_entries
from readinglist.core.services import Library

TAKEN = date(2026, 12, 2)
ABSTRACT = (
    "We study how small models learn to plan. Our method distils search traces into a policy "
    "and matches a far larger teacher on three benchmarks while using a tenth of the compute."
)


def _read(text: str, **options: object) -> tuple[str, list[ParsedPaper], list[Problem]]:
    with read_dump_text(text, reference_date=TAKEN, **options) as dump:  # type: ignore[arg-type]
        papers, problems = split_entries(dump.entries)
        return dump.layout, papers, problems


def test_ai_summary_label_keeps_the_summary_apart_in_markdown() -> None:
    text = (
        "[12](https://huggingface.co/papers/2601.00001)\n\n"
        "### [Planning Distilled](https://huggingface.co/papers/2601.00001)\n\n"
        "AI-generated summary\n\n"
        "A method turns search traces into a compact planning policy.\n\n"
        f"[{ABSTRACT}](https://huggingface.co/papers/2601.00001)\n\n"
        "- 4 authors\n\n·\n\nMar 3, 2026\n"
    )
    _, papers, problems = _read(text)

    assert problems == []
    [paper] = papers
    assert paper.ai_summary == "A method turns search traces into a compact planning policy."
    assert paper.abstract == ABSTRACT
    assert (paper.upvotes, paper.authors_count, paper.arxiv_id) == (12, 4, "2601.00001")


def test_ai_summary_in_a_plain_copy_and_on_one_line() -> None:
    text = (
        "Planning Distilled\nAI-generated summary\nA method turns search traces into a policy.\n"
        f"{ABSTRACT}\n  • 4 authors\n·\nMar 3, 2026\n"
        "Second Paper Title\nAI-generated summary: Short machine summary.\n"
        f"{ABSTRACT}\n·\nMar 4, 2026\n"
    )
    _, papers, problems = _read(text)

    assert problems == []
    assert [(p.title, p.ai_summary, p.abstract) for p in papers] == [
        ("Planning Distilled", "A method turns search traces into a policy.", ABSTRACT),
        ("Second Paper Title", "Short machine summary.", ABSTRACT),
    ]


def test_title_hard_wrapped_onto_an_indented_line_is_joined() -> None:
    text = f"Unified Views of Transfer: A Cross-Domain\n  Perspective\n{ABSTRACT}\n  • 3 authors\n·\nMar 3, 2026\n"
    _, papers, problems = _read(text)

    assert problems == []
    assert [p.title for p in papers] == ["Unified Views of Transfer: A Cross-Domain Perspective"]
    assert papers[0].authors_count == 3


def test_text_browser_numbered_links_resolve_from_the_references_list() -> None:
    text = (
        "   [1]Hugging Face [2]Models\n\n   [3]42\n   ### [4]Planning Distilled\n\n"
        f"   {ABSTRACT}\n\n   [5]GitHub 1.2k\n\nReferences\n\n"
        "   1. https://huggingface.co/\n   2. https://huggingface.co/models\n"
        "   3. https://huggingface.co/login?next=%2Fpapers%2F2601.00001\n"
        "   4. https://huggingface.co/papers/2601.00001\n   5. https://github.com/acme/planner\n"
    )
    layout, papers, problems = _read(text)

    assert layout == "reflinks"
    assert problems == []
    [paper] = papers
    assert (paper.title, paper.arxiv_id, paper.upvotes) == ("Planning Distilled", "2601.00001", 42)
    assert (paper.github_url, paper.github_stars) == ("https://github.com/acme/planner", 1200)
    assert paper.abstract == ABSTRACT


@pytest.mark.parametrize(
    "text",
    [
        "My list\n\nPlanning Distilled - https://huggingface.co/papers/2601.00001\n"
        "Second Paper | https://arxiv.org/abs/2601.00002v2\n",
        'title,url\n"Planning Distilled",https://huggingface.co/papers/2601.00001\n'
        "Second Paper,https://huggingface.co/papers/2601.00002\n",
        "- [Planning Distilled](https://huggingface.co/papers/2601.00001)\n"
        "- [Second Paper](https://hf.co/papers/2601.00002)\n",
        '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<DL><p>\n<DT><A HREF="https://huggingface.co/papers/2601.00001">'
        'Planning Distilled</A>\n<DT><A HREF="https://huggingface.co/papers/2601.00002">Second Paper</A>\n</DL>\n',
    ],
    ids=["text-list", "csv", "markdown-list", "bookmarks"],
)
def test_unknown_syntax_with_paper_links_gives_those_papers(text: str) -> None:
    layout, papers, problems = _read(text)

    assert layout == UNRECOGNISED
    assert problems == []
    assert [(p.title, p.arxiv_id) for p in papers] == [
        ("Planning Distilled", "2601.00001"),
        ("Second Paper", "2601.00002"),
    ]


def test_import_report_says_the_layout_was_not_recognised(library: Library) -> None:
    report = library.import_text("Planning Distilled - https://huggingface.co/papers/2601.00001\n", "paste")

    assert (report.outcome, report.found, report.layout) == ("imported", 1, UNRECOGNISED)
    assert report.message == "layout not recognised: 1 paper taken from their links"


def test_text_without_papers_names_what_was_looked_for(library: Library) -> None:
    report = library.import_text("eggs\nbread\nmilk\n", "shopping")

    assert report.outcome == "failed"
    assert "huggingface.co/papers/<id>" in report.message and "abstracts" in report.message


def test_only_web_links_are_kept() -> None:
    text = (
        "### [Planning Distilled](https://huggingface.co/papers/2601.00001)\n\n"
        f"[{ABSTRACT}](https://huggingface.co/papers/2601.00001)\n\n"
        "[GitHub 3](javascript:alert(1))\n\n"
    )
    escaped = text.replace(ABSTRACT, ABSTRACT + " [site](file:///etc/passwd) [ok](https://example.org/a)")
    _, papers, _ = _read(escaped)

    [paper] = papers
    assert paper.github_url is None
    assert all(link.startswith("https://") for link in paper.links)


@pytest.mark.parametrize(
    "line",
    ["[" * 200_000, "[a](" * 100_000, "](" * 200_000, "\\[" * 200_000, "<a " * 100_000, "![" * 200_000],
    ids=["brackets", "open-links", "closers", "escapes", "tags", "images"],
)
def test_adversarial_lines_are_read_in_linear_time(line: str) -> None:
    start = time.perf_counter()
    _read(f"Title\n{line}\n")
    assert time.perf_counter() - start < 5.0  # a generous guard; quadratic scanning took minutes


def test_a_dropped_link_is_named_by_a_later_capture(library: Library) -> None:
    dropped = library.import_text("[arXiv:2601.00001](https://huggingface.co/papers/2601.00001)\n", "drop", "links")
    page = library.import_text(
        f"### [Planning Distilled](https://huggingface.co/papers/2601.00001)\n\n[{ABSTRACT}](https://huggingface.co/papers/2601.00001)\n",
        "page",
    )

    assert (dropped.layout, dropped.message, dropped.new) == ("links", "", 1)
    assert (page.new, page.merged) == (0, 1)
    [paper] = library.records(library.paper_ids())
    assert (paper.title, paper.abstract) == ("Planning Distilled", ABSTRACT)
    assert [hit.paper.title for hit in library.search("planning")] == ["Planning Distilled"]


FEEDS_FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def test_feeds_and_api_keep_ai_summaries_through_export_and_import(library: Library, tmp_path: Path) -> None:
    files = [FEEDS_FIXTURES / name for name in ("hf_daily.rss", "jsonfeed_1_1.json", "hf_api_daily_new.json")]
    reports = library.import_paths(files)

    assert [(r.outcome, r.layout) for r in reports] == [
        ("imported", "rss"),
        ("imported", "jsonfeed"),
        ("imported", "hf-api"),
    ]
    papers = library.records(library.paper_ids())
    summarised = {p.title: (p.ai_summary, p.abstract) for p in papers if p.ai_summary}
    assert len(summarised) >= 4
    for summary, abstract in summarised.values():
        assert abstract is None or summary not in abstract  # never mixed into the abstract

    exported = tmp_path / "export.json"
    export.write_file("json", papers, exported)
    with Library.open(tmp_path / "other") as other:
        [report] = other.import_paths([exported])
        assert report.outcome == "imported"
        restored = {p.title: (p.ai_summary, p.abstract) for p in other.records(other.paper_ids()) if p.ai_summary}
    assert restored == summarised


def test_json_that_is_neither_an_export_nor_a_feed_is_refused(library: Library) -> None:
    report = library.import_text('[{"name": "not a paper"}]', "some json")

    assert report.outcome == "failed"
    assert report.message.startswith("a JSON file, but neither a readinglist export nor a feed")
