"""End-to-end tests: the real app process on a private Xvfb display, driven with xdotool."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.xsession import Display, private_display


@pytest.fixture
def display(tmp_path: Path) -> Iterator[Display]:
    """A private Xvfb display and an environment for the app on it (stopped after the test's own processes)."""
    with private_display(tmp_path) as shown:
        yield shown
