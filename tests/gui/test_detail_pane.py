"""The detail pane shows a paper's AI summary under its own label, apart from the abstract."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtGui import QTextBlock

from readinglist.core.records import PaperRecord
from readinglist.gui.views.detail import DetailPane

ABSTRACT = "We route tokens to experts by load."
SUMMARY = "Experts take <turns> like ocean tides & halve the routing cost."


def record(ai_summary: str | None) -> PaperRecord:
    return PaperRecord(
        id=7,
        title="Tidal Mixture of Experts",
        abstract=ABSTRACT,
        arxiv_id="2501.01234",
        authors_count=3,
        org=None,
        published=None,
        published_text="Jan 2",
        published_inferred=False,
        upvotes=12,
        comments=None,
        github_url=None,
        github_stars=None,
        links=[],
        status="new",
        starred=False,
        added_at=datetime(2025, 1, 3, tzinfo=UTC),
        status_changed_at=None,
        ai_summary=ai_summary,
    )


@pytest.fixture
def pane(qtbot) -> DetailPane:
    shown = DetailPane()
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def blocks(pane: DetailPane) -> list[QTextBlock]:
    """Each non-empty paragraph of the pane's paper view, in order."""
    found = []
    block = pane.info.document().begin()
    while block.isValid():
        if block.text().strip():
            found.append(block)
        block = block.next()
    return found


def paragraphs(pane: DetailPane) -> list[str]:
    """The text of each paragraph the pane's paper view shows, in order."""
    return [block.text() for block in blocks(pane)]


def colour(block: QTextBlock) -> str:
    return block.begin().fragment().charFormat().foreground().color().name()


def test_a_paper_with_an_ai_summary_shows_it_labelled_before_the_abstract(pane: DetailPane) -> None:
    pane.show_paper(record(SUMMARY))
    shown = paragraphs(pane)
    assert "AI-generated summary" in shown and SUMMARY in shown  # escaped: "<turns>" and "&" appear as typed
    label = shown.index("AI-generated summary")
    assert shown[label + 1] == SUMMARY
    assert shown.index(ABSTRACT) > label + 1  # the abstract stays its own paragraph, after the summary
    assert "Abstract" in shown[label + 2 : shown.index(ABSTRACT)]
    assert "<turns>" not in pane.info.toHtml()  # the summary is text, never markup
    label_block, summary_block = blocks(pane)[label : label + 2]
    assert colour(label_block) == "#808080" != colour(summary_block)  # a quiet gray heading, the text as usual


def test_a_paper_without_an_ai_summary_shows_no_label(pane: DetailPane) -> None:
    pane.show_paper(record(SUMMARY))
    for missing in (None, ""):
        pane.show_paper(record(missing))
        shown = paragraphs(pane)
        assert ABSTRACT in shown
        assert not any("summary" in text.lower() for text in shown)
        assert "Abstract" not in shown


def test_search_marks_in_the_abstract_leave_the_summary_as_text(pane: DetailPane) -> None:
    pane.show_paper(record(SUMMARY), abstract_html="We route tokens to <b>experts</b> by load.")
    shown = paragraphs(pane)
    assert SUMMARY in shown and ABSTRACT in shown
