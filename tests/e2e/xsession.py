"""The pieces of an end-to-end session: a private Xvfb display, xdotool, the app process, a real drag and the clipboard.

Nothing here runs Qt in the test process: the app is a separate ``readinglist``
process, a file drag and a clipboard owner are small PySide6 processes of their own.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import pytest

T = TypeVar("T")

# The marks of every end-to-end test module: ``pytestmark = E2E``.
E2E = [
    pytest.mark.e2e,
    pytest.mark.serial,  # a real window's key timing, alone on the machine
    pytest.mark.skipif(
        shutil.which("Xvfb") is None or shutil.which("xdotool") is None,
        reason="needs Xvfb and xdotool on PATH (apt: xvfb xdotool)",
    ),
]

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "core" / "fixtures" / "library"
DAILY_A = FIXTURES / "daily_a.txt"
DAILY_B = FIXTURES / "daily_b.txt"
BIN = Path(sys.executable).parent
READINGLIST = BIN / "readinglist"
IMPORT = "/usr/bin/import"  # /usr/local/bin may shadow ImageMagick tools with stand-ins
IDENTIFY = "/usr/bin/identify"
START_UP_ROLE = "start-up"  # readinglist.gui.first_paint.WINDOW_ROLE

SCREEN = (1440, 900)
DISPLAYS = range(90, 100)
XVFB_START_S = 30  # generous: on a loaded CI machine Xvfb has taken over 5 s to answer
TICK_S = 0.1  # how often a poll looks again (spent waiting on a process, not sleeping)
MOUSE_STEPS = 20
MOUSE_STEP_S = 0.05
SOURCE_TITLE = "e2e drag source"

DRAG_SOURCE = '''\
"""A window that drags one file URL out (XDND) on press + move and prints the result."""
import sys

from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QApplication, QLabel


class Source(QLabel):
    def __init__(self, path):
        super().__init__(f"drag me: {path.rsplit('/', 1)[-1]}")
        self.path = path
        self.start = None

    def mousePressEvent(self, event):
        self.start = event.position().toPoint()

    def mouseMoveEvent(self, event):
        if self.start is None or not event.buttons() & Qt.MouseButton.LeftButton:
            return
        if (event.position().toPoint() - self.start).manhattanLength() < QApplication.startDragDistance():
            return
        self.start = None
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(self.path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        print("drag started", flush=True)
        result = drag.exec(Qt.DropAction.CopyAction)
        # Stay alive: on X11 the target fetches the dropped data from this process after exec() returns.
        print(f"drag result: {result}", flush=True)


app = QApplication(sys.argv[:1])
source = Source(sys.argv[1])
source.setWindowTitle(sys.argv[2])
source.setAlignment(Qt.AlignmentFlag.AlignCenter)
source.setStyleSheet("background: #ffe066; color: #000; font-size: 16px;")
source.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
source.setWindowFlag(Qt.WindowType.WindowDoesNotAcceptFocus)
source.setGeometry(int(sys.argv[3]), int(sys.argv[4]), 260, 60)
source.show()
sys.exit(app.exec())
'''


# -- helpers ------------------------------------------------------------------


def poll(check: Callable[[], T | None], timeout: float, what: str, watch: subprocess.Popen) -> T:
    """``check()`` until it returns something truthy, for at most ``timeout`` seconds.

    Between tries it waits on ``watch`` (the process that should make ``check`` true),
    so a crash ends the wait at once instead of running into the timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        try:
            watch.wait(timeout=TICK_S)
        except subprocess.TimeoutExpired:
            pass
        else:
            raise AssertionError(f"{what}: {watch.args[0]} exited with {watch.returncode}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def stop(proc: subprocess.Popen | None, timeout: float = 5) -> None:
    """End one process this test started, politely first."""
    if proc is None or proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)


