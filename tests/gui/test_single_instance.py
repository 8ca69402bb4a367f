"""One window per library: a second launch hands its files to the first window and exits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinglist import cli
from readinglist.gui import app
from readinglist.gui.instance import SingleInstance
from tests.gui.test_main_window import titles_on_screen
from tests.gui.test_undo import DAILY_A
from tests.helpers import settle

LAUNCH_TIMEOUT_S = 60


def launch(library: Path, *args: str) -> subprocess.Popen:
    """``readinglist --library LIBRARY ARGS...`` as a process of its own, as a file manager starts it."""
    return subprocess.Popen(
        [sys.executable, "-m", "readinglist", "--library", str(library), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_a_second_launch_hands_its_file_to_the_open_window(qtbot, window) -> None:
    instance = SingleInstance(window.library.folder)
    assert instance.claim()
    server = instance.serve(window)
    server.files_received.connect(window.receive_files)
    try:
        with qtbot.waitSignal(window.import_finished, timeout=LAUNCH_TIMEOUT_S * 1000) as finished:
            second = launch(window.library.folder, str(DAILY_A))
        _out, err = second.communicate(timeout=LAUNCH_TIMEOUT_S)
    finally:
        server.close()
        instance.release()
    assert second.returncode == 0, err
    assert "already open" in err and "handed it 1 file(s)" in err
    [report] = finished.args[0]
    assert (Path(report.source), report.new) == (DAILY_A, 3)
    settle(qtbot, window)
    assert len(titles_on_screen(qtbot, window)) == 3


def test_the_library_is_free_again_after_its_owner_crashed(tmp_path: Path) -> None:
    library = tmp_path / "library"
    owner = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from readinglist.gui.instance import SingleInstance; "
            f"owner = SingleInstance(Path({str(library)!r})); assert owner.claim(); "
            "print('claimed', flush=True); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert owner.stdout.readline().strip() == "claimed"
    assert not SingleInstance(library).claim(), "a live owner keeps the library"
    owner.send_signal(signal.SIGKILL)
    owner.wait()
    mine = SingleInstance(library)
    assert mine.claim(), "the lock of a process that is gone is taken over"
    mine.release()


@pytest.mark.parametrize(
    ("args", "files"),
    [
        ([str(DAILY_A)], [DAILY_A]),  # how "Open with" starts the app
        (["gui", str(DAILY_A)], [DAILY_A]),
        ([], []),
    ],
)
def test_file_arguments_open_the_window_with_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], files: list[Path]
) -> None:
    started: list[tuple[Path, list[Path]]] = []
    monkeypatch.setattr(app, "run", lambda library_dir, files=(): started.append((library_dir, list(files))) or 0)
    result = CliRunner().invoke(cli.main, ["--library", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    assert started == [(tmp_path, files)]


def test_an_unknown_command_is_still_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["--library", str(tmp_path), "imprt"])
    assert result.exit_code == 2 and "No such command 'imprt'" in result.output
