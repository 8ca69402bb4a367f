"""Small helpers shared by test modules (the Qt ones import Qt when called: core tests never do)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from readinglist.core.dumps import ParsedPaper
from readinglist.core.import_reports import FileReport
from readinglist.core.lists import PaperFilter
from readinglist.core.services import Library

LIBRARY_FIXTURES = Path(__file__).parent / "core" / "fixtures" / "library"  # daily_a.txt, daily_b.txt, ...


def paper_id_by_title(library: Library, title: str) -> int:
    """The id of the paper called ``title`` (fails the test when there is none)."""
    matches = [p.id for p in library.records(library.paper_ids()) if p.title == title]
    assert len(matches) == 1, f"expected one paper titled {title!r}, found {len(matches)}"
    return matches[0]


def paste_papers(library: Library, papers: list[ParsedPaper], name: str) -> FileReport:
    """Paste ``papers`` as a response of the papers API: the real reader and import path."""
    objects = [
        {
            "paper": {
                key: value
                for key, value in (
                    ("id", paper.arxiv_id),
                    ("title", paper.title),
                    ("summary", paper.abstract),
                    ("ai_summary", paper.ai_summary),
                )
                if value is not None
            }
        }
        for paper in papers
    ]
    return library.import_text(json.dumps(objects), name)


def export_text(papers: list[dict]) -> str:
    """A readinglist JSON export of ``papers`` (each a dict of the exported keys it has)."""
    return json.dumps({"format": "readinglist", "version": 1, "papers": papers}, ensure_ascii=False)


class SignalLog:
    """Every emission of some Qt signals, in the order they came: (name, args).

    ``SignalLog(saved=obj.saved, failed=obj.failed)`` records those two signals.
    """

    def __init__(self, **signals: Any) -> None:
        self.events: list[tuple[str, tuple[Any, ...]]] = []
        for name, signal in signals.items():
            signal.connect(self._recorder(name))

    def _recorder(self, name: str) -> Callable[..., None]:
        return lambda *args: self.events.append((name, args))

    def names(self) -> list[str]:
        """The names of the signals emitted, in order."""
        return [name for name, _args in self.events]

    def args(self, name: str) -> list[tuple[Any, ...]]:
        """The arguments of every emission of ``name``, in order."""
        return [args for event, args in self.events if event == name]

    def clear(self) -> None:
        """Forget what was recorded so far."""
        self.events.clear()


@dataclass
class FakeView:
    """What a GUI controller asks the view, as plain values a test sets (see ``readinglist.gui.controllers.view``)."""

    current: int | None = None
    in_triage: bool = False
    searching: bool = False
    where: PaperFilter = field(default_factory=PaperFilter)

    def state(self) -> Any:  # a ViewState; imported here so core tests never import Qt
        from readinglist.gui.controllers.view import ViewState

        return ViewState(lambda: self.current, lambda: self.in_triage, lambda: self.searching, lambda: self.where)


# -- for GUI tests ------------------------------------------------------------


def settle(qtbot: Any, window: Any, timeout: int = 30_000) -> None:
    """Wait until every background task of ``window`` (a MainWindow) has finished and called back."""
    qtbot.waitUntil(lambda: window.settled, timeout=timeout)


def drop(target: Any, mime: Any) -> Any:
    """Deliver a complete drag-enter, drag-move and drop of ``mime`` onto the widget ``target``."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    # Qt 6.11 takes a QPoint for drag-enter and drag-move, a QPointF for the drop.
    position = target.rect().center()
    buttons, modifiers = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(position, Qt.DropAction.CopyAction, mime, buttons, modifiers, QEvent.Type.DragMove)
    QApplication.sendEvent(target, move)
    dropped = QDropEvent(QPointF(position), Qt.DropAction.CopyAction, mime, buttons, modifiers, QEvent.Type.Drop)
    QApplication.sendEvent(target, dropped)
    return dropped


def file_mime(paths: list[Path]) -> Any:
    """What a file manager puts on a drag of ``paths`` (a QMimeData)."""
    from PySide6.QtCore import QMimeData, QUrl

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime
