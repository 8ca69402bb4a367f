"""Faults: a full disk, a read-only library folder, a read-only index; one clear line each, nothing lost.

This machine's tests may run as root, which ignores file modes: there the read-only
cases are simulated (the library's writability check, or the index writer, patched
to what a read-only folder gives) and said so; the chmod versions run otherwise.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinglist.cli import main
from readinglist.core import index as index_module
from readinglist.core import services
from readinglist.core.services import DB_FILE, Library
from readinglist.core.store import integrity_problems
from tests.benchmarks.corpus import generate_corpus

ROOT = os.geteuid() == 0

# A command run with a file-size limit: every write past it fails with EFBIG, as on a full disk.
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of the signal that kills the process
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from readinglist.cli import main
main(sys.argv[2:], prog_name="readinglist")
"""


def cli(folder: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--library", str(folder), *args])


@pytest.fixture
def folder(tmp_path: Path, daily_a: Path) -> Path:
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    return folder


def test_a_full_disk_fails_the_import_with_one_line_and_loses_nothing(folder: Path, tmp_path: Path) -> None:
    corpus = generate_corpus(tmp_path / "dumps", 3000, files=1)
    limit = (folder / DB_FILE).stat().st_size + 64 * 1024
    result = subprocess.run(
        [sys.executable, "-c", LIMITED, str(limit), "--library", str(folder), "import", *map(str, corpus.files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    said = result.stdout + result.stderr
    assert "cannot write to the library" in said or "full" in said, said
    assert not integrity_problems(folder / DB_FILE)
    with Library.open(folder) as library:
        assert library.count() == 3  # the import's one transaction rolled back; what was there stays
        assert library.check(repair=False).agree


@pytest.fixture
def read_only_folder(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The library folder made read-only (chmod -R a-w; as root, the writability check says so)."""
    if ROOT:
        monkeypatch.setattr(services, "can_write", lambda _folder, _db: False)
    modes = {path: path.stat().st_mode for path in [folder, *folder.rglob("*")]}
    for path in modes:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield folder
    for path, mode in modes.items():
        path.chmod(mode)


def test_a_read_only_library_is_listed_searched_and_exported(read_only_folder: Path, tmp_path: Path) -> None:
    before = (read_only_folder / DB_FILE).read_bytes()
    listed = cli(read_only_folder, "list", "--json")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.count('"title"') == 3
    assert "read-only" in listed.stderr
    found = cli(read_only_folder, "search", "lattice")
    assert found.exit_code == 0, found.output
    assert "Sparse Lattice Attention" in found.stdout
    exported = cli(read_only_folder, "export", "-o", str(tmp_path / "out.json"))
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "out.json").stat().st_size > 0

    refused = cli(read_only_folder, "star", "1")
    assert refused.exit_code == 1
    assert refused.stderr.strip().count("\n") == 0 and "read-only" in refused.stderr
    assert "Traceback" not in refused.output
    assert (read_only_folder / DB_FILE).read_bytes() == before


def test_a_read_only_library_opens_without_its_wal_files(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Closed cleanly, a library has no -wal or -shm: a read-only folder cannot get them (immutable=1 then).
    assert not (folder / (DB_FILE + "-wal")).exists()
    monkeypatch.setattr(services, "can_write", lambda _folder, _db: False)
    with Library.open(folder) as library:
        assert library.read_only is not None
        assert library.count() == 3


@pytest.fixture
def read_only_index(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The library's index/ made read-only (as root: its writer fails as a read-only folder's would)."""
    index_dir = folder / "index"
    if ROOT:

        def refuse(*_args: object, **_kwargs: object) -> None:
            raise PermissionError(13, "Permission denied", str(index_dir / "MAIN_WRITELOCK"))

        monkeypatch.setattr(index_module.SearchIndex, "writer", refuse)
    modes = {path: path.stat().st_mode for path in [index_dir, *index_dir.rglob("*")]}
    for path in modes:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield folder
    for path, mode in modes.items():
        path.chmod(mode)


def test_a_read_only_index_keeps_the_change_and_says_how_to_catch_up(read_only_index: Path) -> None:
    folder = read_only_index
    result = cli(folder, "star", "1")
    assert result.exit_code == 0, result.output  # the change is saved: only the index lags
    assert "Traceback" not in result.output
    [line] = result.stderr.strip().splitlines()
    assert "search index" in line and "readinglist reindex" in line
    listed = cli(folder, "list", "--starred", "--json")  # the change was saved, and the list still works
    assert listed.exit_code == 0, listed.output
    assert '"id": 1' in listed.stdout


def test_the_index_catches_up_once_writable_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as patch:
        patch.setattr(
            index_module.SearchIndex, "writer", lambda *_a, **_k: (_ for _ in ()).throw(PermissionError(13, "x"))
        )
        library = Library.open(folder, sync=False)
        library.set_starred([1], True)
        with pytest.raises(services.IndexUnavailableError, match="readinglist reindex"):
            library.sync_index()
        library.close()
    with Library.open(folder) as library:
        assert library.get(1).starred
        assert library.pending_index_count() == 0
        assert [r.paper.id for r in library.search("starred:yes")] == [1]
