"""The settings file: defaults, round trips, bad values, broken files kept aside."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from readinglist import paths
from readinglist.core.settings import SETTINGS_VERSION, Settings, load_settings, save_settings


def test_no_file_gives_the_defaults(tmp_path: Path) -> None:
    loaded = load_settings(tmp_path / "settings.json")
    assert loaded.settings == Settings() and loaded.problems == ()
    assert not (tmp_path / "settings.json").exists()


def test_settings_round_trip(tmp_path: Path) -> None:
    chosen = Settings(
        library_folder="/data/papers",
        watch_folder="/data/inbox",
        auto_advance=False,
        theme="dark",
        keys={"paper.read": ("X",)},
    )
    save_settings(tmp_path / "settings.json", chosen)
    assert load_settings(tmp_path / "settings.json") == load_settings(tmp_path / "settings.json", repair=True)
    assert load_settings(tmp_path / "settings.json").settings == chosen
    assert json.loads((tmp_path / "settings.json").read_text())["version"] == SETTINGS_VERSION


def test_a_bad_value_falls_back_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"version": 1, "auto_advance": "yes", "library_folder": "/x", "theme": "pink", "colour": 3})
    )
    loaded = load_settings(path)
    assert loaded.settings == Settings(library_folder="/x")
    assert loaded.problems == (
        "settings.json: 'auto_advance' has a value of the wrong kind; using the default",
        "settings.json: 'theme' has a value of the wrong kind; using the default",
        "settings.json: no setting 'colour'; it is ignored",
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [("{ not json", "Expecting property name"), ("[1, 2]", "not a JSON object"), ('{"version": 99}', "newer")],
)
def test_a_broken_file_gives_defaults_and_is_kept_aside(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content, encoding="utf-8")
    read_only = load_settings(path)
    assert read_only.settings == Settings() and reason in read_only.problems[0]
    assert path.read_text(encoding="utf-8") == content  # only repair=True touches the file

    repaired = load_settings(path, repair=True)
    assert repaired.settings == Settings()
    backups = list(tmp_path.glob("settings.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == content
    assert f"kept as {backups[0].name}" in repaired.problems[0]
    assert load_settings(path) == load_settings(path, repair=True)  # the next start is clean
    assert load_settings(path).problems == ()


def test_the_library_folder_setting_is_the_default_library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.LIBRARY_ENV, raising=False)
    assert paths.default_library_dir() == paths.platform_library_dir()
    save_settings(paths.settings_file(), Settings(library_folder=str(tmp_path / "mine")))
    assert paths.default_library_dir() == tmp_path / "mine"
    monkeypatch.setenv(paths.LIBRARY_ENV, str(tmp_path / "env"))
    assert paths.default_library_dir() == tmp_path / "env"
