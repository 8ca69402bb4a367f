"""Per-file isolation: whatever one file does, the others import and the report says why it failed.

Good dumps from ../shared/dumps sit among bad files (a huge upvote count, HTML
nested 5,000 deep, an export with wrong types, random bytes, a FIFO); each bad
file is one line of the report, the good ones are all in the library.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from readinglist.cli import main
from readinglist.core import import_failures, importing
from readinglist.core.dumps import ParsedPaper
from readinglist.core.import_reports import FileReport
from readinglist.core.services import Library
from tests.helpers import paste_papers

SHARED_DUMPS = Path(__file__).resolve().parents[2] / ".." / "shared" / "dumps"
REPO = Path(__file__).resolve().parents[2]
BAD = ("b_upvotes.txt", "b_deep.html", "b_export.json", "b_random.bin", "b_fifo")


@pytest.fixture
def good_dumps() -> list[Path]:
    dumps = sorted(SHARED_DUMPS.glob("*.txt"))
    if not dumps:
        pytest.skip("../shared/dumps not found beside the checkout (outside clone)")
    return dumps


@pytest.fixture
def mixed_folder(tmp_path: Path, good_dumps: list[Path]) -> Path:
    """The shared dumps (their names start with digits) and the bad files (b_...) in one folder."""
    folder = tmp_path / "downloads"
    folder.mkdir()
    for dump in good_dumps:
        (folder / dump.name).write_bytes(dump.read_bytes())
    card = "Mar 17\n\nA Paper With Far Too Many Upvotes\n\n" + "An abstract long enough to read as one. " * 3
    (folder / "b_upvotes.txt").write_text(
        f"{card}\n\n{10**30}\n\nhttps://huggingface.co/papers/2401.00001\n", encoding="utf-8"
    )
    link = '<a href="https://huggingface.co/papers/2401.00002">A deeply nested paper</a>'
    (folder / "b_deep.html").write_text(
        "<html><body>" + "<div>" * 5000 + link + "</div>" * 5000 + "</body></html>", encoding="utf-8"
    )
    wrong = [{"title": 123}, {"title": "Tags as text", "tags": "abc"}, {"title": "Bad status", "status": "later!"}]
    (folder / "b_export.json").write_text(json.dumps({"format": "readinglist", "version": 1, "papers": wrong}))
    (folder / "b_random.bin").write_bytes(os.urandom(4096))
    os.mkfifo(folder / "b_fifo")
    return folder


def _papers_of(library: Library, name: str) -> int:
    return sum(b.found for b in library.batches() if b.name == name)


def _check_reports(reports: list[FileReport], good_dumps: list[Path]) -> None:
    by_name = {Path(r.source).name: r for r in reports}
    assert set(by_name) == {d.name for d in good_dumps} | set(BAD)
    for dump in good_dumps:
        assert by_name[dump.name].outcome == "imported" and by_name[dump.name].found > 0
    for name in BAD:
        report = by_name[name]
        assert "\n" not in report.message and "Traceback" not in report.message
        if report.failed:
            assert report.message
    assert by_name["b_fifo"].message == "not a regular file (a FIFO); nothing read"
    assert by_name["b_random.bin"].message == "binary file, not a text page dump"
    export = by_name["b_export.json"]
    assert export.failed and export.message.startswith("no readable papers: 3 entries could not be read")
    assert [p.reason for p in export.problems] == [
        "paper 1 of the export: title is 123, not text",
        'paper 2 of the export: tags is "abc", not a list',
        "paper 3 of the export: unknown status 'later!'; use one of: new, queued, reading, read, dismissed",
    ]


def test_every_good_file_imports_around_the_bad_ones(tmp_path: Path, mixed_folder: Path, good_dumps: list[Path]):
    with Library.open(tmp_path / "library") as library:
        reports = library.import_paths([mixed_folder])

        _check_reports(reports, good_dumps)
        for dump in good_dumps:
            assert _papers_of(library, dump.name) > 0
        assert library.count() == sum(r.new for r in reports)


def test_the_command_line_reports_each_bad_file_in_one_line_and_exits_1(
    tmp_path: Path, mixed_folder: Path, good_dumps: list[Path]
) -> None:
    library = tmp_path / "library"
    command = [sys.executable, "-m", "readinglist", "--library", str(library), "import", str(mixed_folder), "/dev/zero"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stdout.splitlines()
    assert "/dev/zero: FAILED: not a regular file (a device); nothing read" in lines
    for name in BAD:
        [line] = [line for line in lines if line.startswith(str(mixed_folder / name))]
        if name in ("b_fifo", "b_random.bin", "b_export.json"):
            assert ": FAILED: " in line
    for dump in good_dumps:
        [line] = [line for line in lines if line.startswith(str(mixed_folder / dump.name))]
        assert " new, " in line
    assert lines[-1].endswith(f"{sum(1 for line in lines if ': FAILED: ' in line)} files failed")
    with Library.open(library, sync=False) as opened:
        for dump in good_dumps:
            assert _papers_of(opened, dump.name) > 0


def test_a_fifo_and_a_device_named_on_the_command_line_fail_at_once(tmp_path: Path, daily_a: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    library = tmp_path / "library"
    command = [sys.executable, "-m", "readinglist", "--library", str(library), "import", str(fifo), "/dev/zero"]
    result = subprocess.run([*command, str(daily_a)], capture_output=True, text=True, timeout=60, cwd=REPO)

    assert result.returncode == 1, result.stderr
    assert f"{fifo}: FAILED: not a regular file (a FIFO); nothing read" in result.stdout
    assert "/dev/zero: FAILED: not a regular file (a device); nothing read" in result.stdout
    assert f"{daily_a}: 3 found, 3 new" in result.stdout


@pytest.fixture
def unexpected_on(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """Batch names whose merge raises an error no reader expects (a bug); add names to the set."""
    names: set[str] = set()
    real_merge = importing.Merger.merge

    def merge(self: importing.Merger, papers: list[importing.ParsedPaper]) -> None:
        if Path(self.report.source).name in names:
            raise KeyError("a bug")
        real_merge(self, papers)

    monkeypatch.setattr(importing.Merger, "merge", merge)
    return names


def test_an_unexpected_error_is_logged_with_its_traceback(
    tmp_path: Path, daily_a: Path, daily_b: Path, unexpected_on: set[str]
) -> None:
    unexpected_on.add(daily_a.name)
    library = tmp_path / "library"
    result = CliRunner().invoke(main, ["--library", str(library), "import", str(daily_a), str(daily_b)])

    log = library / "logs" / "import-errors.log"
    assert result.exit_code == 1
    assert (
        f"{daily_a}: FAILED: lines 13-29: unexpected error (KeyError: 'a bug'); details in {log}"
        in result.output.splitlines()
    )
    assert f"{daily_b}: 2 found, 2 new" in result.output
    logged = log.read_text(encoding="utf-8")
    assert f"importing {daily_a}" in logged and "Traceback (most recent call last)" in logged
    assert "KeyError: 'a bug'" in logged
    with Library.open(library, sync=False) as opened:
        assert [b.name for b in opened.batches()] == [daily_b.name]  # the failed file left nothing


def test_the_error_log_stays_bounded(tmp_path: Path, daily_a: Path, unexpected_on: set[str]) -> None:
    unexpected_on.add(daily_a.name)
    with Library.open(tmp_path / "library") as library:
        log = tmp_path / "library" / "logs" / "import-errors.log"
        log.parent.mkdir()
        log.write_text("x" * (import_failures.ERROR_LOG_MAX_BYTES + 1), encoding="utf-8")
        [report] = library.import_paths([daily_a])

    assert report.failed and str(log) in report.message
    assert log.stat().st_size < 100_000 and "KeyError" in log.read_text(encoding="utf-8")
    assert log.with_name("import-errors.log.1").stat().st_size == import_failures.ERROR_LOG_MAX_BYTES + 1


def _disk_full_on(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    real_merge = importing.Merger.merge

    def merge(self: importing.Merger, papers: list[importing.ParsedPaper]) -> None:
        real_merge(self, papers)
        if Path(self.report.source).name == name:
            raise OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(importing.Merger, "merge", merge)


def test_a_full_disk_stops_the_import_with_the_report_of_the_files_done(
    tmp_path: Path, daily_a: Path, daily_b: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number, dump in enumerate((daily_a, daily_b, daily_a)):
        (folder / f"{number}.txt").write_bytes(dump.read_bytes() + b"\n" * number)  # three different hashes
    _disk_full_on(monkeypatch, "1.txt")
    library = tmp_path / "library"
    result = CliRunner().invoke(main, ["--library", str(library), "import", str(folder)])

    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"{folder / '0.txt'}: 3 found, 3 new, 0 merged, 0 skipped (plain)" in lines
    assert (
        f"{folder / '1.txt'}: FAILED: disk full: database or disk is full; "
        "the import stopped, files before this one are imported"
    ) in lines
    assert "import stopped: 1 of 3 files not tried" in lines
    assert not any("2.txt" in line for line in lines)
    with Library.open(library, sync=False) as opened:
        assert [b.name for b in opened.batches()] == ["0.txt"]
        assert opened.count() == 3


def test_a_full_disk_from_the_operating_system_stops_the_import_too(
    library: Library, daily_a: Path, daily_b: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(*_args: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importing, "file_digest", no_space)
    reports = library.import_paths([daily_a, daily_b])

    assert len(reports) == 1 and reports[0].halted
    assert reports[0].message.startswith("disk full: No space left on device; the import stopped")


def test_a_busy_library_is_raised_for_the_caller_to_retry(
    library: Library, daily_a: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(*_args: object) -> None:
        raise OperationalError("INSERT", {}, sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(importing.Merger, "merge", busy)
    with pytest.raises(OperationalError, match="locked"):
        importing.import_file(library.engine, daily_a)


def test_an_unreadable_folder_is_reported_not_skipped(tmp_path: Path, daily_a: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod does not keep root out of a folder")
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "daily.txt").write_bytes(daily_a.read_bytes())
    (folder / "locked" / "hidden.txt").write_bytes(daily_a.read_bytes())
    (folder / "locked").chmod(0)
    try:
        command = [sys.executable, "-m", "readinglist", "--library", str(tmp_path / "lib"), "import", str(folder)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=REPO)
    finally:
        (folder / "locked").chmod(0o700)

    assert result.returncode == 1
    assert f"{folder / 'locked'}: FAILED: cannot read folder: Permission denied" in result.stdout
    assert f"{folder / 'daily.txt'}: 3 found, 3 new" in result.stdout


def test_a_folder_that_cannot_be_listed_is_listed_for_its_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as above where root cannot be kept out: the listing fails as it would for a user."""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "a.txt").write_text("a", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: str | Path) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(importing.os, "scandir", scandir)
    assert importing.expand_paths([folder]) == [folder / "a.txt", folder / "locked"]
    with Library.open(tmp_path / "library") as library:
        report = importing.import_file(library.engine, folder / "locked")
    assert report.failed and report.message == "cannot read folder: Permission denied"


