"""Issue 17, the window: `o` opens the Hub page (or a Hub search for the title), the detail pane shows the paper's
links, and completing papers from the Hub fills only exact titles, as one step that Z undoes.

The URL opener is replaced through Qt's own hook (``QDesktopServices.setUrlHandler``): the window hands the URL to
the desktop exactly as it would for a browser. Completions run in the window's worker against the local fake Hub.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from readinglist.core.dumps import ParsedPaper
from readinglist.core.services import Library
from readinglist.gui.main_window import MainWindow
from tests.gui.test_main_window import choose_list
from tests.helpers import LIBRARY_FIXTURES, paper_id_by_title, paste_papers, settle
from tests.hub_fake import FakeHub, paper_entry

KNOWN = "Sparse Lattice Attention for Long Documents"  # in daily_a.txt, a plain-text page: no arXiv id
WITH_ID = "Retrieval Heads Explained"
WITH_ID_ARXIV = "2512.00042"


class Opener(QObject):
    """What the desktop would have opened, by scheme."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url.toString(QUrl.ComponentFormattingOption.FullyEncoded))


@pytest.fixture
def opener() -> Iterator[Opener]:
    """http(s) URLs handed to the desktop land here instead of in a browser."""
    handler = Opener()
    for scheme in ("http", "https"):
        QDesktopServices.setUrlHandler(scheme, handler, "open")
    yield handler
    for scheme in ("http", "https"):
        QDesktopServices.unsetUrlHandler(scheme)


