"""The command line: ``readinglist [--library DIR] COMMAND`` over the core services.

Exit codes scripts can rely on: 0 success; 1 something failed (a file did not
import, a paper was not found, the library could not be opened); 2 the command
line itself was wrong (including a malformed search query).
"""

from __future__ import annotations

import html
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click
from sqlalchemy.exc import DatabaseError, OperationalError

from readinglist import __version__, paths
from readinglist.core import export
from readinglist.core.batches import BatchSnapshot
from readinglist.core.importing import FileReport, expand_paths
from readinglist.core.migrations import SchemaError
from readinglist.core.models import ReadStatus
from readinglist.core.query import QueryError
from readinglist.core.records import PaperRecord
from readinglist.core.services import SORT_COLUMNS, Library, NotFoundError, PaperFilter
from readinglist.core.store import is_busy

EXIT_FAILED = 1
EXIT_USAGE = 2
BUSY_ATTEMPTS = 3  # each waits BUSY_TIMEOUT_MS for the other writer (core.store)


class Context:
    """What every command needs: where the library is, opened on first use."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir

    @contextmanager
    def library(self, sync: bool = True) -> Iterator[Library]:
        """The opened library; turns core errors into one clear line and an exit code."""
        try:
            with Library.open(self.library_dir, sync=sync) as library:
                yield library
        except SchemaError as error:
            _fail(f"cannot open the library in {self.library_dir}: {error}")
        except OperationalError as error:
            if is_busy(error):
                raise LibraryBusy from error
            _fail(f"cannot open the library in {self.library_dir}: {error.orig or error}")
        except DatabaseError as error:
            _fail(f"cannot open the library in {self.library_dir}: {error.orig or error}")
        except NotFoundError as error:
            _fail(str(error))
        except QueryError as error:
            _fail(f"bad query: {error}", EXIT_USAGE)


class LibraryBusy(Exception):
    """Another process held the library's write lock for longer than the busy timeout."""


def _fail(message: str, code: int = EXIT_FAILED) -> None:
    click.echo(f"readinglist: {message}", err=True)
    sys.exit(code)


pass_context = click.make_pass_decorator(Context)


class _Commands(click.Group):
    """The command group, with two additions.

    ``readinglist FILE...``, as file managers start an app, means
    ``readinglist gui FILE...``. A command that finds the library busy (the
    window, or another command, writing for longer than the busy timeout) is
    run again from the start, saying so: every command either commits all its
    changes or none, so running it again is safe.
    """

    def main(self, args: Sequence[str] | None = None, *more: Any, **kwargs: Any) -> Any:  # click's signature
        args = list(sys.argv[1:] if args is None else args)
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                return super().main(args, *more, **kwargs)
            except LibraryBusy:
                if attempt == BUSY_ATTEMPTS:
                    _fail("the library stayed busy: another readinglist kept writing to it; try again later")
                click.echo(
                    f"readinglist: library busy (another readinglist is writing to it), retrying ({attempt + 1} of "
                    f"{BUSY_ATTEMPTS})…",
                    err=True,
                )
        return None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and _looks_like_a_file(args[0]):
            args = ["gui", *args]
        return super().resolve_command(ctx, args)


def _looks_like_a_file(word: str) -> bool:
    return Path(word).exists() or "/" in word or "." in word


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--library",
    "library_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=paths.LIBRARY_ENV,
    help=f"Library folder (default: {paths.default_library_dir()}; or set {paths.LIBRARY_ENV}).",
)
@click.version_option(__version__, prog_name="readinglist")
@click.pass_context
def main(ctx: click.Context, library_dir: Path | None) -> None:
    """A reading list for machine-learning papers, built from Hugging Face papers page dumps."""
    ctx.obj = Context(paths.resolve_library_dir(library_dir))
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui_command)


@main.command("gui")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@pass_context
def gui_command(obj: Context, files: Sequence[Path]) -> None:
    """Open the desktop window (what the bare command does) and import FILES.

    When a window is already open on the library, FILES go to it instead.
    """
    # Imported here so the command line works on machines without Qt's libraries.
    from readinglist.gui.app import run

    sys.exit(run(obj.library_dir, files))