def test_a_batch_committed_meanwhile_by_another_import_reads_as_already_imported(
    library: Library, daily_a: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes importing one file at once: the UNIQUE content hash makes the second one's insert fail."""
    [first] = library.import_paths([daily_a])
    with library.engine.begin() as connection:
        connection.execute(text("CREATE UNIQUE INDEX IF NOT EXISTS one_hash ON import_batch (content_hash)"))
    real_lookup = importing._batch_with_hash
    looked = []

    def not_yet(engine: object, digest: str, restored: bool = False) -> object:
        looked.append(digest)
        return None if len(looked) == 1 else real_lookup(library.engine, digest, restored)  # the race

    monkeypatch.setattr(importing, "_batch_with_hash", not_yet)
    report = importing.import_file(library.engine, daily_a)

    assert report.outcome == "unchanged" and report.batch_id == first.batch_id
    assert report.message.startswith("already imported on ")
    assert len(library.batches()) == 1


def test_two_entries_matching_one_paper_by_different_keys_list_it_once(library: Library) -> None:
    first = paste_papers(library, [ParsedPaper("Sparse Lattice Attention", 1, arxiv_id="2410.05434")], "first")
    assert first.new == 1
    both = [
        ParsedPaper("Another Title Entirely", 1, arxiv_id="2410.05434"),  # the paper, by its arXiv id
        ParsedPaper("Sparse Lattice Attention", 2),  # the same paper, by its title
    ]
    report = paste_papers(library, both, "second")
    assert not report.failed and report.merged == 2
    [paper] = library.records(library.paper_ids())
    assert [s.file for s in paper.sources] == ["first", "second"]
