"""Issue 16: the impact-ordered index answers as BM25 would, as Whoosh itself would, and the same after a rebuild."""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path

import pytest
import whoosh

from readinglist.core import impact, postings, words
from readinglist.core.index import IndexDoc, SearchIndex
from readinglist.core.models import ReadStatus
from readinglist.core.services import Library
from tests.benchmarks.run import QUERIES

# A vocabulary with a long tail, so that common words fill many 128-posting blocks and rare ones few.
TOPICS = [
    "reasoning",
    "diffusion",
    "retrieval",
    "benchmark",
    "language",
    "model",
    "reward",
    "agent",
    "attention",
    "sparse",
    "graph",
    "transformer",
    "vision",
    "speech",
    "recognition",
    "code",
    "generation",
    "tool",
    "policy",
    "robot",
]
FILLER = [f"w{n}" for n in range(400)]


def corpus(count: int, seed: int = 3) -> list[IndexDoc]:
    rng = random.Random(seed)
    docs = []
    for paper_id in range(1, count + 1):
        title = " ".join(rng.choices(TOPICS, k=rng.randint(2, 6)) + rng.choices(FILLER, k=2)).title()
        body = " ".join(
            rng.choices(TOPICS, weights=range(len(TOPICS), 0, -1), k=rng.randint(5, 40))
            + rng.choices(FILLER, k=rng.randint(10, 150))
        )
        status = rng.choice(list(ReadStatus)).value
        tags = tuple(rng.sample(["to-read", "survey", "rl", "vision"], k=rng.randint(0, 2)))
        docs.append(IndexDoc(paper_id, title, body, tags, "", "", status, rng.random() < 0.1, 2020 + paper_id % 5))
    return docs


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[SearchIndex, list[IndexDoc]]:
    docs = corpus(3000)
    index = SearchIndex(tmp_path_factory.mktemp("impact") / "index")
    index.open()
    index.write(docs)
    return index, docs


def brute_force(docs: list[IndexDoc], query_words: list[str]) -> dict[int, float]:
    """BM25 worked out by hand: idf × (term part in the whole text + TITLE_WEIGHT × term part in the title)."""
    analysed = {d.id: (Counter(words.words(d.title)), Counter(words.words(f"{d.title}\n{d.body()}"))) for d in docs}
    scores: dict[int, float] = {}
    for word in query_words:
        having = [pid for pid, (_title, whole) in analysed.items() if word in whole]
        idf = impact.idf(len(docs), len(having))
        for pid in having:
            title, whole = analysed[pid]
            part = impact.term_part(impact.normalised(whole[word], sum(whole.values()), 190.0))
            if word in title:
                part += impact.TITLE_WEIGHT * impact.term_part(
                    impact.normalised(title[word], sum(title.values()), 12.0)
                )
            scores[pid] = scores.get(pid, 0.0) + idf * part
    required = [
        {pid for pid, (_t, whole) in analysed.items() if word in whole} for word in query_words
    ]  # every word must match
    both = set.intersection(*required)
    return {pid: score for pid, score in scores.items() if pid in both}


@pytest.mark.parametrize("text", ["reasoning", "diffusion model", "reward agent policy", "w17", "speech recognition"])
def test_the_ranking_is_bm25_worked_out_by_hand(indexed: tuple[SearchIndex, list[IndexDoc]], text: str) -> None:
    index, docs = indexed
    expected = brute_force(docs, [words.stem(w) for w in text.split()])
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:20]
    found = index.search(text, limit=20)
    assert [m.paper_id for m in found] == [pid for pid, _s in best]
    for match, (_pid, score) in zip(found, best, strict=True):
        assert math.isclose(match.score, score, rel_tol=1e-5)  # weights are stored as 32-bit floats


def test_the_block_reading_path_is_the_pinned_whoosh() -> None:
    """The block reader uses private internals of one Whoosh release: a new release must be looked at first."""
    assert tuple(whoosh.__version__[:3]) == postings.READ_INTERNALS_OF, (
        f"Whoosh {whoosh.__version__} is installed but readinglist.core.postings reads the private block layout "
        f"of {postings.READ_INTERNALS_OF}: check W3LeafMatcher (_read_data, _data, _next_block) and the "
        "NumericColumn reader in the new release, then update READ_INTERNALS_OF"
    )
    assert postings.FAST_PATH


