"""A new user's first session, scripted: the real app on Xvfb, real keys, a real drop, a real paste.

Every step a person takes in their first minutes is here, in order: an empty
library, a dump dropped from a file manager, a page pasted from a browser,
twenty decisions after rebinding a key (and a stray letter that must do
nothing), an undo after a dialog, a decision on three selected papers, triage
from the top, a search in a list widened to all papers and saved, removing an
import, and quitting and reopening with the same paper current. Each outcome is
read back through the command line (the database), never from the window's own
word. Screenshots of every step are written for a person to look at (into
``$READINGLIST_E2E_SHOTS`` when set, else the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.benchmarks.corpus import generate_corpus
from tests.conftest import SHARED_DUMPS
from tests.e2e.xsession import (
    E2E,
    READINGLIST,
    Display,
    drag_file,
    failure_reporter,
    hold_clipboard,
    papers,
    poll,
    private_display,
    quit_with_ctrl_q,
    screenshot,
    start_app,
    stop,
)

pytestmark = E2E

WAIT_S = 20  # generous: the CLI answers in well under a second; CI machines are shared
STILL_BLOCK = 4096  # bytes of raw screen compared at a time
STILL_CHANGED_BLOCKS = 40  # a blinking text cursor changes fewer blocks than this between grabs


class Session:
    """The app on a display, the keys a person presses, and the library read back through the command line."""

    def __init__(self, display: Display, library: Path, work: Path, shots: Path) -> None:
        self.display = display
        self.library = library
        self.work = work
        self.shots = shots
        self.log = work / "app.stderr"
        self.app: subprocess.Popen | None = None
        self.wid = ""
        self.failed: Callable[[str], str] = failure_reporter(display, work, self.log)
        self._shot = 0

    def start(self) -> None:
        """Start the app and make its window fill the screen (there is no window manager to do it)."""
        self.app, self.wid = start_app(self.display, self.library, self.log)
        width, height = self.display.screen
        self.display.xdotool("windowmove", "--sync", self.wid, "0", "0")
        self.display.xdotool("windowsize", "--sync", self.wid, str(width), str(height))
        self.display.focus(self.wid)

    def quit(self) -> None:
        assert self.app is not None
        quit_with_ctrl_q(self.display, self.app, self.wid, self.failed)
        self.app = None

    def keys(self, *keys: str) -> None:
        """Press each key (xdotool names: "q", "shift+Down", "ctrl+comma") in turn."""
        for key in keys:
            self.display.xdotool("key", "--clearmodifiers", key)

    def type(self, text: str) -> None:
        self.display.xdotool("type", "--delay", "30", text)

    def wait_for_window(self, title: str) -> str:
        """The id of a window titled ``title`` once it is on screen (a dialog the keys opened), with the keyboard.

        A window manager gives a new dialog the keyboard; without one, the keys typed
        next could still reach the main window for a moment, so it is focused here.
        """
        wid = self.display.find_window(title)
        self.display.focus(wid)
        return wid

    def still(self) -> None:
        """Wait until the screen stops changing (the app has painted what the last key asked for).

        Two grabs in a row that differ in at most a few 4 KiB blocks count as still: a
        blinking text cursor changes a handful.
        """
        assert self.app is not None
        last = b""

        def settled() -> bool:
            nonlocal last
            grab = self.display.grab()
            blocks = range(0, len(grab), STILL_BLOCK)
            changed = (
                sum(grab[i : i + STILL_BLOCK] != last[i : i + STILL_BLOCK] for i in blocks) if last else len(blocks)
            )
            last = grab
            return changed <= STILL_CHANGED_BLOCKS

        poll(settled, WAIT_S, "the screen to settle", watch=self.app)

    def shoot(self, name: str) -> Path:
        """A screenshot named by its step, numbered in order, once the screen is still."""
        self.still()
        self._shot += 1
        return screenshot(
            self.display,
            self.shots / f"{self.display.screen[0]}x{self.display.screen[1]}" / f"{self._shot:02d}-{name}.png",
        )

    def cli(self, *args: str) -> str:
        done = self.display.run(str(READINGLIST), "--library", str(self.library), *args, timeout=60, check=False)
        assert done.returncode == 0, self.failed(f"readinglist {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def papers(self, *options: str) -> list[dict]:
        return papers(self.display, self.library, *options)

    def until(self, what: str, check: Callable[[list[dict]], bool], *options: str) -> list[dict]:
        """The papers (as ``list --json`` gives them) once ``check`` holds for them."""
        assert self.app is not None

        def holds() -> list[dict] | None:
            listed = self.papers(*options)
            return listed if check(listed) else None

        try:
            return poll(holds, WAIT_S, what, watch=self.app)
        except AssertionError as error:
            now = [(p["id"], p["title"][:40], p["status"], p["starred"]) for p in self.papers()]
            raise AssertionError(self.failed(f"{error}; papers now: {now}")) from error

    def inbox(self) -> list[int]:
        """The Inbox's paper ids in the window's default order (newest import first)."""
        return [p["id"] for p in self.papers("--status", "new", "--sort", "added", "--desc")]

    def statuses(self) -> dict[int, str]:
        return {p["id"]: p["status"] for p in self.papers()}


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where the screenshots go: ``$READINGLIST_E2E_SHOTS`` (kept for a person) or the test's folder."""
    chosen = os.environ.get("READINGLIST_E2E_SHOTS")
    return Path(chosen) if chosen else tmp_path / "shots"


