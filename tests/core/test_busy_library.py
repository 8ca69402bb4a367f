"""A command that finds the library busy says so and tries again, instead of failing with a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.core.services import DB_FILE, Library
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
