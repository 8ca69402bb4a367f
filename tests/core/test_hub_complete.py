"""Issue 17: completing papers known only by their title from the local fake Hub, and undoing it in one step."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pytest

from readinglist.core.changes import Changes
from readinglist.core.hub.completing import Completion
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from tests.hub_fake import FAST, FakeHub, paper_entry, status

EXACT = "Sparse Lattice Attention for Long Documents"
NEAR = "Curriculum Distillation for Small Reasoners"
AMBIGUOUS = "Benchmarks Leak"
UNKNOWN = "Graph Tokenizers for Molecule Language Models"
TITLES = [EXACT, NEAR, AMBIGUOUS, UNKNOWN]


def plain_page(titles: list[str]) -> str:
    """A copied papers page with titles and abstracts only: no arXiv id, no authors, a guessed date."""
    return "Daily Papers\n\n" + "".join(
        f"{title}\n\nWe study {title.lower()} in depth and report what we find about it.\n\n·\nNov 18\n\n"
        for title in titles
    )


@pytest.fixture
def papers(library: Library) -> dict[str, int]:
    """The four papers by title, imported from a copied page."""
    library.hub_policy = FAST
    report = library.import_text(plain_page(TITLES), "copied page")
    assert report.new == 4
    return {record.title: record.id for record in library.records(library.paper_ids())}


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    """What the Hub's search knows: the exact title (written differently), a longer title, a title twice."""
    fake_hub.searchable = [
        paper_entry(1, title="Sparse lattice attention for long-documents", arxiv_id="2512.00101"),
        paper_entry(2, title=f"{NEAR} at Scale", arxiv_id="2512.00102"),
        paper_entry(3, title=AMBIGUOUS, arxiv_id="2512.00103"),
        paper_entry(4, title=AMBIGUOUS.upper(), arxiv_id="2512.00104"),
    ]
    return fake_hub


def snapshot(library: Library) -> list[dict[str, Any]]:
    return [asdict(record) for record in library.records(library.paper_ids())]


def outcomes(results: list[Completion]) -> dict[str, tuple[str, str]]:
    return {r.title: (r.outcome, r.reason) for r in results}


def test_only_an_exact_title_match_is_taken(library: Library, papers: dict[str, int], hub: FakeHub) -> None:
    report = library.complete(list(papers.values()))
    found = outcomes(report.results)
    assert found[EXACT] == ("completed", "")
    assert found[NEAR][0] == "skipped" and found[NEAR][1].startswith("no exact title match on the Hub (closest: “")
    assert found[AMBIGUOUS] == ("skipped", "2 papers on the Hub have this title (2512.00103, 2512.00104)")
    assert found[UNKNOWN] == ("skipped", "the Hub's search found nothing for this title")
    assert [r.arxiv_id for r in report.completed] == ["2512.00101"]
    assert [p.arxiv_id for p in library.records(library.paper_ids())] == ["2512.00101", None, None, None]
    assert [q["q"] for q in hub.requests_to("/api/papers/search")] == TITLES  # the paper's own title, once each
    assert report.requests == 4 and report.offline is None and not report.stopped


def test_completing_fills_what_the_paper_lacks_and_not_the_persons_fields(
    library: Library, papers: dict[str, int], hub: FakeHub
) -> None:
    paper_id = papers[EXACT]
    library.set_status([paper_id], ReadStatus.READ)
    library.add_tags([paper_id], ["attention"])
    library.set_note(paper_id, "My note.")
    library.set_starred([paper_id], True)
    before = library.get(paper_id)

    library.complete([paper_id])

    after = library.get(paper_id)
    assert after.arxiv_id == "2512.00101"
    assert after.title == EXACT  # the paper's own title stays
    assert after.abstract == before.abstract  # it had one: kept
    assert after.authors_count == 2  # 1 + 1 % 4 authors on the Hub
    assert after.org == "Fake Lab"
    assert after.published is not None and after.published.isoformat() == "2026-12-02"
    assert after.published_inferred is False  # the Hub's date replaces the guessed one
    assert (after.github_url, after.github_stars) == ("https://github.com/fake/repo1", 3)
    assert after.upvotes == 11  # (the search's results carry no comment count)
    assert after.links == ["https://fake.example/p1"] and after.ai_summary == "An AI summary of paper 1."
    assert (after.status, after.tags, after.note, after.starred) == ("read", ["attention"], "My note.", True)
    assert after.hf_url == "https://huggingface.co/papers/2512.00101"


