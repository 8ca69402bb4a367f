"""Progress bars on stderr for long work, shown only to a person at a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import click


def progress_bar(length: int, label: str, quiet: bool) -> Any:  # click's bar (a private type)
    """A progress bar on stderr, hidden when ``quiet`` or when stderr is not a terminal."""
    return click.progressbar(
        length=length, label=label, file=sys.stderr, show_pos=True, hidden=quiet or not sys.stderr.isatty()
    )


@contextmanager
def progress_callback(label: str, quiet: bool) -> Iterator[Callable[[int, int], None]]:
    """A progress callback ``(done, total)`` whose bar (``label``) opens once the total is known."""
    bars: list = []

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(progress_bar(total, label, quiet).__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


def index_progress(quiet: bool) -> AbstractContextManager[Callable[[int, int], None]]:
    """A progress callback for indexing that opens its bar once the total is known."""
    return progress_callback("Indexing", quiet)
