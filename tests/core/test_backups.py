"""Daily backups in <library>/backups, listing them, and putting one back (real files)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from readinglist.cli import main
from readinglist.core import care
from readinglist.core.dumps import ParsedPaper
from readinglist.core.services import DB_FILE, Library
from readinglist.core.store import integrity_problems
from tests.helpers import paste_papers

MORNING = datetime(2025, 3, 4, 9, 0, 0)


def test_one_backup_a_day_and_the_last_seven_kept(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    first = care.daily_backup(library, MORNING)
    assert first is not None and first.parent == library.folder / "backups"
    assert care.daily_backup(library, MORNING + timedelta(hours=8)) is None  # same day: not again
    assert not integrity_problems(first)
    for day in range(1, 10):
        assert care.daily_backup(library, MORNING + timedelta(days=day)) is not None
    kept = care.list_backups(library.folder)
    assert len(kept) == care.KEEP_BACKUPS
    assert kept[0].taken == MORNING + timedelta(days=9)  # newest first
    assert [b.papers for b in kept] == [3] * care.KEEP_BACKUPS
    assert all(b.size > 0 for b in kept)


def test_a_read_only_library_takes_no_backup(tmp_path: Path, daily_a: Path) -> None:
    with Library.open(tmp_path / "lib") as library:
        library.import_paths([daily_a])
    with Library.open(tmp_path / "lib", read_only=True) as library:
        assert care.daily_backup(library, MORNING) is None
    assert not (tmp_path / "lib" / "backups").exists()


def test_restore_puts_a_backup_back_after_keeping_the_current_file(tmp_path: Path, daily_a: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
        backup = care.daily_backup(library, MORNING)
        paste_papers(library, [ParsedPaper("A Paper Added After The Backup", 1)], "later")
        assert library.count() == 4
    assert backup is not None

    runner = CliRunner()
    listed = runner.invoke(main, ["--library", str(folder), "backups"])
    assert listed.exit_code == 0 and backup.name in listed.stdout and "3 papers" in listed.stdout

    restored = runner.invoke(main, ["--library", str(folder), "restore", backup.name])
    assert restored.exit_code == 0, restored.output
    assert "restored" in restored.stdout and "3 papers" in restored.stdout
    with Library.open(folder) as library:
        assert library.count() == 3
        assert library.check(repair=False).agree
        assert not library.search("added after")
    [previous] = [b for b in care.list_backups(folder) if b.note == "before-restore"]
    assert previous.papers == 4  # the restore can itself be undone

    undone = runner.invoke(main, ["--library", str(folder), "restore", str(previous.path)])
    assert undone.exit_code == 0, undone.output
    with Library.open(folder) as library:
        assert library.count() == 4


def test_restore_refuses_a_file_that_is_not_a_library_backup(tmp_path: Path, daily_a: Path) -> None:
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    before = (folder / DB_FILE).read_bytes()
    foreign = tmp_path / "other.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    connection.close()
    for name in (str(foreign), "no-such-backup.sqlite3"):
        result = CliRunner().invoke(main, ["--library", str(folder), "restore", name])
        assert result.exit_code == 1
        assert len(result.stderr.strip().splitlines()) == 1
    assert (folder / DB_FILE).read_bytes() == before
