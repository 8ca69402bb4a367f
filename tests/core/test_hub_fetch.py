"""Issue 17: fetching Hub lists into the library over real HTTP to the local fake Hub.

What is checked is what the library holds afterwards: papers and their fields, import
batches, provenance rows and fetch records, read back from the database.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from huggingface_hub.hf_api import PaperInfo
from sqlmodel import select

from readinglist.core.hub.client import HubPolicy
from readinglist.core.hub.fetching import fetched_batches
from readinglist.core.hub.listings import Listing
from readinglist.core.models import HubFetch, ReadStatus
from readinglist.core.records import PaperRecord
from readinglist.core.services import Library
from readinglist.core.store import transaction
from tests.hub_fake import (
    FAST,
    FakeHub,
    dropped,
    duplicate_sources,
    html_error_page,
    malformed_json,
    paper_answer,
    paper_entry,
    row_counts,
    search_entry,
    slow,
    status,
    wait_until_answered,
)

DAY = "2026-12-02"
DAILY = Listing("daily", DAY)


@pytest.fixture
def hub_library(library: Library) -> Library:
    library.hub_policy = FAST
    return library


def by_arxiv(library: Library) -> dict[str | None, PaperRecord]:
    return {record.arxiv_id: record for record in library.records(library.paper_ids())}


def fetch_records(library: Library) -> list[tuple[str, int, int | None]]:
    with transaction(library.engine) as session:
        rows = session.exec(select(HubFetch).order_by(HubFetch.listing, HubFetch.page))
        return [(row.listing, row.page, row.entries) for row in rows]


# -- the fields -------------------------------------------------------------------------------


def test_new_answers_bring_every_field_into_the_library(hub_library: Library, fake_hub: FakeHub) -> None:
    fake_hub.daily[DAY] = [paper_entry(7, day=DAY)]
    report = hub_library.fetch([DAILY])
    assert (report.new, report.failed, report.offline) == (1, False, None)
    paper = by_arxiv(hub_library)["2512.00007"]
    assert paper.title == "Fake paper number 7 on sparse attention"
    assert paper.authors_count == 4  # 1 + 7 % 4
    assert paper.org == "Fake Lab"
    assert paper.published is not None and paper.published.isoformat() == DAY
    assert (paper.upvotes, paper.comments) == (17, 2)
    assert (paper.github_url, paper.github_stars) == ("https://github.com/fake/repo7", 21)
    assert paper.links == ["https://fake.example/p7"]  # the project page
    assert paper.ai_summary == "An AI summary of paper 7."
    assert paper.abstract == "We study fake paper 7. It is a paper about attention."
    assert [s.file for s in paper.sources] == ["Hub daily list 2026-12-02"]
    assert [r.paper.title for r in hub_library.search("sparse attention")] == [paper.title]  # indexed


def test_old_answers_without_organisation_or_github_fields_still_import(
    hub_library: Library, fake_hub: FakeHub
) -> None:
    fake_hub.daily[DAY] = [paper_entry(5, day=DAY, old=True), paper_entry(6, day=DAY)]
    assert hub_library.fetch([DAILY]).new == 2
    old, new = by_arxiv(hub_library)["2512.00005"], by_arxiv(hub_library)["2512.00006"]
    assert (old.org, old.github_url, old.github_stars, old.links, old.ai_summary) == (None, None, None, [], None)
    assert (old.authors_count, old.upvotes, old.comments) == (2, 15, 0)
    assert (new.org, new.github_url) == ("Fake Lab", "https://github.com/fake/repo6")


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(lambda: paper_entry(3), id="daily-new"),
        pytest.param(lambda: paper_entry(4, old=True), id="daily-old"),
        pytest.param(lambda: search_entry(paper_entry(5)), id="search"),
        pytest.param(lambda: paper_answer(paper_entry(6)), id="paper"),
    ],
)
def test_the_fake_answers_are_what_huggingface_hub_reads(answer: Any) -> None:
    """The fake is faithful: the client's own PaperInfo takes every kind of answer it serves."""
    entry = answer()
    info = PaperInfo(**copy.deepcopy(entry))  # PaperInfo pops from the dicts it is given
    paper = entry.get("paper", entry)
    assert info.id == paper["id"]
    assert info.title == entry["title"]
    assert info.authors is not None and [a.name for a in info.authors] == [a["name"] for a in paper["authors"]]
    assert info.upvotes == paper["upvotes"] and info.summary == paper["summary"]
    assert info.published_at is not None and info.published_at.date().isoformat() == "2026-12-02"
    if "numComments" in entry:
        assert info.comments == entry["numComments"]
    if "organization" in entry:
        assert info.organization is not None and info.organization.fullname == "Fake Lab"


