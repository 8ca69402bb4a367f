"""Search: the query language, ranking with highlights, and an index that follows the database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from readinglist.core.dumps import ParsedPaper
from readinglist.core.models import ReadStatus
from readinglist.core.query import QueryError, translate
from readinglist.core.services import Library
from tests.helpers import paper_id_by_title, paste_papers

LATTICE = "Sparse Lattice Attention for Long Documents"
CURRICULUM = "Curriculum Distillation for Small Reasoners"
BENCHMARKS = "Benchmarks Leak: Measuring Contamination in Code Models"
GRAPH = "Graph Tokenizers for Molecule Language Models"


@pytest.fixture
def filled(library: Library, daily_a: Path, daily_b: Path) -> Library:
    library.import_paths([daily_a, daily_b])
    return library


def titles(library: Library, query: str) -> set[str]:
    return {r.paper.title for r in library.search(query)}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("attention", {LATTICE}),
        ("language models", {CURRICULUM, GRAPH}),  # every word must match, stemmed ("code models" does not)
        ('"code models"', {BENCHMARKS}),
        ("token*", {LATTICE, GRAPH}),
        ("lattice OR molecules", {LATTICE, GRAPH}),
        ("models -code", {CURRICULUM, GRAPH}),
        ("title:graph", {GRAPH}),
        ("abstract:contamination", {BENCHMARKS}),
        ('org:"quiet lab"', {CURRICULUM}),
        ("year:2024", {CURRICULUM}),
        ("year:2020..2023", set()),
        ("year:>=2024 distil", {CURRICULUM}),
        ("lattice (tok OR tok*)", {LATTICE}),  # what an unfinished "lattice tok" becomes
        ("multi-step", {CURRICULUM}),  # a hyphen inside a word is not a minus
        ("long-document", {LATTICE}),
        ("(-code models)", {CURRICULUM, GRAPH}),
    ],
)
def test_query_language(filled: Library, query: str, expected: set[str]) -> None:
    assert titles(filled, query) == expected


def test_user_data_is_searchable(filled: Library) -> None:
    graph = paper_id_by_title(filled, GRAPH)
    filled.add_tags([graph], ["Chemistry"])
    filled.set_note(graph, "Ask Dana about the motif vocabulary")
    filled.set_status([graph], ReadStatus.QUEUED)
    filled.set_starred([graph], True)
    filled.sync_index()
    filled.add_tags([graph], ["to-read"])
    filled.sync_index()
    assert titles(filled, "tag:to-read") == {GRAPH}
    for query in ("tag:chemistry", "note:dana", "status:queued", "starred:yes graph", "chemistry dana"):
        assert titles(filled, query) == {GRAPH}, query
    assert GRAPH not in titles(filled, "starred:no")


def test_results_are_ranked_and_highlighted(filled: Library) -> None:
    [result] = filled.search("contamination")
    assert result.paper.title == BENCHMARKS
    assert "<b>Contamination</b>" in result.snippet
    ranked = filled.search("models")
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "unclosed quote"),
        ("(lattice", "without a matching ')'"),
        ("lattice)", "without a matching '('"),
        ("colour:red", "unknown field 'colour:'"),
        ("status:later", "unknown status 'later'"),
        ("starred:maybe", "starred:yes or starred:no"),
        ("year:last", "year:2024"),
        ("lattice OR", "needs a word on each side"),
        ("a*", "at least 2 letters"),
        ("title:", "needs a value"),
    ],
)
def test_malformed_queries_explain_themselves(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        translate(query)


def test_a_minus_inside_or_is_explained(filled: Library) -> None:
    with pytest.raises(QueryError, match="use NOT word"):
        filled.search("lattice (vision OR -audio)")


def test_similar_papers_exclude_the_paper_itself(filled: Library) -> None:
    curriculum = paper_id_by_title(filled, CURRICULUM)
    similar = filled.similar(curriculum, limit=3)
    assert similar and curriculum not in [p.id for p in similar]


def test_deleted_index_is_rebuilt_with_the_same_results(filled: Library, tmp_path: Path) -> None:
    queries = ["models", "attention", '"code models"', "token*"]
    before = {q: [r.paper.id for r in filled.search(q)] for q in queries}
    filled.close()
    shutil.rmtree(filled.folder / "index")
    with Library.open(filled.folder) as reopened:
        assert {q: [r.paper.id for r in reopened.search(q)] for q in queries} == before
        assert reopened.check().agree


def test_corrupt_index_is_rebuilt(filled: Library) -> None:
    filled.close()
    for segment in (filled.folder / "index").glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (filled.folder / "index").glob("*.toc"):
        toc.write_bytes(b"garbage")
    with Library.open(filled.folder) as reopened:
        assert titles(reopened, "attention") == {LATTICE}


def test_check_finds_and_repairs_differences(filled: Library) -> None:
    assert filled.check().agree
    lattice = paper_id_by_title(filled, LATTICE)
    filled.index.write((), deleted_ids=[lattice])  # a document lost
    filled.index.write(filled_docs_for_missing_paper())  # a document with no paper
    report = filled.check(repair=True)
    assert (report.missing, report.extra) == (1, 1)
    assert filled.check(repair=False).agree
    assert titles(filled, "attention") == {LATTICE}


def filled_docs_for_missing_paper() -> list:
    from readinglist.core.index import IndexDoc

    return [IndexDoc(9999, "Ghost", "A paper that is not in the database", (), "", "", "new", False, None)]


def test_an_unfinished_last_word_is_matched_as_a_prefix() -> None:
    from readinglist.core.query import as_typed

    assert as_typed("diffusion mod") == "diffusion (mod OR mod*)"
    assert as_typed("reasoning") == "(reasoning OR reasoning*)"  # a finished word still finds its stem
    for unchanged in ("re", "title:mod", "gen*", "year:2024", '"chain of', "a OR"):
        assert as_typed(unchanged) == unchanged


def test_a_prefix_stands_for_its_most_frequent_words_only(filled: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    from readinglist.core import index as index_module

    _ids, all_words = filled.search_ids("mo*")
    assert {"model", "molecul"} <= all_words  # uncapped, the prefix stands for every word it starts
    monkeypatch.setattr(index_module, "PREFIX_TERMS", 1)
    # "model" (3 papers) is more frequent than "molecul" or "motif" (1 each): only it is searched.
    _ids, words = filled.search_ids("mo*")
    assert words == frozenset({"model"})
    assert titles(filled, "mo*") == titles(filled, "model")


SUMMARISED = "Tidal Mixture of Experts"


def test_the_ai_summary_is_searched_like_the_abstract(filled: Library) -> None:
    paper = ParsedPaper(
        SUMMARISED,
        1,
        abstract="We route tokens to experts by load.",
        ai_summary="Experts take turns like ocean tides, halving the routing cost.",
    )
    paste_papers(filled, [paper], "Paste with a summary")
    for query in ("ocean", "tide", '"ocean tides"', "tid*", "ocean experts", "abstract:ocean"):
        assert titles(filled, query) == {SUMMARISED}, query
    assert titles(filled, "experts") == {SUMMARISED}  # in both texts: still one hit
    [hit] = filled.search("ocean")
    assert "<b>ocean</b>" in hit.snippet  # the abstract does not say it: the snippet comes from the summary
    [hit] = filled.search("experts ocean")
    assert "<b>experts</b>" in hit.snippet and "ocean" not in hit.snippet  # the abstract first


def test_a_rebuilt_index_still_finds_ai_summaries(filled: Library) -> None:
    paste_papers(filled, [ParsedPaper(SUMMARISED, 1, ai_summary="Ocean tides.")], "Paste")
    filled.close()
    shutil.rmtree(filled.folder / "index")
    with Library.open(filled.folder) as reopened:
        assert titles(reopened, "ocean") == {SUMMARISED}


@pytest.mark.parametrize(
    "query",
    ['tag:"a,b"', "<b>x</b>", ">lattice", "lattice^2", "[a TO z]", "'lattice'", "latt?ce", "*tice", "é:lattice"],
)
def test_whoosh_syntax_outside_the_language_is_plain_text(filled: Library, query: str) -> None:
    filled.search(query)  # these raised IndexError or Whoosh's own QueryError before
    filled.search_ids(query)


def test_angle_brackets_and_wildcards_search_the_words_inside(filled: Library) -> None:
    assert titles(filled, "<b>lattice</b>") == {LATTICE}
    assert titles(filled, "latt?ce") == set()  # "?" is no wildcard: the word "latt" and "ce"
    assert translate("a*b co**") == "a/b co*"


def test_the_command_line_says_bad_query_and_searches_markup(filled: Library) -> None:
    from click.testing import CliRunner

    from readinglist.cli import main

    runner = CliRunner()
    searched = runner.invoke(main, ["--library", str(filled.folder), "search", "<b>lattice</b>"])
    assert searched.exit_code == 0 and LATTICE in searched.output
    refused = runner.invoke(main, ["--library", str(filled.folder), "search", '"unclosed'])
    assert refused.exit_code == 2 and "bad query: unclosed quote" in refused.output