# Phrases need positions Whoosh has not got here; a prefix's expansions only choose papers (boost 0), which
# Whoosh does not honour on a one-word OR: both are compared with the score-map path below instead.
WHOOSH_QUERIES = [q for kind, q, *_ in QUERIES if kind not in {"phrase", "prefix as typed"}] + [
    "reasoning -diffusion",
    "reasoning OR w3",
    "tag:survey",
    "status:read speech",
    "year:2022 model",
    "starred:yes code",
    "title:agent",
    "(reward OR policy) -robot",
]


@pytest.mark.parametrize("text", WHOOSH_QUERIES)
def test_the_block_reader_agrees_with_whoosh_scoring_every_match(
    indexed: tuple[SearchIndex, list[IndexDoc]], text: str
) -> None:
    """Our top 20 (block-max or score maps) equals Whoosh's own exhaustive scoring of the same index."""
    index, _docs = indexed
    parsed = index.parse(text)
    assert index._searcher is not None
    theirs = index._searcher.search(parsed, limit=None)
    expected = sorted((-hit.score, int(hit["id"])) for hit in theirs)[:20]
    ours = index.search(text, limit=20)
    if all(score == 0 for score, _pid in expected):  # only filters: Whoosh drops zero scores, we keep them
        assert index.count(text) >= len(theirs)
        return
    assert [(round(-s, 4), pid) for s, pid in expected] == [(round(m.score, 4), m.paper_id) for m in ours]
    assert index.count(text) == len(theirs)


@pytest.mark.parametrize("text", [q for _kind, q, *_ in QUERIES] + ["reasoning -w1", "(reward OR policy) agent"])
def test_the_block_max_path_agrees_with_scoring_every_match(
    indexed: tuple[SearchIndex, list[IndexDoc]], text: str
) -> None:
    """Top 20 by skipping blocks (core.conjunction) equals top 20 of every match scored (the score-map path)."""
    index, _docs = indexed
    snapshot = index._snapshot
    assert snapshot is not None
    parsed = index.parse(text)
    everything = snapshot._ranked(snapshot.evaluate(parsed), 20)
    assert [(p, round(s, 6)) for p, s in snapshot.top(parsed, 20)] == [(p, round(s, 6)) for p, s in everything]


