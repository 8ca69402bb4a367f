"""Paste and drop from a browser: the HTML flavour of a copied papers page, and dragged paper links."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QByteArray, QMimeData, Qt, QUrl
from PySide6.QtGui import QClipboard, QGuiApplication

from readinglist.gui.mime import MOZ_URL
from tests.gui.test_main_window import titles_on_screen
from tests.helpers import drop, settle

# Three paper cards of a daily papers page as a browser puts a selection on the clipboard:
# a charset <meta> in front, absolute links, each card with its upvotes, title, abstract and links.
PAGE_HTML = """<meta charset='utf-8'><h1>Daily Papers</h1>
<article class="flex flex-col overflow-hidden rounded-xl border">
  <a href="https://huggingface.co/papers/2401.01234"><img src="https://cdn-thumbnails.hf.co/2401.01234.png" alt=""></a>
  <div class="flex items-center"><svg width="1em" height="1em" viewBox="0 0 12 12"><path d="M5 2 10 9H2z"></path></svg>
    <div class="leading-none">42</div></div>
  <h3><a href="https://huggingface.co/papers/2401.01234">Sparse Attention Without Tears</a></h3>
  <p>We show that a fixed sparse attention pattern, learned once on a small model, transfers to models a hundred
  times larger and keeps their perplexity within one percent.</p>
  <div class="flex gap-2"><a href="https://github.com/sparse-lab/no-tears">GitHub 1.2k</a>
  <a href="https://huggingface.co/papers/2401.01234#community">7</a></div>
</article>
<article class="flex flex-col overflow-hidden rounded-xl border">
  <a href="https://huggingface.co/papers/2402.05678"><img src="https://cdn-thumbnails.hf.co/2402.05678.png" alt=""></a>
  <div class="flex items-center"><div class="leading-none">17</div></div>
  <h3><a href="https://huggingface.co/papers/2402.05678">Counting Tokens Is All You Need</a></h3>
  <p>Token budgets decide more than model size: we fit a law that predicts downstream accuracy from the tokens
  seen alone.</p>
  <ul><li>• 5 authors</li></ul>
  <div class="flex gap-2"><span>Published on Feb 8, 2024</span><a href="https://huggingface.co/papers/2402.05678#community">3</a></div>
</article>
<article class="flex flex-col overflow-hidden rounded-xl border">
  <a href="https://huggingface.co/papers/2403.11111"><img src="https://cdn-thumbnails.hf.co/2403.11111.png" alt=""></a>
  <div class="flex items-center"><div class="leading-none">5</div></div>
  <h3><a href="https://huggingface.co/papers/2403.11111">Robots That Read the Manual</a></h3>
  <p>Robots given the manual of a new appliance learn to use it in a fifth of the trials.</p>
  <div class="flex gap-2"><a href="https://github.com/manual-bots/rtrm">GitHub 88</a></div>
