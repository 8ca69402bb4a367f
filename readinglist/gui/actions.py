"""QActions and menus generated from the core's command registry (``core.commands``).

Nothing here names a key or a menu entry itself: titles, keys, menus and key
scopes come from the registry (with the user's key settings applied); the
window only supplies one handler per id.

A command's list-only keys (``list_keys``: Z for Undo) live on a *twin*
action, attached to the list views only and kept out of the menus. The twin
is made once per command, follows its action's enabled state (a key never
fires a command that has nothing to act on), and runs the action itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QKeyCombination, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QWidget

from readinglist.core.commands import MENUS, Command, Scope

LIST_TWIN = "{}#list"  # object name of a command's list-only twin action
PAPER_MENU = "Paper"  # its commands act on the current paper (or the selection): no paper, nothing to do
CHEAT_SHEET = "help.cheatsheet"
NATIVE = QKeySequence.SequenceFormat.NativeText


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
    """Give every action its command's keys (again, after the user changed them).

    Running it again never adds a second twin: the one made the first time
    gets the new keys (none, when the user cleared them).
    """
    for cmd in commands:
        action = actions[cmd.id]
        action.setShortcuts([QKeySequence(key) for key in cmd.keys])
        describe(action, cmd)
        twin = list_twin(window, cmd.id)
        if twin is None and cmd.list_keys:
            twin = _make_twin(window, action, list_views)
        if twin is not None:
            twin.setShortcuts(list_key_sequences(cmd.list_keys))


def list_twin(window: QWidget, command_id: str) -> QAction | None:
    """The action that carries ``command_id``'s list-only keys, if it has ever had any."""
    return window.findChild(QAction, LIST_TWIN.format(command_id))


def _make_twin(window: QMainWindow, action: QAction, list_views: Sequence[QWidget]) -> QAction:
    """The list-only twin of ``action``: same text, enabled with it, running it; on the list views, not in a menu."""
    twin = QAction(action.text(), window)
    twin.setObjectName(LIST_TWIN.format(action.objectName()))
    twin.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    twin.setEnabled(action.isEnabled())
    action.enabledChanged.connect(twin.setEnabled)  # a disabled Undo's Z must not fire (nor eat the key)
    twin.triggered.connect(lambda _checked=False: action.trigger())
    for view in list_views:
        view.addAction(twin)
    return twin


def list_key_sequences(keys: Sequence[str]) -> list[QKeySequence]:
    """The sequences for list keys: each key, and for a sign such as "?" also that sign with Shift.

    On many layouts "?" is typed with Shift, and a key event may then say
    Shift+? (every synthetic event does; so may a platform that cannot map
    keys back): with both, the key a person types is the key that works.
    """
    sequences = []
    for key in keys:
        sequences.append(QKeySequence(key))
        if len(key) == 1 and not key.isalnum():
            sequences.append(QKeySequence(f"Shift+{key}"))
    return sequences


def describe(action: QAction, cmd: Command) -> None:
    """Say in the status tip and tooltip what the command does and which keys act only in the paper list.

    The Edit menu shows Undo's Ctrl+Z, which works everywhere in the window;
    the Z that works in the list (and triage) is said here, as in the cheat
    sheet, and so is the list-only reach of the Paper menu's D.
    """
    text = cmd.description or cmd.title.replace("&", "").removesuffix("…")
    list_only = (*cmd.keys, *cmd.list_keys) if cmd.scope == Scope.LIST else cmd.list_keys
    if list_only:
        keys = ", ".join(QKeySequence(key).toString(NATIVE) for key in list_only)
        text = f"{text} ({keys} in the paper list)"
    action.setStatusTip(text)
    action.setToolTip(text)


def enable_with_paper(
    actions: Mapping[str, QAction],
    commands: Sequence[Command],
    has_paper: Callable[[], bool],
    changes: Sequence[SignalInstance],
) -> None:
    """Keep the Paper menu's actions enabled only while there is a paper to act on.

    ``changes`` are the signals after which the answer may differ (the current
    paper changed, the page or the triage view switched); nothing is polled.
    Their list twins follow (see ``_make_twin``).
    """
    paper_actions = [actions[cmd.id] for cmd in commands if cmd.menu == PAPER_MENU]

    def update(*_args: object) -> None:
        enabled = has_paper()
        for action in paper_actions:
            action.setEnabled(enabled)

    for signal in changes:
        signal.connect(update)
    update()


def unbound_key_message(combination: QKeyCombination, commands: Sequence[Command]) -> str:
    """What the status bar says when a character key reached the list with no command taking it.

    Either its command has nothing to act on now, or no command has the key:
    then the message says which key shows them all.
    """
    pressed = QKeySequence(combination)
    for cmd in commands:
        if pressed in [QKeySequence(key) for key in cmd.keys] + list_key_sequences(cmd.list_keys):
            return f"{cmd.title.replace('&', '').removesuffix('…')}: nothing to act on now"
    cheat = next((c for c in commands if c.id == CHEAT_SHEET), None)
    keys = (cheat.list_keys or cheat.keys) if cheat is not None else ()
    where = f"press {QKeySequence(keys[0]).toString(NATIVE)}" if keys else "see Help › Keyboard Shortcuts"
    return f"No command on {pressed.toString(NATIVE)} — {where} for the keys"
