"""End-to-end tests: the real app process on a private Xvfb display, driven with xdotool."""

from __future__ import annotations

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: drives the real app process on its own Xvfb display (needs Xvfb and xdotool)"
    )
