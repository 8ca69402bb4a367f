"""Test-wide isolation: no test ever reads or writes the real user profile."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.hub_fake import fake_hub as fake_hub  # the fixture, for every test

# Before any QApplication exists; setdefault lets a CI job choose xcb on Xvfb instead.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# A deadline is a speed check, not a property: with two test workers on two cores an example can be slow.
settings.register_profile("readinglist", deadline=None)
settings.load_profile("readinglist")

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


@pytest.fixture(autouse=True)
def _alone_when_marked_serial(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """With pytest-xdist's workers, a test marked ``serial`` runs alone: no other test runs meanwhile.

    Its timing is what it checks (the event loop never stalls, a real window on Xvfb), and a test
    on the other core would be measured with it. Every test holds a shared lock on a file in the
    workers' common temporary folder; a serial test takes it exclusively. A gate taken first keeps
    new tests from starting while a serial one waits, so it is not starved.
    """
    if "PYTEST_XDIST_WORKER" not in os.environ:
        yield
        return
    import fcntl

    common = tmp_path_factory.getbasetemp().parent
    alone = request.node.get_closest_marker("serial") is not None
    with open(common / "serial.gate", "a") as gate, open(common / "serial.lock", "a") as lock:
        fcntl.flock(gate, fcntl.LOCK_EX)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        finally:
            if not alone:
                fcntl.flock(gate, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
            if alone:
                fcntl.flock(gate, fcntl.LOCK_UN)
