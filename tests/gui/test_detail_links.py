"""Links and images in imported text: the detail pane opens only http(s) links, in the browser, and loads nothing.

Every click here is a real mouse click on the anchor where the real widget drew it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QImage, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from readinglist.core.records import PaperRecord
from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.safe_browser import SafeBrowser

HOSTILE = ["file:///etc/passwd", "javascript:alert(1)", "data:text/html,<script>alert(1)</script>"]
GOOD = "https://example.org/project"
TITLE = "Hostile Links in Abstracts"


def record(**changes: object) -> PaperRecord:
    values: dict[str, object] = {
        "id": 7,
        "title": TITLE,
        "abstract": "We study links.",
        "arxiv_id": None,
        "authors_count": 3,
        "org": None,
        "published": None,
        "published_text": None,
        "published_inferred": False,
        "upvotes": None,
        "comments": None,
        "github_url": None,
        "github_stars": None,
        "links": [],
        "status": "new",
        "starred": False,
        "added_at": datetime(2025, 1, 3, tzinfo=UTC),
        "status_changed_at": None,
    }
    return PaperRecord(**(values | changes))  # type: ignore[arg-type]


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The URLs handed to the system's opener (nothing really opens)."""
    calls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: calls.append(url.toString()) or True)
    return calls


@pytest.fixture
def pane(qtbot) -> DetailPane:
    shown = DetailPane()
    qtbot.addWidget(shown)
    shown.resize(900, 900)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def anchors(browser: QTextBrowser) -> dict[str, tuple[int, int]]:
    """Each link target of the browser's document: (start, end) of its text."""
    found: dict[str, tuple[int, int]] = {}
    block = browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if fragment.isValid() and href:
                found.setdefault(href, (fragment.position(), fragment.position() + fragment.length()))
            it += 1
        block = block.next()
    return found


def click_anchor(qtbot, browser: QTextBrowser, href: str) -> None:
    """A left click in the middle of the anchor's text, where the browser drew it."""
    start, end = anchors(browser)[href]
    cursor = QTextCursor(browser.document())
    cursor.setPosition((start + end) // 2)
    browser.setTextCursor(cursor)
    browser.ensureCursorVisible()
    rect = browser.cursorRect(cursor)
    point = QPoint(rect.x() + 1, rect.center().y())
    assert browser.anchorAt(point) == href  # the click lands on the link
    qtbot.mouseClick(browser.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_only_http_links_of_a_paper_become_anchors(pane) -> None:
    """Links kept in an older database as they were imported show as text, not as links."""
    pane.show_paper(record(links=[*HOSTILE, GOOD], github_url="javascript:alert(2)"))
    assert list(anchors(pane.info)) == [GOOD]
    shown = pane.info.toPlainText()
    assert "GitHub: javascript:alert(2)" in shown
    assert "file:///etc/passwd" in shown


def test_clicking_links_in_the_paper_view_opens_only_the_https_one(qtbot, pane, opened) -> None:
    # A search snippet is HTML; one that carries anchors must not make the pane navigate.
    snippet = " ".join(f"<a href='{url}'>link {n}</a>" for n, url in enumerate(HOSTILE))
    pane.show_paper(record(links=[GOOD]), abstract_html=f"We study {snippet}.")
    before = pane.info.toHtml()
    assert set(anchors(pane.info)) == {*HOSTILE, GOOD}
    refused: list[str] = []
    pane.link_refused.connect(refused.append)
    for url in [*HOSTILE, GOOD]:
        click_anchor(qtbot, pane.info, url)
    assert opened == [GOOD]
    assert refused == [QUrl(url).toString() for url in HOSTILE]
    assert pane.info.source().isEmpty()
    assert pane.info.toHtml() == before
    assert TITLE in pane.info.toPlainText()
    assert "root:" not in pane.info.toPlainText()


def test_clicking_links_in_the_note_preview_opens_only_the_https_one(qtbot, pane, opened) -> None:
    note = "\n\n".join(f"[link {n}]({url})" for n, url in enumerate([*HOSTILE, GOOD]))
    pane.show_paper(record(note=note))
    pane.set_preview(True)
    qtbot.waitUntil(pane.preview.isVisible)
    before = pane.preview.toHtml()
    assert set(anchors(pane.preview)) == {*HOSTILE, GOOD}
    for url in [*HOSTILE, GOOD]:
        click_anchor(qtbot, pane.preview, url)
    assert opened == [GOOD]
    assert pane.preview.source().isEmpty()
    assert pane.preview.toHtml() == before
    assert "link 0" in pane.preview.toPlainText()


def red_shown(widget: QWidget) -> bool:
    """Whether any pure red pixel is on screen in ``widget`` (the picture the note names is red)."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return b"\x00\x00\xff\xff" in bytes(image.constBits())  # B, G, R, A


def test_the_note_preview_loads_no_image(qtbot, pane, tmp_path: Path) -> None:
    picture = tmp_path / "secret.png"
    image = QImage(48, 48, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 0, 0))
    assert image.save(str(picture))
    local, remote = QUrl.fromLocalFile(str(picture)).toString(), "https://example.com/a.png"
    qrc = "qrc:/qt-project.org/styles/commonstyle/images/up-16.png"
    note = f"Pictures:\n\n![local]({local})\n\n![remote]({remote})\n\n![qrc]({qrc})"

    # What a plain QTextBrowser does with that note: it reads the local file and shows it.
    plain = QTextBrowser()
    qtbot.addWidget(plain)
    plain.setMarkdown(note)
    plain.resize(400, 400)
    plain.show()
    qtbot.waitExposed(plain)
    assert red_shown(plain.viewport())

    pane.show_paper(record(note=note))
    pane.set_preview(True)
    qtbot.waitUntil(pane.preview.isVisible)
    assert not red_shown(pane.preview.viewport())
    assert pane.preview.refused_resources >= 3  # each was asked for, none was loaded
    document = pane.preview.document()
    for url in (local, remote, qrc):
        found = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(url))
        assert isinstance(found, QImage)
        assert found.size().width() == 16  # the grey stand-in, not the picture


def test_a_safe_browser_has_no_search_paths_and_never_navigates(qtbot, opened) -> None:
    browser = SafeBrowser()
    qtbot.addWidget(browser)
    assert browser.searchPaths() == []
    assert not browser.openLinks()
    assert not browser.openExternalLinks()
    browser.setHtml(f"<a href='{HOSTILE[0]}'>passwd</a> <a href='http://example.org/'>plain http</a>")
    browser.resize(400, 200)
    browser.show()
    qtbot.waitExposed(browser)
    click_anchor(qtbot, browser, HOSTILE[0])
    click_anchor(qtbot, browser, "http://example.org/")
    assert opened == ["http://example.org/"]
    assert browser.source().isEmpty()
    assert "passwd" in browser.toPlainText()