def _dumps(work: Path) -> tuple[Path, Path]:
    """Two real page dumps (a file to drop, a page to paste); generated ones when ../shared is absent."""
    if (SHARED_DUMPS / "expected.json").is_file():
        return SHARED_DUMPS / "001_c2a16549ba7e6dd4.txt", SHARED_DUMPS / "000_32231ceb8e828b17.txt"
    generated = generate_corpus(work / "dumps", 60, files=2, seed=15)
    return generated.files[0], generated.files[1]


def _starred(listed: list[dict]) -> set[int]:
    return {p["id"] for p in listed if p["starred"]}


def _titles(display: Display, library: Path, *files: Path) -> set[str]:
    """The titles of a reference library (made of ``files`` first, when given)."""
    if files:
        display.run(str(READINGLIST), "--library", str(library), "import", *map(str, files), timeout=120)
    return {p["title"] for p in papers(display, library)}


def _expected_count(display: Display, work: Path, *files: Path) -> int:
    """How many papers the command line makes of ``files`` in a fresh library (the window must agree)."""
    reference = work / "reference"
    display.run(str(READINGLIST), "--library", str(reference), "import", *map(str, files), timeout=120)
    return len(papers(display, reference))


@pytest.fixture
def session(tmp_path: Path, shots: Path) -> Iterator[Session]:
    with private_display(tmp_path, (1280, 800)) as display:
        running = Session(display, tmp_path / "library", tmp_path, shots)
        try:
            yield running
        finally:
            stop(running.app)


