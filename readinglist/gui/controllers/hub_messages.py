"""What the status bar says about the Hub: a fetch (when it ran, what it brought), an unreachable Hub, a completion.

A fetch names its time, so a note read an hour later still says when
("Fetched from the Hub at 14:05: 12 new papers, 3 lists"). An unreachable Hub
is a state, said quietly with the time of the next try; a page that failed is
named with the Hub's answer. Everything here is plain text: no Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime

from readinglist.core.hub.completing import Completion, CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.import_reports import FileReport
from readinglist.gui.controllers.import_messages import plural

NOTHING_FOLLOWED = (
    "Nothing to fetch: no Hub list is followed. Follow the daily list (or another) in Edit › Settings…, under Hub."
)
NOTHING_TO_COMPLETE = "Nothing to complete: every paper outside the Trash has an arXiv id."

# Why a completion skipped a paper, in a few words: the start of the core's reason -> its short form.
_SKIP_WORDS = (
    ("no exact title match", "no exact title match"),
    ("the Hub's search found nothing", "not found on the Hub"),
    ("papers on the Hub have this title", "title not unique"),
)


def fetch_message(report: FetchReport, ran_at: datetime, retry_at: datetime | None = None) -> str:
    """One status bar line for a finished fetch that ran at ``ran_at`` (``retry_at``: the next try, if offline)."""
    when = f"{ran_at:%H:%M}"
    again = f" — will try again at {retry_at:%H:%M}" if retry_at is not None else ""
    if report.offline is not None:
        if report.new:
            return (
                f"Fetched {plural(report.new, 'new paper')} from the Hub at {when}, then it became unreachable "
                f"({report.offline}){again}"
            )
        return f"Hub unreachable ({report.offline}){again}"
    brought = _brought(report)
    line = (
        f"Fetch from the Hub stopped at {when}: {brought} so far"
        if report.stopped
        else f"Fetched from the Hub at {when}: {brought}"
    )
    failed = [r for r in report.reports if r.failed]
    return line + (f"; {failed_pages(failed)}" if failed else "")


def _brought(report: FetchReport) -> str:
    """ "12 new papers, 3 lists", "nothing new (2 lists)", "nothing new"."""
    pages = sum(not r.failed for r in report.reports)
    lists = plural(pages, "list")
    if report.new:
        return f"{plural(report.new, 'new paper')}, {lists}"
    return f"nothing new ({lists})" if pages else "nothing new"


def failed_pages(failed: Sequence[FileReport]) -> str:
    """The pages that failed, named: "Hub daily list 2026-12-02 failed: … answered HTTP 500"."""
    first = failed[0]
    named = f"{first.source} failed: {first.message or 'the answer could not be read'}"
    return named if len(failed) == 1 else f"{named} (and {plural(len(failed) - 1, 'other list')})"


def last_fetch_text(ran_at: datetime, report: FetchReport | None = None) -> str:
    """The status bar's standing note on the last fetch: "Hub: 14:05, 12 new" (or, from an earlier run, the day)."""
    # The library keeps UTC (read back without its zone); a person reads local time.
    local = (ran_at if ran_at.tzinfo is not None else ran_at.replace(tzinfo=UTC)).astimezone()
    when = f"{local:%H:%M}" if local.date() == datetime.now().date() else f"{local:%b %d %H:%M}"
    if report is None:
        return f"Hub: last fetch {when}"
    if report.offline is not None and not report.new:
        return f"Hub: unreachable at {when}"
    return f"Hub: {when}, {report.new:,} new"


def completion_message(report: CompletionReport, asked: int) -> str:
    """One status bar line for a completion of ``asked`` papers."""
    done, skipped = report.completed, report.skipped
    line = f"Completed {plural(len(done), 'paper')} from the Hub"
    if skipped:
        line += f", {len(skipped):,} skipped ({skip_reasons(skipped)})"
    untried = asked - len(report.results)
    if report.offline is not None:
        return f"Hub unreachable ({report.offline}): {line[0].lower()}{line[1:]}; {untried:,} not looked up"
    if report.stopped and untried > 0:
        return f"Completion stopped: {line[0].lower()}{line[1:]}; {untried:,} not looked up"
    return line


def skip_reasons(skipped: Sequence[Completion]) -> str:
    """Why papers were skipped, grouped: "no exact title match", "2 no exact title match, 1 not found on the Hub"."""
    counts = Counter(short_reason(c.reason) for c in skipped)
    if len(counts) == 1:
        return next(iter(counts))
    return ", ".join(f"{count:,} {reason}" for reason, count in counts.most_common())


def short_reason(reason: str) -> str:
    """The core's reason for a skip, in a few words."""
    for start, words in _SKIP_WORDS:
        if start in reason:
            return words
    return reason.split(" (")[0][:60] or "skipped"
