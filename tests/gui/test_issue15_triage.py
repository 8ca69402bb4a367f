"""Issue 15, triage: where a run starts, a summary that adds up, the note's size and readable key hints."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QLabel

from readinglist.gui.theme import apply_theme
from tests.benchmarks.corpus import generate_corpus
from tests.gui.test_main_window import import_and_wait
from tests.gui.test_undo import statuses
from tests.helpers import settle

TRIAGE_KEYS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_T)


@pytest.fixture
def twelve_new(tmp_path: Path) -> Path:
    """One dump of 12 papers, all new once imported."""
    return generate_corpus(tmp_path / "dumps", 12, files=1, seed=5).files[0]


def press(qtbot, window, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier, widget=None) -> None:
    """Press a key (on the triage view unless ``widget``) and wait for its work to finish."""
    qtbot.keyClick(widget or window.triage, key, modifier)
    settle(qtbot, window)


def start_triage(qtbot, window) -> None:
    """Ctrl+Shift+T on the paper table, as a person starts triage."""
    window.table.setFocus()
    modifiers, key = TRIAGE_KEYS
    press(qtbot, window, key, modifiers, window.table)
    assert window.pages.currentWidget() is window.triage
    qtbot.waitUntil(lambda: window.triage.pane.paper is not None)


def summary_text(qtbot, window) -> str:
    """The summary as the person reads it, once counted."""
    qtbot.waitUntil(lambda: "Counting" not in window.triage.summary.text() and window.triage.summary.text() != "")
    document = window.triage.summary.text()
    return re.sub(r"<[^>]+>", "\n", document)


def test_triage_starts_at_the_top_of_the_list_whatever_row_is_current(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 5: triage from the Inbox's last row shows the list's first paper, "1 of 12"."""
    import_and_wait(qtbot, window, [twelve_new])
    order = window.model.ids()
    window.move_current(len(order) - 1)
    assert window.current_paper_id() == order[-1]
    start_triage(qtbot, window)
    assert window.triage.current_id() == order[0]
    assert window.triage.pane.paper is not None and window.triage.pane.paper.id == order[0]
    assert window.triage.progress.text() == f"1 of {len(order)}"


