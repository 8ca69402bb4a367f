"""The keyboard goes back to the papers when a menu, the command palette or the cheat sheet closes.

The single-letter keys (d, z, ?) act only while the paper list has the focus.
Closing a menu with Esc leaves the focus on the menu bar, and hiding a tool
window can leave no window active at all: the letters then silently do
nothing, while the menus still advertise them. Wherever a closed menu or
tool window would leave the keyboard, it comes back to the list instead,
unless the command it ran put it somewhere on purpose (the search field).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QWidget


class KeyboardHome(QObject):
    """Hands the keyboard back to the list after the window's menus and ``tools`` close."""

    def __init__(self, window: QMainWindow, focus_list: Callable[[], None], tools: Sequence[QWidget]) -> None:
        super().__init__(window)
        self.window = window
        self._focus_list = focus_list
        self._tools = tuple(tools)
        for menu in window.menuBar().findChildren(QMenu):
            # After the menu is gone: Esc puts the menu bar in keyboard mode only once the menu has hidden.
            menu.aboutToHide.connect(lambda: QTimer.singleShot(0, self, self._menu_closed))
        for tool in self._tools:
            tool.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tool window hiding: at once, so that a command it runs next may still move the focus elsewhere."""
        if event.type() == QEvent.Type.Hide and watched in self._tools and not self._in_window():
            self.come_back()
        return False

    def _menu_closed(self) -> None:
        if QApplication.activePopupWidget() is not None:  # moved on to the next menu of the bar
            return
        focus = QApplication.focusWidget()
        if focus is self.window.menuBar() or (focus is None and not self._other_window_shown()):
            self.come_back()

    def _other_window_shown(self) -> bool:
        """Whether a window other than the main one is up (a dialog the menu's command opened keeps the keyboard)."""
        return any(
            widget.isVisible() and widget is not self.window and not isinstance(widget, QMenu)
            for widget in QApplication.topLevelWidgets()
        )

    def _in_window(self) -> bool:
        """Whether the keyboard is on a widget of the window itself (not of a tool window, not nowhere)."""
        focus = QApplication.focusWidget()
        return focus is not None and focus.window() is self.window and focus.isVisible()

    def come_back(self) -> None:
        """Make the window active and give the list the keyboard."""
        self.window.activateWindow()
        self._focus_list()
