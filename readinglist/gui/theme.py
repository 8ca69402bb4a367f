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
    QPalette.ColorRole.PlaceholderText: "#a3a3a3",  # 5.6:1 on Window, 6.4:1 on Base (WCAG AA: 4.5)
    QPalette.ColorRole.Link: "#7aa9f0",
    QPalette.ColorRole.LinkVisited: "#b48ee8",
    QPalette.ColorRole.Light: "#454545",
    QPalette.ColorRole.Midlight: "#3a3a3a",
    QPalette.ColorRole.Mid: "#2f2f2f",
    QPalette.ColorRole.Dark: "#1a1a1a",
    QPalette.ColorRole.Shadow: "#101010",
}
_DARK_DISABLED_TEXT = "#7a7a7a"
AA_CONTRAST = 4.5  # WCAG AA, for text of normal size
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
    app.setPalette(dark_palette() if theme == "dark" else light_palette())


def light_palette() -> QPalette:
    """Fusion's light palette, with placeholder text readable on fields (its own is 4.0:1, under WCAG AA)."""
    palette = QStyleFactory.create("Fusion").standardPalette()
    palette.setColor(QPalette.ColorRole.PlaceholderText, faint_text(palette, QPalette.ColorRole.Base))
    return palette


def dark_palette() -> QPalette:
    """A dark palette with readable contrast for text, selections and links."""
    palette = QPalette()
    for role, colour in _DARK.items():
        palette.setColor(role, QColor(colour))
    for role in _TEXT_ROLES:
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(_DARK_DISABLED_TEXT))
    return palette


def contrast_ratio(foreground: QColor, background: QColor) -> float:
    """The WCAG contrast ratio (1 to 21) of ``foreground`` drawn over the opaque ``background``."""
    lighter, darker = sorted((_luminance(_over(foreground, background)), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def faint_text(palette: QPalette, background: QPalette.ColorRole = QPalette.ColorRole.Window) -> QColor:
    """A quieter colour than the text for hints, that still meets WCAG AA on ``background``.

    The palette's placeholder colour when it is readable enough; otherwise it
    is moved towards the text colour until it is. (Qt's own placeholder is the
    text at half opacity: 3.9:1 on Fusion's light grey, too faint to read.)
    """
    ground = palette.color(background)
    text = palette.color(QPalette.ColorRole.WindowText)
    faint = _over(palette.color(QPalette.ColorRole.PlaceholderText), ground)
    for step in range(11):
        colour = _mix(faint, text, step / 10)
        if contrast_ratio(colour, ground) >= AA_CONTRAST:
            return colour
    return text


def _over(colour: QColor, background: QColor) -> QColor:
    """``colour`` composited over ``background`` (what the eye sees of a translucent colour)."""
    alpha = colour.alphaF()
    return _mix(background, QColor(colour.red(), colour.green(), colour.blue()), alpha)


def _mix(a: QColor, b: QColor, share_of_b: float) -> QColor:
    mix = lambda x, y: round(x + (y - x) * share_of_b)  # noqa: E731
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()))


def _luminance(colour: QColor) -> float:
    """WCAG relative luminance of an sRGB colour."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF())