def test_triage_over_a_selection_goes_over_it_only_and_says_so(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 5: with three papers selected, triage runs over those three, "1 of 3 selected papers"."""
    import_and_wait(qtbot, window, [twelve_new])
    order = window.model.ids()
    window.move_current(4)
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier, window.table)
    start_triage(qtbot, window)
    assert window.triage.progress.text() == "1 of 3 selected papers"
    assert window.triage.current_id() == order[4]
    for key in (Qt.Key.Key_Q, Qt.Key.Key_Q, Qt.Key.Key_Q):
        press(qtbot, window, key)
    text = summary_text(qtbot, window)
    assert "3 papers triaged" in text and "3 queued" in text
    assert window.triage.progress.text() == "3 of 3 selected papers, done"
    assert Counter(statuses(window).values()) == Counter(new=len(order) - 3, queued=3)
    assert {pid for pid, status in statuses(window).items() if status == "queued"} == set(order[4:7])


def test_the_summary_adds_up_after_undo_redecisions_skips_and_a_star(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 12: the summary's status lines sum to its "N papers triaged"; the star is apart."""
    import_and_wait(qtbot, window, [twelve_new])
    order = window.model.ids()
    start_triage(qtbot, window)
    keys = [Qt.Key.Key_Q, Qt.Key.Key_D, Qt.Key.Key_R, Qt.Key.Key_Z, Qt.Key.Key_D]  # r undone, then d instead
    keys += [Qt.Key.Key_S, Qt.Key.Key_Q]  # starred, then queued: one paper, two changes
    keys += [Qt.Key.Key_K, Qt.Key.Key_R]  # back to the starred paper, decided again: read
    keys += [Qt.Key.Key_J]  # one paper left as it was
    for key in keys:
        press(qtbot, window, key)
    while window.triage.running:
        press(qtbot, window, Qt.Key.Key_D)

    text = summary_text(qtbot, window)
    total = int(re.search(r"([\d,]+) papers? triaged", text).group(1))  # type: ignore[union-attr]
    parts = {
        status: int(count) for count, status in re.findall(r"^(\d+) (queued|reading|read|dismissed|new)$", text, re.M)
    }
    assert sum(parts.values()) == total
    decided = {pid: status for pid, status in statuses(window).items() if status != "new"}
    assert total == len(decided) == len(order) - 1
    assert parts == dict(Counter(decided.values()))
    assert re.search(r"^1 of the 12 papers kept its status$", text, re.M)
    assert "1 starred" in text and "not counted as triaged" in text
    assert not re.search(r"^1 starred$", text, re.M)  # not one of the status lines


def test_the_summary_shows_only_the_keys_that_work_there(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 12: the decision keys are hidden on the summary; it says how to get back."""
    import_and_wait(qtbot, window, [twelve_new])
    window.move_current(10)
    press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier, window.table)
    start_triage(qtbot, window)
    assert window.triage.hint.isVisible()
    press(qtbot, window, Qt.Key.Key_R)
    press(qtbot, window, Qt.Key.Key_R)
    summary_text(qtbot, window)
    assert not window.triage.hint.isVisible()
    assert window.triage.summary_hint.isVisible()
    assert "Enter or Esc: back to the library" in window.triage.summary_hint.text()
    press(qtbot, window, Qt.Key.Key_Z)  # undo, as the summary says: back to the last paper, keys shown again
    assert window.triage.running and window.triage.hint.isVisible()


def test_an_empty_note_is_small_in_triage_and_the_paper_gets_the_height(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 19: in triage the empty note is a line or two; it grows while typed in; the abstract is taller."""
    import_and_wait(qtbot, window, [twelve_new])
    window.resize(1200, 800)
    start_triage(qtbot, window)
    pane = window.triage.pane
    line = pane.note.fontMetrics().lineSpacing()
    qtbot.waitUntil(lambda: pane.note.height() <= 3 * line + 16)
    assert pane.info.height() > 4 * pane.note.height()

    press(qtbot, window, Qt.Key.Key_N)  # into the note: room to write
    assert pane.note.hasFocus()
    qtbot.waitUntil(lambda: pane.note.height() >= 5 * line)
    press(qtbot, window, Qt.Key.Key_Escape, widget=pane.note)
    qtbot.waitUntil(lambda: pane.note.height() <= 3 * line + 16)
    assert pane.info.height() > pane.note.height()


def wcag_contrast(a: QColor, b: QColor) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, computed here, apart from the code under test."""

    def luminance(colour: QColor) -> float:
        channels = [c / 255 for c in (colour.red(), colour.green(), colour.blue())]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_contrast(label: QLabel) -> float:
    """The contrast of ``label``'s text with its background, read from the pixels it draws."""
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = Counter(image.pixel(x, y) for x in range(image.width()) for y in range(image.height()))
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(wcag_contrast(QColor.fromRgb(pixel), background) for pixel in pixels)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_the_key_hints_meet_wcag_aa_contrast(qtbot, window, twelve_new: Path, theme: str) -> None:
    """Issue 15 item 19: the triage key hints are readable (contrast at least 4.5:1) in the light and dark themes."""
    import_and_wait(qtbot, window, [twelve_new])
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_theme(app, theme)
    try:
        start_triage(qtbot, window)
        assert text_contrast(window.triage.hint) >= 4.5
        assert text_contrast(window.triage.progress) >= 4.5  # "1 of 12": it stayed black in the dark theme
        while window.triage.running:
            press(qtbot, window, Qt.Key.Key_R)
        summary_text(qtbot, window)
        assert text_contrast(window.triage.summary_hint) >= 4.5
    finally:
        apply_theme(app, "system")


def test_a_paper_moved_to_the_trash_in_triage_counts_as_decided(qtbot, window, twelve_new: Path) -> None:
    """Issue 15 item 12: Delete in triage is a decision: "1 moved to the Trash", within the total, not "kept"."""
    import_and_wait(qtbot, window, [twelve_new])
    window.move_current(2)
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier, window.table)
    start_triage(qtbot, window)
    for key in (Qt.Key.Key_Q, Qt.Key.Key_Delete, Qt.Key.Key_R):
        press(qtbot, window, key)
    text = summary_text(qtbot, window)
    assert "3 papers triaged" in text
    assert re.search(r"^1 queued$", text, re.M) and re.search(r"^1 read$", text, re.M)
    assert re.search(r"^1 moved to the Trash$", text, re.M)
    assert "kept" not in text
