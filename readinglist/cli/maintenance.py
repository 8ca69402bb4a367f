"""Export and upkeep: export, reindex, check, and the hidden smoke-test of a build."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from readinglist.cli.context import EXIT_FAILED, fail, jobs, status_choice
from readinglist.cli.group import Context, pass_context
from readinglist.cli.importing import report_text
from readinglist.cli.progress import index_progress
from readinglist.core import export
from readinglist.core.lists import PaperFilter
from readinglist.core.models import ReadStatus


@click.command("export")
@click.option("--format", "format_name", type=click.Choice(export.FORMATS), default="json", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option("--status", type=status_choice())
@click.option("--tag")
@click.option("--starred/--not-starred", default=None)
@pass_context
def export_command(
    obj: Context, format_name: str, output: Path | None, status: str | None, tag: str | None, starred: bool | None
) -> None:
    """Export papers as JSON (lossless, imports back), CSV, Markdown or BibTeX."""
    where = PaperFilter(ReadStatus.parse(status) if status else None, tag, starred)
    with obj.library() as library:
        papers = library.iter_records(export.in_export_order(library.paper_ids(where)))
        if output is None:
            with click.open_file("-", "w", encoding="utf-8") as stdout:
                count = export.write(format_name, papers, stdout)
        else:
            try:
                count = export.write_file(format_name, papers, output)
            except OSError as error:
                fail(f"cannot write {output}: {error.strerror or error}")
    click.echo(f"exported {count} paper(s)", err=True)


@click.command("reindex")
@pass_context
def reindex_command(obj: Context) -> None:
    """Rebuild the search index from the database."""
    with obj.library() as library, index_progress(quiet=False) as progress:
        done = jobs(library).reindex(progress)
    click.echo(f"indexed {done} paper(s)")


@click.command("check")
@click.option("--no-repair", is_flag=True, help="Only report; change nothing.")
@pass_context
def check_command(obj: Context, no_repair: bool) -> None:
    """Check that the search index agrees with the database, and repair it."""
    with obj.library(sync=False) as library:
        report = library.check(repair=not no_repair)
    click.echo(
        f"{report.papers} papers, {report.indexed} indexed; "
        f"missing {report.missing}, extra {report.extra}, pending {report.pending}"
    )
    if report.agree:
        click.echo("database and index agree")
    elif no_repair:
        click.echo("database and index differ")
        sys.exit(EXIT_FAILED)
    else:
        click.echo("repaired: database and index agree now")


@click.command("smoke-test", hidden=True)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--screenshot",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to save a PNG of the window after the import.",
)
@click.option("--timeout", "timeout_s", type=click.FloatRange(min=1), default=300, show_default=True, help="Seconds.")
@pass_context
def smoke_test_command(obj: Context, files: Sequence[Path], screenshot: Path, timeout_s: float) -> None:
    """Check a build: open the window, import FILES as a drop would, save a screenshot.

    Prints the number of papers in the library; exits 0 if there are some and
    nothing went wrong (the import finished, no file failed, no error shown).
    """
    # Imported here so the command line works on machines without Qt's libraries.
    from readinglist.gui.smoke import run_smoke_test

    result = run_smoke_test(obj.library_dir, files, screenshot, timeout_s)
    for report in result.reports:
        click.echo(report_text(report), err=True)
    for problem in result.problems:
        click.echo(f"readinglist: smoke test: {problem}", err=True)
    click.echo(f"papers: {result.papers}")
    sys.exit(0 if result.passed else EXIT_FAILED)