def test_an_arxiv_id_another_paper_has_is_not_taken(library: Library, papers: dict[str, int], hub: FakeHub) -> None:
    library.import_text("[arXiv:2512.00101](https://huggingface.co/papers/2512.00101)\n", "a link", "links")
    holder = next(r for r in library.records(library.paper_ids()) if r.arxiv_id == "2512.00101")
    report = library.complete([papers[EXACT]])
    assert outcomes(report.results)[EXACT] == (
        "skipped",
        f"2512.00101 is paper {holder.id} already (“arXiv:2512.00101”)",
    )
    assert library.get(papers[EXACT]).arxiv_id is None and report.change.papers == frozenset()


def test_undo_puts_every_completed_paper_back_in_one_step(
    library: Library, papers: dict[str, int], hub: FakeHub
) -> None:
    hub.searchable.append(paper_entry(5, title=UNKNOWN, arxiv_id="2512.00105"))
    library.add_tags([papers[UNKNOWN]], ["graphs"])
    before = snapshot(library)

    report = library.complete(list(papers.values()))
    assert {r.arxiv_id for r in report.completed} == {"2512.00101", "2512.00105"}
    assert report.change.papers == {papers[EXACT], papers[UNKNOWN]}

    library.restore(Changes(report.change))
    assert snapshot(library) == before  # arXiv ids None again, every field as it was
    assert library.incomplete_ids() == sorted(papers.values())
    assert library.pending_index_count() == 2  # the undone papers are marked for the index
    library.sync_index()
    assert library.search("2512.00101") == []


def test_a_paper_with_an_arxiv_id_is_asked_for_by_id(library: Library, hub: FakeHub) -> None:
    library.hub_policy = FAST
    hub.searchable = [paper_entry(44, title="Planning Distilled", arxiv_id="2512.04444")]
    library.import_text("[arXiv:2512.04444](https://huggingface.co/papers/2512.04444)\n", "a link", "links")
    [paper_id] = library.paper_ids()
    before = snapshot(library)

    report = library.complete([paper_id])

    assert [q for q, _ in hub.asked] == ["/api/papers/2512.04444"]  # no search
    assert outcomes(report.results) == {"Planning Distilled": ("completed", "")}
    paper = library.get(paper_id)
    assert (paper.title, paper.upvotes, paper.github_stars, paper.org) == ("Planning Distilled", 54, 132, "Fake Lab")
    library.restore(Changes(report.change))
    assert snapshot(library) == before  # the placeholder title back too


def test_a_paper_the_hub_does_not_know_is_skipped_with_the_reason(library: Library, hub: FakeHub) -> None:
    library.hub_policy = FAST
    library.import_text("[arXiv:2512.07777](https://huggingface.co/papers/2512.07777)\n", "a link", "links")
    [paper_id] = library.paper_ids()
    report = library.complete([paper_id])
    assert [(r.outcome, r.reason) for r in report.results] == [
        ("skipped", f"{hub.url.removeprefix('http://')} has no such page (HTTP 404)")
    ]
    assert report.change.papers == frozenset()


def test_an_error_for_one_paper_skips_it_and_goes_on(library: Library, papers: dict[str, int], hub: FakeHub) -> None:
    hub.script = [status(500)] * 4  # the first paper's search fails every time
    report = library.complete([papers[AMBIGUOUS], papers[EXACT]])
    assert [(r.title, r.outcome) for r in report.results] == [(AMBIGUOUS, "skipped"), (EXACT, "completed")]
    assert "HTTP 500" in report.results[0].reason


def test_an_answer_that_is_no_papers_list_is_a_skip_with_the_reason(library: Library, hub: FakeHub) -> None:
    library.hub_policy = FAST
    library.import_text(plain_page([EXACT]), "copied page")
    library.import_text("[arXiv:2512.04444](https://huggingface.co/papers/2512.04444)\n", "a link", "links")
    hub.script = [status(200, "42"), status(200, '"a string"')]
    report = library.complete(library.paper_ids())
    assert [r.outcome for r in report.results] == ["skipped", "skipped"]
    assert all(r.reason.startswith("the Hub's answer is not a papers list") for r in report.results)


def test_offline_completes_nothing_and_says_so(library: Library, papers: dict[str, int]) -> None:
    """No fake Hub: the endpoint is a closed port."""
    before = snapshot(library)
    report = library.complete(list(papers.values()))
    assert report.offline is not None and "cannot connect" in report.offline
    assert report.results == [] and snapshot(library) == before


def test_incomplete_ids_leave_out_the_trash_and_known_ids(
    library: Library, papers: dict[str, int], hub: FakeHub
) -> None:
    library.trash([papers[NEAR]])
    library.complete([papers[EXACT]])
    assert library.incomplete_ids() == sorted([papers[AMBIGUOUS], papers[UNKNOWN]])