@pytest.fixture
def library_folder(tmp_path: Path) -> Path:
    """The folder ``open_window`` opens: a plain-text page (titles only) and one paper with an arXiv id."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt"])
        paste_papers(library, [ParsedPaper(WITH_ID, 1, arxiv_id=WITH_ID_ARXIV)], "with an id")
    return tmp_path / "library"


def press_on(qtbot, window: MainWindow, title: str, key: Qt.Key) -> None:
    """Make the paper ``title`` current in the list and press ``key`` there."""
    window.show_paper(paper_id_by_title(window.library, title))
    settle(qtbot, window)
    window.table.setFocus()
    qtbot.keyClick(window.table, key)


def test_o_opens_a_hub_search_for_a_paper_known_by_title_and_the_hub_page_for_one_with_an_id(
    qtbot, library_folder: Path, opener: Opener, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    choose_list(qtbot, window, "list:all")

    press_on(qtbot, window, KNOWN, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: len(opener.urls) == 1, timeout=10_000)
    assert opener.urls == ["https://huggingface.co/papers?q=Sparse%20Lattice%20Attention%20for%20Long%20Documents"]
    assert "opened a Hub search" in window.statusBar().currentMessage()

    press_on(qtbot, window, WITH_ID, Qt.Key.Key_O)
    qtbot.waitUntil(lambda: len(opener.urls) == 2, timeout=10_000)
    assert opener.urls[1] == f"https://huggingface.co/papers/{WITH_ID_ARXIV}"


def test_the_detail_pane_shows_the_papers_links_by_name(
    qtbot, library_folder: Path, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    choose_list(qtbot, window, "list:all")
    window.show_paper(paper_id_by_title(window.library, WITH_ID))
    qtbot.waitUntil(lambda: WITH_ID in window.detail.info.toPlainText(), timeout=10_000)
    shown = window.detail.info.toHtml()
    assert (
        f"https://huggingface.co/papers/{WITH_ID_ARXIV}" in shown and f"https://arxiv.org/abs/{WITH_ID_ARXIV}" in shown
    )
    assert "Hugging Face" in window.detail.info.toPlainText() and "arXiv" in window.detail.info.toPlainText()


def test_completing_fills_only_the_exact_title_and_z_undoes_it_in_one_step(
    qtbot, fake_hub: FakeHub, library_folder: Path, open_window: Callable[[], MainWindow]
) -> None:
    """Two papers known only by title: the Hub has one under exactly its title, the other under a longer title."""
    exact, other = "Curriculum Distillation for Small Reasoners", KNOWN
    window = open_window()
    known_id, other_id = paper_id_by_title(window.library, exact), paper_id_by_title(window.library, other)
    fake_hub.searchable = [
        paper_entry(1, title=f"  {exact.upper()} ", arxiv_id="2512.00001"),  # the same normalised title
        paper_entry(2, title=f"{other} at Scale", arxiv_id="2512.00002"),  # another paper
    ]
    original = window.library.get(known_id)
    choose_list(qtbot, window, "list:all")
    window.show_paper(known_id)
    settle(qtbot, window)
    window.table.selectionModel().select(
        window.model.index(window.model.row_of(other_id), 0),
        window.table.selectionModel().SelectionFlag.Select | window.table.selectionModel().SelectionFlag.Rows,
    )
    assert sorted(window.selected_ids()) == sorted([known_id, other_id])

    with qtbot.waitSignal(window.completion_finished, timeout=30_000) as finished:
        window.actions_by_id["hub.complete"].trigger()  # Paper › Complete from the Hub
    settle(qtbot, window)

    report = finished.args[0]
    assert [c.paper_id for c in report.completed] == [known_id]
    assert [c.paper_id for c in report.skipped] == [other_id]
    completed, skipped = window.library.get(known_id), window.library.get(other_id)
    assert (completed.arxiv_id, completed.github_url) == ("2512.00001", "https://github.com/fake/repo1")
    assert completed.org == "Quiet Lab"  # the page named its organisation: what the Hub says does not replace it
    assert (skipped.arxiv_id, skipped.github_url) == (None, "https://github.com/example-lab/lattice-attn")
    assert completed.status == "new" and completed.title == exact  # the person's fields and the title stay
    message = window.statusBar().currentMessage()
    assert message.startswith("Completed 1 paper from the Hub, 1 skipped (no exact title match)")
    assert message.endswith("Z to undo")
    assert window.completion_summary.isVisible()  # beside the window, not modal
    assert window.completion_summary.skipped_titles() == [other]
    assert not window.completion_summary.isModal()
    assert window.undo_stack.count() == 1

    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Z)
    settle(qtbot, window)
    undone = window.library.get(known_id)
    assert (undone.arxiv_id, undone.org, undone.github_url) == (None, "Quiet Lab", None)
    assert undone == original  # every field as it was
    assert window.undo_stack.index() == 0  # one step took it all back

    qtbot.keyClick(window.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier)  # redo
    settle(qtbot, window)
    assert window.library.get(known_id).arxiv_id == "2512.00001"


def test_an_import_of_papers_without_an_id_offers_to_look_them_up_on_the_hub(
    qtbot, fake_hub: FakeHub, open_window: Callable[[], MainWindow]
) -> None:
    window = open_window()
    fake_hub.searchable = [paper_entry(3, title=KNOWN, arxiv_id="2512.00003")]
    with qtbot.waitSignal(window.import_finished, timeout=30_000):
        window.imports.import_paths([LIBRARY_FIXTURES / "daily_a.txt"])
    settle(qtbot, window)
    summary = window.summary
    assert fake_hub.asked == []  # nothing is looked up before the person asks
    qtbot.mouseClick(window.details_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(summary.isVisible, timeout=5000)
    qtbot.waitUntil(summary.lookup_button.isVisible, timeout=10_000)  # asked once the summary is on screen
    incomplete = len(window.library.incomplete_ids())
    assert summary.lookup_note.text().startswith(f"{incomplete} papers of this import have no arXiv id")

    with qtbot.waitSignal(window.completion_finished, timeout=60_000) as finished:
        qtbot.mouseClick(summary.lookup_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window)
    report = finished.args[0]
    assert len(report.results) == incomplete
    assert [c.title for c in report.completed] == [KNOWN]
    assert window.library.get(paper_id_by_title(window.library, KNOWN)).arxiv_id == "2512.00003"
    assert not summary.lookup_button.isVisible()  # asked once


def test_complete_all_with_every_id_known_says_so_and_asks_nothing(
    qtbot, fake_hub: FakeHub, tmp_path: Path, open_window: Callable[[], MainWindow]
) -> None:
    with Library.open(tmp_path / "library") as library:
        paste_papers(library, [ParsedPaper(WITH_ID, 1, arxiv_id=WITH_ID_ARXIV)], "with an id")
    window = open_window()
    window.actions_by_id["hub.complete_all"].trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Nothing to complete"), timeout=10_000)
    assert fake_hub.asked == []
    assert not window.completion_summary.isVisible()
