"""The import command and its reports: a line per file and totals, or JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

import click

from readinglist.cli.context import EXIT_FAILED, Context, jobs, pass_context
from readinglist.cli.progress import index_progress, progress_bar
from readinglist.core.importing import FileReport, expand_paths
from readinglist.core.jobs import Jobs
from readinglist.core.services import Library


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
        if paths:
            reports.extend(_import_files_with_progress(work, expand_paths(paths), quiet=as_json))
        if not as_json:
            click.echo(_index_line(library), err=True)
    if as_json:
        click.echo(json.dumps([_report_json(r) for r in reports], indent=2))
    else:
        for report in reports:
            click.echo(report_text(report))
        click.echo(_totals_text(reports))
    sys.exit(EXIT_FAILED if any(r.failed for r in reports) else 0)


def _import_files_with_progress(work: Jobs, files: list[Path], quiet: bool) -> list[FileReport]:
    """Import ``files`` (already expanded) with a bar for the files and one for indexing."""
    with progress_bar(len(files), "Importing", quiet) as file_bar, index_progress(quiet) as on_index:
        return work.import_files(files, on_file=lambda _report: file_bar.update(1), progress=on_index)


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
    if report.message:
        lines.append(f"  note: {report.message}")
    lines += [f"  line {p.line}: skipped: {p.reason}" for p in report.problems]
    return "\n".join(lines)


def _totals_text(reports: list[FileReport]) -> str:
    failed = sum(r.failed for r in reports)
    return (
        f"{len(reports)} files: {sum(r.new for r in reports)} new papers, "
        f"{sum(r.merged for r in reports)} merged, {sum(r.skipped for r in reports)} entries skipped, "
        f"{failed} files failed"
    )


def _report_json(report: FileReport) -> dict[str, object]:
    return {
        "source": report.source,
        "outcome": report.outcome,
        "found": report.found,
        "new": report.new,
        "merged": report.merged,
        "skipped": report.skipped,
        "problems": [{"line": p.line, "reason": p.reason} for p in report.problems],
        "message": report.message or None,
        "batch_id": report.batch_id,
        "layout": report.layout,
    }
