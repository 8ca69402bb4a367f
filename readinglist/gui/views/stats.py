"""The statistics page: where the papers stand, the reading pace, the backlog, tags, organisations.

Drawn with QPainter in the colours of the widget palette, so it follows light
and dark themes (Qt Charts is not part of PySide6-Essentials). The numbers
come from ``core.stats`` through the loader the window passes in, which runs
on its reader thread. A change to the library asks for a recount: while the
page is shown, a burst of changes recomputes once, REFRESH_DELAY_MS after the
last; while it is hidden, nothing is computed until it is shown again.

Every chart keeps the (label, value) pairs it draws: ``shown()`` for tests,
and the accessible description for screen readers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from readinglist.core.models import ReadStatus
from readinglist.core.stats import LibraryStats

REFRESH_DELAY_MS = 300  # a burst of decisions is counted once, this long after the last
StatsLoader = Callable[[Callable[[LibraryStats], None]], object]  # load(deliver): deliver(stats) on the GUI thread

PAD = 6  # px between a label, its bar and its value
TRACK_ALPHA = 36  # the faint full-length track behind each bar
FILL_ALPHA = 60  # the area under the backlog line
VALUE_LIFT = 4  # px between the backlog's last point and its value above it


def week_label(day: date) -> str:
    """ "Nov 17": the short label of a week or a day."""
    return f"{day:%b} {day.day}"


def days(count: int) -> str:
    """ "today", "1 day", "12 days"."""
    return "today" if count == 0 else "1 day" if count == 1 else f"{count:,} days"


def _role(widget: QWidget, role: QPalette.ColorRole, alpha: int | None = None) -> QColor:
    colour = QColor(widget.palette().color(role))
    if alpha is not None:
        colour.setAlpha(alpha)
    return colour


class _Chart(QWidget):
    """A painted chart over (label, value) pairs; says ``empty_text`` when there are none to show."""

    def __init__(self, name: str, empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.empty_text = empty_text
        self._items: list[tuple[str, int]] = []

    def set_items(self, items: Sequence[tuple[str, int]]) -> None:
        """Show ``items``: (label, value) pairs, in this order."""
        self._items = [(label, int(value)) for label, value in items]
        self.setAccessibleDescription("; ".join(f"{label}: {value}" for label, value in self._items))
        self.updateGeometry()
        self.update()

    def shown(self) -> list[tuple[str, int]]:
        """The (label, value) pairs the chart draws."""
        return list(self._items)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._items:
            self._paint(painter)
        else:
            self._say_empty(painter)

    def _paint(self, painter: QPainter) -> None:
        """Draw the items (there is at least one)."""
        raise NotImplementedError

    def _say_empty(self, painter: QPainter, rect: QRectF | None = None) -> None:
        painter.setPen(_role(self, QPalette.ColorRole.PlaceholderText))
        painter.drawText(rect or QRectF(self.rect()), Qt.AlignmentFlag.AlignCenter, self.empty_text)

    def _label_width(self) -> int:
        """The room an x-axis label takes, spacing included."""
        return max((self.fontMetrics().horizontalAdvance(label) for label, _v in self._items), default=0) + 2 * PAD

    def _x_labels(self, painter: QPainter, centres: Sequence[float], top: float) -> None:
        """Label the columns at ``centres``, as many as fit without overlapping, always the last."""
        if not centres:
            return
        metrics = self.fontMetrics()
        widest = self._label_width()
        slot = (centres[-1] - centres[0]) / (len(centres) - 1) if len(centres) > 1 else widest
        every = max(1, math.ceil(widest / max(slot, 1.0)))
        painter.setPen(_role(self, QPalette.ColorRole.PlaceholderText))
        last = len(centres) - 1
        for i, centre in enumerate(centres):
            if (last - i) % every == 0:
                label = self._items[i][0]
                left = min(max(centre - widest / 2, 0.0), self.width() - widest)  # never cut at the edges
                box = QRectF(left, top, widest, metrics.height())
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, label)


class BarList(_Chart):
    """One row per item: the label, a horizontal bar as long as its value, the value."""

    def __init__(
        self,
        name: str,
        empty_text: str,
        value_text: Callable[[int], str] = lambda n: f"{n:,}",
        label_share: float = 0.42,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, empty_text, parent)
        self.value_text = value_text
        self.label_share = label_share  # at most this part of the width goes to the labels

    def _row_height(self) -> int:
        return self.fontMetrics().height() + PAD

    def sizeHint(self) -> QSize:
        return QSize(320, max(len(self._items), 3) * self._row_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 3 * self._row_height())

    def _paint(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        row = self._row_height()
        items = self._items[: max(1, self.height() // row)]  # whole rows only
        widest = max(metrics.horizontalAdvance(label) for label, _v in items) + 2  # + 2: eliding rounds
        label_width = min(widest, int(self.width() * self.label_share))
        value_width = max(metrics.horizontalAdvance(self.value_text(v)) for _label, v in items)
        bar_left = label_width + PAD
        bar_room = max(self.width() - bar_left - PAD - value_width, 1)
        largest = max(v for _label, v in items) or 1
        bar, track, text = (
            _role(self, QPalette.ColorRole.Highlight),
            _role(self, QPalette.ColorRole.Highlight, TRACK_ALPHA),
            _role(self, QPalette.ColorRole.WindowText),
        )
        painter.setPen(Qt.PenStyle.NoPen)
        for i, (label, value) in enumerate(items):
            top = i * row
            bar_box = QRectF(bar_left, top + PAD / 2 + 1, bar_room, row - PAD - 2)
            painter.setBrush(track)
            painter.drawRoundedRect(bar_box, 2, 2)
            length = bar_room * value / largest
            if value:
                painter.setBrush(bar)
                painter.drawRoundedRect(QRectF(bar_left, bar_box.top(), max(length, 2.0), bar_box.height()), 2, 2)
            painter.setPen(text)
            label_box = QRectF(0, top, label_width, row)
            elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_width)
            painter.drawText(label_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
            value_box = QRectF(bar_left + length + PAD, top, value_width + PAD, row)
            painter.drawText(
                value_box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.value_text(value)
            )
            painter.setPen(Qt.PenStyle.NoPen)


class _PlotChart(_Chart):
    """A chart drawn over an x axis of labels: the column and line charts."""

    def sizeHint(self) -> QSize:
        return QSize(360, 180)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 4 * self.fontMetrics().height())


class ColumnChart(_PlotChart):
    """Vertical bars side by side with their labels under them and their values on top."""

    def _paint(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        base = self.height() - line - PAD  # the x axis
        plot = QRectF(0, line + 2, self.width(), max(base - line - 2, 1))  # room above for the values
        count = len(self._items)
        largest = max((v for _label, v in self._items), default=0)
        margin = max(self._label_width() / 2 - self.width() / count / 2, 0.0)  # the end labels stay whole
        slot = (self.width() - 2 * margin) / count
        width = max(slot * 0.62, 1.0)
        centres = [margin + slot * (i + 0.5) for i in range(count)]
        painter.setPen(QPen(_role(self, QPalette.ColorRole.PlaceholderText, 140), 1))
        painter.drawLine(QPointF(0, base + 0.5), QPointF(self.width(), base + 0.5))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_role(self, QPalette.ColorRole.Highlight))
        for centre, (_label, value) in zip(centres, self._items, strict=True):
            if value:
                height = max(plot.height() * value / largest, 2.0)
                painter.drawRoundedRect(QRectF(centre - width / 2, base - height, width, height), 2, 2)
        painter.setPen(_role(self, QPalette.ColorRole.WindowText))
        for centre, (_label, value) in zip(centres, self._items, strict=True):
            if value:
                top = base - max(plot.height() * value / largest, 2.0) - line - 1
                painter.drawText(QRectF(centre - slot / 2, top, slot, line), Qt.AlignmentFlag.AlignCenter, f"{value:,}")
        self._x_labels(painter, centres, base + PAD / 2)
        if not largest:
            self._say_empty(painter, plot)


class LineChart(_PlotChart):
    """A line through the values, the area under it shaded, with 0 and the peak marked on the left."""

    def _paint(self, painter: QPainter) -> None:
        metrics = self.fontMetrics()
        line = metrics.height()
        peak = max(v for _label, v in self._items)
        axis_width = metrics.horizontalAdvance(f"{peak:,}") + PAD
        base = self.height() - line - PAD
        top = line + VALUE_LIFT  # room above the line for the last value, even when it is the peak
        left = axis_width + max(PAD, self._label_width() / 2 - axis_width)
        right = self.width() - max(metrics.horizontalAdvance(f"{self._items[-1][1]:,}"), self._label_width()) / 2
        count = len(self._items)
        step = (right - left) / (count - 1) if count > 1 else 0.0
        scale = (base - top) / peak if peak else 0.0
        points = [QPointF(left + i * step, base - v * scale) for i, (_label, v) in enumerate(self._items)]

        faint = _role(self, QPalette.ColorRole.PlaceholderText)
        grid = _role(self, QPalette.ColorRole.PlaceholderText, 90)
        painter.setPen(QPen(grid, 1, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(left, top + 0.5), QPointF(self.width(), top + 0.5))
        painter.setPen(QPen(_role(self, QPalette.ColorRole.PlaceholderText, 140), 1))
        painter.drawLine(QPointF(left, base + 0.5), QPointF(self.width(), base + 0.5))
        painter.setPen(faint)
        right_aligned = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, top - line / 2, axis_width, line), right_aligned, f"{peak:,}")
        painter.drawText(QRectF(0, base - line / 2, axis_width, line), right_aligned, "0")

        accent = _role(self, QPalette.ColorRole.Highlight)
        if count > 1:
            area = QPainterPath(QPointF(points[0].x(), base))
            for point in points:
                area.lineTo(point)
            area.lineTo(QPointF(points[-1].x(), base))
            area.closeSubpath()
            painter.fillPath(area, _role(self, QPalette.ColorRole.Highlight, FILL_ALPHA))
            painter.setPen(QPen(accent, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            painter.drawPolyline(points)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(accent)
        for point in points:
            painter.drawEllipse(point, 3, 3)
        last = points[-1]
        painter.setPen(_role(self, QPalette.ColorRole.WindowText))
        value = f"{self._items[-1][1]:,}"
        value_width = metrics.horizontalAdvance(value) + PAD
        left_edge = max(min(last.x() - value_width / 2, self.width() - value_width), 0.0)
        painter.drawText(
            QRectF(left_edge, max(last.y() - line - VALUE_LIFT, 0.0), value_width, line),
            Qt.AlignmentFlag.AlignCenter,
            value,
        )
        self._x_labels(painter, [p.x() for p in points], base + PAD / 2)


class StatisticsView(QWidget):
    """The reading statistics of the library; Esc (or the same command) goes back to it."""

    leave_requested = Signal()
    stats_shown = Signal(object)  # the LibraryStats now on screen

    def __init__(self, load: StatsLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Statistics")
        self._load = load
        self._stats: LibraryStats | None = None
        self._stale = True  # the library changed since the numbers shown were counted
        self._generation = 0  # bumps with every count asked for; older answers are dropped
        self.loads = 0  # counts asked for (tests check that a burst of changes asks once)
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(REFRESH_DELAY_MS)
        self._refresh_soon.timeout.connect(self._refresh_if_shown)

        self.summary = QLabel("Counting…", self)
        self.summary.setAccessibleName("Statistics summary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        font = self.summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.summary.setFont(font)
        self.hint = QLabel("Esc: back to the library", self)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.status_chart = BarList("Papers by status", "No papers yet")
        self.week_chart = ColumnChart("Read per week", "Nothing read in these weeks")
        self.backlog_chart = LineChart("Unread papers at the end of each week", "No papers yet")
        self.tag_chart = BarList("Top tags", "No tags yet")
        self.org_chart = BarList("Top organisations", "No organisations in the dumps yet")
        self.oldest_chart = BarList("Oldest unread papers", "Nothing waiting", value_text=days, label_share=0.68)
        self._titles: dict[QWidget, QLabel] = {}
        self._layout()

    def _layout(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(18)
        panels = (
            (self.status_chart, "Papers by status"),
            (self.week_chart, "Read per week"),
            (self.backlog_chart, "Backlog: unread at the end of each week"),
            (self.tag_chart, "Top tags"),
            (self.org_chart, "Top organisations"),
            (self.oldest_chart, "Oldest unread (new or queued)"),
        )
        for i, (chart, title) in enumerate(panels):
            label = QLabel(title, self)
            label.setStyleSheet("font-weight: bold;")
            self._titles[chart] = label
            panel = QVBoxLayout()
            panel.setSpacing(6)
            panel.addWidget(label)
            panel.addWidget(chart, 1)
            grid.addLayout(panel, i // 3, i % 3)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 18, 24, 12)
        outer.setSpacing(14)
        outer.addWidget(self.summary)
        outer.addLayout(grid, 1)
        outer.addWidget(self.hint)

    # -- keeping the numbers current ------------------------------------------

    def papers_changed(self) -> None:
        """The library changed: count again soon if the page is shown, else once it is shown."""
        self._stale = True
        if self.isVisible():
            self._refresh_soon.start()

    def refresh(self) -> None:
        """Ask for the numbers now (on the loader's thread); they are shown when they arrive."""
        self._refresh_soon.stop()
        self._stale = False
        self._generation += 1
        self.loads += 1
        generation = self._generation
        self._load(lambda stats: self._arrived(generation, stats))

    def _refresh_if_shown(self) -> None:
        if self.isVisible():
            self.refresh()

    def _arrived(self, generation: int, stats: LibraryStats) -> None:
        if generation == self._generation:  # else a newer count is on its way
            self.show_stats(stats)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

    # -- showing ----------------------------------------------------------------

    def shown_stats(self) -> LibraryStats | None:
        """The numbers on screen (None until the first count has arrived)."""
        return self._stats

    def show_stats(self, stats: LibraryStats) -> None:
        """Put ``stats`` on screen."""
        self._stats = stats
        weeks = len(stats.read_per_week)
        read_in_weeks = sum(w.count for w in stats.read_per_week)
        self.summary.setText(
            f"<b>{stats.total:,}</b> {'paper' if stats.total == 1 else 'papers'}"
            f" &nbsp;·&nbsp; <b>{stats.unread:,}</b> unread"
            f" &nbsp;·&nbsp; <b>{stats.read_this_week:,}</b> read this week"
            f" &nbsp;·&nbsp; <b>{read_in_weeks:,}</b> read in {weeks} weeks"
        )
        self.status_chart.set_items([(s.value.capitalize(), stats.by_status[s.value]) for s in ReadStatus])
        self.week_chart.set_items([(week_label(w.start), w.count) for w in stats.read_per_week])
        self.backlog_chart.set_items([(week_label(p.day), p.unread) for p in stats.backlog])
        self.tag_chart.set_items(stats.top_tags)
        self.org_chart.set_items(stats.top_orgs)
        self.oldest_chart.set_items([(p.title, p.age_days) for p in stats.oldest_unread])
        self._titles[self.week_chart].setText(f"Read per week, last {weeks} weeks")
        self.stats_shown.emit(stats)
