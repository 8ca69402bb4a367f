"""Issue 16: search never waits for indexing; papers marked "to index" are answered from the database.

``core.unindexed`` analyses pending papers as the index does and answers the
index's parsed queries over them. These tests hold its analysis equal to the
index's analyzers on every title and abstract of the real dumps, its answers
equal to the index's on the same papers for every kind of query, and show
through ``Library`` that a paper is found from the moment it is in the
database: imported, edited, trashed or deleted, before any index sync.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from whoosh import index as whoosh_index
from whoosh import query
from whoosh.fields import Schema

from readinglist.core import importing, outbox, unindexed
from readinglist.core.dumps import ParsedPaper, read_dump_file
from readinglist.core.index import IndexDoc
from readinglist.core.models import PAPER_ID, ReadStatus
from readinglist.core.query import as_typed
from readinglist.core.services import Library
from readinglist.core.store import transaction
from tests.helpers import paper_id_by_title

# Every kind of node the index's parser makes: words, AND, OR, NOT, -word, +word, phrases, prefixes
# (also as typed), each field, year ranges, filters, and queries that are only stop words.
QUERIES = [
    "reasoning",
    "language models",
    "Reasoning",
    '"large language models"',
    '"chain of thought"',
    '"vision language"',
    "agent*",
    "multim*",
    as_typed("video gen"),
    as_typed("reinforcement lea"),
    "reasoning OR video",
    "(video OR image) generation",
    "reasoning -vision",
    "NOT reasoning",
    "model AND NOT agent",
    "+reasoning model",
    "title:reasoning",
    'title:"language model"',
    "title:reas*",
    "abstract:benchmark",
    "org:amazon",
    "org:ama*",
    "tag:favourite",
    "tag:to-read",
    'tag:"chain of thought"',
    "tag:fav*",
    "-tag:favourite reasoning",
    "note:revisit",
    "note:surveys",
    "status:queued",
    "status:read reasoning",
    "starred:yes",
    "starred:no model",
    "year:2025",
    "year:2024..2025",
    "year:>=2025",
    "year:<2025",
    "zero-shot",
    "3d",
    "the of",
    '"the"',
]
TAGS = (("favourite",), ("to-read", "chain of thought"), ("Favourite", "rl"), ())
STATUSES = (ReadStatus.QUEUED, ReadStatus.READ, ReadStatus.NEW)


def _shared_papers(shared_dumps: Path) -> list[ParsedPaper]:
    return [
        entry
        for path in sorted(shared_dumps.glob("*.txt"))
        for entry in read_dump_file(path).entries
        if isinstance(entry, ParsedPaper)
    ]


def _all_docs(library: Library) -> list[IndexDoc]:
    with transaction(library.engine) as session:
        return outbox.index_docs(session, list(session.exec(select(PAPER_ID).order_by(PAPER_ID))))


@pytest.fixture
def varied_library(tmp_path: Path, shared_dumps: Path) -> Iterator[Library]:
    """The four real dumps imported and indexed, with tags, statuses, stars and notes on some papers."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([shared_dumps])
        ids = library.paper_ids()
        for position, paper_id in enumerate(ids):
            if tags := TAGS[position % len(TAGS)]:
                library.add_tags([paper_id], tags)
            if position % 5 == 0:
                library.set_note(paper_id, "Revisit the surveys section" if position % 2 else "related work")
        for position, status in enumerate(STATUSES):
            library.set_status(ids[position :: len(STATUSES) + 1], status)
        library.set_starred(ids[::7], True)
        library.sync_index()
        yield library


# -- the analysis is the index's ----------------------------------------------


def _index_schema(library: Library) -> Schema:
    return whoosh_index.open_dir(str(library.index.folder)).schema


def _index_words(schema: Schema, field: str, value: str) -> list[str]:
    return list(schema[field].process_text(value, mode="index"))


def test_analysis_equals_the_index_analyzers_on_every_shared_title_and_abstract(
    tmp_path: Path, shared_dumps: Path
) -> None:
    """Issue 16: each field's words, in order (phrases depend on it), as the index's own analyzers give them."""
    papers = _shared_papers(shared_dumps)
    assert len(papers) >= 300
    with Library.open(tmp_path / "library") as library:
        schema = _index_schema(library)
    differences = []
    for paper in papers:
        tags = ("Chain of Thought", paper.org or "none")
        doc = IndexDoc(0, paper.title, paper.abstract or "", tags, paper.title, paper.org or "", "new", False, None)
        analysed = unindexed.analyse(doc).fields
        expected = {
            "text": _index_words(schema, "text", doc.title) + _index_words(schema, "text", doc.body()),
            "title": _index_words(schema, "title", doc.title),
            "note": _index_words(schema, "note", doc.note),
            "org": _index_words(schema, "org", doc.org),
            "tag": _index_words(schema, "tag", ",".join(doc.tags)),
        }
        differences += [(paper.title, name) for name, words in expected.items() if list(analysed[name]) != words]
    assert differences == []


