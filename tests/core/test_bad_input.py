"""Bad input never crashes an import and never leaves half a file behind."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from readinglist.core import importing
from readinglist.core.dumps import DumpError
from readinglist.core.services import Library


def reasons(reports: list[importing.FileReport]) -> dict[str, str]:
    return {Path(r.source).name: r.message for r in reports if r.failed}


def test_a_folder_of_mixed_files_imports_what_it_can(library: Library, daily_a: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    (folder / "nested").mkdir(parents=True)
    (folder / "nested" / "daily.txt").write_bytes(daily_a.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(500))
    (folder / "shopping.txt").write_text("milk\neggs\nbread\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("ignored", encoding="utf-8")

    reports = library.import_paths([folder])

    assert sorted(Path(r.source).name for r in reports) == ["daily.txt", "empty.txt", "photo.jpg", "shopping.txt"]
    failed = reasons(reports)
    assert set(failed) == {"empty.txt", "photo.jpg", "shopping.txt"}
    assert "empty" in failed["empty.txt"]
    assert "binary" in failed["photo.jpg"]
    assert failed["shopping.txt"].startswith("no papers found")
    assert all("\n" not in message for message in failed.values())
    assert library.count() == 3
    assert [b.name for b in library.batches()] == ["daily.txt"]


def test_a_missing_file_is_one_line_of_error(library: Library, tmp_path: Path) -> None:
    [report] = library.import_paths([tmp_path / "gone.txt"])
    assert report.failed and report.message == "cannot read file: it does not exist (moved or deleted?)"


def test_a_file_failing_midway_leaves_nothing_behind(
    library: Library, daily_a: Path, daily_b: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library.import_paths([daily_b])
    real_read = importing.read_dump_file

    def vanishing_read(path: Path, **kwargs):
        dump = real_read(path, **kwargs)
        first_entry = next(dump.entries)

        def entries_then_vanish():
            yield first_entry
            raise DumpError("cannot read file: it vanished while it was being read")

        dump.entries = entries_then_vanish()
        return dump

    monkeypatch.setattr(importing, "read_dump_file", vanishing_read)
    [report] = library.import_paths([daily_a])

    assert report.failed and "vanished" in report.message
    assert library.count() == 2  # daily_b's papers only
    assert [b.name for b in library.batches()] == ["daily_b.txt"]
    assert library.pending_index_count() == 0


# Imports one file into a fresh library without indexing, then prints the peak RSS.
IMPORT_AND_MEASURE = """
import resource, sys
from pathlib import Path
from readinglist.core.importing import import_file
from readinglist.core.services import Library

library = Library.open(Path(sys.argv[1]))
report = import_file(library.engine, Path(sys.argv[2]))
print(report.outcome, report.new, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def import_in_child(library_dir: Path, dump: Path) -> tuple[str, int, int]:
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_AND_MEASURE, str(library_dir), str(dump)],
        cwd=repo, capture_output=True, text=True, check=True,
    )  # fmt: skip
    outcome, new, peak = result.stdout.split()
    return outcome, int(new), int(peak)


@pytest.mark.slow
def test_a_huge_file_streams_with_bounded_memory(tmp_path: Path, daily_a: Path) -> None:
    huge = tmp_path / "huge.txt"
    abstract = "We study a method that improves results on many benchmarks. " * 25
    with huge.open("w", encoding="utf-8") as out:
        out.write("new\n\nSubscribe\n\n")
        for number in range(40_000):
            out.write(f"Paper Number {number} About Scaling\n\n{abstract}\n\n")
    size = huge.stat().st_size

    _, _, baseline = import_in_child(tmp_path / "small", daily_a)
    outcome, new, peak = import_in_child(tmp_path / "big", huge)

    assert (outcome, new) == ("imported", 40_000)
    assert peak - baseline < size / 2, f"peak RSS grew {(peak - baseline) >> 20} MiB for a {size >> 20} MiB file"
