"""Exports: lossless JSON that imports back, and the reading formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from readinglist.core import export
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from tests.helpers import export_text as export_of
from tests.helpers import paper_id_by_title

CURRICULUM = "Curriculum Distillation for Small Reasoners"


@pytest.fixture
def curated(library: Library, daily_a: Path, daily_b: Path) -> Library:
    """A library with statuses, a star, tags and a note on its papers."""
    library.import_paths([daily_a, daily_b])
    curriculum = paper_id_by_title(library, CURRICULUM)
    library.set_status([curriculum], ReadStatus.READ)
    library.set_starred([curriculum], True)
    library.add_tags([curriculum], ["Distillation", "small models"])
    library.set_note(curriculum, "Good baseline.\n\nSee *section 4*.")
    library.set_status(library.paper_ids()[:1], ReadStatus.DISMISSED)
    return library


def export_text(library: Library, format_name: str) -> str:
    out = io.StringIO()
    export.write(format_name, library.iter_records(library.paper_ids(sort="id")), out)
    return out.getvalue()


def test_json_has_the_documented_shape(curated: Library) -> None:
    data = json.loads(export_text(curated, "json"))
    assert (data["format"], data["version"]) == ("readinglist", 1)
    assert len(data["papers"]) == 4
    paper = next(p for p in data["papers"] if p["title"] == CURRICULUM)
    assert set(paper) == {
        "id", "title", "abstract", "ai_summary", "arxiv_id", "authors_count", "org", "published", "published_text",
        "published_inferred", "upvotes", "comments", "github_url", "github_stars", "links", "status",
        "starred", "tags", "note", "added_at", "status_changed_at", "sources",
    }  # fmt: skip
    assert paper["published"] == "2024-10-02"
    assert paper["arxiv_id"] is None
    assert paper["ai_summary"] is None
    assert [s["file"] for s in paper["sources"]] == ["daily_a.txt", "daily_b.txt"]


def test_json_round_trips_into_an_empty_library(curated: Library, tmp_path: Path) -> None:
    original = export_text(curated, "json")
    exported = tmp_path / "export.json"
    exported.write_text(original, encoding="utf-8")
    with Library.open(tmp_path / "restored") as restored:
        [report] = restored.import_paths([exported])
        assert (report.outcome, report.new) == ("imported", 4)
        assert export_text(restored, "json") == original
        assert {r.paper.title for r in restored.search("tag:distillation")} == {CURRICULUM}


def test_csv_has_one_row_per_paper(curated: Library) -> None:
    rows = list(csv.DictReader(io.StringIO(export_text(curated, "csv"))))
    assert len(rows) == 4
    row = next(r for r in rows if r["title"] == CURRICULUM)
    assert (row["status"], row["starred"], row["tags"]) == ("read", "yes", "Distillation; small models")


def test_markdown_digest_shows_status_tags_and_note(curated: Library) -> None:
    text = export_text(curated, "markdown")
    assert f"## {CURRICULUM}" in text
    assert "**read** · ★ starred · tags: `Distillation`, `small models`" in text
    # A note is shown as typed, not formatted: it may come from an imported export (untrusted).
    assert "> Good baseline.\n>\n> See \\*section 4\\*." in text


def test_bibtex_entries_are_escaped(curated: Library) -> None:
    text = export_text(curated, "bibtex")
    assert text.count("@misc{") == 4
    assert "title = {{Benchmarks Leak: Measuring Contamination in Code Models}}" in text  # braces keep the case
    assert "year = {2024}" in text  # only shown years, never inferred ones
    assert text.count("year = {") == 1


def test_unknown_format_is_refused(curated: Library) -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export_text(curated, "pdf")


def test_a_failed_export_leaves_the_earlier_file_as_it_was(curated: Library, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "digest.md"
    target.write_text("last week's digest", encoding="utf-8")

    def papers_then_failure():  # a generator
        yield from curated.iter_records(curated.paper_ids())
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        export.write_file("markdown", papers_then_failure(), target)
    assert target.read_text(encoding="utf-8") == "last week's digest"
    assert [p.name for p in target.parent.iterdir()] == ["digest.md"], "no partial file is left behind"

    assert export.write_file("markdown", curated.iter_records(curated.paper_ids()), target) == 4
    assert target.read_text(encoding="utf-8").startswith("# ")


def test_the_command_line_says_why_it_cannot_write(curated: Library, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from readinglist.cli import main

    result = CliRunner().invoke(
        main, ["--library", str(curated.folder), "export", "-o", str(tmp_path / "missing" / "x.json")]
    )
    assert result.exit_code == 1 and "cannot write" in result.output and "Traceback" not in result.output


SUMMARISED = {
    "title": "Tidal Mixture of Experts",
    "abstract": "We route tokens to experts by load.",
    "ai_summary": 'Experts take turns like "ocean tides",\nhalving the routing cost & memory.',
    "arxiv_id": "2501.01234",
    "status": "queued",
    "tags": ["MoE"],
}


@pytest.fixture
def summarised(library: Library, tmp_path: Path) -> Library:
    """A library with one paper that has an AI summary and one that has none, brought in from an export."""
    source = tmp_path / "with_summary.json"
    source.write_text(export_of([SUMMARISED, {"title": "Plain Paper", "abstract": "Only an abstract."}]), "utf-8")
    [report] = library.import_paths([source])
    assert (report.outcome, report.new) == ("imported", 2)
    return library


def test_json_import_restores_the_ai_summary_and_export_carries_it(summarised: Library, tmp_path: Path) -> None:
    paper = summarised.get(paper_id_by_title(summarised, SUMMARISED["title"]))
    assert (paper.abstract, paper.ai_summary) == (SUMMARISED["abstract"], SUMMARISED["ai_summary"])
    assert summarised.get(paper_id_by_title(summarised, "Plain Paper")).ai_summary is None

    original = export_text(summarised, "json")
    exported = {p["title"]: p for p in json.loads(original)["papers"]}
    assert exported[SUMMARISED["title"]]["ai_summary"] == SUMMARISED["ai_summary"]
    assert exported[SUMMARISED["title"]]["abstract"] == SUMMARISED["abstract"]
    assert exported["Plain Paper"]["ai_summary"] is None

    (tmp_path / "export.json").write_text(original, encoding="utf-8")
    with Library.open(tmp_path / "restored") as restored:
        restored.import_paths([tmp_path / "export.json"])
        assert export_text(restored, "json") == original
        assert titles_found(restored, "ocean") == {SUMMARISED["title"]}


def test_json_import_fills_a_missing_ai_summary_of_a_known_paper(summarised: Library, tmp_path: Path) -> None:
    later = tmp_path / "later.json"
    later.write_text(export_of([{"title": "Plain Paper", "ai_summary": "A short machine summary."}]), "utf-8")
    [report] = summarised.import_paths([later])
    assert (report.new, report.merged) == (0, 1)
    paper = summarised.get(paper_id_by_title(summarised, "Plain Paper"))
    assert (paper.abstract, paper.ai_summary) == ("Only an abstract.", "A short machine summary.")


def test_an_export_written_before_ai_summaries_still_imports(curated: Library, tmp_path: Path) -> None:
    data = json.loads(export_text(curated, "json"))
    for paper in data["papers"]:
        del paper["ai_summary"]  # as release 1 wrote them
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with Library.open(tmp_path / "restored") as restored:
        [report] = restored.import_paths([old])
        assert (report.outcome, report.new) == ("imported", 4)
        assert [p.ai_summary for p in restored.records(restored.paper_ids())] == [None] * 4
        assert export_text(restored, "json") == export_text(curated, "json")


def test_csv_has_an_ai_summary_column(summarised: Library) -> None:
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(export_text(summarised, "csv")))}
    assert list(next(iter(rows.values())))[-3:] == ["abstract", "ai_summary", "note"]
    assert rows[SUMMARISED["title"]]["ai_summary"] == SUMMARISED["ai_summary"]
    assert rows[SUMMARISED["title"]]["abstract"] == SUMMARISED["abstract"]
    assert rows["Plain Paper"]["ai_summary"] == ""


def test_markdown_shows_the_ai_summary_under_its_own_label(summarised: Library) -> None:
    text = export_text(summarised, "markdown")
    summarised_part, plain_part = text.split("## Plain Paper")
    assert '\n*AI summary:* Experts take turns like "ocean tides", halving the routing cost & memory.\n' in (
        summarised_part
    )
    assert "AI summary" not in plain_part
    assert text.count("AI summary") == 1


def titles_found(library: Library, query: str) -> set[str]:
    return {r.paper.title for r in library.search(query)}


# -- restoring an untrusted export: a wrong value skips its entry, never the file --------


STATUSES = ", ".join(s.value for s in ReadStatus)
WRONG_ENTRIES: list[tuple[object, str]] = [
    ({"title": 42}, "title is 42, not text"),
    ({"title": "  "}, "a paper without a title"),
    ("just text", 'not a paper object but "just text"'),
    ({"title": "Tags as text", "tags": "ml"}, 'tags is "ml", not a list'),
    ({"title": "Tags of numbers", "tags": [1, 2]}, "tags: every tag must be text"),
    ({"title": "Odd status", "status": "someday"}, "unknown status 'someday'; use one of: " + STATUSES),
    ({"title": "Status as number", "status": 3}, "status is 3, not text"),
    ({"title": "Bad date", "published": "yesterday"}, 'published "yesterday" is not a date'),
    ({"title": "Bad time", "added_at": "soon"}, 'added_at "soon" is not a date and time'),
    ({"title": "Sources as text", "sources": "a.txt"}, 'sources is "a.txt", not a list'),
    ({"title": "Source as number", "sources": [7]}, "sources: 7 is not a source object"),
    ({"title": "Source without file", "sources": [{"position": 1}]}, "sources: a source without a file name"),
    ({"title": "P", "sources": [{"file": "a", "position": "1"}]}, 'sources: position is "1", not a whole number'),
    ({"title": "P", "sources": [{"file": "a", "position": -1}]}, "sources: position -1 is not a position in a file"),
    ({"title": "Huge upvotes", "upvotes": 10**30}, f"upvotes {10**30} is out of range"),
    ({"title": "Upvotes as text", "upvotes": "12"}, 'upvotes is "12", not a whole number'),
    ({"title": "Starred as text", "starred": "yes"}, 'starred is "yes", not true or false'),
    ({"title": "Note as list", "note": ["a"]}, 'note is ["a"], not text'),
    ({"title": "Id as text", "id": "7"}, 'id is "7", not a whole number'),
]  # fmt: skip


def test_an_export_entry_with_a_wrong_value_is_skipped_with_its_position(library: Library, tmp_path: Path) -> None:
    good = {"title": "A Good Paper", "status": "read", "tags": ["kept"], "sources": [{"file": "a.txt", "position": 1}]}
    papers = [good, *(entry for entry, _ in WRONG_ENTRIES), {"title": "Another Good Paper", "starred": True}]
    path = tmp_path / "wrong.json"
    path.write_text(export_of(papers), encoding="utf-8")

    [report] = library.import_paths([path])

    assert (report.outcome, report.found, report.new, report.skipped) == ("imported", 2, 2, len(WRONG_ENTRIES))
    assert [(p.line, p.reason) for p in report.problems] == [
        (0, f"paper {number} of the export: {reason}") for number, (_, reason) in enumerate(WRONG_ENTRIES, start=2)
    ]
    kept = library.get(paper_id_by_title(library, "A Good Paper"))
    assert (kept.status, kept.tags, [s.file for s in kept.sources]) == ("read", ["kept"], ["a.txt"])
    assert library.get(paper_id_by_title(library, "Another Good Paper")).starred
    assert library.count() == 2


@pytest.mark.parametrize(
    ("document", "reason"),
    [
        ('[{"format": "readinglist", "papers": []}]', "not a readinglist export: no papers list"),
        ('{"format": "readinglist", "version": "1", "papers": []}', 'broken readinglist export: version "1" is not'),
        ('{"format": "readinglist", "papers": ' + "[" * 100_000 + "]" * 100_000 + "}", "broken readinglist export"),
    ],
)
def test_an_export_that_is_wrong_as_a_whole_is_one_line(
    library: Library, tmp_path: Path, document: str, reason: str
) -> None:
    path = tmp_path / "wrong.json"
    path.write_text(document, encoding="utf-8")
    [report] = library.import_paths([path])
    assert report.failed and report.message.startswith(reason) and "\n" not in report.message
    assert library.batches() == []


def test_an_export_whose_every_entry_is_wrong_fails_with_the_first_reason(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "wrong.json"
    path.write_text(export_of([{"title": 1}, {"title": 2}]), encoding="utf-8")
    [report] = library.import_paths([path])
    assert report.failed
    assert report.message == (
        "no readable papers: 2 entries could not be read (the first: paper 1 of the export: title is 1, not text)"
    )
    assert library.batches() == [] and library.count() == 0


def test_an_export_listing_one_file_imported_twice_restores_both_batches(library: Library, tmp_path: Path) -> None:
    """Two sources with the same file name and different times are two batches (distinct content hashes)."""
    sources = [
        {"file": "daily.txt", "position": 1, "imported_at": "2024-03-01T10:00:00+00:00"},
        {"file": "daily.txt", "position": 2, "imported_at": "2024-03-02T10:00:00+00:00"},
    ]
    path = tmp_path / "twice.json"
    path.write_text(export_of([{"title": "Listed Twice", "sources": sources}]), encoding="utf-8")
    [report] = library.import_paths([path])
    assert report.outcome == "imported"
    assert [b.name for b in library.batches()] == ["daily.txt", "daily.txt"]
    assert len({b.content_hash for b in library.batches()}) == 2