class Display:
    """A private X display and the commands that act on it."""

    def __init__(self, number: int, env: dict[str, str], screen: tuple[int, int] = SCREEN) -> None:
        self.name = f":{number}"
        self.env = env
        self.screen = screen

    def run(self, *args: str, timeout: float = 10, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, env=self.env, capture_output=True, text=True, timeout=timeout, check=check)

    def xdotool(self, *args: str, timeout: float = 10) -> str:
        done = self.run("xdotool", *args, timeout=timeout, check=False)
        assert done.returncode == 0, f"xdotool {' '.join(args)} failed ({done.returncode}): {done.stderr}"
        return done.stdout.strip()

    def find_window(self, title: str, timeout: float = 20) -> str:
        """The id of the visible window whose title starts with ``title`` (waits for it to appear)."""
        found = self.xdotool("search", "--sync", "--onlyvisible", "--name", title, timeout=timeout)
        for wid in found.split():
            named = self.run("xdotool", "getwindowname", wid, check=False)  # it may have closed meanwhile
            if named.returncode == 0 and named.stdout.startswith(title):
                return wid
        raise AssertionError(f"no window titled {title!r} among {found!r}")

    def main_window(self, title: str, timeout: float = 30) -> str:
        """The id of the app's main window titled ``title``: the start-up window (WM_WINDOW_ROLE "start-up"),
        which shows the last list while the app loads, is passed over until the main window replaces it."""
        deadline = time.monotonic() + timeout
        while True:
            wid = self.find_window(title, timeout=max(deadline - time.monotonic(), 1))
            if self.role(wid) != START_UP_ROLE:
                return wid
            assert time.monotonic() < deadline, f"the start-up window was not replaced within {timeout} s"
            time.sleep(0.05)

    def role(self, wid: str) -> str | None:
        """A window's WM_WINDOW_ROLE (None: it has none, or it is gone)."""
        done = self.run("xprop", "-id", wid, "WM_WINDOW_ROLE", check=False)
        _name, _sep, value = done.stdout.partition("=")
        return value.strip().strip('"') or None if done.returncode == 0 else None

    def geometry(self, wid: str) -> tuple[int, int, int, int]:
        """x, y, width, height of a window."""
        shell = dict(line.split("=", 1) for line in self.xdotool("getwindowgeometry", "--shell", wid).splitlines())
        return int(shell["X"]), int(shell["Y"]), int(shell["WIDTH"]), int(shell["HEIGHT"])

    def grab(self) -> bytes:
        """The whole screen's raw pixels (RGB), for comparing two moments."""
        done = subprocess.run([IMPORT, "-window", "root", "rgb:-"], env=self.env, capture_output=True, timeout=30)
        assert done.returncode == 0, f"import failed: {done.stderr.decode(errors='replace')}"
        return done.stdout

    def center(self, wid: str) -> tuple[int, int]:
        x, y, width, height = self.geometry(wid)
        return x + width // 2, y + height // 2

    def focus(self, wid: str) -> None:
        # No window manager: windowactivate needs _NET_ACTIVE_WINDOW, windowfocus sets the input focus directly.
        self.xdotool("windowfocus", "--sync", wid)