def test_every_indexed_word_is_a_word_of_the_analysis(varied_library: Library) -> None:
    """Issue 16: the words the index holds, field by field, are exactly those the analysis finds in the papers."""
    docs = [unindexed.analyse(doc) for doc in _all_docs(varied_library)]
    with whoosh_index.open_dir(str(varied_library.index.folder)).reader() as reader:
        for field in ("text", "title", "note", "org", "tag"):
            indexed = {word.decode() if isinstance(word, bytes) else word for word in reader.lexicon(field)}
            assert indexed == {word for doc in docs for word in doc.fields[field]}, field


# -- the answers are the index's -----------------------------------------------


def test_matches_equal_the_index_for_every_kind_of_query(varied_library: Library) -> None:
    """Issue 16: the same papers as the index finds among the same papers, query by query."""
    docs = _all_docs(varied_library)
    found_nothing = []
    for text in QUERIES:
        by_index = {match.paper_id for match in varied_library.index.search(text, limit=None)}
        by_pending = set(unindexed.matches(unindexed.parse(varied_library.index, text), docs))
        assert by_pending == by_index, text
        if not by_index:
            found_nothing.append(text)
    assert found_nothing == ["the of", '"the"']  # every other query tests something


def test_a_prefix_is_expanded_against_the_pending_papers_own_words(tmp_path: Path) -> None:
    """Issue 16: an empty index knows no words, yet a pending paper is found by the start of one of its words."""
    docs = [
        IndexDoc(1, "Quasicrystalline attention", "", (), "", "", "new", False, 2024),
        IndexDoc(2, "Plain transformers", "", ("quasar",), "", "", "new", False, 2023),
    ]
    with Library.open(tmp_path / "library", sync=False) as library:
        parsed = unindexed.parse(library.index, "quasicr*")
        assert unindexed.matches(parsed, docs) == [1]
        assert unindexed.matches(unindexed.parse(library.index, "tag:qua*"), docs) == [2]
        assert unindexed.matches(unindexed.parse(library.index, as_typed("plain transfo")), docs) == [2]


def test_unknown_nodes_match_nothing_and_never_raise() -> None:
    """Issue 16: a query shape this module does not know (or a malformed one) finds no pending paper."""
    docs = [IndexDoc(1, "Fuzzy matching", "", (), "", "", "new", False, 2024)]
    assert unindexed.matches(query.FuzzyTerm("text", "fuzzi"), docs) == []
    assert unindexed.matches(query.Regex("text", "fuz.*"), docs) == []
    assert unindexed.matches(query.Term("year", b"\xff"), docs) == []
    assert unindexed.matches(query.NumericRange("year", "x", None), docs) == []
    assert unindexed.matches(query.NullQuery, docs) == []
    assert unindexed.matches(query.Every(), docs) == [1]
    assert unindexed.matches(query.Phrase("text", []), docs) == []


# -- through the library: found from the moment it is in the database ---------------


@pytest.fixture
def unsynced(tmp_path: Path) -> Iterator[Library]:
    """A library whose index is never synced unless a test says so."""
    with Library.open(tmp_path / "library", sync=False) as library:
        yield library


def _import_unsynced(library: Library, *paths: Path) -> None:
    importing.import_files(library.engine, list(paths))


def test_an_imported_paper_is_found_before_the_index_is_synced(unsynced: Library, daily_a: Path) -> None:
    """Issue 16: right after an import, a search finds every paper the list shows."""
    _import_unsynced(unsynced, daily_a)
    assert unsynced.pending_index_count() == unsynced.count() == 3
    lattice = paper_id_by_title(unsynced, "Sparse Lattice Attention for Long Documents")

    assert [result.paper.id for result in unsynced.search("lattice")] == [lattice]
    assert unsynced.search_ids("lattic*")[0] == [lattice]
    assert unsynced.search_ids('"sparse lattice"')[0] == [lattice]


