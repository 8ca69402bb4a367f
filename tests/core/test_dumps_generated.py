"""Generated round trips: papers rendered in every syntax real tools write, then read back.

tests/dumpgen.py draws papers (hypothesis) and renders them as a browser copy, scraper
Markdown, text-browser dumps, saved and copied HTML, feeds and the site's JSON API, each
imitating a real capture in ../shared. Reading a document back must give the same papers
in the same order, no `Problem`, and every field the syntax shows (`FIELDS`) as shown.

This is the yardstick for the reader: a failure here is the reader's to fix. Nothing is
loosened for today's reader.
"""

from __future__ import annotations

import os
import random
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, example, given, note, settings
from hypothesis import strategies as st

from readinglist.core.dumps import ParsedPaper, Problem, read_dump_text
from tests.dumpgen import REFERENCE_DATE, RENDERERS, Paper, papers, stars_from_shown, stars_shown

MAX_EXAMPLES = 70
# Shrinking a failure replays hundreds of documents, minutes for the module, so by default
# a failure is reported as first found (the document is in the report). DUMPGEN_SHRINK=1
# shrinks to a minimal example when working on the reader.
PHASES = (Phase.explicit, Phase.reuse, Phase.generate) + ((Phase.shrink,) if os.environ.get("DUMPGEN_SHRINK") else ())

# One short page, run through every renderer with fixed variations before the generated
# ones (random.Random(3) makes html2text wrap the abstract's link text over four lines).
SMALL_PAGE = [
    Paper(
        title="Sparse Lanterns: Routing Tokens Through Tiny Experts",
        abstract=(
            "We study how very small expert modules can share the work of a language model. Our router keeps "
            "fewer than one percent of the parameters active per token and matches a dense baseline on six "
            "reading benchmarks while halving the inference cost. Code is available at https://lanterns.github.io."
        ),
        abstract_url="https://lanterns.github.io",
        arxiv_id="2603.01234",
        published=date(2026, 3, 14),
        upvotes=42,
        comments=3,
        authors=4,
        org=None,
        github_url=None,
        github_stars=None,
        ai_summary=None,
        submitter="lena-k",
    )
]

# What the cards of a listing page show, in every page syntax that keeps links.
_CARD = frozenset(
    {
        "title",
        "arxiv_id",
        "abstract",
        "ai_summary",
        "upvotes",
        "comments",
        "authors_count",
        "org",
        "published_text",
        "published",
        "published_inferred",
        "github_url",
        "github_stars",
        "links",
    }
)
_DATED = frozenset({"published", "published_inferred"})

# The fields each syntax carries, so the fields a reader must get back from it.
FIELDS: dict[str, frozenset[str]] = {
    # Browser copy with metadata (real dump 001): no links, so no id, upvotes or GitHub.
    "plain": frozenset({"title", "abstract", "links", "authors_count", "org", "published_text", *_DATED, "comments"}),
    # Browser copy of titles and abstracts only (real dumps 000, 003, 004).
    "plain_bare": frozenset({"title", "abstract", "links"}),
    "firecrawl": _CARD,
    # Trending summary: no dates, upvotes, comments, ids or organisations.
    "md_summary": frozenset({"title", "abstract", "links", "authors_count", "github_url", "github_stars"}),
    "reflinks": _CARD,
    "lynx": _CARD,
    "urllines": _CARD,
    "html_page": _CARD,
    "html_fragment": _CARD,
    "jina": _CARD,
    "rss": frozenset({"title", "arxiv_id", "abstract", "links", *_DATED}),
    "atom": frozenset({"title", "arxiv_id", "abstract", "links", "authors_count", *_DATED}),
    "jsonfeed": frozenset({"title", "arxiv_id", "abstract", "links", "authors_count", *_DATED}),
    "api": _CARD - {"published_text"},
    "api_old": _CARD - {"published_text", "ai_summary", "org", "github_url", "github_stars"},
}
# Sources that state each value outright (full dates, exact counts, the authors list).
STRUCTURED = frozenset({"rss", "atom", "jsonfeed", "api", "api_old"})