def start_xvfb(tmp_path: Path, screen: tuple[int, int] = SCREEN) -> tuple[subprocess.Popen, int]:
    """Xvfb on the first free display in DISPLAYS, once xdpyinfo can talk to it."""
    assert shutil.which("xdpyinfo"), "xdpyinfo not found (apt: x11-utils)"
    log = tmp_path / "xvfb.log"
    for number in DISPLAYS:
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        width, height = screen
        with log.open("w") as out:
            xvfb = subprocess.Popen(
                ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        env = {**os.environ, "DISPLAY": f":{number}"}

        def ready(env: dict[str, str] = env) -> bool:
            try:  # a server still starting on a busy machine may keep a client waiting: ask again
                return subprocess.run(["xdpyinfo"], env=env, capture_output=True, timeout=5).returncode == 0
            except subprocess.TimeoutExpired:
                return False

        try:
            poll(ready, XVFB_START_S, f"Xvfb :{number}", watch=xvfb)
        except AssertionError:
            stop(xvfb)  # taken meanwhile by someone else, or broken: try the next number
            continue
        return xvfb, number
    last_log = read_text(log)
    raise AssertionError(f"no free X display in :{DISPLAYS.start}..:{DISPLAYS.stop - 1}; last Xvfb log:\n{last_log}")


def read_text(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else "(none)"


@contextmanager
def private_display(tmp_path: Path, screen: tuple[int, int] = SCREEN) -> Iterator[Display]:
    """A private Xvfb display of ``screen`` pixels and an environment for the app on it (stopped last)."""
    xvfb, number = start_xvfb(tmp_path, screen)
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700, exist_ok=True)
    home = tmp_path / "home"
    env = {key: value for key, value in os.environ.items() if key not in ("READINGLIST_LIBRARY", "WAYLAND_DISPLAY")}
    env.update(
        DISPLAY=f":{number}",
        QT_QPA_PLATFORM="xcb",
        XDG_RUNTIME_DIR=str(runtime),
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    try:
        yield Display(number, env, screen)
    finally:
        stop(xvfb)  # last: every app on it has been stopped by the test's own cleanup


def papers(display: Display, library: Path, *options: str) -> list[dict]:
    """The library as the command line lists it."""
    done = display.run(str(READINGLIST), "--library", str(library), "list", "--json", *options, timeout=30, check=False)
    assert done.returncode == 0, f"list --json failed: {done.stderr}"
    return json.loads(done.stdout)


def png_facts(display: Display, path: Path) -> tuple[int, int, int]:
    """Width, height and number of distinct colours of an image."""
    done = display.run(IDENTIFY, "-format", "%w %h %k", str(path))
    width, height, colours = (int(word) for word in done.stdout.split())
    return width, height, colours


def start_app(display: Display, library: Path, log: Path) -> tuple[subprocess.Popen, str]:
    """The app on ``library``, its window found and focused."""
    with log.open("w") as err:
        app = subprocess.Popen(
            [str(READINGLIST), "--library", str(library)], env=display.env, stdout=subprocess.DEVNULL, stderr=err
        )
    try:
        wid = display.main_window("readinglist")
    except (AssertionError, subprocess.TimeoutExpired) as error:
        stop(app)
        raise AssertionError(
            f"the app window did not appear ({error}); exit code {app.poll()}; stderr:\n{read_text(log)}"
        ) from error
    # On xcb Qt appends the application display name: "readinglist — DIR — readinglist".
    assert display.xdotool("getwindowname", wid).startswith(f"readinglist — {library}")
    display.focus(wid)
    return app, wid


def failure_reporter(display: Display, tmp_path: Path, log: Path) -> Callable[[str], str]:
    """Makes a failure message with a screenshot and the app's stderr."""

    def app_failed(what: str) -> str:
        shot = tmp_path / "failure.png"
        display.run(IMPORT, "-window", "root", str(shot), timeout=30, check=False)
        return f"{what} (screen: {shot}); app stderr:\n{read_text(log)}"

    return app_failed


def quit_with_ctrl_q(display: Display, app: subprocess.Popen, wid: str, app_failed: Callable[[str], str]) -> None:
    """Ctrl+Q, then the app must end cleanly."""
    display.focus(wid)
    display.xdotool("key", "ctrl+q")
    try:
        code = app.wait(timeout=15)
    except subprocess.TimeoutExpired as error:
        raise AssertionError(app_failed("the app did not quit within 15 s of Ctrl+Q")) from error
    assert code == 0, app_failed(f"the app exited with {code}")


def drag_file(display: Display, path: Path, target: tuple[int, int], work: Path) -> tuple[str, subprocess.Popen]:
    """Drag ``path`` with the mouse from a PySide6 source window onto the screen point ``target`` (a real XDND drop).

    Returns what the source process printed, which ends with the drop action the
    target accepted, and the source process: stop it once the drop has been read
    (on X11 the target fetches the data from the source after the drop).
    """
    script = work / "drag_source.py"
    script.write_text(DRAG_SOURCE)
    log = work / f"drag_source_{path.name}.log"
    with log.open("w") as out:
        source = subprocess.Popen(
            [sys.executable, str(script), str(path), SOURCE_TITLE, "0", str(display.screen[1] - 80)],
            env=display.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        try:
            source_wid = display.find_window(SOURCE_TITLE)
        except (AssertionError, subprocess.TimeoutExpired) as error:
            raise AssertionError(f"the drag source did not appear ({error}):\n{read_text(log)}") from error
        (x0, y0), (x1, y1) = display.center(source_wid), target
        display.xdotool("mousemove", str(x0), str(y0))
        display.xdotool("mousedown", "1")
        for step in range(1, MOUSE_STEPS + 1):
            time.sleep(MOUSE_STEP_S)  # Qt needs real motion past the drag threshold and XdndPosition round trips
            x, y = x0 + (x1 - x0) * step // MOUSE_STEPS, y0 + (y1 - y0) * step // MOUSE_STEPS
            display.xdotool("mousemove", str(x), str(y))
        display.xdotool("mouseup", "1")
        said = poll(lambda: "drag result:" in (text := read_text(log)) and text, 10, "the drag to end", source)
    except BaseException:
        stop(source)
        raise
    return said, source


CLIPBOARD_OWNER = """\
import sys

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QGuiApplication

app = QGuiApplication(sys.argv[:1])
mime = QMimeData()
mime.setText(open(sys.argv[1], encoding="utf-8").read())
QGuiApplication.clipboard().setMimeData(mime)
print("clipboard set", flush=True)
sys.exit(app.exec())
"""


def hold_clipboard(display: Display, text_file: Path, work: Path) -> subprocess.Popen:
    """A process that owns the X clipboard with ``text_file``'s text (a page copied in a browser); stop it after."""
    script = work / "clipboard_owner.py"
    script.write_text(CLIPBOARD_OWNER)
    log = work / "clipboard_owner.log"
    with log.open("w") as out:
        owner = subprocess.Popen(
            [sys.executable, str(script), str(text_file)], env=display.env, stdout=out, stderr=subprocess.STDOUT
        )
    poll(lambda: "clipboard set" in read_text(log), 15, "the clipboard owner", owner)
    return owner


def screenshot(display: Display, path: Path) -> Path:
    """The whole screen as a PNG at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    display.run(IMPORT, "-window", "root", str(path), timeout=30)
    return path
