"""Every supported encoding and line-end convention gives identical papers."""

from __future__ import annotations

import codecs
import os
from datetime import date, datetime
from pathlib import Path

import pytest

from readinglist.core.dumps import ParsedPaper, read_dump_file, read_dump_text, split_entries

FIXTURES = Path(__file__).parent / "fixtures" / "dumps"
TAKEN = date(2025, 3, 20)
# Has non-ASCII "•" and "·", blank lines and metadata blocks.
SOURCE = (FIXTURES / "plain_blank_lines.txt").read_text(encoding="utf-8")


def _papers(path: Path) -> list[ParsedPaper]:
    papers, problems = split_entries(read_dump_file(path, reference_date=TAKEN).entries)
    assert problems == []
    return papers


@pytest.fixture(scope="module")
def reference_papers() -> list[ParsedPaper]:
    papers = _papers(FIXTURES / "plain_blank_lines.txt")
    assert len(papers) == 4
    return papers


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf-8-bom"),
        pytest.param(lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"), id="utf-16-le"),
        pytest.param(lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"), id="utf-16-be"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("utf-8"), id="crlf"),
        pytest.param(lambda text: text.replace("\n", "\r").encode("utf-8"), id="cr-only"),
        pytest.param(lambda text: text.replace("\n", "\r\n").encode("cp1252"), id="cp1252-crlf"),
    ],
)
def test_encodings_give_identical_papers(encode, reference_papers, tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_bytes(encode(SOURCE))

    assert _papers(path) == reference_papers


def test_pasted_text_gives_identical_papers(reference_papers: list[ParsedPaper]) -> None:
    clipboard = "\ufeff" + SOURCE.replace("\n", "\r\n")
    dump = read_dump_text(clipboard, reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "plain"
    assert dump.list_date_text == "Mar 17"
    assert problems == []
    assert papers == reference_papers


def test_reference_date_defaults_to_file_modification_date(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    path.write_text(SOURCE, encoding="utf-8")
    noon = datetime(2025, 1, 5, 12).timestamp()
    os.utime(path, (noon, noon))

    papers, _ = split_entries(read_dump_file(path).entries)

    # As if read with reference_date=2025-01-05: the header's "Mar 17" is of 2024.
    assert [paper.published for paper in papers[:3]] == [
        date(2024, 3, 14),
        date(2023, 12, 30),
        date(2023, 3, 18),
    ]


def test_html_read_whole_in_utf16_with_crlf(tmp_path: Path) -> None:
    html = (FIXTURES / "saved_page.html").read_text(encoding="utf-8")
    expected, _ = split_entries(read_dump_file(FIXTURES / "saved_page.html", reference_date=TAKEN).entries)
    path = tmp_path / "page.html"
    path.write_bytes(codecs.BOM_UTF16_LE + html.replace("\n", "\r\n").encode("utf-16-le"))

    dump = read_dump_file(path, reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)

    assert dump.layout == "html"
    assert problems == []
    assert len(papers) == 2
    assert papers == expected
