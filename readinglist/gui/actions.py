"""QActions and menus generated from the core's command registry (``core.commands``).

Nothing here names a key or a menu entry itself: titles, keys, menus and key
scopes come from the registry (with the user's key settings applied); the
window only supplies one handler per id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from readinglist.core.commands import MENUS, Command, Scope

LIST_TWIN = "{}#list"  # object name of a command's list-only twin action


def build_actions(
    window: QMainWindow,
    commands: Sequence[Command],
    handlers: Mapping[str, Callable[[], object]],
    list_views: Sequence[QWidget],
) -> dict[str, QAction]:
    """One QAction per command, in its menu, with its keys active in the command's scope.

    ``list_views`` are the widgets where single-letter keys act (the paper table, the triage view).
    """
    missing = {c.id for c in commands} - set(handlers)
    if missing:
        raise ValueError(f"no handler for commands: {', '.join(sorted(missing))}")
    actions: dict[str, QAction] = {}
    menus = {name: window.menuBar().addMenu(f"&{name}") for name in MENUS}
    for cmd in commands:
        action = QAction(cmd.title, window)
        action.setObjectName(cmd.id)
        action.setStatusTip(cmd.description)
        action.setToolTip(cmd.description or cmd.title.replace("&", ""))
        action.triggered.connect(lambda _checked=False, run=handlers[cmd.id]: run())
        if cmd.scope == Scope.LIST:
            # Single letters act only where a letter cannot mean typing.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            for view in list_views:
                view.addAction(action)
        else:
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            window.addAction(action)
        menus[cmd.menu].addAction(action)
        actions[cmd.id] = action
    bind_keys(window, commands, actions, list_views)
    return actions


def bind_keys(
    window: QMainWindow, commands: Sequence[Command], actions: Mapping[str, QAction], list_views: Sequence[QWidget]
) -> None:
    """Give every action its command's keys (again, after the user changed them)."""
    for cmd in commands:
        action = actions[cmd.id]
        action.setShortcuts([QKeySequence(key) for key in cmd.keys])
        twin = window.findChild(QAction, LIST_TWIN.format(cmd.id))
        if twin is None and cmd.list_keys:
            # The single-letter twin (z for Ctrl+Z) lives on the list views only, out of the menus.
            twin = QAction(cmd.title, window)
            twin.setObjectName(LIST_TWIN.format(cmd.id))
            twin.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            twin.triggered.connect(action.trigger)
            for view in list_views:
                view.addAction(twin)
        if twin is not None:
            twin.setShortcuts([QKeySequence(key) for key in cmd.list_keys])
