"""Test-wide isolation: no test ever reads or writes the real user profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.hub_fake import fake_hub as fake_hub  # the fixture, for every test

# Before any QApplication exists; setdefault lets a CI job choose xcb on Xvfb instead.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SHARED_DUMPS = Path(__file__).resolve().parents[1].parent / "shared" / "dumps"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache")):
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("READINGLIST_LIBRARY", raising=False)
    # No test reaches the internet: the Hub is a closed local port unless a test serves a fake one (fake_hub).
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")


@pytest.fixture
def shared_dumps() -> Path:
    """The four real page dumps beside the checkout; skipped in an outside clone."""
    if not (SHARED_DUMPS / "expected.json").is_file():
        pytest.skip(f"{SHARED_DUMPS} not found beside the checkout (outside clone): shared dumps unavailable")
    return SHARED_DUMPS