def test_the_public_api_path_gives_the_same_answers(
    indexed: tuple[SearchIndex, list[IndexDoc]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the private block reader (another Whoosh release), answers are the same, only slower."""
    index, _docs = indexed
    fast = {text: index.search(text, limit=20) for text in WHOOSH_QUERIES}
    monkeypatch.setattr(postings, "FAST_PATH", False)
    index.reload()
    try:
        for text in WHOOSH_QUERIES:
            assert index.search(text, limit=20) == fast[text], text
    finally:
        monkeypatch.undo()
        index.reload()


def test_ties_are_broken_by_paper_id(indexed: tuple[SearchIndex, list[IndexDoc]]) -> None:
    index, docs = indexed
    found = [m.paper_id for m in index.search("tag:survey", limit=None)]
    assert found == sorted(d.id for d in docs if "survey" in d.tags)


def test_a_phrase_is_checked_in_the_text(tmp_path: Path) -> None:
    docs = [
        IndexDoc(1, "Chain-of-thought prompting", "We prompt.", (), "", "", "new", False, None),
        IndexDoc(2, "Thought chains", "A chain of weak links; thought is elsewhere.", (), "", "", "new", False, None),
        IndexDoc(3, "Prompting", "The chain of thought helps.", (), "", "", "new", False, None),
    ]
    index = SearchIndex(tmp_path / "index")
    index.open()
    index.texts = lambda ids: {d.id: (d.title, f"{d.title}\n{d.body()}") for d in docs if d.id in ids}
    index.write(docs)
    assert {m.paper_id for m in index.search('"chain of thought"', None)} == {1, 3}
    assert {m.paper_id for m in index.search('title:"chain of thought"', None)} == {1}
    assert {m.paper_id for m in index.search('chain -"chain of thought"', None)} == {2}
    assert index.count('"chain of thought"') == 2


def test_prefixes_expand_from_the_saved_word_lists(tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index")
    index.open()
    index.write(corpus(300))
    index.write(corpus(50, seed=9)[:10])  # a second segment
    saved = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "index").glob("*.words"))
    assert saved.count("text.words") >= 1 and saved.count("title.words") >= 1
    expected = {m.paper_id for m in index.search("reward OR reasoning OR recognition OR retrieval OR read", None)}
    assert {m.paper_id for m in index.search("re*", None)} == expected
    # A damaged list is read again from the segment.
    for path in (tmp_path / "index").glob("*.words"):
        path.write_text("garbage\n")
    fresh = SearchIndex(tmp_path / "index")
    fresh.open()
    assert {m.paper_id for m in fresh.search("rec*", None)} == {m.paper_id for m in index.search("rec*", None)}


def edit_and_search(library: Library, queries: list[str]) -> dict[str, list[int]]:
    return {q: library.search_ids(q, limit=None)[0] for q in queries}


def test_the_same_ranking_after_a_rebuild_of_an_edited_library(library: Library) -> None:
    """Replaced documents weigh nothing and ties break by paper id: reindex changes no result or order."""
    from readinglist.core import importing
    from tests.benchmarks.corpus import generate_corpus

    dumps = library.folder.parent / "dumps"
    generate_corpus(dumps, 600, seed=5)
    importing.import_files(library.engine, importing.expand_paths([dumps]))
    library.sync_index()
    ids = library.paper_ids(sort="id")
    rng = random.Random(1)
    for round_ in range(3):  # edits in several commits: replaced documents stay in older segments
        changed = rng.sample(ids, 80)
        library.add_tags(changed[:40], [f"batch{round_}"])
        library.set_status(changed[40:], ReadStatus.QUEUED)
        library.set_note(changed[0], "reasoning about diffusion models again and again")
        library.sync_index()
    queries = [q for _kind, q, *_ in QUERIES] + ["tag:batch1", "status:queued model"]
    before = edit_and_search(library, queries)
    library.reindex()
    after = edit_and_search(library, queries)
    for q in queries:
        assert after[q] == before[q], q


@pytest.mark.parametrize(
    "text", ["status:queued model", "model status:queued", "tag:survey model", "year:>=2020 model"]
)
def test_filtered_searches_have_snippets(library: Library, text: str) -> None:
    """Issue 16: a filter before the words took every snippet away (0 of 20 for "status:queued reasoning")."""
    from readinglist.core import importing
    from tests.benchmarks.corpus import generate_corpus

    dumps = library.folder.parent / "dumps"
    generate_corpus(dumps, 200, seed=11)
    importing.import_files(library.engine, importing.expand_paths([dumps]))
    ids = library.paper_ids(sort="id")
    library.set_status(ids, ReadStatus.QUEUED)
    library.add_tags(ids, ["survey"])
    library.sync_index()
    results = library.search(text, limit=20)
    assert len(results) == 20
    in_abstract = [r for r in results if "model" in words.words(r.paper.abstract or "")]
    assert len(in_abstract) >= 10  # the others have the word in the title only: no passage to show
    assert all("<b>" in result.snippet for result in in_abstract)


def test_a_search_no_longer_wanted_stops_between_phrase_checks(tmp_path: Path) -> None:
    """A newer query must not wait behind every match of an old phrase being checked (issue 16)."""
    from readinglist.core.errors import SearchCancelled

    docs = [
        IndexDoc(n, f"Paper {n}", "a language model of the world", (), "", "", "new", False, None)
        for n in range(1, 300)
    ]
    index = SearchIndex(tmp_path / "index")
    index.open()
    read: list[int] = []

    def texts(ids: object) -> dict[int, tuple[str, str]]:
        read.extend(ids)  # type: ignore[call-overload]
        return {d.id: (d.title, f"{d.title}\n{d.body()}") for d in docs if d.id in ids}  # type: ignore[operator]

    index.texts = texts
    index.write(docs)
    assert len(index.search('"language model"', None)) == 299
    read.clear()
    with pytest.raises(SearchCancelled):
        index.search('"language model"', None, cancelled=lambda: len(read) > 0)
    assert 0 < len(read) < 299  # stopped after the first batch