# -- import -------------------------------------------------------------------


@main.command("import")
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
        reports: list[FileReport] = []
        if "-" in sources:
            batch_name = name or f"Standard input {datetime.now():%Y-%m-%d %H:%M}"
            with click.open_file("-", encoding="utf-8") as stdin:
                reports.append(library.import_text(stdin.read(), batch_name))
        files = [Path(s) for s in sources if s != "-"]
        if files:
            reports.extend(_import_files_with_progress(library, files, quiet=as_json))
        if not as_json:
            click.echo(_index_line(library), err=True)
    if as_json:
        click.echo(json.dumps([_report_json(r) for r in reports], indent=2))
    else:
        for report in reports:
            click.echo(_report_text(report))
        click.echo(_totals_text(reports))
    sys.exit(EXIT_FAILED if any(r.failed for r in reports) else 0)


def _progress_bar(length: int, label: str, quiet: bool):  # click's bar
    """A progress bar on stderr, shown only to a person at a terminal."""
    return click.progressbar(
        length=length, label=label, file=sys.stderr, show_pos=True, hidden=quiet or not sys.stderr.isatty()
    )


@contextmanager
def _index_progress(quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback for indexing that opens its bar once the total is known."""
    bars: list = []

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(_progress_bar(total, "Indexing", quiet).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


def _import_files_with_progress(library: Library, files: list[Path], quiet: bool) -> list[FileReport]:
    files = expand_paths(files)
    with _progress_bar(len(files), "Importing", quiet) as file_bar, _index_progress(quiet) as index_progress:
        return library.import_paths(files, on_file=lambda _report: file_bar.update(1), index_progress=index_progress)


def _index_line(library: Library) -> str:
    pending = library.pending_index_count()
    return "search index up to date" if not pending else f"{pending} papers still to index"


def _report_text(report: FileReport) -> str:
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


# -- reading ------------------------------------------------------------------


def _status_choice() -> click.Choice[str]:
    return click.Choice([s.value for s in ReadStatus], case_sensitive=False)


@main.command("list")
@click.option("--status", type=_status_choice(), help="Only papers with this read status.")
@click.option("--tag", help="Only papers with this tag.")
@click.option("--starred/--not-starred", default=None, help="Only starred (or unstarred) papers.")
@click.option("--batch", type=int, help="Only papers listed by this import batch.")
@click.option("--sort", type=click.Choice(sorted(SORT_COLUMNS)), default="added", show_default=True)
@click.option("--desc", is_flag=True, help="Sort in descending order.")
@click.option("--limit", type=click.IntRange(min=1), help="At most this many papers.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the export shape).")
@pass_context
def list_command(
    obj: Context,
    status: str | None,
    tag: str | None,
    starred: bool | None,
    batch: int | None,
    sort: str,
    desc: bool,
    limit: int | None,
    as_json: bool,
) -> None:
    """List papers, filtered and sorted by the library."""
    where = PaperFilter(ReadStatus.parse(status) if status else None, tag, starred, batch)
    with obj.library() as library:
        papers = library.records(library.paper_ids(where, sort, desc, limit))
    if as_json:
        click.echo(json.dumps([export.paper_to_json(p) for p in papers], indent=2, ensure_ascii=False))
        return
    for paper in papers:
        click.echo(_one_line(paper))


def _one_line(paper: PaperRecord) -> str:
    star = "*" if paper.starred else " "
    published = paper.published.isoformat() if paper.published else ""
    tags = f"  [{', '.join(paper.tags)}]" if paper.tags else ""
    return f"{paper.id:>6} {star} {paper.status:<9} {published:<10} {paper.title}{tags}"


@main.command("show")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def show_command(obj: Context, paper: str, as_json: bool) -> None:
    """Show one paper (library id or arXiv id) with its note and provenance."""
    with obj.library() as library:
        record = library.get(library.resolve(paper))
    if as_json:
        click.echo(json.dumps(export.paper_to_json(record), indent=2, ensure_ascii=False))
        return
    click.echo(_details(record))


def _details(p: PaperRecord) -> str:
    facts = [
        f"{p.authors_count} authors" if p.authors_count else None,
        p.org,
        (p.published_text or "") + (" (year inferred)" if p.published_inferred else "") or None,
        f"{p.upvotes} upvotes" if p.upvotes is not None else None,
        f"{p.comments} comments" if p.comments is not None else None,
    ]
    lines = [
        click.style(p.title, bold=True),
        *([" · ".join(f for f in facts if f)] if any(facts) else []),
        f"id {p.id} · status {p.status}"
        + (" · starred" if p.starred else "")
        + (f" · tags: {', '.join(p.tags)}" if p.tags else ""),
    ]
    lines += [url for url in (p.hf_url, p.arxiv_url, p.github_url) if url]
    lines += ["", p.abstract or "(no abstract)"]
    if p.links:
        lines += ["", "Links: " + " ".join(p.links)]
    if p.note:
        lines += ["", "Note:", p.note]
    listed = "; ".join(f"{s.file} #{s.position}" for s in p.sources)
    lines += ["", f"Listed in {len(p.sources)} dump(s): {listed}"]
    return "\n".join(lines)


@main.command("search")
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_context
def search_command(obj: Context, query: Sequence[str], limit: int, as_json: bool) -> None:
    """Full-text search (words, "phrases", prefix*, OR, -exclude, title: tag: status: year: ...)."""
    with obj.library() as library:
        results = library.search(" ".join(query), limit)
    if as_json:
        rows = [{"score": r.score, "snippet": r.snippet, **export.paper_to_json(r.paper)} for r in results]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for result in results:
        click.echo(_one_line(result.paper))
        if result.snippet:
            click.echo("         " + _terminal_snippet(result.snippet))
    click.echo(f"{len(results)} result(s)", err=True)


def _terminal_snippet(snippet: str) -> str:
    """The core's ``<b>`` marks as bold text on a terminal (plain elsewhere)."""
    bold = re.sub(r"<b>(.*?)</b>", lambda m: click.style(m.group(1), bold=True), snippet)
    return html.unescape(bold)


@main.command("similar")
@click.argument("paper")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@pass_context
def similar_command(obj: Context, paper: str, limit: int) -> None:
    """Papers most like PAPER by the words of their titles and abstracts."""
    with obj.library() as library:
        for record in library.similar(library.resolve(paper), limit):
            click.echo(_one_line(record))


@main.command("batches")
@pass_context
def batches_command(obj: Context) -> None:
    """List import batches (files and pastes) with what each brought; use with list --batch."""
    with obj.library() as library:
        for batch in library.batches():
            click.echo(
                f"{batch.id:>5}  {batch.imported_at:%Y-%m-%d %H:%M}  {batch.name}  "
                f"({batch.found} found, {batch.new} new, {batch.merged} merged, {batch.skipped} skipped)"
            )


@main.command("remove-batch")
@click.argument("batch_id", type=int)
@pass_context
def remove_batch_command(obj: Context, batch_id: int) -> None:
    """Remove import BATCH_ID (see batches) and the papers only it brought that you never touched."""
    with obj.library() as library:
        try:
            changes = library.remove_batch(batch_id)
        except LookupError as error:
            _fail(str(error), EXIT_USAGE)
        library.sync_index()
    snapshot = changes.previous[batch_id]
    assert isinstance(snapshot, BatchSnapshot)  # what remove_batch records
    deleted = len(snapshot.paper_ids)
    click.echo(f"removed import {batch_id}: {deleted} paper(s) deleted, {len(changes.papers) - deleted} kept")


# -- changing -----------------------------------------------------------------


@main.command("status")
@click.argument("papers", nargs=-1, required=True)
@click.argument("state", type=_status_choice())
@pass_context
def status_command(obj: Context, papers: Sequence[str], state: str) -> None:
    """Set the read status of PAPERS (new, queued, reading, read, dismissed)."""
    with obj.library() as library:
        changes = library.set_status(_resolve_all(library, papers), ReadStatus.parse(state))
        library.sync_index()
    click.echo(f"{len(changes.papers)} paper(s) now {state}")


def _resolve_all(library: Library, references: Sequence[str]) -> list[int]:
    return [library.resolve(r) for r in references]


def _star(obj: Context, papers: Sequence[str], starred: bool) -> None:
    with obj.library() as library:
        changes = library.set_starred(_resolve_all(library, papers), starred)
        library.sync_index()
    click.echo(f"{len(changes.papers)} paper(s) {'starred' if starred else 'unstarred'}")


@main.command("star")
@click.argument("papers", nargs=-1, required=True)
@pass_context
def star_command(obj: Context, papers: Sequence[str]) -> None:
    """Star PAPERS."""
    _star(obj, papers, True)


@main.command("unstar")
@click.argument("papers", nargs=-1, required=True)
@pass_context
def unstar_command(obj: Context, papers: Sequence[str]) -> None:
    """Remove the star from PAPERS."""
    _star(obj, papers, False)


def _split_papers_and_tags(library: Library, words: Sequence[str]) -> tuple[list[int], list[str]]:
    """Leading words that name papers are papers; the rest are tags."""
    ids: list[int] = []
    for position, word in enumerate(words):
        try:
            ids.append(library.resolve(word))
        except NotFoundError:
            if not ids:
                raise
            return ids, list(words[position:])
    raise click.UsageError("name at least one tag after the papers")


def _change_tags(obj: Context, words: Sequence[str], adding: bool) -> None:
    with obj.library() as library:
        ids, tags = _split_papers_and_tags(library, words)
        changes = library.add_tags(ids, tags) if adding else library.remove_tags(ids, tags)
        library.sync_index()
    verb = "tagged" if adding else "untagged"
    click.echo(f"{verb} {len(changes.papers)} paper(s): {', '.join(tags)}")


@main.command("tag")
@click.argument("words", nargs=-1, required=True, metavar="PAPER... TAG...")
@pass_context
def tag_command(obj: Context, words: Sequence[str]) -> None:
    """Add tags to papers: ``readinglist tag 12 2401.01234 reasoning to-read``."""
    _change_tags(obj, words, adding=True)


@main.command("untag")
@click.argument("words", nargs=-1, required=True, metavar="PAPER... TAG...")
@pass_context
def untag_command(obj: Context, words: Sequence[str]) -> None:
    """Remove tags from papers."""
    _change_tags(obj, words, adding=False)


@main.command("note")
@click.argument("paper")
@click.argument("text", required=False)
@click.option(
    "--file", "note_file", type=click.File("r", encoding="utf-8"), help="Read the note from a file (- for stdin)."
)
@pass_context
def note_command(obj: Context, paper: str, text: str | None, note_file: IO[str] | None) -> None:
    """Set the Markdown note of PAPER from TEXT, --file, or standard input; "" removes it."""
    if text is None:
        with note_file or click.open_file("-", encoding="utf-8") as source:
            text = source.read()
    with obj.library() as library:
        changes = library.set_note(library.resolve(paper), text.strip("\n") if text else "")
        library.sync_index()
    click.echo("note saved" if not changes.empty else "note unchanged")


# -- export and maintenance -----------------------------------------------------


@main.command("export")
@click.option("--format", "format_name", type=click.Choice(export.FORMATS), default="json", show_default=True)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout)."
)
@click.option("--status", type=_status_choice())
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
                _fail(f"cannot write {output}: {error.strerror or error}")
    click.echo(f"exported {count} paper(s)", err=True)


@main.command("reindex")
@pass_context
def reindex_command(obj: Context) -> None:
    """Rebuild the search index from the database."""
    with obj.library() as library, _index_progress(quiet=False) as progress:
        done = library.reindex(progress)
    click.echo(f"indexed {done} paper(s)")


@main.command("check")
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


# -- checking a build -------------------------------------------------------------


@main.command("smoke-test", hidden=True)
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
        click.echo(_report_text(report), err=True)
    for problem in result.problems:
        click.echo(f"readinglist: smoke test: {problem}", err=True)
    click.echo(f"papers: {result.papers}")
    sys.exit(0 if result.passed else EXIT_FAILED)
