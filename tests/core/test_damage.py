"""A damaged database: found on open, opened read-only with the way out, and repaired.

Real files and real processes: a library built from the shared dumps, pages of its
file overwritten with random bytes, then the ``readinglist`` command run on it.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.core import care
from readinglist.core.services import DB_FILE, Library, ReadOnlyLibraryError
from readinglist.core.store import integrity_problems
from tests.conftest import SHARED_DUMPS


def readinglist(library: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the command line in its own process."""
    return subprocess.run(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def garble(db_path: Path, size: int = 8192, seed: int = 7) -> None:
    """Overwrite ``size`` bytes in the middle of the file with random bytes (a few pages)."""
    total = db_path.stat().st_size
    with db_path.open("r+b") as file:
        file.seek(total // 2 - size // 2)
        file.write(random.Random(seed).randbytes(size))


def paper_count(db_path: Path) -> int:
    with sqlite3.connect(db_path) as connection:
        count = connection.execute("SELECT count(*) FROM paper").fetchone()[0]
    connection.close()
    return int(count)


@pytest.fixture(scope="module")
def built_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library of the shared dumps, closed (its WAL checkpointed into the file); built once."""
    if not (SHARED_DUMPS / "expected.json").is_file():
        pytest.skip(f"{SHARED_DUMPS} not found beside the checkout: shared dumps unavailable")
    shared_dumps = SHARED_DUMPS
    folder = tmp_path_factory.mktemp("damage") / "library"
    with Library.open(folder) as library:
        library.import_paths(sorted(shared_dumps.glob("*.txt")))
    return folder


@pytest.fixture
def real_library(tmp_path: Path, built_library: Path) -> Path:
    """This test's own copy of the shared-dumps library."""
    return Path(shutil.copytree(built_library, tmp_path / "library"))


def test_damaged_library_is_refused_for_writing_listed_and_repaired(real_library: Path, shared_dumps: Path) -> None:
    db_path = real_library / DB_FILE
    original = paper_count(db_path)
    garble(db_path)
    assert integrity_problems(db_path)
    damaged_bytes = db_path.read_bytes()

    imported = readinglist(real_library, "import", str(sorted(shared_dumps.glob("*.txt"))[0]))
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr
    assert "damaged" in imported.stderr and "readinglist repair" in imported.stderr
    assert len(imported.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == damaged_bytes  # not a byte written

    listed = readinglist(real_library, "list", "--json")
    assert "Traceback" not in listed.stderr
    if listed.returncode == 0:  # the damaged pages may hold papers: what can be read is listed
        assert len(json.loads(listed.stdout)) > original // 2
        assert "readinglist repair" in listed.stderr
    else:
        assert "damaged" in listed.stderr and "readinglist repair" in listed.stderr

    repaired = readinglist(real_library, "repair")
    assert repaired.returncode == 0, repaired.stderr
    [aside] = real_library.glob("library.damaged-*.sqlite3")
    assert aside.read_bytes() == damaged_bytes  # kept, never deleted
    assert not integrity_problems(db_path)
    recovered = paper_count(db_path)
    assert original * 0.8 <= recovered <= original, (recovered, original)
    assert f"{recovered} papers" in repaired.stdout

    checked = readinglist(real_library, "check", "--no-repair")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{recovered} papers, {recovered} indexed" in checked.stdout
    again = readinglist(real_library, "import", str(sorted(shared_dumps.glob("*.txt"))[0]))
    assert again.returncode == 0, again.stderr


def test_damaged_library_opens_read_only_in_process(real_library: Path) -> None:
    db_path = real_library / DB_FILE
    garble(db_path)
    with Library.open(real_library) as library:
        assert library.read_only is not None and "readinglist repair" in library.read_only
        assert library.search("attention")  # the index is not damaged: searches still answer
        with pytest.raises(ReadOnlyLibraryError, match="damaged"):
            library.set_starred([1], True)
        assert library.sync_index() == 0  # no index sync on a read-only library


def test_repair_without_the_sqlite3_program_copies_the_readable_rows(
    real_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = real_library / DB_FILE
    original = paper_count(db_path)
    garble(db_path, seed=11)
    monkeypatch.setattr(care.shutil, "which", lambda _name: None)
    report = care.repair(real_library)
    assert report is not None and report.method == "row by row copy"
    assert original * 0.8 <= report.papers <= original
    assert report.indexed == report.papers
    assert report.damaged_copy.is_file()
    with Library.open(real_library) as library:
        assert library.read_only is None
        assert library.check(repair=False).agree


def test_repair_of_a_sound_library_changes_nothing(real_library: Path) -> None:
    before = (real_library / DB_FILE).read_bytes()
    assert care.repair(real_library) is None
    assert (real_library / DB_FILE).read_bytes() == before
    assert not list(real_library.glob("library.damaged-*"))
