"""File ▸ Export: ask where and in which format, then write the papers off the GUI thread as ``readinglist export``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from readinglist.core import export
from readinglist.core.services import Library
from readinglist.gui.tasks import TaskRunner

EXPORT_FILTERS = {
    "JSON, lossless (*.json)": "json",
    "CSV (*.csv)": "csv",
    "Markdown digest (*.md)": "markdown",
    "BibTeX (*.bib)": "bibtex",
}


def choose_export(
    parent: QWidget,
    library: Library,
    tasks: TaskRunner,
    ids: Callable[[], Sequence[int]],
    say: Callable[[str, int], None],
    show_error: Callable[[str, str], None],
) -> None:
    """Export the papers ``ids()`` gives once a file is chosen; ``say`` and ``show_error`` report how it went."""
    path, chosen = QFileDialog.getSaveFileName(
        parent, "Export papers", str(Path.home() / "readinglist.json"), ";;".join(EXPORT_FILTERS)
    )
    if not path:
        return
    format_name = EXPORT_FILTERS.get(chosen, "json")
    # The command line's order, not the list's: the same papers give the same file as `readinglist export`.
    in_order = export.in_export_order(ids())

    def run() -> int | OSError:
        try:
            return export.write_file(format_name, library.iter_records(in_order), Path(path))
        except OSError as error:  # a missing or read-only folder, a full disk: said plainly, no traceback
            return error

    def done(result: int | OSError) -> None:
        """Say in the status bar how many papers were exported, or why the file could not be written."""
        if isinstance(result, OSError):
            message = f"Could not export to {path}: {result.strerror or result}"
            say(message, 15000)
            show_error(message, "")
            return
        say(f"Exported {'1 paper' if result == 1 else f'{result} papers'} to {path}", 8000)

    tasks.read(run, done)
