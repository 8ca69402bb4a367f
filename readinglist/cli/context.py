"""What every command shares: the opened library, the busy retry, errors and exit codes.

``Context.library`` is the one place where the command line indexes its
changes: a command that opened the library with ``sync=True`` and finished
without error has the search index brought up to date when it leaves the
``with`` block. The library also syncs when it opens, so a search or similar
answers from an index that already holds every earlier command's changes.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from sqlalchemy.exc import DatabaseError, OperationalError

from readinglist.core.index import IndexBusy
from readinglist.core.jobs import Jobs, LocalJobs
from readinglist.core.migrations import SchemaError
from readinglist.core.models import ReadStatus
from readinglist.core.query import QueryError
from readinglist.core.services import IndexUnavailableError, Library, NotFoundError, ReadOnlyLibraryError
from readinglist.core.store import is_busy, is_disk_full, is_read_only_error

EXIT_FAILED = 1
EXIT_USAGE = 2
BUSY_ATTEMPTS = 3  # each waits BUSY_TIMEOUT_MS (core.store) or WRITER_WAIT_S (core.index) for the other writer


class Context:
    """What every command needs: where the library is, opened on first use."""

    def __init__(self, library_dir: Path) -> None:
        self.library_dir = library_dir

    @contextmanager
    def library(self, sync: bool = True) -> Iterator[Library]:
        """The opened library; turns core errors into one clear line and an exit code.

        With ``sync``, the index is synced at open and, once the command's work
        finished without error (an exception or exit skips it), once more.
        """
        try:
            with Library.open(self.library_dir, sync=sync) as library:
                yield library
                if sync:
                    try:
                        jobs(library).sync_index()
                    except IndexUnavailableError as error:  # the command's work is saved; the index catches up later
                        click.echo(f"readinglist: warning: {error}", err=True)
                if library.read_only is not None:
                    click.echo(f"readinglist: note: {library.read_only}", err=True)
        except IndexBusy as error:  # the index's write lock, held by another process past its wait
            raise LibraryBusy from error
        except SchemaError as error:
            fail(f"cannot open the library in {self.library_dir}: {error}")
        except OperationalError as error:
            if is_busy(error):
                raise LibraryBusy from error
            fail(database_error_message(self.library_dir, error))
        except DatabaseError as error:
            fail(database_error_message(self.library_dir, error))
        except (ReadOnlyLibraryError, IndexUnavailableError) as error:
            fail(str(error))
        except OSError as error:  # the library folder cannot be made or read
            fail(f"cannot open the library in {self.library_dir}: {error.strerror or error}")
        except NotFoundError as error:
            fail(str(error))
        except QueryError as error:
            fail(f"bad query: {error}", EXIT_USAGE)


def database_error_message(library_dir: Path, error: DatabaseError) -> str:
    """One line for a database error that is not the busy one: what happened and the way out."""
    reason = error.orig or error
    if is_disk_full(error):
        return (
            f"could not write to the library in {library_dir} ({reason}: the disk, or the file size limit, is full); "
            "nothing of this command was saved; free some space and run it again"
        )
    if is_read_only_error(error):
        return f"cannot write to the library in {library_dir} ({reason}); nothing was changed; is the folder read-only?"
    if "malformed" in str(reason):
        return f"the library database in {library_dir} is damaged ({reason}); run `readinglist repair`"
    return f"cannot open the library in {library_dir}: {reason}"


def jobs(library: Library) -> Jobs:
    """The long work (imports, index syncs, rebuilds) on ``library``: run here, in this process."""
    return LocalJobs(library)


class LibraryBusy(Exception):
    """Another process held the library's write lock (the database's or the index's) past its wait."""


def fail(message: str, code: int = EXIT_FAILED) -> NoReturn:
    """Say what went wrong on one line of stderr and exit with ``code``."""
    click.echo(f"readinglist: {message}", err=True)
    sys.exit(code)


pass_context = click.make_pass_decorator(Context)


def status_choice() -> click.Choice[str]:
    """The read statuses as a command-line choice."""
    return click.Choice([s.value for s in ReadStatus], case_sensitive=False)


class Commands(click.Group):
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
        if args and args[0] not in self.commands and _looks_like_a_file(args[0]):
            args = ["gui", *args]
        return super().resolve_command(ctx, args)


def _looks_like_a_file(word: str) -> bool:
    return Path(word).exists() or "/" in word or "." in word
