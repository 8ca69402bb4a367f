"""A command that finds the library busy says so and tries again, instead of failing with a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from readinglist.core import index as index_module
from readinglist.core.index import IndexBusy
from readinglist.core.services import DB_FILE, INDEX_DIR, Library
from tests.helpers import paper_id_by_title

TITLE = "Sparse Lattice Attention for Long Documents"


@pytest.mark.slow  # waits out one busy timeout (10 s)
def test_a_command_waits_for_the_other_writer_and_retries(tmp_path: Path, daily_a: Path) -> None:
    library_dir = tmp_path / "library"
    with Library.open(library_dir) as library:
        library.import_paths([daily_a])
        paper = paper_id_by_title(library, TITLE)

    other_writer = sqlite3.connect(library_dir / DB_FILE, isolation_level=None)
    other_writer.execute("BEGIN IMMEDIATE")  # holds the write lock, as a long import would
    command = subprocess.Popen(
        [sys.executable, "-m", "readinglist", "--library", str(library_dir), "star", str(paper)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line = command.stderr.readline()  # blocks until the command has given up once
    other_writer.execute("ROLLBACK")
    other_writer.close()
    out, rest = command.communicate(timeout=60)

    assert "library busy (another readinglist is writing to it), retrying (2 of 3)" in first_line
    assert command.returncode == 0, first_line + rest
    assert "Traceback" not in rest
    with Library.open(library_dir) as library:
        assert library.get(paper).starred


# -- the search index's write lock, held by another process ------------------------------------------------------

# The command line with a short wait for the index's write lock (the real wait is WRITER_WAIT_S): a real process.
SHORT_WAIT_CLI = (
    "from readinglist.core import index; index.WRITER_WAIT_S = 1.0; from readinglist.cli import main; main()"
)


@contextmanager
def index_writer_held(library_dir: Path) -> Iterator[None]:
    """Hold the index's write lock as another process's import or rebuild would, until the block ends."""
    other = whoosh_index.open_dir(str(library_dir / INDEX_DIR)).writer()
    try:
        yield
    finally:
        other.cancel()


def short_wait_command(library_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", SHORT_WAIT_CLI, "--library", str(library_dir), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_sync_that_finds_the_index_busy_gives_up_and_the_next_sync_finishes_it(
    library: Library, daily_a: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(index_module, "WRITER_WAIT_S", 0.2)
    library.import_paths([daily_a])
    paper = paper_id_by_title(library, TITLE)
    library.set_starred([paper], True)
    indexed_before = library.index.paper_ids()

    with index_writer_held(library.folder):
        with pytest.raises(IndexBusy, match="stayed locked by another readinglist"):
            library.sync_index()
        with pytest.raises(IndexBusy):
            library.reindex()
        assert library.pending_index_count() == 1  # nothing was cleared
        assert library.index.paper_ids() == indexed_before  # the rebuild left the old index as it was
        # The index cannot be written, and still a search finds the change, from the database (issue 16).
        assert [r.paper.id for r in library.search("starred:yes")] == [paper]

    assert library.sync_index() == 1
    assert [r.paper.id for r in library.search("starred:yes")] == [paper]
    assert library.check(repair=False).agree


@pytest.fixture
def one_paper(tmp_path: Path, daily_a: Path) -> tuple[Path, int]:
    """A closed library of daily_a and the id of the paper the busy-index tests star."""
    library_dir = tmp_path / "library"
    with Library.open(library_dir) as library:
        library.import_paths([daily_a])
        return library_dir, paper_id_by_title(library, TITLE)


def test_a_command_that_finds_the_index_busy_says_so_and_retries(one_paper: tuple[Path, int]) -> None:
    library_dir, paper = one_paper

    with index_writer_held(library_dir):
        command = short_wait_command(library_dir, "star", str(paper))
        first_line = command.stderr.readline()  # blocks until the command has given up once
    out, rest = command.communicate(timeout=60)

    assert "library busy (another readinglist is writing to it), retrying (2 of 3)" in first_line
    assert command.returncode == 0, first_line + rest
    assert "Traceback" not in first_line + rest
    checked = subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library_dir), "check", "--no-repair"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "database and index agree" in checked.stdout, checked.stdout + checked.stderr
    with Library.open(library_dir) as library:
        assert [r.paper.id for r in library.search("starred:yes")] == [paper]


def test_an_index_busy_past_every_retry_is_one_line_and_loses_nothing(one_paper: tuple[Path, int]) -> None:
    library_dir, paper = one_paper

    with index_writer_held(library_dir):
        command = short_wait_command(library_dir, "star", str(paper))
        out, err = command.communicate(timeout=60)

    assert command.returncode == 1, err
    assert "Traceback" not in err
    assert err.strip().splitlines()[-1] == (
        "readinglist: the library stayed busy: another readinglist kept writing to it; try again later"
    )
    with Library.open(library_dir, sync=False) as library:
        assert library.get(paper).starred  # the database has the change
        assert library.pending_index_count() == 1  # and still knows the index lacks it
        assert library.sync_index() == 1  # the next sync finishes it
        assert [r.paper.id for r in library.search("starred:yes")] == [paper]
        assert library.check(repair=False).agree