def test_paper_info_reads_the_fields_the_library_keeps(hub_library: Library, fake_hub: FakeHub) -> None:
    """The same paper, as huggingface_hub's paper_info reads it and as the library stores it, agree."""
    entry = paper_entry(9, day=DAY)
    fake_hub.daily[DAY] = [entry]
    hub_library.fetch([DAILY])
    stored = by_arxiv(hub_library)["2512.00009"]
    info = PaperInfo(**copy.deepcopy(paper_answer(entry)))
    assert stored.arxiv_id == info.id and stored.title == info.title
    assert info.authors is not None and stored.authors_count == len(info.authors)
    assert info.organization is not None and stored.org == info.organization.fullname
    assert info.published_at is not None and stored.published == info.published_at.date()
    assert (stored.github_url, stored.github_stars) == (info.github_repo, info.github_stars)
    assert stored.links == [info.project_page]
    assert (stored.upvotes, stored.comments, stored.ai_summary) == (info.upvotes, info.comments, info.ai_summary)


# -- pages ------------------------------------------------------------------------------------


def test_a_list_of_120_papers_comes_in_three_pages(hub_library: Library, fake_hub: FakeHub) -> None:
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(120)]
    report = hub_library.fetch([DAILY])
    asked = fake_hub.requests_to("/api/daily_papers")
    assert [(q["p"], q["limit"], q["date"]) for q in asked] == [("0", "50", DAY), ("1", "50", DAY), ("2", "50", DAY)]
    assert [(r.source, r.new) for r in report.reports] == [
        ("Hub daily list 2026-12-02", 50),
        ("Hub daily list 2026-12-02, page 2", 50),
        ("Hub daily list 2026-12-02, page 3", 20),
    ]
    assert hub_library.count() == 120 and report.requests == 3
    assert [b.name for b in fetched_batches(hub_library.engine, [DAILY.key])] == [r.source for r in report.reports]
    assert fetch_records(hub_library) == [(DAILY.key, 0, 50), (DAILY.key, 1, 50), (DAILY.key, 2, 20)]


@pytest.mark.parametrize(("limit", "pages"), [(30, [("0", "30")]), (70, [("0", "50"), ("1", "50")])])
def test_a_limit_keeps_the_first_papers_of_the_list(
    hub_library: Library, fake_hub: FakeHub, limit: int, pages: list[tuple[str, str]]
) -> None:
    """Every page is asked in the same size (the Hub starts page p at p * limit): no paper twice, none skipped."""
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(120)]
    report = hub_library.fetch([DAILY], limit=limit)
    assert [(q["p"], q["limit"]) for q in fake_hub.requests_to("/api/daily_papers")] == pages
    assert report.new == limit and hub_library.count() == limit
    assert set(by_arxiv(hub_library)) == {f"2512.{n:05d}" for n in range(limit)}


def test_a_page_that_fails_every_time_keeps_the_pages_before_it_and_is_asked_again(
    hub_library: Library, fake_hub: FakeHub
) -> None:
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(80)]
    first_page = json.dumps(fake_hub.daily[DAY][:50])
    fake_hub.script = [status(200, first_page)] + [status(500)] * 4
    report = hub_library.fetch([DAILY])
    assert [r.outcome for r in report.reports] == ["imported", "failed"]
    failed = report.reports[1]
    assert failed.source == "Hub daily list 2026-12-02, page 2" and "HTTP 500" in failed.message
    assert "\n" not in failed.message and report.failed and report.offline is None
    assert hub_library.count() == 50
    assert fetch_records(hub_library) == [(DAILY.key, 0, 50)]  # nothing recorded for page 2
    assert [b.name for b in hub_library.batches()] == ["Hub daily list 2026-12-02"]

    again = hub_library.fetch([DAILY])  # the Hub is well again
    assert [(r.outcome, r.new) for r in again.reports] == [("unchanged", 0), ("imported", 30)]
    assert hub_library.count() == 80 and len(hub_library.batches()) == 2


# -- failures leave nothing half-imported ---------------------------------------------------------

