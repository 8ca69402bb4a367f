"""Desktop integration: the desktop entry and metainfo validate, install where a desktop finds them,
and the smoke test a bundle is checked with works on the app as installed in the venv."""

from __future__ import annotations

import os
import re
import shutil
import stat
import struct
import subprocess
import sys
import time
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from readinglist import __version__

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
APP_ID = "io.github.readinglist"
DESKTOP_FILE = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
FIXTURES = REPO / "tests" / "core" / "fixtures"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian package {package}; .ci/run installs it)")
    return path


def desktop_entry(path: Path) -> dict[str, str]:
    """The keys of the [Desktop Entry] group."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


def exec_argv(value: str) -> list[str]:
    """An Exec value as the desktop entry spec reads it: a string value, then (quoted) arguments."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    chars = iter(re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), value))
    args: list[str] = []
    current: list[str] | None = None  # the argument being read
    quoted = False
    for char in chars:
        if quoted:
            if char == "\\":  # escapes one of \ " ` $
                current.append(next(chars))
            elif char == '"':
                quoted = False
            else:
                current.append(char)
        elif char == " ":
            if current is not None:
                args.append("".join(current))
            current = None
        else:
            current = current if current is not None else []
            if char == '"':
                quoted = True
            else:
                current.append(char)
    if current is not None:
        args.append("".join(current))
    return [arg.replace("%%", "%") for arg in args]


# -- the files as packaged ----------------------------------------------------------------------


