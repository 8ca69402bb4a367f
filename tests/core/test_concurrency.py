"""Two readinglist processes on one library at the same moment: both finish, and the library stays right.

Real processes (``python -m readinglist``) started together: an import while
another process rebuilds the index, two imports, and one file imported twice
at once. Each waits for the other's write lock (the database's or the
index's) instead of failing, and afterwards the database and the index agree.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.core.services import Library
from tests.benchmarks.corpus import generate_corpus

ROUNDS = 3
BASE_FILES = 2  # corpus files in the library before the rounds; the other two are imported at once
CORPUS_FILES = BASE_FILES + 2
PAPERS_PER_FILE = 300  # a library of 600 papers: a rebuild about as long as importing the shared dumps
TIMEOUT_S = 120  # a generous guard per process, never a measure


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Generated page dumps with no paper in two files: file k brings PAPERS_PER_FILE new papers."""
    folder = tmp_path_factory.mktemp("corpus")
    return generate_corpus(folder, PAPERS_PER_FILE * CORPUS_FILES, files=CORPUS_FILES, seed=14, repeat_share=0).files


@pytest.fixture(scope="module")
def base_library(tmp_path_factory: pytest.TempPathFactory, corpus: list[Path]) -> Path:
    """A closed library holding the first BASE_FILES corpus files, indexed; copy it, never change it."""
    folder = tmp_path_factory.mktemp("base") / "library"
    with Library.open(folder) as library:
        library.import_paths(corpus[:BASE_FILES])
        assert library.count() == PAPERS_PER_FILE * BASE_FILES
    return folder


def copy_of(base: Path, destination: Path) -> Path:
    shutil.copytree(base, destination)
    return destination


def readinglist(library_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "readinglist", "--library", str(library_dir), *args]


def run_together(*commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Start every command at once, then wait for all of them."""
    started = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for c in commands]
    finished = []
    for command, process in zip(commands, started, strict=True):
        out, err = process.communicate(timeout=TIMEOUT_S)
        finished.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return finished


def assert_finished_cleanly(*results: subprocess.CompletedProcess[str]) -> None:
    for result in results:
        said = f"{result.args[4:]}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        assert result.returncode == 0, said
        assert "Traceback" not in result.stderr, said
        assert "LockError" not in result.stderr, said


def assert_database_and_index_agree(library_dir: Path, papers: int, *, command: bool = True) -> None:
    """What ``readinglist check --no-repair`` says (with ``command``; else the same check in this process)."""
    if not command:  # a process start less (they are most of this module's time)
        with Library.open(library_dir, sync=False) as library:
            report = library.check(repair=False)
        assert (report.papers, report.indexed, report.agree) == (papers, papers, True), report
        return
    checked = subprocess.run(
        readinglist(library_dir, "check", "--no-repair"), capture_output=True, text=True, timeout=TIMEOUT_S
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{papers} papers, {papers} indexed; missing 0, extra 0, pending 0" in checked.stdout
    assert "database and index agree" in checked.stdout


def test_an_import_during_a_rebuild_of_the_index_both_finish(
    base_library: Path, shared_dumps: Path, tmp_path: Path
) -> None:
    dumps = tmp_path / "dumps"
    shutil.copytree(shared_dumps, dumps, ignore=shutil.ignore_patterns("*.json"))
    unique = json.loads((shared_dumps / "expected.json").read_text(encoding="utf-8"))["all_files_together"]
    papers = PAPERS_PER_FILE * BASE_FILES + unique["unique_papers"]

    for round_ in range(ROUNDS):
        library_dir = copy_of(base_library, tmp_path / f"library{round_}")
        rebuild, imported = run_together(
            readinglist(library_dir, "reindex"), readinglist(library_dir, "import", str(dumps))
        )
        assert_finished_cleanly(rebuild, imported)
        assert "indexed" in rebuild.stdout
        assert_database_and_index_agree(library_dir, papers, command=round_ == ROUNDS - 1)


def test_two_imports_at_once_both_finish(base_library: Path, corpus: list[Path], tmp_path: Path) -> None:
    library_dir = copy_of(base_library, tmp_path / "library")
    first, second = run_together(
        readinglist(library_dir, "import", str(corpus[BASE_FILES])),
        readinglist(library_dir, "import", str(corpus[BASE_FILES + 1])),
    )
    assert_finished_cleanly(first, second)
    assert_database_and_index_agree(library_dir, PAPERS_PER_FILE * CORPUS_FILES)
    with Library.open(library_dir, sync=False) as library:
        assert sorted(b.name for b in library.batches()) == sorted(path.name for path in corpus)


def test_one_file_imported_twice_at_once_makes_one_batch(shared_dumps: Path, tmp_path: Path) -> None:
    dump = shutil.copy(shared_dumps / "000_32231ceb8e828b17.txt", tmp_path / "daily.txt")
    for round_ in range(ROUNDS):
        library_dir = tmp_path / f"library{round_}"
        with Library.open(library_dir):  # made first: two processes creating one library is another matter
            pass
        results = run_together(*(readinglist(library_dir, "import", str(dump)) for _ in range(2)))
        assert_finished_cleanly(*results)
        lines = [r.stdout.splitlines()[0] for r in results]
        # One imported it ("…: 66 found, 66 new, 0 merged, …"), the other found it done ("…: already imported on …").
        assert sorted("already imported" in line for line in lines) == [False, True], lines
        assert any(f"{dump}: 66 found, 66 new" in line for line in lines), lines
        with Library.open(library_dir, sync=False) as library:
            [batch] = library.batches()
            papers = library.count()
        assert batch.name == "daily.txt" and batch.new == papers > 0
        assert_database_and_index_agree(library_dir, papers, command=round_ == ROUNDS - 1)
