"""The watch folder hands out a dump once it is complete, and again only when it changes."""

from __future__ import annotations

import os
from pathlib import Path

from readinglist.core.watching import FolderWatch


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def watch_of(folder: Path) -> tuple[FolderWatch, Clock]:
    clock = Clock()
    return FolderWatch(folder, settle_s=2.0, clock=clock), clock


def append(path: Path, text: str, mtime_ns: int) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
    os.utime(path, ns=(mtime_ns, mtime_ns))  # file systems with coarse times would hide a quick second write


def test_a_growing_file_is_handed_out_once_it_stops_growing(tmp_path: Path) -> None:
    watch, clock = watch_of(tmp_path)
    dump = tmp_path / "daily.txt"
    for chunk in range(3):
        append(dump, f"chunk {chunk}\n", mtime_ns=chunk * 1_000_000_000)
        assert watch.ready() == []
        clock.now += 1.5  # the writer pauses less than the settle time between chunks
    clock.now += 1.0
    assert watch.ready() == [dump]
    clock.now += 10
    assert watch.ready() == [], "an unchanged file is handed out only once"


def test_a_changed_file_is_handed_out_again(tmp_path: Path) -> None:
    watch, clock = watch_of(tmp_path)
    dump = tmp_path / "daily.txt"
    append(dump, "first\n", mtime_ns=1)
    watch.ready()
    clock.now += 3
    assert watch.ready() == [dump]
    append(dump, "more\n", mtime_ns=2)
    assert watch.ready() == []
    clock.now += 3
    assert watch.ready() == [dump]


def test_hidden_and_partial_downloads_are_left_alone(tmp_path: Path) -> None:
    watch, clock = watch_of(tmp_path)
    for name in (".hidden.txt", "page.txt.part", "page.txt.crdownload", "notes.txt~"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "weekly.txt").write_text("x", encoding="utf-8")
    watch.ready()
    clock.now += 3
    assert watch.ready() == [tmp_path / "sub" / "weekly.txt"]


def test_a_missing_folder_is_quietly_empty(tmp_path: Path) -> None:
    watch, clock = watch_of(tmp_path / "not-yet")
    assert watch.ready() == []
    (tmp_path / "not-yet").mkdir()
    (tmp_path / "not-yet" / "a.txt").write_text("x", encoding="utf-8")
    watch.ready()
    clock.now += 3
    assert watch.ready() == [tmp_path / "not-yet" / "a.txt"]