def _squash(text: str | None) -> str | None:
    return " ".join(text.split()) if text is not None else None


def expected(paper: Paper, syntax: str) -> dict[str, object]:
    """The fields of `paper` that a reader of `syntax` can know, as it must report them."""
    structured = syntax in STRUCTURED
    stars = paper.github_stars
    if stars is not None and not structured:
        stars = stars_from_shown(stars_shown(stars))  # the page shows "11.3k", not 11342
    values: dict[str, object] = {
        "title": _squash(paper.title),
        "arxiv_id": paper.arxiv_id,
        "abstract": _squash(paper.abstract),
        "ai_summary": _squash(paper.ai_summary),
        "upvotes": paper.upvotes,
        # A page shows no count without discussion; the API says numComments: 0.
        "comments": (paper.comments or 0) if structured else paper.comments,
        # A card shows its organisation instead of the authors count; the API lists authors.
        "authors_count": paper.authors if structured or paper.org is None else None,
        "org": paper.org.name if paper.org else None,
        "published_text": paper.date_shown,
        "published": paper.published,
        "published_inferred": not structured and not paper.year_shown,
        "github_url": paper.github_url,
        "github_stars": stars,
        "links": [paper.abstract_url] if paper.abstract_url else [],
    }
    return {name: values[name] for name in sorted(FIELDS[syntax])}


def found(parsed: ParsedPaper, syntax: str) -> dict[str, object]:
    """The same fields of a paper the reader produced (texts compared white-space collapsed)."""
    values = {name: getattr(parsed, name) for name in sorted(FIELDS[syntax])}
    for name in ("title", "abstract", "ai_summary"):
        if name in values:
            values[name] = _squash(values[name])  # type: ignore[arg-type]
    return values


def read_back(text: str) -> tuple[list[ParsedPaper], list[Problem]]:
    dump = read_dump_text(text, reference_date=REFERENCE_DATE)
    try:
        entries = list(dump.entries)
    finally:
        dump.close()
    return (
        [entry for entry in entries if isinstance(entry, ParsedPaper)],
        [entry for entry in entries if isinstance(entry, Problem)],
    )


def differences(got: list[dict[str, object]], want: list[dict[str, object]]) -> str:
    """The mismatching fields, paper by paper, for the failure report."""
    lines = [f"{len(got)} papers read, {len(want)} rendered"]
    for number, (one, other) in enumerate(zip(got, want, strict=False), 1):
        lines += [
            f"paper {number} {name}: read {one[name]!r}, rendered {other[name]!r}"
            for name in other
            if one[name] != other[name]
        ]
    lines += [
        f"paper {number} not rendered: {one['title']!r}" for number, one in enumerate(got[len(want) :], len(want) + 1)
    ]
    lines += [f"paper {number} not read: {one['title']!r}" for number, one in enumerate(want[len(got) :], len(got) + 1)]
    return "\n".join(lines)


def test_every_renderer_has_a_field_table() -> None:
    assert set(FIELDS) == set(RENDERERS)
    assert all(fields <= _CARD for fields in FIELDS.values())


@pytest.mark.parametrize("syntax", list(FIELDS))
def test_round_trip(syntax: str) -> None:
    render = RENDERERS[syntax]
    cases = 0

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=PHASES,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(generated=papers(), rnd=st.randoms(use_true_random=False))
    @example(generated=SMALL_PAGE, rnd=random.Random(3))
    def round_trip(generated: list[Paper], rnd: random.Random) -> None:
        nonlocal cases
        cases += 1
        text = render(generated, rnd)
        note(f"document:\n{text}")
        parsed, problems = read_back(text)

        assert problems == []
        got = [found(paper, syntax) for paper in parsed]
        want = [expected(paper, syntax) for paper in generated]
        assert got == want, differences(got, want)

    round_trip()
    # Every case ran (hypothesis does not stop early on generated data this size).
    assert cases >= MAX_EXAMPLES
