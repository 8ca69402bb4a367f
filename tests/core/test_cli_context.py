"""``readinglist.cli.context``: the one place the command line syncs the index, and only after success."""

from __future__ import annotations

from pathlib import Path

import pytest

from readinglist.cli.group import Context
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library


@pytest.fixture
def library_dir(tmp_path: Path, daily_a: Path) -> Path:
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        library.import_paths([daily_a])
    return folder


def _pending(folder: Path) -> int:
    with Library.open(folder, sync=False) as library:
        return library.pending_index_count()


def _first_paper(library: Library) -> int:
    return library.paper_ids(sort="id")[0]


def _change_then(folder: Path, error: BaseException) -> None:
    """A command that changes a paper, then fails with ``error`` inside ``Context.library``."""
    with Context(folder).library() as library:
        library.set_status([_first_paper(library)], ReadStatus.READ)
        raise error


def test_a_command_that_finished_leaves_the_index_synced(library_dir: Path) -> None:
    with Context(library_dir).library() as library:
        library.set_status([_first_paper(library)], ReadStatus.READ)
        assert library.pending_index_count() == 1  # not synced until the command is done
    assert _pending(library_dir) == 0


def test_a_command_that_raised_does_not_sync(library_dir: Path) -> None:
    with pytest.raises(RuntimeError):
        _change_then(library_dir, RuntimeError("the command broke after its change"))
    assert _pending(library_dir) == 1


def test_a_command_that_exited_does_not_sync(library_dir: Path) -> None:
    with pytest.raises(SystemExit):
        _change_then(library_dir, SystemExit(1))
    assert _pending(library_dir) == 1


def test_without_sync_nothing_is_indexed(library_dir: Path) -> None:
    with Context(library_dir).library(sync=False) as library:
        library.set_status([_first_paper(library)], ReadStatus.READ)
    assert _pending(library_dir) == 1


def test_every_lazy_command_is_found_under_its_own_name() -> None:
    """The group imports a command's module when it is used: each name leads to the command of that name."""
    import click

    from readinglist.cli import main
    from readinglist.cli.group import LAZY_COMMANDS

    context = click.Context(main)
    for name in LAZY_COMMANDS:
        command = main.get_command(context, name)
        assert command is not None and command.name == name
    assert set(main.list_commands(context)) == {*LAZY_COMMANDS, "gui"}