FAILURES = {
    "dropped": ([dropped()] * 2, "offline", "the connection dropped"),
    "slow": ([slow(0.6)] * 2, "offline", "timed out"),
    "malformed-json": ([malformed_json()], "failed", "did not send JSON"),
    "html-502": ([html_error_page(502)] * 2, "failed", "answered HTTP 502"),
    "html-200": ([html_error_page(200)], "failed", "did not send JSON"),
    "nested-json": ([status(200, "[" * 100_000 + "]" * 100_000)], "failed", "did not send JSON"),
    "not-a-list": ([status(200, "42")], "failed", "not a papers API response"),
    "empty-object": ([status(200, "{}")], "failed", "no readable papers"),
}


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_broken_answer_is_one_line_and_imports_nothing(library: Library, fake_hub: FakeHub, failure: str) -> None:
    library.hub_policy = HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=0.3, attempts=2)
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(3)]
    answers, state, words = FAILURES[failure]
    fake_hub.script = list(answers)
    before = row_counts(library.engine)
    report = library.fetch([DAILY])
    if state == "offline":
        assert report.offline is not None and words in report.offline and "\n" not in report.offline
        assert report.reports == []
    else:
        assert report.offline is None and [r.outcome for r in report.reports] == ["failed"]
        assert words in report.reports[0].message and "\n" not in report.reports[0].message
    assert row_counts(library.engine) == before
    assert library.check(repair=False).agree

    wait_until_answered()  # the slow answers are over
    assert library.fetch([DAILY]).new == 3  # and the next fetch gets it all


# -- offline --------------------------------------------------------------------------------------


def test_an_unreachable_hub_is_a_state_not_an_error(hub_library: Library) -> None:
    """No fake Hub: HF_ENDPOINT is a closed port."""
    before = row_counts(hub_library.engine)
    report = hub_library.fetch([DAILY, Listing("trending")])
    assert report.offline is not None and "cannot connect" in report.offline
    assert report.reports == [] and not report.failed and report.new == 0
    assert row_counts(hub_library.engine) == before
    assert hub_library.last_fetch() is None


def test_hf_hub_offline_is_offline_and_nothing_is_asked(
    hub_library: Library, fake_hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_hub.daily[DAY] = [paper_entry(1, day=DAY)]
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    report = hub_library.fetch([DAILY])
    assert report.offline is not None and "HF_HUB_OFFLINE" in report.offline
    assert fake_hub.asked == [] and hub_library.count() == 0


def test_going_offline_midway_keeps_the_listings_before(hub_library: Library, fake_hub: FakeHub) -> None:
    hub_library.hub_policy = HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, attempts=2)
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(3)]
    fake_hub.daily["2026-12-03"] = [paper_entry(n, day="2026-12-03") for n in range(10, 12)]
    fake_hub.script = [status(200, json.dumps(fake_hub.daily[DAY])), dropped(), dropped()]
    report = hub_library.fetch([DAILY, Listing("daily", "2026-12-03")])
    assert report.offline is not None and [r.new for r in report.reports] == [3]
    assert hub_library.count() == 3 and [k for k, _p, _n in fetch_records(hub_library)] == [DAILY.key]


# -- fetching again -------------------------------------------------------------------------------


def test_fetching_twice_imports_nothing_new(hub_library: Library, fake_hub: FakeHub) -> None:
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(60)]
    first = hub_library.fetch([DAILY])
    counts = row_counts(hub_library.engine)
    second = hub_library.fetch([DAILY])
    assert first.new == 60 and second.new == 0
    assert [r.outcome for r in second.reports] == ["unchanged", "unchanged"]
    assert row_counts(hub_library.engine) == counts  # same papers, batches, provenance rows
    assert duplicate_sources(hub_library.engine) == 0


