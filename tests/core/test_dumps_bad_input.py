"""Unreadable input, empty results, per-entry problems and bounded memory on huge files."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from readinglist.core.dumps import DumpError, Problem, read_dump_file, read_dump_text, split_entries
from readinglist.core.dumps.decoding import TOO_LONG_REASON

TAKEN = date(2025, 3, 20)
REPO = Path(__file__).resolve().parents[2]
ABSTRACT = (
    "We describe a method and test it on several benchmarks. The method is simple, "
    "works with any model we tried, and costs little extra compute at training time."
) * 8  # about the length of a real abstract
CARD = "Paper Number {n}: A Careful Study\n\n" + ABSTRACT + "\n\n  • 3 authors\n·\nMar 3\n\n"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "picture.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(200))

    with pytest.raises(DumpError, match=r"^binary file, not a text page dump$"):
        read_dump_file(path, reference_date=TAKEN)


def test_undecodable_bytes_without_nuls_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 40)

    with pytest.raises(DumpError, match=r"binary file"):
        read_dump_file(path, reference_date=TAKEN)


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"  \n\n \r\n"])
def test_empty_file(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)

    with pytest.raises(DumpError, match=r"^empty file$"):
        read_dump_file(path, reference_date=TAKEN)


def test_empty_pasted_text() -> None:
    with pytest.raises(DumpError, match=r"^empty text$"):
        read_dump_text(" \n", reference_date=TAKEN)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match=r"is a folder, not a page dump file"):
        read_dump_file(tmp_path, reference_date=TAKEN)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DumpError, match=r"^cannot read file: gone\.txt: No such file or directory$"):
        read_dump_file(tmp_path / "gone.txt", reference_date=TAKEN)


def test_text_without_papers_gives_no_entries(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("new\nSubscribe\nDaily Papers\nMar 17\nshopping list\n", encoding="utf-8")

    dump = read_dump_file(path, reference_date=TAKEN)

    assert dump.layout == "plain"
    assert dump.list_date_text == "Mar 17"
    assert list(dump.entries) == []


def test_title_without_abstract_is_a_problem_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(CARD.format(n=1) + "An Orphan Title\n\n" + CARD.format(n=2), encoding="utf-8")

    papers, problems = split_entries(read_dump_file(path, reference_date=TAKEN).entries)

    assert [paper.title for paper in papers] == [
        "Paper Number 1: A Careful Study",
        "Paper Number 2: A Careful Study",
    ]
    assert problems == [Problem(9, "title without abstract: An Orphan Title")]


def test_over_long_line_becomes_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write(CARD.format(n=1))  # lines 1-8
        out.write("y" * (5 * 1024 * 1024) + "\n")  # line 9: 5 MiB
        out.write(CARD.format(n=2))

    dump = read_dump_file(path, reference_date=TAKEN)
    entries = list(dump.entries)

    assert [type(entry).__name__ for entry in entries] == ["ParsedPaper", "Problem", "ParsedPaper"]
    assert entries[1] == Problem(9, TOO_LONG_REASON)
    assert entries[2].line == 10  # numbering goes on after the skipped line


def test_close_releases_an_unread_dump(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(CARD.format(n=1) * 3, encoding="utf-8")

    with read_dump_file(path, reference_date=TAKEN) as dump:
        next(dump.entries)

    assert list(dump.entries) == []


# Run in a fresh interpreter so that the peak RSS reflects this read alone.
_MEASURE = textwrap.dedent(
    """
    import resource, sys
    from datetime import date
    from pathlib import Path
    from readinglist.core.dumps import Problem, read_dump_file

    def peak():
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux

    before = peak()
    dump = read_dump_file(Path(sys.argv[1]), reference_date=date(2025, 3, 20))
    papers = problems = 0
    for entry in dump.entries:
        if isinstance(entry, Problem):
            problems += 1
        else:
            papers += 1
    print(papers, problems, peak() - before)
    """
)


def _measure(path: Path) -> tuple[int, int, int]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=True,
    )
    papers, problems, growth = (int(value) for value in result.stdout.split())
    return papers, problems, growth


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss units are platform-specific")
def test_huge_plain_dump_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    block = "".join(CARD.format(n=n) for n in range(1000))
    with path.open("w", encoding="utf-8") as out:
        out.write("new\n\nSubscribe\n\nMar 17\n\n")
        for _ in range(40):
            out.write(block)
    size = path.stat().st_size
    assert size > 50_000_000

    papers, problems, growth = _measure(path)

    assert (papers, problems) == (40_000, 0)
    assert growth < size // 5, f"peak memory grew by {growth / 1e6:.1f} MB for {size / 1e6:.0f} MB"


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss units are platform-specific")
def test_huge_single_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "one_line.txt"
    with path.open("w", encoding="utf-8") as out:
        out.write(CARD.format(n=1))
        chunk = "z" * (1024 * 1024)
        for _ in range(24):  # one 24 MiB line
            out.write(chunk)
        out.write("\n" + CARD.format(n=2))

    papers, problems, growth = _measure(path)

    assert (papers, problems) == (2, 1)
    assert growth < 12 * 1024 * 1024, f"peak memory grew by {growth / 1e6:.1f} MB"