def test_an_edited_paper_is_found_by_its_new_values_not_its_old_ones(tmp_path: Path, daily_a: Path) -> None:
    """Issue 16: the index still holds the old tag until it syncs; the search answers with the new one."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([daily_a])
        lattice = paper_id_by_title(library, "Sparse Lattice Attention for Long Documents")
        library.add_tags([lattice], ["oldtag"])
        library.sync_index()
        assert library.search_ids("tag:oldtag")[0] == [lattice]

        library.set_tags(lattice, ["newtag"])  # marked "to index" again; not synced
        assert library.pending_index_count() == 1
        assert library.search_ids("tag:newtag")[0] == [lattice]
        assert library.search_ids("tag:oldtag")[0] == []
        assert library.search_ids("lattice tag:newtag")[0] == [lattice]


def test_trashed_and_deleted_pending_papers_are_not_found(unsynced: Library, daily_a: Path) -> None:
    """Issue 16: a pending paper in the Trash is not found, nor one deleted whose document the index still has."""
    _import_unsynced(unsynced, daily_a)
    lattice = paper_id_by_title(unsynced, "Sparse Lattice Attention for Long Documents")
    unsynced.trash([lattice])
    assert unsynced.search_ids("lattice")[0] == []
    assert unsynced.search("lattice") == []

    unsynced.restore_from_trash([lattice])
    unsynced.sync_index()
    unsynced.trash([lattice])
    unsynced.empty_trash()  # its document leaves the index at the next sync
    assert unsynced.search_ids("lattice")[0] == []


def test_pending_search_keeps_up_with_imports_edits_and_syncs(unsynced: Library, daily_a: Path, daily_b: Path) -> None:
    """Issue 16: what is pending is read at each search; only new or changed papers are analysed again."""
    pending = unsynced.pending
    _import_unsynced(unsynced, daily_a)
    lattice = paper_id_by_title(unsynced, "Sparse Lattice Attention for Long Documents")
    first = pending.find("lattice")
    assert first.matches == (lattice,)
    assert first.stale == frozenset(unsynced.paper_ids())
    kept = pending.analysed(lattice)

    _import_unsynced(unsynced, daily_b)  # one paper of daily_b is also in daily_a: it changes
    assert pending.find("lattice").matches == (lattice,)
    assert len(pending.find("lattice").stale) == unsynced.count() == 4
    assert kept is not None and pending.analysed(lattice) is kept  # not analysed again

    unsynced.set_tags(lattice, ["sparse-attention"])
    assert pending.find("tag:sparse-attention").matches == (lattice,)
    assert pending.analysed(lattice) not in (None, kept)

    unsynced.sync_index()
    assert pending.find("lattice") == unindexed.Pending(frozenset(), ())
    assert pending.analysed(lattice) is None


def test_pending_search_sees_what_another_process_changes(tmp_path: Path, daily_a: Path, daily_b: Path) -> None:
    """Issue 16: between searches nothing is read unless the database changed, also by another process
    (another engine stands for it: SQLite tells its connections apart the same way)."""
    folder = tmp_path / "library"
    with Library.open(folder, sync=False) as library, Library.open(folder, sync=False) as other:
        _import_unsynced(library, daily_a)
        lattice = paper_id_by_title(library, "Sparse Lattice Attention for Long Documents")
        assert library.pending.find("tag:far").matches == ()

        other.set_tags(lattice, ["faraway"])
        assert library.pending.find("tag:faraway").matches == (lattice,)
        _import_unsynced(other, daily_b)
        assert len(library.pending.find("molecule").matches) == 1
        other.sync_index()
        assert library.pending.find("lattice") == unindexed.Pending(frozenset(), ())


def test_a_deleted_papers_id_given_to_a_new_paper_is_not_answered_by_the_old_words(
    unsynced: Library, daily_a: Path, daily_b: Path
) -> None:
    """Issue 16: SQLite gives the highest id again after a delete; the new paper, at the same revision,
    is analysed anew (its ``added_at`` differs), so the old paper's words do not find it."""
    _import_unsynced(unsynced, daily_a)
    leak = paper_id_by_title(unsynced, "Benchmarks Leak: Measuring Contamination in Code Models")
    assert leak == max(unsynced.paper_ids())
    assert unsynced.pending.find("contamination").matches == (leak,)
    unsynced.trash([leak])
    unsynced.empty_trash()

    _import_unsynced(unsynced, daily_b)
    graph = paper_id_by_title(unsynced, "Graph Tokenizers for Molecule Language Models")
    assert graph == leak  # the same id, and revision 1 both times
    assert unsynced.pending.find("contamination").matches == ()
    assert unsynced.pending.find("molecule").matches == (graph,)


def test_merge_drops_what_the_index_cannot_answer_for_and_appends_the_pending_matches() -> None:
    """Issue 16: indexed results best first, less pending and deleted papers, then the pending matches."""
    pending = unindexed.Pending(stale=frozenset({2, 5, 9}), matches=(9, 7))
    assert unindexed.merge([4, 2, 8, 5], pending) == [4, 8, 9, 7]


def test_saved_search_counts_include_pending_papers(tmp_path: Path, daily_a: Path, daily_b: Path) -> None:
    """Issue 16: a saved search's live count is what its list shows now, indexed or not."""
    with Library.open(tmp_path / "library") as library:
        library.import_paths([daily_a])
        lattice = paper_id_by_title(library, "Sparse Lattice Attention for Long Documents")
        library.add_saved_search("Lattices", "lattice OR molecule")
        library.add_saved_search("Kept", "tag:keep")
        library.add_tags([lattice], ["keep"])
        library.sync_index()
        assert [c.count for c in library.saved_search_counts()] == [1, 1]

        _import_unsynced(library, daily_b)  # adds a molecule paper, not indexed
        library.set_tags(lattice, ["elsewhere"])  # the index still says "keep"
        assert [c.count for c in library.saved_search_counts()] == [2, 0]
        library.trash([lattice])
        assert [c.count for c in library.saved_search_counts()] == [1, 0]
