"""Any text typed into the search field gives results or a QueryError, never another exception.

Generated queries are biased to the query language's syntax (quotes, stars, brackets, fields,
operators) and to what Whoosh would take as its own syntax, plus any unicode. 300 examples in
CI (a few seconds); QUERY_FUZZ_EXAMPLES=5000 runs more locally.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from readinglist.core.query import QueryError
from readinglist.core.services import Library
from tests.core.conftest import LIBRARY_FIXTURES

EXAMPLES = int(os.environ.get("QUERY_FUZZ_EXAMPLES", "300"))

SYNTAX = [
    '"', "*", "(", ")", ":", "-", "+", "<", ">", "=", ",", "'", "^", "[", "]", "{", "}", "?", "~", "\\", "/", ".",
    " ", "  ", "\t", "\n", "OR", "AND", "NOT", "ANDNOT", "ANDMAYBE", "REQUIRE", "TO", "tag:", "status:", "year:",
    "title:", "abstract:", "note:", "org:", "starred:", "colour:", "*:*", "://", "..", ">=", "<=", "2024", "2020..2023",
    "read", "queued", "yes", "model", "models", "lattice", "attention", "dist", "a", "é", "ß", "İ", "東京", "🙂",
    "\u0301", "\u200b", "\x00",
]  # fmt: skip
PIECES = st.one_of(st.sampled_from(SYNTAX), st.text(max_size=4))
QUERIES = st.lists(PIECES, max_size=12).map("".join)


@pytest.fixture(scope="module")
def small_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """A real library of three papers, with a tag and a note, shared by every example."""
    with Library.open(tmp_path_factory.mktemp("fuzz") / "library") as library:
        library.import_paths([LIBRARY_FIXTURES / "daily_a.txt"])
        first = library.paper_ids(sort="id")[0]
        library.add_tags([first], ["small models", "a,b", "c++"])
        library.set_note(first, "Read <b>this</b> first")
        library.sync_index()
        yield library


FOUND_BUGS = [
    'tag:"a,b"',  # a phrase on the tag field: Whoosh raised its own QueryError while searching
    "<b>x</b>",  # a '<' with no word before it: IndexError in Whoosh's GtLt plugin
    ">x",
    "year:<2024 >",
    "word^2 [a TO b] 'x y' a?b *x",
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(query=QUERIES)
@example(query=FOUND_BUGS[0])
@example(query=FOUND_BUGS[1])
@example(query=FOUND_BUGS[2])
@example(query=FOUND_BUGS[3])
@example(query=FOUND_BUGS[4])
def test_every_query_gives_results_or_a_query_error(small_library: Library, query: str) -> None:
    for search in (small_library.search, small_library.search_ids):
        try:
            search(query)
        except QueryError as error:
            message = str(error)
        else:
            message = "searched"
        assert message, f"an empty message for {query!r}"


@pytest.mark.parametrize("query", FOUND_BUGS)
def test_the_queries_that_failed_now_search(small_library: Library, query: str) -> None:
    small_library.search(query)  # no exception at all: each means its words


def test_a_tag_with_spaces_or_commas_is_found(small_library: Library) -> None:
    first = small_library.paper_ids(sort="id")[0]
    for query in ('tag:"small models"', 'tag:"Small  Models"', 'tag:"a,b"', "tag:c++", "tag:sma*"):
        assert [r.paper.id for r in small_library.search(query)] == [first], query
    assert small_library.search('tag:"small"') == []
