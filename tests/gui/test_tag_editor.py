"""Tags holding a comma or a quote survive the window's tag editor unchanged (the editor quotes them)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from readinglist.gui.views.detail import TagEditor
from tests.helpers import LIBRARY_FIXTURES, settle

TAGS = ["a,b", 'say "hi"', "plain"]
SHOWN = '"a,b", plain, say "hi"'  # the library lists a paper's tags by name


def tagged_library(folder: Path) -> None:
    """A library of one dump whose papers all have ``TAGS``."""
    with Library.open(folder) as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt"])
        for paper_id in library.paper_ids():
            library.set_tags(paper_id, TAGS)
            assert sorted(library.get(paper_id).tags) == sorted(TAGS)


# The completer's list grabs the keyboard when it opens, which the offscreen platform says it cannot do.
OPEN_LIST = pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")


@OPEN_LIST
def test_tags_with_a_comma_or_quote_survive_an_edit(qtbot, open_window: Callable[[], MainWindow], tmp_path) -> None:
    tagged_library(tmp_path / "library")
    window = open_window()
    qtbot.waitUntil(lambda: window.detail.paper is not None, timeout=10_000)
    paper_id = window.current_paper_id()
    assert window.detail.paper is not None and window.detail.paper.id == paper_id
    editor = window.detail.tags
    assert editor.text() == SHOWN

    editor.setFocus()
    editor.end(False)
    qtbot.keyClicks(editor, ", new one")
    with qtbot.waitSignal(window.counts_updated, timeout=10_000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot, window)
    tags = window.library.get(paper_id).tags
    assert len(tags) == 4 and set(tags) == {*TAGS, "new one"}
    assert window.sidebar_model.count_of("tag:new one") == 1
    qtbot.waitUntil(lambda: editor.text() == '"a,b", new one, plain, say "hi"')


def test_typing_a_quoted_tag_with_a_comma_applies_one_tag(qtbot) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.show()
    applied: list[list[str]] = []
    editor.applied.connect(applied.append)
    editor.setFocus()
    qtbot.keyClicks(editor, '"x, y", say "hi",, z')
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert applied == [["x, y", 'say "hi"', "z"]]


def test_escape_restores_quoted_tags(qtbot) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.show()
    editor.show_tags(TAGS)
    editor.setFocus()
    qtbot.keyClicks(editor, "junk")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    assert editor.text() == '"a,b", say "hi", plain'


@OPEN_LIST
def test_the_completer_completes_a_tag_with_a_comma_and_quotes_it(qtbot) -> None:
    editor = TagEditor()
    qtbot.addWidget(editor)
    editor.names.setStringList(["a,b", "alpha", "plain"])
    editor.show()
    editor.activateWindow()
    editor.setFocus()
    qtbot.waitUntil(editor.hasFocus)  # the completer writes into the editor only while it has the focus
    editor.show_tags(['say "hi"'])
    editor.end(False)
    qtbot.keyClicks(editor, ", a,")  # typed without a quote: "a" is a finished tag, the next is empty
    completer = editor.completer()
    assert completer.splitPath(editor.text()) == [""]
    editor.show_tags(['say "hi"'])
    editor.end(False)
    qtbot.keyClicks(editor, ', "a,')  # inside an open quote the comma is part of the tag
    assert completer.splitPath(editor.text()) == ["a,"]
    popup = completer.popup()
    qtbot.waitUntil(popup.isVisible)
    assert [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())] == ["a,b"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert editor.text() == 'say "hi", "a,b", '
    applied: list[list[str]] = []
    editor.applied.connect(applied.append)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert applied == [['say "hi"', "a,b"]]
