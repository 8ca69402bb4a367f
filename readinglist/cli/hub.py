"""The Hugging Face Hub commands: fetch a papers list, follow lists, complete papers known only by title.

They run their work through ``jobs(library)``, the path imports take, so a
fetched page is an import batch merged like a file, and the library indexes
what changed. The Hub being out of reach is a state, not an error: the
command says so on one line of stderr and exits ``EXIT_OFFLINE``; what was
fetched or completed before stays, and running the command again later picks
up the rest.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import click
from sqlalchemy.exc import OperationalError

from readinglist.cli.context import EXIT_FAILED, jobs
from readinglist.cli.exits import EXIT_OFFLINE
from readinglist.cli.group import Context, pass_context
from readinglist.cli.importing import report_json, report_text, totals_text
from readinglist.cli.progress import progress_callback
from readinglist.core.hub.completing import Completion, CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.core.hub.listings import DATED, DEFAULT_LIMITS, KINDS, Listing, dated, parse_period, source_listing
from readinglist.core.hub.sources import FollowedSource
from readinglist.core.import_reports import FileReport, one_line
from readinglist.core.store import is_busy

_EXIT_CODES = (
    "\b\nExit codes: 0 done; 1 a page failed (the Hub answered with an error);\n"
    "2 a wrong command line; 3 the Hub cannot be reached now (what was done\n"
    "before stays; run it again later)."
)
_PERIOD_OPTIONS = {"--date": "daily", "--week": "weekly", "--month": "monthly"}
Progress = Callable[[int, int], None]


def _kind_choice() -> click.Choice[str]:
    return click.Choice(KINDS, case_sensitive=False)


@click.command("fetch", epilog=_EXIT_CODES)
@click.argument("kind", required=False, type=_kind_choice(), metavar="[KIND]")
@click.argument("query", nargs=-1)
@click.option("--date", "day", metavar="YYYY-MM-DD", help="daily: the list of this day (default: today, UTC).")
@click.option(
    "--week", metavar="YYYY-Www", help="weekly: the list of this ISO week, like 2026-W49 (default: this week)."
)
@click.option("--month", metavar="YYYY-MM", help="monthly: the list of this month, like 2026-12 (default: this month).")
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    help="At most this many papers ("
    + ", ".join(f"{kind} {limit}" for kind, limit in DEFAULT_LIMITS.items())
    + " by default).",
)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@pass_context
def fetch_command(
    obj: Context,
    kind: str | None,
    query: Sequence[str],
    day: str | None,
    week: str | None,
    month: str | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Fetch a papers list from the Hugging Face Hub into the library.

    KIND is daily, weekly, monthly, trending, or search followed by the QUERY
    (`readinglist fetch search sparse attention`). Without --date, --week or
    --month a dated list is the current one: today's daily list (UTC), this
    week's, this month's. Every page is an import batch ("Hub daily list
    2026-12-02") merged like a file: your status, star, tags and notes are
    never touched; fetching again imports only what changed.

    With no KIND, catches up on every followed list (`readinglist follow`):
    what they published since their last fetch, at most the last 14 days.
    """
    listing = _named_listing(kind, " ".join(query), {"--date": day, "--week": week, "--month": month}, limit)
    with obj.library() as library:
        work = jobs(library)
        if listing is None and not library.followed():
            click.echo(
                "readinglist: no Hub list is followed; follow one (`readinglist follow add daily`) "
                "or name one (`readinglist fetch daily`)",
                err=True,
            )
            if as_json:
                _show_fetch(FetchReport(), as_json)  # scripts still get a report: nothing fetched
            return
        done: list[FileReport] = []  # heard page by page: shown even when the work after them fails
        try:
            with progress_callback("Fetching", as_json) as progress:
                if listing is None:
                    report = work.catch_up(on_report=done.append, progress=progress)
                else:
                    report = work.fetch([listing], limit, on_report=done.append, progress=progress)
        except Exception as error:
            if done and not (isinstance(error, OperationalError) and is_busy(error)):  # busy: it runs again
                _show_fetch(FetchReport(done), as_json)  # then the error's line
            raise
    _show_fetch(report, as_json)
    if report.offline is not None:
        _say_offline(report.offline)
    sys.exit(EXIT_OFFLINE if report.offline is not None else EXIT_FAILED if report.failed else 0)


