"""Reading commands: list, show, search, similar and batches."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence

import click

from readinglist.cli.context import status_choice
from readinglist.cli.group import Context, pass_context
from readinglist.core import export
from readinglist.core.lists import SORT_COLUMNS, PaperFilter
from readinglist.core.models import ReadStatus
from readinglist.core.records import PaperRecord


@click.command("list")
@click.option("--status", type=status_choice(), help="Only papers with this read status.")
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
        click.echo(one_line(paper))


def one_line(paper: PaperRecord) -> str:
    star = "*" if paper.starred else " "
    published = paper.published.isoformat() if paper.published else ""
    tags = f"  [{', '.join(paper.tags)}]" if paper.tags else ""
    return f"{paper.id:>6} {star} {paper.status:<9} {published:<10} {paper.title}{tags}"


@click.command("show")
@click.argument("paper")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def show_command(obj: Context, paper: str, as_json: bool) -> None:
    """Show one paper (library id or arXiv id) with its note and provenance."""
    with obj.library() as library:
        record = library.get(library.resolve(paper))
        trashed = record.id in library.trashed_ids()
    if as_json:
        click.echo(json.dumps(export.paper_to_json(record), indent=2, ensure_ascii=False))
        return
    click.echo(_details(record))
    if trashed:
        click.echo("\nIn the Trash: `readinglist trash --empty` deletes it for good.")


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


@click.command("search")
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
        click.echo(one_line(result.paper))
        if result.snippet:
            click.echo("         " + _terminal_snippet(result.snippet))
    click.echo(f"{len(results)} result(s)", err=True)


def _terminal_snippet(snippet: str) -> str:
    """The core's ``<b>`` marks as bold text on a terminal (plain elsewhere)."""
    bold = re.sub(r"<b>(.*?)</b>", lambda m: click.style(m.group(1), bold=True), snippet)
    return html.unescape(bold)


@click.command("similar")
@click.argument("paper")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@pass_context
def similar_command(obj: Context, paper: str, limit: int) -> None:
    """Papers most like PAPER by the words of their titles and abstracts."""
    with obj.library() as library:
        for record in library.similar(library.resolve(paper), limit):
            click.echo(one_line(record))


@click.command("searches")
@click.option("--json", "as_json", is_flag=True)
@pass_context
def searches_command(obj: Context, as_json: bool) -> None:
    """List the saved searches with how many papers each finds now."""
    with obj.library() as library:
        counted = library.saved_search_counts()
    if as_json:
        rows = [{"id": s.id, "name": s.name, "query": s.query, "count": s.count} for s in counted]
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for saved in counted:
        count = "?" if saved.count is None else str(saved.count)
        click.echo(f"{saved.id:>5}  {count:>6}  {saved.name}  ({saved.query})")


@click.command("batches")
@pass_context
def batches_command(obj: Context) -> None:
    """List import batches (files and pastes) with what each brought; use with list --batch."""
    with obj.library() as library:
        for batch in library.batches():
            click.echo(
                f"{batch.id:>5}  {batch.imported_at:%Y-%m-%d %H:%M}  {batch.name}  "
                f"({batch.found} found, {batch.new} new, {batch.merged} merged, {batch.skipped} skipped)"
            )
