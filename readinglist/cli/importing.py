"""The import command and its reports: a line per file and totals, or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import click
from sqlalchemy.exc import OperationalError

from readinglist.cli.context import EXIT_FAILED, jobs
from readinglist.cli.group import Context, pass_context
from readinglist.cli.progress import index_progress, progress_bar
from readinglist.core.import_reports import FileReport
from readinglist.core.importing import expand_paths
from readinglist.core.jobs import Jobs
from readinglist.core.services import Library
from readinglist.core.store import is_busy


@click.command("import")
@click.argument("sources", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a machine-readable report.")
@click.option("--name", help="Batch name for standard input (default: the time of the import).")
@pass_context
def import_command(obj: Context, sources: Sequence[str], as_json: bool, name: str | None) -> None:
    """Import page dumps: files, folders (recursively) or - for standard input.

    Every file gets a line: how many papers were found, new, merged into papers
    already in the library, and skipped (with the line and reason). Exits 1 if
    any file failed.
    """
    with obj.library() as library:
        work = jobs(library)
        reports: list[FileReport] = []
        if "-" in sources:
            batch_name = name or f"Standard input {datetime.now():%Y-%m-%d %H:%M}"
            with click.open_file("-", encoding="utf-8") as stdin:
                reports.append(work.import_text(stdin.read(), batch_name))
        paths = [Path(s) for s in sources if s != "-"]
        files = expand_paths(paths) if paths else []
        done: list[FileReport] = []  # heard file by file: shown even when the work after them fails
        try:
            if files:
                _import_files_with_progress(work, files, quiet=as_json, on_file=done.append)
        except Exception as error:
            if not (isinstance(error, OperationalError) and is_busy(error)):  # busy: the command runs again
                _show(reports + done, len(files), "-" in sources, as_json)  # then the error's line
            raise
        if not as_json:
            click.echo(_index_line(library), err=True)
    _show(reports + done, len(files), "-" in sources, as_json)
    sys.exit(EXIT_FAILED if any(r.failed for r in reports + done) else 0)


def _show(reports: list[FileReport], files: int, stdin: bool, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps([report_json(r) for r in reports], indent=2))
        return
    for report in reports:
        click.echo(report_text(report))
    if stopped := _stopped_text(reports, files, tried=len(reports) - stdin):
        click.echo(stopped)
    click.echo(totals_text(reports))


def _import_files_with_progress(
    work: Jobs, files: list[Path], quiet: bool, on_file: Callable[[FileReport], None]
) -> list[FileReport]:
    """Import ``files`` (already expanded) with a bar for the files and one for indexing."""

    def file_done(report: FileReport) -> None:
        on_file(report)
        file_bar.update(1)

    with progress_bar(len(files), "Importing", quiet) as file_bar, index_progress(quiet) as on_index:
        return work.import_files(files, on_file=file_done, progress=on_index)


def _index_line(library: Library) -> str:
    pending = library.pending_index_count()
    return "search index up to date" if not pending else f"{pending} papers still to index"


def report_text(report: FileReport) -> str:
    """One file's outcome as lines of text: counts, a note, and every skipped entry."""
    if report.outcome == "failed":
        return f"{report.source}: FAILED: {report.message}"
    if report.outcome == "unchanged":
        return f"{report.source}: {report.message}"
    lines = [
        f"{report.source}: {report.found} found, {report.new} new, {report.merged} merged, "
        f"{report.skipped} skipped ({report.layout})"
    ]
    if report.in_trash:
        lines.append(f"  note: {report.in_trash} of the merged paper(s) are in the Trash and stay there")
    if report.message:
        lines.append(f"  note: {report.message}")
    lines += [f"  line {p.line}: skipped: {p.reason}" if p.line else f"  skipped: {p.reason}" for p in report.problems]
    return "\n".join(lines)


def _stopped_text(reports: list[FileReport], files: int, tried: int) -> str:
    """A line when the import stopped early (a full disk): how many of the ``files`` were not tried."""
    if not (reports and reports[-1].halted):
        return ""
    return f"import stopped: {files - tried} of {files} files not tried"


def totals_text(reports: list[FileReport], unit: str = "files") -> str:
    """The totals line under the reports; ``unit`` names what each report is of (files, Hub pages)."""
    failed = sum(r.failed for r in reports)
    return (
        f"{len(reports)} {unit}: {sum(r.new for r in reports)} new papers, "
        f"{sum(r.merged for r in reports)} merged, {sum(r.skipped for r in reports)} entries skipped, "
        f"{failed} {unit} failed"
    )


def report_json(report: FileReport) -> dict[str, object]:
    """One report as JSON: the shape of ``import --json``, shared by the Hub commands."""
    return {
        "source": report.source,
        "outcome": report.outcome,
        "found": report.found,
        "new": report.new,
        "merged": report.merged,
        "in_trash": report.in_trash,
        "skipped": report.skipped,
        "problems": [{"line": p.line, "reason": p.reason} for p in report.problems],
        "message": report.message or None,
        "batch_id": report.batch_id,
        "layout": report.layout,
    }