def _named_listing(kind: str | None, query: str, periods: dict[str, str | None], limit: int | None) -> Listing | None:
    """The listing the command line names, or None for a catch-up; a click usage error when the words disagree."""
    given = {option: text for option, text in periods.items() if text is not None}
    if kind is None:
        named = [*given, *(["--limit"] if limit is not None else [])]
        if named:
            raise click.UsageError(
                f"{' and '.join(named)} need(s) a KIND of list: a catch-up fetches every followed one"
            )
        return None
    kind = kind.lower()
    if len(given) > 1:
        raise click.UsageError("give at most one of --date, --week and --month")
    try:
        listing = source_listing(kind, query)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    for option, text in given.items():
        if _PERIOD_OPTIONS[option] != kind:
            raise click.UsageError(f"{option} goes with the {_PERIOD_OPTIONS[option]} list only, not {kind}")
        try:
            return parse_period(kind, text)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint=option) from None
    if kind in DATED:
        # Today's dated listing, not the Hub's undated "latest" list: it is recorded under its date
        # ("daily:2026-12-03"), the key a catch-up and the followed source's counts look for, and its
        # batch is named by that date. The undated list's day is whatever the Hub last published.
        return dated(kind, datetime.now(UTC).date())
    return listing


def _show_fetch(report: FetchReport, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(_fetch_json(report), indent=2, ensure_ascii=False))
        return
    for page in report.reports:
        click.echo(report_text(page))
    if report.reports or report.offline is None:
        click.echo(totals_text(report.reports, "pages"))


def _fetch_json(report: FetchReport) -> dict[str, Any]:
    """The pages in ``import --json``'s shape, their totals, and whether the Hub was out of reach."""
    pages = report.reports
    return {
        "pages": [report_json(page) for page in pages],
        "new": report.new,
        "merged": sum(page.merged for page in pages),
        "skipped": sum(page.skipped for page in pages),
        "failed": sum(page.failed for page in pages),
        "offline": report.offline,
        "requests": report.requests,
    }


def _say_offline(reason: str) -> None:
    click.echo(f"readinglist: the Hub cannot be reached now ({reason}); nothing was lost, try again later", err=True)


@click.group("follow")
def follow_group() -> None:
    """Follow Hugging Face Hub papers lists: `readinglist fetch` (and the window) catch up on them.

    Following asks nothing of the Hub by itself; a list is fetched by `readinglist
    fetch`, by "Fetch now", or by the window's catching up when that is on.
    """


@follow_group.command("add")
@click.argument("kind", type=_kind_choice(), metavar="KIND")
@click.argument("query", nargs=-1)
@pass_context
def follow_add_command(obj: Context, kind: str, query: Sequence[str]) -> None:
    """Follow a list: daily, weekly, monthly, trending, or search followed by the QUERY."""
    with obj.library(sync=False) as library:
        try:
            source, is_new = library.follow(kind, " ".join(query))
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    if is_new:
        click.echo(f"now following the {source.name} ({source.key}); `readinglist fetch` fetches it")
    else:
        click.echo(f"already following the {source.name} ({source.key})")


@follow_group.command("remove")
@click.argument("kind", type=_kind_choice(), metavar="KIND")
@click.argument("query", nargs=-1)
@pass_context
def follow_remove_command(obj: Context, kind: str, query: Sequence[str]) -> None:
    """Stop following a list; the papers it brought stay. Exits 1 when it was not followed."""
    text = " ".join(query)
    with obj.library(sync=False) as library:
        try:
            removed = library.unfollow(kind, text)
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    name = source_listing(kind, text).title()
    if not removed:
        click.echo(f"readinglist: the {name} is not followed", err=True)
        sys.exit(EXIT_FAILED)
    click.echo(f"stopped following the {name}; the papers it brought stay")


