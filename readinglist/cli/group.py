"""The command group itself, light enough that ``readinglist`` reaches the window with only click loaded.

The commands live in modules that import the whole core (SQLAlchemy, Whoosh:
most of a second). ``Commands`` imports a command's module only when that
command is run or listed, so the bare ``readinglist`` (the window) and
``readinglist gui`` start as fast as the window's own start-up path allows.
``Context`` holds only the library folder; opening the library is in
``context``, imported when a command asks for it.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from readinglist.cli.exits import BUSY_ATTEMPTS, LibraryBusy, fail

if TYPE_CHECKING:
    from readinglist.core.services import Library

# Command name -> "module:attribute" of the click command, imported when the command is used.
LAZY_COMMANDS = {
    "import": "readinglist.cli.importing:import_command",
    "list": "readinglist.cli.listing:list_command",
    "show": "readinglist.cli.listing:show_command",
    "search": "readinglist.cli.listing:search_command",
    "similar": "readinglist.cli.listing:similar_command",
    "batches": "readinglist.cli.listing:batches_command",
    "searches": "readinglist.cli.listing:searches_command",
    "remove": "readinglist.cli.changing:remove_command",
    "trash": "readinglist.cli.changing:trash_command",
    "remove-batch": "readinglist.cli.changing:remove_batch_command",
    "status": "readinglist.cli.changing:status_command",
    "star": "readinglist.cli.changing:star_command",
    "unstar": "readinglist.cli.changing:unstar_command",
    "tag": "readinglist.cli.changing:tag_command",
    "untag": "readinglist.cli.changing:untag_command",
    "note": "readinglist.cli.changing:note_command",
    "export": "readinglist.cli.maintenance:export_command",
    "reindex": "readinglist.cli.maintenance:reindex_command",
    "check": "readinglist.cli.maintenance:check_command",
    "smoke-test": "readinglist.cli.maintenance:smoke_test_command",
    "repair": "readinglist.cli.care:repair_command",
    "backups": "readinglist.cli.care:backups_command",
    "restore": "readinglist.cli.care:restore_command",
    "fetch": "readinglist.cli.hub:fetch_command",
    "follow": "readinglist.cli.hub:follow_group",
    "complete": "readinglist.cli.hub:complete_command",
}


class Context:
    """What every command needs: where the library is, opened on first use."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir

    def library(self, sync: bool = True) -> AbstractContextManager[Library]:
        """The opened library (see ``context.open_library``): core errors become one line and an exit code."""
        from readinglist.cli.context import open_library  # the core, only when a command opens the library

        return open_library(self.library_dir, sync)


pass_context = click.make_pass_decorator(Context)


class Commands(click.Group):
    """The command group, with three additions.

    Commands are imported when first used (``LAZY_COMMANDS``).
    ``readinglist FILE...``, as file managers start an app, means
    ``readinglist gui FILE...``. A command that finds the library busy (the
    window, or another command, writing for longer than the busy timeout) is
    run again from the start, saying so: every command either commits all its
    changes or none, so running it again is safe.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            module, attribute = LAZY_COMMANDS[cmd_name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return self.commands.get(cmd_name)

    def main(self, args: Sequence[str] | None = None, *more: Any, **kwargs: Any) -> Any:  # click's signature
        args = list(sys.argv[1:] if args is None else args)
        for attempt in range(1, BUSY_ATTEMPTS + 1):
            try:
                return super().main(args, *more, **kwargs)
            except LibraryBusy:
                if attempt == BUSY_ATTEMPTS:
                    fail("the library stayed busy: another readinglist kept writing to it; try again later")
                click.echo(
                    f"readinglist: library busy (another readinglist is writing to it), retrying ({attempt + 1} of "
                    f"{BUSY_ATTEMPTS})…",
                    err=True,
                )
        return None

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        if args and args[0] not in self.commands and args[0] not in LAZY_COMMANDS and _looks_like_a_file(args[0]):
            args = ["gui", *args]
        return super().resolve_command(ctx, args)


def _looks_like_a_file(word: str) -> bool:
    return Path(word).exists() or "/" in word or "." in word
