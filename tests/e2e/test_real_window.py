"""The real app on a private Xvfb display: real keys from xdotool and a real XDND drop.

Nothing here runs Qt in the test process. The library is prepared and checked
through the command line; the window is a separate ``readinglist`` process; the
file drop comes from a second PySide6 process started with ``QDrag.exec()``.

Needs (Debian): xvfb xauth x11-utils xdotool imagemagick, plus the xcb libraries
Qt's xcb plugin loads (libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.benchmarks.corpus import generate_corpus
from tests.e2e.xsession import (
    DAILY_A,
    DAILY_B,
    E2E,
    READINGLIST,
    SCREEN,
    Display,
    drag_file,
    failure_reporter,
    papers,
    png_facts,
    poll,
    quit_with_ctrl_q,
    screenshot,
    start_app,
    stop,
)

pytestmark = E2E

# -- the tests -------------------------------------------------------------------


def test_keys_search_and_a_real_drop_in_the_real_window(display: Display, tmp_path: Path) -> None:
    library = tmp_path / "library"
    imported = display.run(str(READINGLIST), "--library", str(library), "import", str(DAILY_A), timeout=60)
    assert "3 new papers" in imported.stdout, imported.stdout + imported.stderr
    in_window_order = papers(display, library, "--sort", "added", "--desc")  # the window's default order
    assert len(in_window_order) == 3
    first_row = in_window_order[0]["title"]

    app_log = tmp_path / "app.stderr"
    app: subprocess.Popen | None = None
    source: subprocess.Popen | None = None
    try:
        # -- the window opens with the first paper current and the table focused
        app, wid = start_app(display, library, app_log)
        display.xdotool("mousemove", *map(str, display.center(wid)))
        app_failed = failure_reporter(display, tmp_path, app_log)

        # -- real keys: star and queue the first row, then a search that Esc clears
        display.xdotool("key", "s")
        display.xdotool("key", "q")
        display.xdotool("key", "slash")
        display.xdotool("type", "--delay", "30", "sparse")  # letters that would star/read papers if they leaked
        display.xdotool("key", "Escape")

        def one_starred_and_queued() -> list[dict] | None:
            listed = papers(display, library)
            marked = [p for p in listed if p["starred"] or p["status"] != "new"]
            return listed if len(marked) == 1 and marked[0]["starred"] and marked[0]["status"] == "queued" else None

        try:
            listed = poll(one_starred_and_queued, 15, "one paper starred and queued", watch=app)
        except AssertionError as error:
            states = [(p["title"], p["status"], p["starred"]) for p in papers(display, library)]
            raise AssertionError(app_failed(f"{error}; papers now: {states}")) from error
        assert len(listed) == 3
        assert next(p["title"] for p in listed if p["starred"]) == first_row, "the keys did not act on the first row"

        # -- a real XDND drag of daily_b.txt from another process onto the window
        try:
            said, source = drag_file(display, DAILY_B, display.center(wid), tmp_path)
        except AssertionError as error:
            raise AssertionError(app_failed(str(error))) from error
        assert "drag result: DropAction.CopyAction" in said, app_failed(f"the drop was not accepted:\n{said}")

        def four_papers() -> list[dict] | None:
            listed = papers(display, library)
            return listed if len(listed) == 4 else None

        try:
            listed = poll(four_papers, 20, "4 papers after the drop", watch=app)
        except AssertionError as error:
            raise AssertionError(app_failed(str(error))) from error
        assert {"Graph Tokenizers for Molecule Language Models"} <= {p["title"] for p in listed}
        assert sum(p["starred"] for p in listed) == 1

        # -- a screenshot of the whole screen
        shot = screenshot(display, tmp_path / "e2e.png")
        assert shot.is_file() and shot.stat().st_size > 10_000, f"screenshot too small: {shot}"
        width, height, colours = png_facts(display, shot)
        assert (width, height) == SCREEN and colours > 50, (width, height, colours)

        # -- Ctrl+Q quits cleanly (focus the window again: the drop may have moved it)
        quit_with_ctrl_q(display, app, wid, app_failed)
    finally:
        stop(app)  # before the drag source and, in the fixture, before Xvfb
        stop(source)


def test_triage_five_papers_with_real_keys_undo_one_and_quit(display: Display, tmp_path: Path) -> None:
    library = tmp_path / "library"
    dumps = generate_corpus(tmp_path / "dumps", 8, files=1, seed=11)
    display.run(str(READINGLIST), "--library", str(library), "import", *map(str, dumps.files), timeout=60)
    inbox = [p["id"] for p in papers(display, library, "--status", "new", "--sort", "added", "--desc")]
    assert len(inbox) == 8

    app_log = tmp_path / "app.stderr"
    app, wid = start_app(display, library, app_log)
    app_failed = failure_reporter(display, tmp_path, app_log)
    try:
        display.xdotool("key", "ctrl+shift+t")
        for key in ("q", "d", "r", "p", "d", "z"):  # five decisions, then undo the last
            display.xdotool("key", key)
        display.xdotool("key", "Escape")
        quit_with_ctrl_q(display, app, wid, app_failed)
    finally:
        stop(app)

    status = {p["id"]: p["status"] for p in papers(display, library)}
    expected = ["queued", "dismissed", "read", "reading", "new", "new", "new", "new"]
    assert [status[pid] for pid in inbox] == expected, app_failed("the statuses after triage differ")
