"""End-to-end tests: the real app process on a private Xvfb display, driven with xdotool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.xsession import Display, private_display


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives the real app process on its own Xvfb display (needs Xvfb and xdotool)"
    )


@pytest.fixture
def display(tmp_path: Path) -> Iterator[Display]:
    """A private Xvfb display and an environment for the app on it (stopped after the test's own processes)."""
    with private_display(tmp_path) as shown:
        yield shown
