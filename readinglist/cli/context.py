"""What every command shares once it runs: the opened library, its errors as one line and an exit code.

``Context.library`` (``open_library``) is the one place where the command line indexes its
changes: a command that opened the library with ``sync=True`` and finished
without error has the search index brought up to date when it leaves the
``with`` block. The library also syncs when it opens, so a search or similar
answers from an index that already holds every earlier command's changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click
from sqlalchemy.exc import DatabaseError, OperationalError

# What the command modules import from here, defined in the light module the command group needs.
from readinglist.cli.exits import EXIT_FAILED as EXIT_FAILED
from readinglist.cli.exits import EXIT_USAGE as EXIT_USAGE
from readinglist.cli.exits import LibraryBusy as LibraryBusy
from readinglist.cli.exits import fail as fail
from readinglist.core.index import IndexBusy
from readinglist.core.jobs import Jobs, LocalJobs
from readinglist.core.migrations import SchemaError
from readinglist.core.models import ReadStatus
from readinglist.core.query import QueryError
from readinglist.core.services import IndexUnavailableError, Library, NotFoundError, ReadOnlyLibraryError
from readinglist.core.store import is_busy, is_disk_full, is_read_only_error


@contextmanager
def open_library(library_dir: Path, sync: bool = True) -> Iterator[Library]:
    """The opened library; turns core errors into one clear line and an exit code.

    With ``sync``, the index is synced at open and, once the command's work
    finished without error (an exception or exit skips it), once more.
    """
    try:
        with Library.open(library_dir, sync=sync) as library:
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
        fail(f"cannot open the library in {library_dir}: {error}")
    except OperationalError as error:
        if is_busy(error):
            raise LibraryBusy from error
        fail(database_error_message(library_dir, error))
    except DatabaseError as error:
        fail(database_error_message(library_dir, error))
    except (ReadOnlyLibraryError, IndexUnavailableError) as error:
        fail(str(error))
    except OSError as error:  # the library folder cannot be made or read
        fail(f"cannot open the library in {library_dir}: {error.strerror or error}")
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


def status_choice() -> click.Choice[str]:
    """The read statuses as a command-line choice."""
    return click.Choice([s.value for s in ReadStatus], case_sensitive=False)