</article>
"""

# What the same selection gives as text/plain: the titles and counts, no links and no ids.
PAGE_TEXT = """Daily Papers
42
Sparse Attention Without Tears
We show that a fixed sparse attention pattern, learned once on a small model, transfers to models a hundred times \
larger and keeps their perplexity within one percent.
GitHub 1.2k
7
17
Counting Tokens Is All You Need
Token budgets decide more than model size: we fit a law that predicts downstream accuracy from the tokens seen alone.
• 5 authors
Published on Feb 8, 2024
3
5
Robots That Read the Manual
Robots given the manual of a new appliance learn to use it in a fifth of the trials.
GitHub 88
"""

PAPER = "https://huggingface.co/papers/2401.01234"


def link_drag(url: str, title: str | None = None) -> QMimeData:
    """What a browser offers when a link is dragged: text/uri-list, text/x-moz-url (UTF-16) and the URL as text."""
    mime = QMimeData()
    mime.setUrls([QUrl(url)])
    if title is not None:
        mime.setData(MOZ_URL, QByteArray(f"{url}\n{title}".encode("utf-16-le")))
    mime.setText(url)
    return mime


def drop_and_wait(qtbot, window, mime: QMimeData) -> list:
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        drop(window.table.viewport(), mime)
    settle(qtbot, window)
    return finished.args[0]


@pytest.fixture
def clipboard() -> Iterator[QClipboard]:
    """The application clipboard, emptied again after the test.

    Mime data left on it is destroyed only when the application goes, after Python's
    wrapper of it: the process then crashes on exit (seen as exit code 139 in CI).
    """
    board = QGuiApplication.clipboard()
    yield board
    board.clear()


def test_ctrl_v_of_a_copied_papers_page_imports_its_html(qtbot, window, clipboard: QClipboard) -> None:
    mime = QMimeData()
    mime.setHtml(PAGE_HTML)
    mime.setText(PAGE_TEXT)
    clipboard.setMimeData(mime)  # the clipboard owns it now
    window.table.setFocus()
    with qtbot.waitSignal(window.import_finished, timeout=30_000) as finished:
        qtbot.keyClick(window.table, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)

    [report] = finished.args[0]
    assert (report.outcome, report.layout, report.new) == ("imported", "html", 3)
    library = window.library
    assert library.count() == 3
    sparse = library.get(library.resolve("2401.01234"))
    assert (sparse.title, sparse.upvotes, sparse.comments) == ("Sparse Attention Without Tears", 42, 7)
    assert (sparse.github_url, sparse.github_stars) == ("https://github.com/sparse-lab/no-tears", 1200)
    assert sparse.abstract is not None and sparse.abstract.startswith("We show that a fixed sparse attention")
    tokens = library.get(library.resolve("2402.05678"))
    assert (tokens.title, tokens.upvotes, tokens.comments) == ("Counting Tokens Is All You Need", 17, 3)
    assert library.get(library.resolve("2403.11111")).title == "Robots That Read the Manual"
    [batch] = library.batches()
    assert batch.name.startswith("Paste ")
    assert sorted(titles_on_screen(qtbot, window)) == [
        "Counting Tokens Is All You Need",
        "Robots That Read the Manual",
        "Sparse Attention Without Tears",
    ]


def test_a_dropped_paper_link_adds_that_paper_and_again_merges(qtbot, window) -> None:
    [report] = drop_and_wait(qtbot, window, link_drag(PAPER, "Paper page - Sparse Attention Without Tears"))
    assert (report.outcome, report.new) == ("imported", 1)
    library = window.library
    paper = library.get(library.resolve("2401.01234"))
    assert (paper.arxiv_id, paper.title) == ("2401.01234", "Sparse Attention Without Tears")
    assert library.batches()[0].name.startswith("Dropped links ")
    assert titles_on_screen(qtbot, window) == ["Sparse Attention Without Tears"]

    # The same paper again, dragged from its arXiv page this time (no title): merged, not a second row.
    [again] = drop_and_wait(qtbot, window, link_drag("https://arxiv.org/abs/2401.01234v2"))
    assert (again.outcome, again.new, again.merged) == ("imported", 0, 1)
    assert library.count() == 1
    assert library.get(paper.id).title == "Sparse Attention Without Tears"
    assert titles_on_screen(qtbot, window) == ["Sparse Attention Without Tears"]


def test_a_drop_of_links_to_no_paper_imports_nothing_and_says_so(qtbot, window) -> None:
    dropped = drop(window.table.viewport(), link_drag("https://github.com/sparse-lab/no-tears", "no-tears"))
    assert dropped.isAccepted()
    assert "no paper" in window.statusBar().currentMessage()
    settle(qtbot, window)
    assert window.library.count() == 0 and window.library.batches() == []


def test_the_search_field_keeps_a_dropped_link(qtbot, window) -> None:
    window.search.clear()
    drop(window.search, link_drag(PAPER, "Sparse Attention Without Tears"))
    assert window.search.text() == PAPER
    settle(qtbot, window)
    assert window.library.count() == 0 and window.library.batches() == []