def test_a_new_users_first_session(session: Session, tmp_path: Path) -> None:
    dropped, pasted = _dumps(tmp_path)
    both = _expected_count(session.display, tmp_path, dropped, pasted)
    only_dropped = _expected_count(session.display, tmp_path / "dropped", dropped)

    # -- an empty library: the window says how to bring papers in
    session.start()
    session.shoot("empty-library")

    # -- a real drop of a dump from another application
    said, source = drag_file(session.display, dropped, session.display.center(session.wid), tmp_path)
    try:
        assert "drag result: DropAction.CopyAction" in said, session.failed(f"the drop was refused:\n{said}")
        session.until(f"{only_dropped} papers after the drop", lambda listed: len(listed) == only_dropped)
    finally:
        stop(source)
    session.display.focus(session.wid)
    session.shoot("dropped")

    # -- a page copied in a browser, pasted with Ctrl+V
    owner = hold_clipboard(session.display, pasted, tmp_path)
    try:
        session.keys("ctrl+v")
        session.until(f"{both} papers after the paste", lambda listed: len(listed) == both)
    finally:
        stop(owner)
    session.shoot("pasted")

    # -- Read rebound to X in Settings, from the keyboard: Alt+K finds the command, the key is pressed
    session.keys("ctrl+comma")
    session.wait_for_window("readinglist settings")
    session.keys("alt+k")
    session.type("read")
    session.keys("Return", "x")
    session.shoot("settings-read-on-x")
    session.keys("Return")  # Save

    # -- twenty decisions from the top of the Inbox, one key each, and stray letters that must do nothing
    session.display.focus(session.wid)
    session.keys("Home")
    inbox = session.inbox()
    decisions = ("q", "d", "x", "p") * 5
    expected = {"q": "queued", "d": "dismissed", "x": "read", "p": "reading"}
    for number, key in enumerate(decisions):
        if number in (3, 11):
            session.keys("r", "w")  # r is unbound now, w never was: the cursor must not move
        session.keys(key)
    decided = dict(zip(inbox[:20], (expected[key] for key in decisions), strict=True))
    session.until(
        "twenty decisions on the first twenty papers of the Inbox",
        lambda listed: (
            all(next(p for p in listed if p["id"] == pid)["status"] == status for pid, status in decided.items())
            and sum(p["status"] != "new" for p in listed) == 20
        ),
    )
    session.shoot("twenty-decisions")

    # -- undo after a dialog: Settings opened and closed, then one z takes back the last decision
    session.keys("ctrl+comma")
    session.wait_for_window("readinglist settings")
    session.shoot("settings")
    session.keys("Escape", "z")
    last = inbox[19]
    session.until("the last decision undone with one z", lambda listed: session.statuses()[last] == "new")

    # -- three papers selected with Shift+Down, queued with one key; the next decision lands after them
    # The cursor is back on the restored paper (the Inbox's first now); the block is it and the two below.
    session.keys("shift+Down", "shift+Down", "q")
    block = [last, *inbox[20:22]]
    session.until(
        "three selected papers queued", lambda listed: all(session.statuses()[pid] == "queued" for pid in block)
    )
    session.keys("d")
    session.until(
        "the next decision on the paper after the block", lambda listed: session.statuses()[inbox[22]] == "dismissed"
    )
    session.shoot("multi-select")

    # -- triage from the top of the list, whatever row is current
    session.keys("End")
    top = session.inbox()[:3]
    session.keys("ctrl+shift+t")
    session.shoot("triage")
    session.keys("q", "d", "p")
    session.shoot("triage-three-decided")
    session.keys("Escape")
    session.until(
        "triage's three decisions on the top of the Inbox",
        lambda listed: [session.statuses()[pid] for pid in top] == ["queued", "dismissed", "reading"],
    )

    # -- a search in the Inbox says where it looks; one key widens it to all papers; it is saved
    queued = next(p for p in session.papers() if p["id"] == inbox[0])  # queued by the first decision
    phrase = " ".join(queued["title"].split()[:4])
    session.keys("slash")
    session.type(f'"{phrase}"')
    session.shoot("search-in-inbox")
    session.keys("ctrl+shift+f")
    session.shoot("search-all-papers")
    session.keys("Return", "s")  # to the results; star the one found
    session.until("the queued paper found by the widened search", lambda listed: _starred(listed) == {inbox[0]})
    session.keys("ctrl+s")
    session.wait_for_window("Save Search")
    session.keys("Return")
    saved = poll(lambda: json.loads(session.cli("searches", "--json")), WAIT_S, "a saved search", session.app)
    assert [entry["count"] for entry in saved] == [1], saved
    session.shoot("saved-search")
    session.keys("s", "Escape")  # the star off again; Esc leaves the search
    session.until("no paper starred", lambda listed: not _starred(listed))

    # -- remove the first import (the dropped file), chosen in the sidebar, from the command palette
    before = session.papers()
    touched = {p["title"] for p in before if p["status"] != "new" or p["starred"]}
    only_dropped_titles = _titles(session.display, tmp_path / "dropped" / "reference") - _titles(
        session.display, tmp_path / "pasted-only", pasted
    )
    gone = only_dropped_titles - touched
    session.keys("ctrl+1", "End")
    session.keys("ctrl+k")
    session.wait_for_window("Run a command")
    session.type("remove import")
    session.keys("Return")
    session.until(
        f"{len(gone)} untouched papers only the dropped file brought removed",
        lambda listed: {p["title"] for p in listed} == {p["title"] for p in before} - gone,
    )
    session.shoot("import-removed")
    session.keys("ctrl+l")

    # -- quit and reopen: the same paper is current (s stars it before and unstars it after)
    session.keys("s")
    starred = session.until("one paper starred", lambda listed: len(_starred(listed)) == 1)
    (star,) = _starred(starred)
    session.quit()
    session.start()
    session.shoot("reopened")
    session.keys("s")
    session.until(
        "the star taken off the same paper after reopening",
        lambda listed: not any(p["starred"] for p in listed) and star in {p["id"] for p in listed},
    )
    session.quit()
    decided_now = {pid: status for pid, status in session.statuses().items() if status != "new"}
    assert len(decided_now) >= 20 - 1 + 3 + 1 + 3 - len(gone), json.dumps(decided_now)


def test_the_pages_at_1024_by_700(tmp_path: Path, shots: Path) -> None:
    """The smallest supported window: library, triage, statistics and settings, screenshotted for a person."""
    dropped, pasted = _dumps(tmp_path)
    with private_display(tmp_path, (1024, 700)) as display:
        session = Session(display, tmp_path / "library", tmp_path, shots)
        session.cli("import", str(dropped), str(pasted))
        try:
            session.start()
            session.shoot("library")
            session.keys("ctrl+shift+t")
            session.shoot("triage")
            session.keys("Escape", "ctrl+shift+s")
            session.shoot("statistics")
            session.keys("ctrl+shift+s", "ctrl+comma")
            session.shoot("settings")
            session.keys("Escape", "ctrl+k")
            session.type("stat")
            session.shoot("palette")
            session.keys("Return")
            session.shoot("statistics-from-palette")
            session.keys("ctrl+shift+s")
            session.quit()
        finally:
            stop(session.app)
