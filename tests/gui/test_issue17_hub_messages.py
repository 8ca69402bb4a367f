"""Issue 17: what the status bar says about fetches and completions, from reports the core would make."""

from __future__ import annotations

from datetime import datetime

from readinglist.core.hub.completing import Completion, CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.import_reports import FileReport
from readinglist.gui.controllers.hub_messages import completion_message, fetch_message

AT = datetime(2026, 12, 3, 14, 5)
LATER = datetime(2026, 12, 3, 14, 35)


def page(title: str, new: int = 0, failed: str = "") -> FileReport:
    if failed:
        return FileReport(title, "failed", message=failed)
    return FileReport(title, "imported", found=new, new=new)


def test_a_fetch_says_when_it_ran_and_what_it_brought() -> None:
    report = FetchReport([page("Hub daily list 2026-12-02", 10), page("Hub daily list 2026-12-03", 2)])
    assert fetch_message(report, AT) == "Fetched from the Hub at 14:05: 12 new papers, 2 lists"
    assert (
        fetch_message(FetchReport([page("Hub trending")]), AT) == "Fetched from the Hub at 14:05: nothing new (1 list)"
    )


def test_a_failed_page_is_named_and_an_unreachable_hub_says_when_it_is_tried_again() -> None:
    failed = FetchReport([page("Hub daily list 2026-12-02", 3), page("Hub weekly list 2026-W49", failed="HTTP 404")])
    assert fetch_message(failed, AT) == (
        "Fetched from the Hub at 14:05: 3 new papers, 1 list; Hub weekly list 2026-W49 failed: HTTP 404"
    )
    offline = FetchReport(offline="cannot connect to huggingface.co")
    assert fetch_message(offline, AT, LATER) == (
        "Hub unreachable (cannot connect to huggingface.co) — will try again at 14:35"
    )
    stopped = FetchReport([page("Hub daily list 2026-12-02", 4)], stopped=True)
    assert fetch_message(stopped, AT) == "Fetch from the Hub stopped at 14:05: 4 new papers, 1 list so far"


def test_a_completion_counts_what_it_filled_and_groups_why_it_skipped() -> None:
    results = [
        Completion(1, "A", "completed", arxiv_id="2512.00001"),
        Completion(2, "B", "skipped", "no exact title match on the Hub (closest: “B+”)"),
        Completion(3, "C", "skipped", "no exact title match on the Hub (closest: “C+”)"),
    ]
    report = CompletionReport(results)
    assert completion_message(report, 3) == "Completed 1 paper from the Hub, 2 skipped (no exact title match)"
    results.append(Completion(4, "D", "skipped", "the Hub's search found nothing for this title"))
    assert completion_message(CompletionReport(results), 4) == (
        "Completed 1 paper from the Hub, 3 skipped (2 no exact title match, 1 not found on the Hub)"
    )
    offline = CompletionReport(results[:1], offline="cannot connect to huggingface.co")
    assert completion_message(offline, 4) == (
        "Hub unreachable (cannot connect to huggingface.co): completed 1 paper from the Hub; 3 not looked up"
    )
