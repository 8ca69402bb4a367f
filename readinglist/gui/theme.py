"""The colour theme setting: follow the system, or force light or dark.

A forced theme is a palette on Qt's Fusion style, which draws every widget
from the palette alone. ``QStyleHints.setColorScheme`` would be shorter, but
only platform themes that support it (Windows, macOS, some portals) obey it;
on a bare X11 session or the offscreen platform it changes nothing.
"""

from __future__ import annotations

from typing import TypedDict

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

_DARK = {
    QPalette.ColorRole.Window: "#2b2b2b",
    QPalette.ColorRole.WindowText: "#e6e6e6",
    QPalette.ColorRole.Base: "#1f1f1f",
    QPalette.ColorRole.AlternateBase: "#272727",
    QPalette.ColorRole.Text: "#e6e6e6",
    QPalette.ColorRole.Button: "#353535",
    QPalette.ColorRole.ButtonText: "#e6e6e6",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Highlight: "#3d6fb4",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#353535",
    QPalette.ColorRole.ToolTipText: "#e6e6e6",
    QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    QPalette.ColorRole.Link: "#7aa9f0",
    QPalette.ColorRole.LinkVisited: "#b48ee8",
    QPalette.ColorRole.Light: "#454545",
    QPalette.ColorRole.Midlight: "#3a3a3a",
    QPalette.ColorRole.Mid: "#2f2f2f",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#101010",
}
_DARK_DISABLED_TEXT = "#7a7a7a"
_TEXT_ROLES = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText)


class _Look(TypedDict, total=False):
    style: str
    palette: QPalette


_system_look: _Look = {}  # the style and palette from before a theme was forced


def apply_theme(app: QApplication, theme: str) -> None:
    """Use ``theme`` ("system", "light" or "dark") for the whole application, at once."""
    if theme == "system":
        if _system_look:  # only undo what a forced theme changed
            app.setStyle(QStyleFactory.create(_system_look.pop("style")))
            app.setPalette(_system_look.pop("palette"))
        return
    if not _system_look:
        _system_look["style"] = app.style().name()
        _system_look["palette"] = QPalette(app.palette())
    fusion = QStyleFactory.create("Fusion")
    app.setStyle(fusion)
    app.setPalette(dark_palette() if theme == "dark" else fusion.standardPalette())


def dark_palette() -> QPalette:
    """A dark palette with readable contrast for text, selections and links."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in _TEXT_ROLES:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED_TEXT))
    return palette
