"""File ▸ Import's questions: which dump files, or which folder of dumps (nothing is imported when cancelled)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

DUMP_FILTERS = "Page dumps (*.txt *.md *.html *.htm *.json);;All files (*)"


def ask_for_files(parent: QWidget, then: Callable[[list[Path]], None]) -> None:
    """Ask for dump files to import; ``then(files)`` imports them (not called when none were chosen)."""
    files, _filter = QFileDialog.getOpenFileNames(parent, "Import page dumps", str(Path.home()), DUMP_FILTERS)
    if files:
        then([Path(f) for f in files])


def ask_for_folder(parent: QWidget, then: Callable[[list[Path]], None]) -> None:
    """Ask for a folder whose dumps to import; ``then([folder])`` imports them (not called when cancelled)."""
    folder = QFileDialog.getExistingDirectory(parent, "Import every dump in a folder", str(Path.home()))
    if folder:
        then([Path(folder)])
