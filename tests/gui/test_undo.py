"""Decisions from the keyboard, auto-advance, and undo/redo of every kind of change."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.test_main_window import choose_list, import_and_wait
from tests.helpers import LIBRARY_FIXTURES, settle

DAILY_A = LIBRARY_FIXTURES / "daily_a.txt"
DAILY_B = LIBRARY_FIXTURES / "daily_b.txt"


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press ``key`` on the paper list and wait until its work is done."""
    qtbot.keyClick(window.table, key, modifier)
    settle(qtbot, window)


def statuses(window) -> dict[int, str]:
    return {p.id: p.status for p in window.library.records(window.library.paper_ids())}


def test_decisions_auto_advance_through_the_inbox_and_undo_one_by_one(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A, DAILY_B])
    window.table.setFocus()
    order = window.model.ids()
    for key in (Qt.Key.Key_Q, Qt.Key.Key_D, Qt.Key.Key_R, Qt.Key.Key_P):
        press(qtbot, window, key)
    assert [statuses(window)[pid] for pid in order] == ["queued", "dismissed", "read", "reading"]
    assert window.model.rowCount() == 0  # the Inbox is cleared
    assert window.actions_by_id["edit.undo"].text() == "&Undo Mark 1 paper reading"

    press(qtbot, window, Qt.Key.Key_Z)
    assert statuses(window)[order[3]] == "new"
    qtbot.waitUntil(lambda: window.model.ids() == [order[3]])
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)  # redo
    assert statuses(window)[order[3]] == "reading"
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [statuses(window)[pid] for pid in order] == ["queued", "dismissed", "new", "new"]


def test_in_a_list_the_paper_stays_and_the_cursor_moves_on(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    choose_list(qtbot, window, "list:all")
    window.table.setFocus()
    first = window.current_paper_id()
    press(qtbot, window, Qt.Key.Key_R)
    assert window.table.currentIndex().row() == 1
    assert window.library.get(first).status == "read"
    assert window.model.row_of(first) == 0


def test_a_bulk_decision_on_fifty_papers_is_one_undo_step(qtbot, window, tmp_path) -> None:
    from tests.benchmarks.corpus import generate_corpus

    import_and_wait(qtbot, window, generate_corpus(tmp_path / "dumps", 60, files=1, seed=5).files)
    choose_list(qtbot, window, "list:all")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Home)
    for _ in range(49):
        qtbot.keyClick(window.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    chosen = window.selected_ids()
    assert len(chosen) == 50
    press(qtbot, window, Qt.Key.Key_R)
    assert {pid for pid, status in statuses(window).items() if status == "read"} == set(chosen)
    assert window.undo_stack.count() == 1
    assert window.actions_by_id["edit.undo"].text() == "&Undo Mark 50 papers read"
    press(qtbot, window, Qt.Key.Key_Z)
    assert set(statuses(window).values()) == {"new"}
    press(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)
    assert sum(status == "read" for status in statuses(window).values()) == 50


def test_undo_restores_star_tags_and_note_text_exactly(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    paper = window.current_paper_id()
    window.library.set_note(paper, "kept note")
    window.library.add_tags([paper], ["Kept"])
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_S)
    qtbot.keyClick(window.table, Qt.Key.Key_T)
    window.detail.tags.clear()
    qtbot.keyClicks(window.detail.tags, "Replaced")
    qtbot.keyClick(window.detail.tags, Qt.Key.Key_Return)
    settle(qtbot, window)
    window.detail.focus_note()
    qtbot.keyClicks(window.detail.note, " and more")
    window.detail.flush()
    settle(qtbot, window)
    changed = window.library.get(paper)
    assert (changed.starred, changed.tags, changed.note) == (True, ["Replaced"], "kept note and more")

    window.table.setFocus()
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Z)
    restored = window.library.get(paper)
    assert (restored.starred, restored.tags, restored.note) == (False, ["Kept"], "kept note")
    qtbot.waitUntil(lambda: window.detail.note.toPlainText() == "kept note")


def test_letters_typed_in_text_fields_never_act(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A])
    window.search.setFocus()
    qtbot.keyClicks(window.search, "qdrpsz")
    settle(qtbot, window)
    window.detail.focus_note()
    qtbot.keyClicks(window.detail.note, "qdrpsztnjk/")
    window.detail.flush()
    settle(qtbot, window)
    assert set(statuses(window).values()) == {"new"}
    assert not any(p.starred for p in window.library.records(window.library.paper_ids()))
    assert window.undo_stack.count() == 1  # only the note edit
    assert window.undo_stack.undoText() == "Edit note"


def test_a_rebinding_takes_effect_after_restart_and_a_conflict_is_reported(qtbot, open_window) -> None:
    from readinglist import paths
    from readinglist.core.settings import Settings, save_settings

    window = open_window()
    import_and_wait(qtbot, window, [DAILY_A])
    window.close()
    save_settings(paths.settings_file(), Settings(keys={"paper.read": ("X",), "paper.star": ("Q",)}))

    again = open_window()
    assert again.preferences.problems == ("the key Q is bound to both Queue and Star",)
    assert "Settings:" in again.statusBar().currentMessage()
    choose_list(qtbot, again, "list:all")
    again.table.setFocus()
    paper = again.current_paper_id()
    press(qtbot, again, Qt.Key.Key_X)
    assert again.library.get(paper).status == "read"
    assert again.actions_by_id["paper.read"].shortcut().toString() == "X"


def test_removing_an_import_is_an_undoable_step(qtbot, window) -> None:
    import_and_wait(qtbot, window, [DAILY_A, DAILY_B])
    before = sorted(window.library.paper_ids())
    batch = next(b.id for b in window.library.batches() if b.name == "daily_b.txt")
    choose_list(qtbot, window, f"batch:{batch}")
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.command_palette.query, "remove import")
    qtbot.keyClick(window.command_palette.query, Qt.Key.Key_Return)
    settle(qtbot, window)
    assert len(window.library.paper_ids()) == len(before) - 1  # the paper only daily_b brought
    assert [b.name for b in window.library.batches()] == ["daily_a.txt"]
    assert window.sidebar_model.index_of_key(f"batch:{batch}") is None
    assert window.undo_stack.undoText().startswith("Remove import daily_b.txt · ")  # with its date, as listed

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.table.setFocus()
    press(qtbot, window, Qt.Key.Key_Z)
    assert sorted(window.library.paper_ids()) == before
    assert window.sidebar_model.index_of_key(f"batch:{batch}") is not None
    assert window.library.check(repair=False).agree
