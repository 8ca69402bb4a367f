"""Exports of untrusted text: CSV cells are no formulas, BibTeX parses back, Markdown injects nothing.

Papers come in through a JSON export (the untrusted way in); each export is written to a
file with ``export.write_file`` and read back with a real reader of its format.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from readinglist.core import export, export_formats
from readinglist.core.services import Library
from tests.helpers import export_text, paper_id_by_title

FORMULA_TITLE = '=HYPERLINK("http://evil","x")'


def imported(library: Library, tmp_path: Path, papers: list[dict]) -> Library:
    source = tmp_path / "untrusted.json"
    source.write_text(export_text(papers), encoding="utf-8")
    [report] = library.import_paths([source])
    assert report.new == len(papers)
    return library


def written(library: Library, format_name: str, path: Path) -> Path:
    export.write_file(format_name, library.iter_records(library.paper_ids(sort="id")), path)
    return path


# -- CSV ------------------------------------------------------------------------------------------------


def test_csv_cells_that_start_like_formulas_are_shown_as_text(library: Library, tmp_path: Path) -> None:
    imported(library, tmp_path, [{"title": FORMULA_TITLE, "tags": ["+cmd"], "org": "@SUM(1)", "note": "-2+3"}])
    with written(library, "csv", tmp_path / "papers.csv").open(encoding="utf-8", newline="") as handle:
        [row] = list(csv.DictReader(handle))
    assert (row["title"], row["tags"], row["org"], row["note"]) == (f"'{FORMULA_TITLE}", "'+cmd", "'@SUM(1)", "'-2+3")
    assert (row["status"], row["starred"], row["authors_count"]) == ("new", "no", "")  # plain cells stay as they are

    data = json.loads(written(library, "json", tmp_path / "papers.json").read_text(encoding="utf-8"))
    [paper] = data["papers"]
    assert (paper["title"], paper["tags"], paper["org"], paper["note"]) == (FORMULA_TITLE, ["+cmd"], "@SUM(1)", "-2+3")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
        (-3, -3),  # numbers are written as numbers
    ],
)
def test_csv_cell_rule(value: object, cell: object) -> None:
    assert export_formats.csv_cell(value) == cell


# -- BibTeX ---------------------------------------------------------------------------------------------

SPECIAL_TITLES = [
    r"Back\slash, {braced} and 100% of $5 & #1 a_b ~tilde ^hat",
    "Lone { opening brace",
    "Lone } closing brace } twice",
    r"\end{document} \input{/etc/passwd} @misc{x, title={y}}",
    "Naïve Bayes für 東京 — ünïcödé",
    '{Weird,key} = "quoted" title',
]
SPECIAL_TAGS = ["c++", "50% off", "a_b", "x^2", "~home", "$$", "#hash", "back\\slash", "{x"]

# What each escape means in LaTeX, to read the fields back (longest first).
LATEX_MEANING = {
    r"\textbackslash{}": "\\",
    r"\textbraceleft{}": "{",
    r"\textbraceright{}": "}",
    r"\textasciitilde{}": "~",
    r"\textasciicircum{}": "^",
    r"\%": "%",
    r"\$": "$",
    r"\&": "&",
    r"\#": "#",
    r"\_": "_",
}
_LATEX_ESCAPE = re.compile("|".join(re.escape(escape) for escape in LATEX_MEANING))


def unescape(value: str) -> str:
    """A BibTeX field value as the text LaTeX prints, failing on any other command or brace left."""
    text = _LATEX_ESCAPE.sub(lambda match: LATEX_MEANING[match.group()], value)
    leftover = _LATEX_ESCAPE.sub("", value)
    assert "\\" not in leftover and "{" not in leftover and "}" not in leftover, f"unescaped syntax in {value!r}"
    return text


def test_bibtex_parses_back_to_the_same_titles_and_tags(library: Library, tmp_path: Path) -> None:
    papers = [{"title": title} for title in SPECIAL_TITLES]
    papers[0] |= {"tags": SPECIAL_TAGS, "published": "2024-05-01", "arxiv_id": "2405.00001"}
    papers[1] |= {"github_url": "https://github.com/a/b{c}\\d"}
    imported(library, tmp_path, papers)

    bib = written(library, "bibtex", tmp_path / "papers.bib")
    entries = parse_file(str(bib), "bibtex").entries  # pybtex: BibTeX's own grammar, strict about braces

    assert len(entries) == len(SPECIAL_TITLES)
    for key in entries:
        assert re.fullmatch(r"[A-Za-z0-9_]+", key), key
    by_title = {}
    for key, entry in entries.items():
        title = entry.fields["title"]
        assert title.startswith("{") and title.endswith("}")  # the extra braces keep the capitals
        by_title[unescape(title[1:-1])] = (key, entry)
    assert set(by_title) == {" ".join(title.split()) for title in SPECIAL_TITLES}

    key, first = by_title[SPECIAL_TITLES[0]]
    assert key == "arxiv2405_00001"
    assert sorted(unescape(tag) for tag in first.fields["keywords"].split(", ")) == sorted(SPECIAL_TAGS)
    assert (first.fields["year"], first.fields["eprint"]) == ("2024", "2405.00001")
    _, second = by_title[SPECIAL_TITLES[1]]
    assert second.fields["url"] == "https://github.com/a/b%7Bc%7D%5Cd"
    assert entries[f"weirdkey{paper_id_by_title(library, SPECIAL_TITLES[-1])}"]


def test_bibtex_escape_table() -> None:
    assert export_formats.bibtex_escape("a\\b") == r"a\textbackslash{}b"  # was \textbackslash\{\}
    assert export_formats.bibtex_escape("~^") == r"\textasciitilde{}\textasciicircum{}"
    assert export_formats.bibtex_escape("{}%$&#_") == r"\textbraceleft{}\textbraceright{}\%\$\&\#\_"
    assert export_formats.bibtex_escape("naïve 東京") == "naïve 東京"


# -- Markdown -------------------------------------------------------------------------------------------

INJECTIONS = {
    "title": "[x](javascript:alert(1))",
    "second": "<img src=x onerror=alert(1)>",
    "third": "![](file:///etc/passwd)",
}


def test_markdown_shows_imported_text_without_links_images_or_html(library: Library, tmp_path: Path) -> None:
    imported(
        library,
        tmp_path,
        [
            {"title": INJECTIONS["title"], "arxiv_id": "2401.00001", "tags": ["`rm -rf`", "<b>"]},
            {"title": INJECTIONS["second"], "ai_summary": "See &lt;script&gt; and <script>alert(1)</script>"},
            {"title": INJECTIONS["third"], "note": "[click](javascript:x)\n# not a heading\n- not a list\n==="},
        ],
    )
    text = written(library, "markdown", tmp_path / "digest.md").read_text(encoding="utf-8")

    assert r"## [\[x\]\(javascript:alert\(1\)\)](https://huggingface.co/papers/2401.00001)" in text
    assert r"## \<img src=x onerror=alert\(1\)\>" in text
    assert r"## \!\[\]\(file:///etc/passwd\)" in text
    assert "tags: `<b>`, `` `rm -rf` ``" in text  # code spans show their text as it is
    assert r"*AI summary:* See \&lt;script\&gt; and \<script\>alert\(1\)\</script\>" in text
    assert "> \\[click\\]\\(javascript:x\\)\n> \\# not a heading\n> \\- not a list\n> \\===" in text


def test_markdown_renders_the_imported_text_as_text(library: Library, tmp_path: Path) -> None:
    markdown_it = pytest.importorskip("markdown_it")  # installed with the dev tools; not needed to export
    test_markdown_shows_imported_text_without_links_images_or_html(library, tmp_path)
    html = markdown_it.MarkdownIt("commonmark").render((tmp_path / "digest.md").read_text(encoding="utf-8"))

    assert re.findall(r"<(?:a|img|script|b)\b[^>]*>", html) == ['<a href="https://huggingface.co/papers/2401.00001">']
    assert html.count("<h1>") == 1  # the digest's own heading; a note's "# ..." stays text
    assert "javascript:" not in re.sub(r"<[^>]+>", "", html).replace("javascript:alert(1)", "").replace(
        "javascript:x", ""
    )  # only shown as text
    for shown in ("[x](javascript:alert(1))", "&lt;img src=x onerror=alert(1)&gt;", "![](file:///etc/passwd)"):
        assert shown in html
    assert "<code>`rm -rf`</code>" in html and "<code>&lt;b&gt;</code>" in html
    assert "[click](javascript:x)" in html and "# not a heading" in html and "<ul>" not in html
