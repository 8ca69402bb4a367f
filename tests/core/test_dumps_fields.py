"""Shared field helpers, the title key and layout detection."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.dumps import dates, read_dump_file, title_key
from readinglist.core.dumps import fields as f
from readinglist.core.dumps.detect import detect_layout

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12", 12),
        ("1,234", 1234),
        ("1.2k", 1200),
        ("11.3k", 11300),
        ("2m", 2_000_000),
        ("0", 0),
        ("GitHub", None),
        ("", None),
        ("1.2.3", None),
    ],
)
def test_parse_count(text: str, count: int | None) -> None:
    assert f.parse_count(text) == count


def test_upvotes() -> None:
    assert f.parse_upvotes("-") == 0
    assert f.upvote_line(" [-] 12") == 12
    assert f.upvote_line("[-]") == 0
    assert f.upvote_line("Upvote") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Oct 4, 2022", ("Oct 4, 2022", 10, 4, 2022, None)),
        ("Mar 12", ("Mar 12", 3, 12, None, None)),
        ("Sep 29, 2024 2", ("Sep 29, 2024", 9, 29, 2024, 2)),
        ("Aug 22 1", ("Aug 22", 8, 22, None, 1)),
        ("Published on Mar 3, 2025", ("Mar 3, 2025", 3, 3, 2025, None)),
        ("Feb 29", ("Feb 29", 2, 29, None, None)),
        ("Mar 12 2025", ("Mar 12 2025", 3, 12, 2025, None)),
        ("Sept. 5, 2023 11", ("Sept. 5, 2023", 9, 5, 2023, 11)),
        ("Feb 30", None),
        ("Foo 3", None),
        ("Mar 17 is a date in a sentence", None),
    ],
)
def test_parse_date_line(text: str, expected: tuple | None) -> None:
    line = dates.parse_date_line(text)
    got = None if line is None else (line.shown, line.month, line.day, line.year, line.comments)
    assert got == expected


def test_list_dates() -> None:
    assert dates.is_list_date("Mar 17")
    assert dates.is_list_date("Week 11, 2025")
    assert dates.is_list_date("March 2025")
    assert not dates.is_list_date("Llama 2024")
    assert not dates.is_list_date("Mar 17 4")  # a date with comments belongs to a card


def test_year_inference_picks_latest_date_not_after_the_dump() -> None:
    assert dates.latest_date_not_after(3, 17, date(2025, 3, 17)) == date(2025, 3, 17)
    assert dates.latest_date_not_after(3, 18, date(2025, 3, 17)) == date(2024, 3, 18)
    assert dates.latest_date_not_after(2, 29, date(2025, 3, 1)) == date(2024, 2, 29)
    assert dates.dump_date("Dec 11", date(2025, 11, 23)) == date(2024, 12, 11)
    assert dates.dump_date("Jan 9, 2025", date(2026, 6, 1)) == date(2025, 1, 9)
    assert dates.dump_date(None, date(2026, 6, 1)) == date(2026, 6, 1)


@pytest.mark.parametrize(
    ("line", "org"),
    [
        ("amazon Amazon", "Amazon"),
        ("nvidia NVIDIA", "NVIDIA"),
        ("google-research Google Research", "Google Research"),
        ("Hugging Face Hugging Face", "Hugging Face"),
        ("facebook AI at Meta", "AI at Meta"),
        ("Solo", "Solo"),
    ],
)
def test_org_display_name(line: str, org: str) -> None:
    assert f.org_display_name(line) == org


@pytest.mark.parametrize(
    ("url", "paper_id"),
    [
        ("https://huggingface.co/papers/2401.01234", "2401.01234"),
        ("/papers/2401.01234", "2401.01234"),
        ("https://huggingface.co/papers/2401.01234v2#community", "2401.01234"),
        ("https://huggingface.co/login?next=%2Fpapers%2F2401.01234", "2401.01234"),
        ("https://huggingface.co/papers/24010.1234", None),
        ("https://example.com/papers/2401.01234", None),
        ("https://huggingface.co/papers", None),
    ],
)
def test_papers_link_id(url: str, paper_id: str | None) -> None:
    assert f.papers_link_id(url) == paper_id


def test_arxiv_and_github_links() -> None:
    assert f.arxiv_link_id("https://arxiv.org/abs/2401.01234v2") == "2401.01234"
    assert f.arxiv_link_id("https://arxiv.org/pdf/2312.12345") == "2312.12345"
    assert f.arxiv_link_id("https://huggingface.co/papers/2401.01234") is None
    assert f.github_repo("https://github.com/o/r/tree/main") == "https://github.com/o/r"
    assert f.github_repo("https://github.com/o/r.git") == "https://github.com/o/r"
    assert f.github_repo("https://github.com/features/copilot") is None
    assert f.github_repo("https://o.github.io/r") is None
    assert f.github_stars("GitHub 11.3k") == 11300
    assert f.github_stars("GitHub") is None
    assert f.hf_profile_name("https://huggingface.co/nvidia") == "nvidia"
    assert f.hf_profile_name("/models") is None


def test_find_urls_strips_sentence_punctuation() -> None:
    text = (
        "Code: https://github.com/a/b. Data (https://x.org/d_(v1)) and https://y.org/p{Name}, see https://z.org/q?x=1!"
    )
    assert f.find_urls(text) == [
        "https://github.com/a/b",
        "https://x.org/d_(v1)",
        "https://y.org/p",
        "https://z.org/q?x=1",
    ]


def test_glued_chrome_and_prose() -> None:
    assert f.strip_glued_chrome("SubscribeDivergence-Based Transfer") == "Divergence-Based Transfer"
    assert f.strip_glued_chrome("newGet trending papers in your email inbox!Subscribe") == "Subscribe"
    assert f.strip_glued_chrome("newly Found Tricks") == "newly Found Tricks"
    assert f.strip_glued_chrome("Subscribe to Me: A Study") == "Subscribe to Me: A Study"
    assert f.looks_like_prose("Specialist or Generalist? Instruction Tuning for Specific NLP Tasks") is False
    assert f.looks_like_prose("We study X. It works.") is True
    assert f.looks_like_prose("x" * 500) is True
    assert f.looks_like_prose("x " * 125 + "ends.") is True
    # A very long title (260 characters, one `?` inside) is still a title.
    assert f.looks_like_prose("Why Scaling? " + "Long Title Words " * 15) is False


def test_title_key() -> None:
    assert title_key("Show, Don't Tell: Evaluating LLMs") == "showdonttellevaluatingllms"
    assert title_key("Show Don’t Tell — Evaluating ＬＬＭｓ") == "showdonttellevaluatingllms"
    assert title_key("Straße  der  Modelle") == title_key("STRASSE DER MODELLE")
    assert title_key("Only-IF:Revealing") == "onlyifrevealing"


@pytest.mark.parametrize(
    ("fixture", "layout"),
    [
        ("plain_blank_lines.txt", "plain"),
        ("plain_glued.txt", "plain"),
        ("markdown_trending.md", "markdown"),
        ("markdown_with_front_matter.md", "markdown"),
        ("reflinks_lynx.txt", "reflinks"),
        ("urllines.txt", "urllines"),
        ("saved_page.html", "html"),
    ],
)
def test_layout_comes_from_content_not_file_name(fixture: str, layout: str, tmp_path: Path) -> None:
    neutral = tmp_path / "dump.dat"
    shutil.copyfile(FIXTURES / fixture, neutral)

    assert read_dump_file(neutral, reference_date=date(2025, 3, 20)).layout == layout


def test_detect_html_without_doctype_and_plain_with_citations() -> None:
    tags = ["<div class='card'>", "<h3><a href='/x'>T</a></h3>", "<p>text</p>", "</div>"] * 6
    assert detect_layout(tags) == "html"
    assert detect_layout(["<!doctype html>"]) == "html"
    assert detect_layout(["Title", "An abstract citing [3][4] once.", "Mar 3"]) == "plain"
