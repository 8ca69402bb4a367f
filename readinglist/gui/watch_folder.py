"""Polls the watch folder (``core.watching``) and announces the dumps that are ready to import."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from readinglist.core.watching import SETTLE_S, FolderWatch

POLL_MS = 1000

RunOffGui = Callable[[Callable[[], Any], Callable[[Any], None]], object]  # TaskRunner.read


class WatchFolder(QObject):
    """Scans the chosen folder every POLL_MS, off the GUI thread; ``files_ready`` names new or changed dumps."""

    files_ready = Signal(list)  # list[Path]

    def __init__(self, run_off_gui: RunOffGui, parent: QObject | None = None, settle_s: float = SETTLE_S) -> None:
        super().__init__(parent)
        self._run_off_gui = run_off_gui
        self.settle_s = settle_s  # for folders set from now on
        self._watch: FolderWatch | None = None
        self._scanning = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._scan)

    @property
    def folder(self) -> Path | None:
        """The folder being watched, if any."""
        return self._watch.folder if self._watch else None

    def set_folder(self, folder: str | Path) -> None:
        """Watch ``folder`` from now on (an empty value stops watching)."""
        path = Path(folder).expanduser() if str(folder).strip() else None
        if path == self.folder:
            return
        self._watch = FolderWatch(path, self.settle_s) if path else None
        if self._watch:
            self._timer.start()
            self._scan()
        else:
            self._timer.stop()

    def _scan(self) -> None:
        if self._scanning or self._watch is None:
            return  # a slow scan (a network folder) is not stacked up
        self._scanning = True
        watch = self._watch
        self._run_off_gui(watch.ready, lambda ready: self._scanned(watch, ready))

    def _scanned(self, watch: FolderWatch, ready: list[Path]) -> None:
        self._scanning = False
        if ready and watch is self._watch:
            self.files_ready.emit(ready)
