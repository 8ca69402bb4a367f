"""The command line: ``readinglist [--library DIR] COMMAND`` over the core services.

Exit codes scripts can rely on: 0 success; 1 something failed (a file did not
import, a paper was not found, the library could not be opened); 2 the command
line itself was wrong (including a malformed search query); 3 the Hugging Face Hub could
not be reached (``fetch``, ``complete``: what was done stays; run it again later).

``main`` is the command group (the ``readinglist`` console script); the
commands live in ``importing``, ``listing``, ``changing``, ``maintenance``,
``care`` and ``hub``, imported when used (``group.LAZY_COMMANDS``), and what they share in
``context``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import click

from readinglist import __version__, paths
from readinglist.cli.group import Commands, Context, pass_context

__all__ = ["main"]


@click.group(cls=Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
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