def test_desktop_entry_validates() -> None:
    validator = tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validator, str(DESKTOP_FILE)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_validates() -> None:
    appstreamcli = tool("appstreamcli", "appstream")
    command = [appstreamcli, "validate", "--no-net", "--pedantic", str(METAINFO)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_files_agree_with_the_app() -> None:
    """Ids, version and command name are written in several places; they must stay in step."""
    entry = desktop_entry(DESKTOP_FILE)
    component = ET.parse(METAINFO).getroot()
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    app_source = (REPO / "readinglist" / "gui" / "app.py").read_text(encoding="utf-8")

    assert component.findtext("id") == APP_ID == entry["Icon"]
    assert f'setDesktopFileName("{APP_ID}")' in app_source
    assert component.findtext("launchable") == DESKTOP_FILE.name
    assert component.find("releases/release").get("version") == __version__
    binary = component.findtext("provides/binary")
    assert binary in scripts and exec_argv(entry["Exec"])[0] == binary == entry["TryExec"]
    assert exec_argv(entry["Exec"])[-1] == "%F"
    assert {"text/plain", "text/html"} <= set(entry["MimeType"].strip(";").split(";"))


# -- install-desktop.sh ---------------------------------------------------------------------------


def install(repo: Path, prefix: Path) -> subprocess.CompletedProcess[str]:
    command = ["bash", str(repo / "packaging" / "install-desktop.sh"), "--prefix", str(prefix)]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def fake_checkout(root: Path, program: str | None) -> Path:
    """A copy of what install-desktop.sh reads, with a stand-in executable at ``program``.

    The stand-in writes its arguments, one a line, to ``args.txt`` beside itself.
    """
    repo = root / 'check out $with "odd" name\'s'  # the Exec key must quote all of these
    (repo / "packaging").mkdir(parents=True)
    (repo / "resources").mkdir()
    for name in ("install-desktop.sh", DESKTOP_FILE.name, METAINFO.name):
        shutil.copy(PACKAGING / name, repo / "packaging" / name)
    shutil.copy(REPO / "resources" / "readinglist.svg", repo / "resources")
    if program:
        executable = repo / program
        executable.parent.mkdir(parents=True)
        executable.write_text('#!/bin/sh\nprintf "%s\\n" "$@" > "$(dirname "$0")/args.txt"\n', encoding="utf-8")
        executable.chmod(executable.stat().st_mode | stat.S_IXUSR)
    return repo


def installed_files(prefix: Path) -> list[Path]:
    return [
        prefix / "applications" / f"{APP_ID}.desktop",
        prefix / "metainfo" / f"{APP_ID}.metainfo.xml",
        prefix / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    ]


def test_install_desktop_puts_the_three_files_in_place(tmp_path: Path) -> None:
    prefix = tmp_path / "share"
    result = install(REPO, prefix)
    assert result.returncode == 0, result.stderr

    entry_file, metainfo, icon = installed_files(prefix)
    assert metainfo.read_bytes() == METAINFO.read_bytes()
    assert icon.read_bytes() == (REPO / "resources" / "readinglist.svg").read_bytes()
    entry = desktop_entry(entry_file)
    program, *arguments = exec_argv(entry["Exec"])
    bundle, venv = REPO / "dist" / "readinglist" / "readinglist", REPO / ".venv" / "bin" / "readinglist"
    assert program == str(bundle if bundle.exists() else venv) == entry["TryExec"]
    assert os.access(program, os.X_OK)
    assert arguments == ["gui", "%F"]
    if shutil.which("desktop-file-validate"):
        validated = subprocess.run(["desktop-file-validate", str(entry_file)], capture_output=True, text=True)
        assert validated.returncode == 0, validated.stdout


@pytest.mark.parametrize("program", ["dist/readinglist/readinglist", ".venv/bin/readinglist"])
def test_installed_entry_starts_the_program_with_the_files(tmp_path: Path, program: str) -> None:
    repo = fake_checkout(tmp_path, program)
    prefix = tmp_path / "share"
    assert install(repo, prefix).returncode == 0

    entry = desktop_entry(installed_files(prefix)[0])
    assert exec_argv(entry["Exec"])[0] == str(repo / program)
    gio = shutil.which("gio")
    if gio is None:
        return  # the Exec line was checked by our reading of the spec above
    opened = tmp_path / "a page dump.txt"
    subprocess.run([gio, "launch", str(installed_files(prefix)[0]), str(opened)], check=True, timeout=30)
    args = (repo / program).parent / "args.txt"
    deadline = time.monotonic() + 10
    while not args.exists() and time.monotonic() < deadline:  # gio starts the program and returns at once
        time.sleep(0.05)
    assert args.read_text(encoding="utf-8").splitlines() == ["gui", str(opened)]


def test_install_desktop_without_a_built_app_says_what_to_do(tmp_path: Path) -> None:
    repo = fake_checkout(tmp_path, program=None)
    result = install(repo, tmp_path / "share")
    assert result.returncode == 1
    assert "build-bundle.sh" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()


# -- the smoke test, on the app as installed in the venv -----------------------------------------


def smoke_test(tmp_path: Path, *files: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    screenshot = tmp_path / "shots" / "window.png"
    command = [sys.executable, "-c", "from readinglist.cli import main; main()"]
    command += [
        "--library",
        str(tmp_path / "library"),
        "smoke-test",
        "--screenshot",
        str(screenshot),
        "--timeout",
        "120",
    ]
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [*command, *map(str, files)], capture_output=True, text=True, env=env, timeout=180, check=False
    )
    return result, screenshot


@pytest.mark.slow
def test_smoke_test_imports_and_saves_a_screenshot(tmp_path: Path) -> None:
    result, screenshot = smoke_test(
        tmp_path, FIXTURES / "library" / "daily_a.txt", FIXTURES / "dumps" / "saved_page.html"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["papers: 5"]
    png = screenshot.read_bytes()
    assert png.startswith(PNG_MAGIC)
    width, height = struct.unpack(">II", png[16:24])
    assert width > 300 and height > 200


@pytest.mark.slow
def test_smoke_test_fails_when_nothing_imports(tmp_path: Path) -> None:
    picture = tmp_path / "picture.png"
    picture.write_bytes(PNG_MAGIC + bytes(200))
    result, screenshot = smoke_test(tmp_path, picture)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["papers: 0"]
    assert "binary" in result.stderr
    assert screenshot.read_bytes().startswith(PNG_MAGIC)  # the window is still shown as it was
