"""Fixtures for the core tests: a fresh library per test, and the fixture dumps."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from readinglist.core.services import Library

LIBRARY_FIXTURES = Path(__file__).parent / "fixtures" / "library"


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    """An empty library in its own temporary folder."""
    with Library.open(tmp_path / "library") as opened:
        yield opened


@pytest.fixture
def daily_a() -> Path:
    """Three papers: one with a GitHub link and comments, one with an organisation."""
    return LIBRARY_FIXTURES / "daily_a.txt"


@pytest.fixture
def daily_b() -> Path:
    """Two papers, one of them also in daily_a with a newer comment count."""
    return LIBRARY_FIXTURES / "daily_b.txt"
