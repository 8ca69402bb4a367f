"""Changing commands: status, star, tag, note, remove (to the Trash), trash and remove-batch.

None of them indexes its change itself: ``Context.library`` syncs the index
once the command finished without error.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import IO

import click

from readinglist.cli.context import EXIT_USAGE, fail, status_choice
from readinglist.cli.group import Context, pass_context
from readinglist.cli.listing import one_line
from readinglist.core import export
from readinglist.core.changes import BatchRemoved
from readinglist.core.lists import TRASH
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library, NotFoundError


@click.command("status")
@click.argument("papers", nargs=-1, required=True)
@click.argument("state", type=status_choice())
@pass_context
def status_command(obj: Context, papers: Sequence[str], state: str) -> None:
    """Set the read status of PAPERS (new, queued, reading, read, dismissed)."""
    with obj.library() as library:
        changes = library.set_status(_resolve_all(library, papers), ReadStatus.parse(state))
    click.echo(f"{len(changes.papers)} paper(s) now {state}")


def _resolve_all(library: Library, references: Sequence[str]) -> list[int]:
    return [library.resolve(r) for r in references]


def _star(obj: Context, papers: Sequence[str], starred: bool) -> None:
    with obj.library() as library:
        changes = library.set_starred(_resolve_all(library, papers), starred)
    click.echo(f"{len(changes.papers)} paper(s) {'starred' if starred else 'unstarred'}")


@click.command("star")
@click.argument("papers", nargs=-1, required=True)
@pass_context
def star_command(obj: Context, papers: Sequence[str]) -> None:
    """Star PAPERS."""
    _star(obj, papers, True)


@click.command("unstar")
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
    verb = "tagged" if adding else "untagged"
    click.echo(f"{verb} {len(changes.papers)} paper(s): {', '.join(tags)}")


@click.command("tag")
@click.argument("words", nargs=-1, required=True, metavar="PAPER... TAG...")
@pass_context
def tag_command(obj: Context, words: Sequence[str]) -> None:
    """Add tags to papers: ``readinglist tag 12 2401.01234 reasoning to-read``."""
    _change_tags(obj, words, adding=True)


@click.command("untag")
@click.argument("words", nargs=-1, required=True, metavar="PAPER... TAG...")
@pass_context
def untag_command(obj: Context, words: Sequence[str]) -> None:
    """Remove tags from papers."""
    _change_tags(obj, words, adding=False)


@click.command("note")
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
    click.echo("note saved" if not changes.empty else "note unchanged")


@click.command("remove")
@click.argument("papers", nargs=-1, required=True)
@pass_context
def remove_command(obj: Context, papers: Sequence[str]) -> None:
    """Move PAPERS to the Trash: out of every list and search until `trash --empty` deletes them."""
    with obj.library() as library:
        changes = library.trash(_resolve_all(library, papers))
    click.echo(f"{len(changes.papers)} paper(s) moved to the Trash")


@click.command("trash")
@click.option("--empty", is_flag=True, help="Delete the papers in the Trash for good.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the export shape).")
@pass_context
def trash_command(obj: Context, empty: bool, as_json: bool) -> None:
    """List the papers in the Trash, or with --empty delete them for good."""
    with obj.library() as library:
        if empty:
            click.echo(f"deleted {library.empty_trash()} paper(s) for good")
            return
        papers = library.records(library.paper_ids(TRASH))
    if as_json:
        click.echo(json.dumps([export.paper_to_json(p) for p in papers], indent=2, ensure_ascii=False))
        return
    for paper in papers:
        click.echo(one_line(paper))


@click.command("remove-batch")
@click.argument("batch_id", type=int)
@pass_context
def remove_batch_command(obj: Context, batch_id: int) -> None:
    """Remove import BATCH_ID (see batches) and the papers only it brought that you never touched."""
    with obj.library() as library:
        try:
            changes = library.remove_batch(batch_id)
        except LookupError as error:
            fail(str(error), EXIT_USAGE)
    removal = changes.change
    assert isinstance(removal, BatchRemoved)  # what remove_batch records
    deleted = len(removal.snapshot.paper_ids)
    click.echo(f"removed import {batch_id}: {deleted} paper(s) deleted, {len(changes.papers) - deleted} kept")