def test_a_refetch_refreshes_counts_and_keeps_what_the_person_did(hub_library: Library, fake_hub: FakeHub) -> None:
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(3)]
    hub_library.fetch([DAILY])
    paper_id = by_arxiv(hub_library)["2512.00001"].id
    hub_library.set_status([paper_id], ReadStatus.READING)
    hub_library.add_tags([paper_id], ["to-try"])
    hub_library.set_note(paper_id, "Compare with the dense baseline.")
    hub_library.set_starred([paper_id], True)
    counts = row_counts(hub_library.engine)

    entry = fake_hub.daily[DAY][1]
    entry["paper"]["upvotes"], entry["numComments"], entry["paper"]["githubStars"] = 99, 7, 500
    fake_hub.daily[DAY].append(paper_entry(3, day=DAY))  # and a paper joins the list
    report = hub_library.fetch([DAILY])

    assert [(r.outcome, r.new, r.merged) for r in report.reports] == [("imported", 1, 3)]
    paper = hub_library.get(paper_id)
    assert (paper.upvotes, paper.comments, paper.github_stars) == (99, 7, 500)
    assert (paper.status, paper.tags, paper.note, paper.starred) == (
        "reading",
        ["to-try"],
        "Compare with the dense baseline.",
        True,
    )
    after = row_counts(hub_library.engine)
    assert after["import_batch"] == counts["import_batch"]  # the page's batch, refreshed in place
    assert after["paper"] == counts["paper"] + 1 and after["paper_source"] == counts["paper_source"] + 1
    assert duplicate_sources(hub_library.engine) == 0
    assert [len(p.sources) for p in by_arxiv(hub_library).values()] == [1, 1, 1, 1]


# -- hostile content ------------------------------------------------------------------------------


def test_links_that_are_not_http_never_reach_the_library(hub_library: Library, fake_hub: FakeHub) -> None:
    entries = [paper_entry(n, day=DAY) for n in range(3)]
    entries[0]["paper"] |= {"githubRepo": "file:///etc/passwd", "projectPage": "javascript:alert(1)"}
    entries[1]["paper"] |= {"githubRepo": "javascript:fetch('//evil')", "projectPage": "file:///etc/passwd"}
    entries[2]["paper"] |= {"githubRepo": " https://github.com/ok/repo ", "projectPage": "data:text/html,<b>x</b>"}
    fake_hub.daily[DAY] = entries
    assert hub_library.fetch([DAILY]).new == 3
    for paper in by_arxiv(hub_library).values():
        for url in [paper.github_url, *paper.links]:
            assert url is None or url.startswith("https://"), url
    assert by_arxiv(hub_library)["2512.00002"].github_url == "https://github.com/ok/repo"


def test_values_of_the_wrong_type_are_left_out_and_bad_entries_skipped(hub_library: Library, fake_hub: FakeHub) -> None:
    entries: list[Any] = [paper_entry(n, day=DAY) for n in range(4)]
    entries[0]["paper"] |= {"authors": "Ada Lovelace", "upvotes": "12", "githubStars": -5}
    entries[1]["paper"] |= {"publishedAt": 20261202, "summary": ["not", "text"]}
    entries[1] |= {"numComments": True, "summary": 42}  # the entry repeats the summary: wrong there too
    entries.insert(2, "not an entry")
    entries.insert(3, ["nor", "this"])
    fake_hub.daily[DAY] = entries
    report = hub_library.fetch([DAILY])
    assert [(r.outcome, r.new, r.skipped) for r in report.reports] == [("imported", 4, 2)]
    papers = by_arxiv(hub_library)
    first, second = papers["2512.00000"], papers["2512.00001"]
    assert (first.authors_count, first.upvotes, first.github_stars) == (None, None, None)
    assert first.github_url == "https://github.com/fake/repo0"  # the good values of the entry are kept
    assert second.published is not None and second.published.isoformat() == DAY  # the entry's own date
    assert second.abstract is None and second.comments is None
    assert {papers["2512.00002"].title, papers["2512.00003"].title} == {
        "Fake paper number 2 on sparse attention",
        "Fake paper number 3 on sparse attention",
    }


# -- the other lists ---------------------------------------------------------------------------------


def test_trending_and_a_search_are_one_request_each(hub_library: Library, fake_hub: FakeHub) -> None:
    fake_hub.trending = [paper_entry(n) for n in range(5)]
    fake_hub.searchable = [paper_entry(n, title=f"Diffusion paper {n}") for n in range(20, 23)]
    search = Listing("search", query="diffusion")
    report = hub_library.fetch([Listing("trending"), search], limit=10)
    assert [(r.source, r.new) for r in report.reports] == [("Hub trending", 5), ("Hub search “diffusion”", 3)]
    assert [(path, query) for path, query in fake_hub.asked] == [
        ("/api/daily_papers", {"p": "0", "limit": "10", "sort": "trending"}),
        ("/api/papers/search", {"q": "diffusion", "limit": "10"}),
    ]
    assert [(k, p) for k, p, _n in fetch_records(hub_library)] == [("search:diffusion", 0), ("trending", 0)]
