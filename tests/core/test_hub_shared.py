"""Completing the papers of the real shared dumps and captures that have no arXiv id from a fake Hub that knows them.

The fake Hub's search holds every title of the library as the Hub would write it, some
with other case and spacing (the same normalised title: accepted) and some with one word
changed (another paper: skipped), so the title matching is tried on real titles: their
punctuation, dashes, colons and non-ASCII letters.
"""

from __future__ import annotations

from pathlib import Path

from readinglist.core.changes import Changes
from readinglist.core.hub.client import HubPolicy
from readinglist.core.services import Library
from tests.hub_fake import FakeHub, paper_entry

FAST = HubPolicy(min_interval_s=0.0, first_pause_s=0.01, timeout_s=5.0)


def _variant(number: int, title: str) -> tuple[str, bool]:
    """The title as the fake Hub writes it, and whether it is still the same paper."""
    if number % 7 == 3:
        words = title.split()
        return " ".join([*words[:-1], words[-1] + "s"]), False  # one word changed: another paper
    if number % 5 == 1:
        return "  " + title.upper().replace(" ", "  ") + " ", True  # case and spacing differ only
    return title, True


def test_the_shared_dumps_are_completed_by_exact_title_only_and_undone_in_one_step(
    shared_dumps: Path, fake_hub: FakeHub, tmp_path: Path
) -> None:
    with Library.open(tmp_path / "library") as library:
        library.hub_policy = FAST
        captures = shared_dumps.parent / "captures"
        library.import_paths(
            [*sorted(shared_dumps.glob("*.txt")), *sorted(captures.glob("*.txt")), *sorted(captures.glob("*.md"))]
        )
        papers = library.records(library.incomplete_ids())
        assert len(papers) > 300 and all(p.arxiv_id is None for p in papers)
        expected: dict[int, str | None] = {}
        for number, paper in enumerate(papers, start=1):
            title, same = _variant(number, paper.title)
            arxiv_id = f"2511.{number:05d}"
            fake_hub.searchable.append(paper_entry(number, title=title, arxiv_id=arxiv_id))
            expected[paper.id] = arxiv_id if same else None
        before = {p.id: (p.status, p.published, p.authors_count) for p in papers}

        report = library.complete(library.incomplete_ids())

        after = {p.id: p for p in library.records(list(expected))}
        assert {pid: p.arxiv_id for pid, p in after.items()} == expected
        assert len(report.completed) == sum(1 for v in expected.values() if v)
        assert all("no exact title match" in s.reason for s in report.skipped)
        assert all(after[pid].status == before[pid][0] for pid in after)  # the person's fields untouched
        completed = [after[pid] for pid, v in expected.items() if v]
        assert all(p.github_url and p.org == "Fake Lab" for p in completed)

        library.restore(Changes(report.change))

        undone = library.records(list(expected))
        assert all(p.arxiv_id is None for p in undone)
        assert {p.id: (p.status, p.published, p.authors_count) for p in undone} == before