@follow_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_context
def follow_list_command(obj: Context, as_json: bool) -> None:
    """The followed lists: name, key, papers still new, when followed; and when the Hub was last fetched."""
    with obj.library(sync=False) as library:
        followed = library.followed()
        last = library.last_fetch()
    if as_json:
        data = {"sources": [_source_json(s) for s in followed], "last_fetch": _utc(last).isoformat() if last else None}
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    if not followed:
        click.echo("no Hub list is followed (follow one: `readinglist follow add daily`)")
    width = max((len(s.name) for s in followed), default=0)
    key_width = max((len(s.key) for s in followed), default=0)
    for source in followed:
        click.echo(
            f"{source.name:<{width}}  {source.key:<{key_width}}  {source.new:>5} new  "
            f"followed {_utc(source.followed_at):%Y-%m-%d}"
        )
    click.echo(f"last fetched from the Hub: {_utc(last):%Y-%m-%d %H:%M} UTC" if last else "never fetched from the Hub")


def _source_json(source: FollowedSource) -> dict[str, Any]:
    return {
        "name": source.name,
        "key": source.key,
        "kind": source.kind,
        "query": source.query,
        "new": source.new,
        "followed_at": _utc(source.followed_at).isoformat(),
    }


def _utc(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite gives it back without its zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@click.command(
    "complete",
    epilog="\b\nExit codes: 0 done (skipped papers included); 1 a paper is not in the\n"
    "library, or the Hub answered a lookup with an error; 2 a wrong command\n"
    "line; 3 the Hub cannot be reached now (papers done stay done; run it\n"
    "again later).",
)
@click.argument("papers", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every paper without an arXiv id (outside the Trash).")
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@pass_context
def complete_command(obj: Context, papers: Sequence[str], every: bool, as_json: bool) -> None:
    """Complete PAPERS (ids or arXiv ids) from the Hugging Face Hub: the arXiv id, date, authors, links, counts.

    A paper without an arXiv id is looked up by its title with the Hub's search,
    and taken only when a result has exactly its title (after normalising case
    and punctuation); the others are skipped, each with the reason. A paper with
    an arXiv id is refreshed from its Hub page. Your status, star, tags and notes
    are never touched.
    """
    if every == bool(papers):
        raise click.UsageError("name the PAPERS to complete, or give --all (not both)")
    with obj.library() as library:
        ids = library.incomplete_ids() if every else _unique(library.resolve(p) for p in papers)
        if not ids:
            click.echo("nothing to complete: every paper has an arXiv id", err=True)
            return
        with progress_callback("Completing", as_json) as progress:
            report = jobs(library).complete(ids, progress)
    _show_completion(report, len(ids), as_json)
    if report.offline is not None:
        _say_offline(report.offline)
        sys.exit(EXIT_OFFLINE)
    if any(result.failed for result in report.results):
        sys.exit(EXIT_FAILED)


def _unique(ids: Iterable[int]) -> list[int]:
    return list(dict.fromkeys(ids))


def _show_completion(report: CompletionReport, asked: int, as_json: bool) -> None:
    not_tried = asked - len(report.results)
    if as_json:
        data = {
            "papers": [_completion_json(r) for r in report.results],
            "completed": len(report.completed),
            "skipped": len(report.skipped),
            "not_tried": not_tried,
            "offline": report.offline,
            "requests": report.requests,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for result in report.results:
        click.echo(completion_text(result))
    totals = f"{len(report.results)} papers: {len(report.completed)} completed, {len(report.skipped)} skipped"
    click.echo(totals + (f", {not_tried} not tried" if not_tried else ""))


def completion_text(result: Completion) -> str:
    """One paper's line: "12 “Title”: completed 2512.00001" or "13 “Title”: skipped: the reason"."""
    paper = f"{result.paper_id} “{one_line(result.title)}”"
    if result.outcome == "completed":
        return f"{paper}: completed {result.arxiv_id}"
    return f"{paper}: skipped: {result.reason}"


def _completion_json(result: Completion) -> dict[str, Any]:
    return {
        "id": result.paper_id,
        "title": result.title,
        "outcome": result.outcome,
        "reason": result.reason or None,
        "arxiv_id": result.arxiv_id,
    }
