"""Exit codes and the one-line failure every command shares (nothing heavy: the command group needs it)."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OFFLINE = 3  # the Hugging Face Hub could not be reached: nothing lost, try again later
BUSY_ATTEMPTS = 3  # each waits BUSY_TIMEOUT_MS (core.store) or WRITER_WAIT_S (core.index) for the other writer


class LibraryBusy(Exception):
    """Another process held the library's write lock (the database's or the index's) past its wait."""


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Say what went wrong on one line of stderr and exit with ``code``."""
    click.echo(f"readinglist: {message}", err=True)
    sys.exit(code)
