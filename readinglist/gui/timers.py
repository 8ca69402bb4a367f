"""Debounce timers: a single-shot QTimer that calls its slot once, a fixed time after its last start."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def single_shot(parent: QObject, interval_ms: int, slot: Callable[[], None]) -> QTimer:
    """A timer that calls ``slot`` once, ``interval_ms`` after its last start()."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer
