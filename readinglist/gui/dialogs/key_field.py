"""A field that records the keys pressed into it, for the settings dialog.

Typing key names ("Ctrl+Shift+Z") is slow and error-prone; here a person
presses the key itself. The first key pressed after the field gets the focus
replaces what it held, each further key is added (so a command can have
several: "/, Ctrl+F"), Backspace takes the last key away and Delete clears the
field. Single letters are recorded too: the paper list's commands use them.
Tab and Shift+Tab still move on, and Esc and Enter still reach the dialog.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QKeyCombination, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

PORTABLE = QKeySequence.SequenceFormat.PortableText
_MODIFIERS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_CapsLock,
)
MODIFIER_CODES = frozenset(key.value for key in _MODIFIERS)
_PASSED_ON = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
PASSED_ON_CODES = frozenset(key.value for key in _PASSED_ON)  # focus moves, the dialog closes or saves
IGNORED_MODIFIERS = Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.GroupSwitchModifier


def keys_to_text(keys: Sequence[str]) -> str:
    """Keys as the settings show them: "Ctrl+Z, Z"."""
    return ", ".join(keys)


def spelled_key(event: QKeyEvent) -> str | None:
    """The pressed key in Qt's portable spelling ("Ctrl+Shift+Z", "D", "?"), or None for a lone modifier.

    Shift is dropped from a symbol: "?" is what Shift+/ types, and it is bound as "?".
    """
    code = event.key()
    if code in MODIFIER_CODES or code in (0, Qt.Key.Key_unknown.value):
        return None
    modifiers = event.modifiers() & ~IGNORED_MODIFIERS
    if 0x21 <= code <= 0x7E and not Qt.Key.Key_A.value <= code <= Qt.Key.Key_Z.value:  # a symbol
        modifiers &= ~Qt.KeyboardModifier.ShiftModifier
    try:
        key = Qt.Key(code)
    except ValueError:  # a key Qt has no name for
        return None
    return QKeySequence(QKeyCombination(modifiers, key)).toString(PORTABLE) or None


def _records(event: QKeyEvent) -> bool:
    """True for the keys the field takes for itself rather than letting a shortcut or the dialog have them."""
    return event.key() not in PASSED_ON_CODES and spelled_key(event) is not None


class KeyField(QLineEdit):
    """Shows a command's keys; pressing keys records them (see the module text)."""

    keys_changed = Signal()

    def __init__(self, keys: Sequence[str], accessible_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)  # nothing is typed or pasted as text; keys are recorded
        self.setAccessibleName(accessible_name)
        self.setPlaceholderText("press a key")
        self.setToolTip("Press the keys. Backspace removes the last one, Delete clears.")
        self._keys: tuple[str, ...] = ()
        self._fresh = True  # the next key replaces the keys shown
        self.set_keys(keys)

    def keys(self) -> tuple[str, ...]:
        """The keys shown, in Qt's portable spelling."""
        return self._keys

    def set_keys(self, keys: Sequence[str]) -> None:
        """Show ``keys`` (announced by ``keys_changed`` when they differ)."""
        if tuple(keys) == self._keys:
            return
        self._keys = tuple(keys)
        self.setText(keys_to_text(self._keys))
        self.keys_changed.emit()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._fresh = True
        super().focusInEvent(event)

    def event(self, event: QEvent) -> bool:
        """Claim every key the field records before a shortcut or a mnemonic (Alt+T, Ctrl+,) takes it."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and _records(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Record the key; Backspace and Delete edit; Tab, Esc and Enter go on to the dialog."""
        if not _records(event):
            event.ignore()
            return
        plain = event.modifiers() & ~IGNORED_MODIFIERS == Qt.KeyboardModifier.NoModifier
        if plain and event.key() == Qt.Key.Key_Backspace:
            self.set_keys(self._keys[:-1])
        elif plain and event.key() == Qt.Key.Key_Delete:
            self.set_keys(())
        else:
            key = spelled_key(event)
            assert key is not None  # _records said so
            if self._fresh:
                self.set_keys((key,))
            elif key not in self._keys:
                self.set_keys((*self._keys, key))
        self._fresh = False
        event.accept()
