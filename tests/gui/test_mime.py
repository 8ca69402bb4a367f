"""import_payload: which flavour of a drop or a paste is imported, and as what."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QMimeData, QUrl

from readinglist.gui.mime import MOZ_URL, Payload, import_payload, offers_import, paper_link_id

CARD_HTML = (
    "<meta charset='utf-8'><article><h3>"
    '<a href="https://huggingface.co/papers/2401.01234">Sparse Attention Without Tears</a></h3>'
    "<p>We show that a fixed sparse pattern transfers.</p></article>"
)
PAPER = "https://huggingface.co/papers/2401.01234"


def mime_with(
    *,
    text: str | None = None,
    html: str | None = None,
    urls: list[str] | None = None,
    moz: bytes | None = None,
    raw: dict[str, bytes] | None = None,
) -> QMimeData:
    mime = QMimeData()
    if text is not None:
        mime.setText(text)
    if html is not None:
        mime.setHtml(html)
    if urls is not None:
        mime.setUrls([QUrl(url) for url in urls])
    if moz is not None:
        mime.setData(MOZ_URL, QByteArray(moz))
    for kind, data in (raw or {}).items():
        mime.setData(kind, QByteArray(data))
    return mime


def moz_url(*pairs: tuple[str, str]) -> bytes:
    """``text/x-moz-url`` as Firefox writes it: UTF-16LE, no BOM, "url\\ntitle" pairs."""
    return "\n".join(f"{url}\n{title}" for url, title in pairs).encode("utf-16-le")


def test_html_beside_plain_text_is_imported_as_html() -> None:
    payload = import_payload(mime_with(text="Sparse Attention Without Tears\nWe show…", html=CARD_HTML))
    assert payload == Payload(text=CARD_HTML, syntax="html", kind="html")


def test_utf16_html_with_a_bom_is_decoded() -> None:
    raw = codecs.BOM_UTF16_LE + CARD_HTML.replace("Tears", "Tëars").encode("utf-16-le")
    payload = import_payload(mime_with(text="plain", raw={"text/html": raw}))
    assert payload is not None and payload.syntax == "html"
    assert payload.text == CARD_HTML.replace("Tears", "Tëars")


def test_utf16_html_without_a_bom_is_decoded() -> None:
    payload = import_payload(mime_with(raw={"text/html": CARD_HTML.encode("utf-16-le")}))
    assert payload is not None and payload.text == CARD_HTML


def test_html_without_links_leaves_the_plain_text_in_charge() -> None:
    # e.g. an editor's syntax-highlighted copy of a text dump: the plain text is the dump itself
    html = "<div><span>Sparse Attention Without Tears</span></div>"
    payload = import_payload(mime_with(text="Sparse Attention Without Tears\n", html=html))
    assert payload == Payload(text="Sparse Attention Without Tears\n", kind="text")


def test_html_alone_is_imported_as_html_even_without_links() -> None:
    payload = import_payload(mime_with(html="<p>Sparse Attention Without Tears</p>"))
    assert payload is not None and (payload.kind, payload.syntax) == ("html", "html")


def test_x_moz_url_gives_titled_links_without_the_page_title_prefix() -> None:
    moz = moz_url((PAPER, "Paper page - Sparse Attention Without Tears"), ("https://arxiv.org/abs/2402.05678v2", ""))
    payload = import_payload(mime_with(moz=moz))
    assert payload == Payload(
        text="[Sparse Attention Without Tears](https://huggingface.co/papers/2401.01234)\n"
        "[arXiv:2402.05678](https://huggingface.co/papers/2402.05678)\n",
        syntax="links",
        kind="links",
    )


def test_x_moz_url_with_a_bom_and_crlf_lines() -> None:
    moz = codecs.BOM_UTF16_LE + f"{PAPER}\r\nA [Bracketed] Title\r\n".encode("utf-16-le")
    payload = import_payload(mime_with(moz=moz))
    assert payload is not None
    assert payload.text == r"[A \[Bracketed\] Title](https://huggingface.co/papers/2401.01234)" + "\n"


def test_a_link_drag_uses_its_links_not_its_html() -> None:
    # what a browser offers when a link is dragged: x-moz-url, uri-list, the <a> as HTML, the URL as text
    mime = mime_with(
        text=PAPER,
        html=f'<a href="{PAPER}">Sparse Attention Without Tears</a>',
        urls=[PAPER],
        moz=moz_url((PAPER, "Sparse Attention Without Tears")),
    )
    payload = import_payload(mime)
    assert payload is not None and payload.kind == "links"
    assert payload.text == f"[Sparse Attention Without Tears]({PAPER})\n"  # the title of x-moz-url, once


def test_uri_list_of_web_links_keeps_paper_links_only() -> None:
    urls = ["https://arxiv.org/pdf/2402.05678", "https://github.com/sparse-lab/no-tears", PAPER, "javascript:void(0)"]
    payload = import_payload(mime_with(urls=urls))
    assert payload == Payload(
        text="[arXiv:2402.05678](https://huggingface.co/papers/2402.05678)\n[arXiv:2401.01234](" + PAPER + ")\n",
        syntax="links",
        kind="links",
        other_links=1,
    )


def test_only_other_links_is_an_empty_payload_that_counts_them() -> None:
    payload = import_payload(mime_with(urls=["https://github.com/a/b", "https://example.com/papers/2401.01234"]))
    assert payload is not None and payload.is_empty
    assert (payload.kind, payload.other_links, payload.text) == ("links", 2, None)


@pytest.mark.parametrize(
    "text",
    [PAPER, f"  {PAPER}\n\nhttps://arxiv.org/abs/2402.05678\n", "http://hf.co/papers/2401.01234#community"],
)
def test_plain_text_of_bare_urls_becomes_links(text: str) -> None:
    payload = import_payload(mime_with(text=text))
    assert payload is not None and (payload.kind, payload.syntax) == ("links", "links")
    assert "(https://huggingface.co/papers/2401.01234)" in (payload.text or "")


def test_text_with_a_url_among_words_stays_text() -> None:
    text = f"Sparse Attention Without Tears {PAPER}"
    assert import_payload(mime_with(text=text)) == Payload(text=text, kind="text")


@pytest.mark.parametrize(
    "url",
    [
        "file://huggingface.co/papers/2401.01234",
        "ftp://arxiv.org/abs/2401.01234",
        "javascript:fetch('https://huggingface.co/papers/2401.01234')",
        "data:text/html,https://huggingface.co/papers/2401.01234",
        "https://huggingface.co/login?next=%2Fpapers%2F2401.01234",
        "https://example.com/papers/2401.01234",
    ],
)
def test_a_non_web_or_non_paper_url_is_not_a_paper_link(url: str) -> None:
    assert paper_link_id(url) is None


def test_a_file_url_in_x_moz_url_is_not_a_paper_link() -> None:
    mime = mime_with(moz=moz_url(("file://huggingface.co/papers/2401.01234", "Sparse Attention Without Tears")))
    assert import_payload(mime) is None


def test_a_file_url_as_text_is_text_not_a_link() -> None:
    text = "file:///home/me/papers/2401.01234"
    assert import_payload(mime_with(text=text)) == Payload(text=text, kind="text")


def test_local_files_come_first(tmp_path: Path) -> None:
    dump = tmp_path / "daily.txt"
    mime = mime_with(text="ignored", html=CARD_HTML)
    mime.setUrls([QUrl.fromLocalFile(str(dump)), QUrl(PAPER)])
    assert import_payload(mime) == Payload(files=[dump], kind="files")


def test_plain_text_as_before_and_nothing_at_all() -> None:
    assert import_payload(mime_with(text="Sparse Attention\nWe show…")) == Payload(text="Sparse Attention\nWe show…")
    assert import_payload(mime_with(text="  \n")) is None
    assert import_payload(QMimeData()) is None
    assert import_payload(None) is None


def test_offers_import_checks_formats_only() -> None:
    assert offers_import(mime_with(html=CARD_HTML))
    assert offers_import(mime_with(moz=moz_url((PAPER, "x"))))
    assert offers_import(mime_with(text="page text"))
    assert not offers_import(mime_with(text=" \n"))
    assert not offers_import(QMimeData())
