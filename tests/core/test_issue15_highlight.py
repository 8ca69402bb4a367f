"""Issue 15 item 18: a search marks what it searched for, where it searched for it, and ranks titles first."""

from __future__ import annotations

import re

import pytest

from readinglist.core.dumps import ParsedPaper
from readinglist.core.services import Library
from tests.helpers import paper_id_by_title, paste_papers

PHRASE = "Aligning Assistants with Preference Data"
PHRASE_ABSTRACT = (
    "We train a reward model on preference pairs. A larger model of the world is not needed, "
    "and the reward alone guides the policy."
)
SPECIALIST = "A Specialist Model for Protein Folding"
SPECIALIST_ABSTRACT = "Unlike a generalist, a specialist network sees only proteins."

TITLE_MATCHES = [
    "Reward Modeling at Scale",
    "Robust Reward Models for Code",
    "Process Reward Models in Practice",
]
ABSTRACT_ONLY = [
    "Preference Optimisation without Tears",
    "Learning to Rank Answers",
    "Human Feedback Pipelines",
    "Policy Gradients Revisited",
]
FILLER = "We study training of language systems on curated data with careful evaluation"


def paper(number: int, title: str, abstract: str) -> ParsedPaper:
    return ParsedPaper(title, 1, abstract=abstract, arxiv_id=f"2401.{number:05d}")


@pytest.fixture
def searched(library: Library) -> Library:
    """A small corpus: a phrase paper, a title-field paper, title matches and (heavy) abstract-only matches."""
    papers = [paper(1, PHRASE, PHRASE_ABSTRACT), paper(2, SPECIALIST, SPECIALIST_ABSTRACT)]
    for i, title in enumerate(TITLE_MATCHES):  # the abstract mentions neither word
        papers.append(paper(10 + i, title, f"{FILLER} number {i}."))
    for i, title in enumerate(ABSTRACT_ONLY):  # the words again and again, in the abstract only
        abstract = f"{FILLER}. The reward model scores answers; our reward model and its reward models improve {i}."
        papers.append(paper(20 + i, title, abstract))
    for i in range(30):  # the rest of a library: other words, so that "reward" and "model" are rare
        papers.append(paper(100 + i, f"Unrelated Topic {i} in Vision", f"{FILLER} about images {i}."))
    paste_papers(library, papers, "corpus")
    library.sync_index()
    return library


def bold(html: str) -> list[str]:
    return [m.casefold() for m in re.findall(r"<b>(.*?)</b>", html)]


def test_a_phrase_is_marked_as_the_phrase(searched: Library) -> None:
    """Issue 15 item 18: "reward model" is marked where the phrase occurs, not "model" or "reward" elsewhere."""
    [result] = [r for r in searched.search('"reward model"') if r.paper.title == PHRASE]
    assert bold(result.snippet) == ["reward model"]
    _ids, marks = searched.search_ids('"reward model"')
    assert bold(searched.mark_terms(PHRASE_ABSTRACT, marks)) == ["reward model"]


def test_a_title_term_is_marked_in_the_title_only(searched: Library) -> None:
    """Issue 15 item 18: title:specialist marks the title, not the abstract that also says "specialist"."""
    ids, marks = searched.search_ids("title:specialist")
    assert ids == [paper_id_by_title(searched, SPECIALIST)]
    assert bold(searched.mark_terms(SPECIALIST_ABSTRACT, marks)) == []
    assert bold(searched.mark_terms(SPECIALIST, marks, title=True)) == ["specialist"]
    [result] = searched.search("title:specialist")
    assert "<b>" not in result.snippet


def test_excluded_words_are_never_marked(searched: Library) -> None:
    """Issue 15 item 18: in "reward -world" the excluded "world" is not marked; "reward" is."""
    _ids, marks = searched.search_ids("reward -world")
    marked = bold(searched.mark_terms(PHRASE_ABSTRACT, marks))
    assert "world" not in marked and "reward" in marked


def test_titles_with_the_words_rank_above_abstract_only_matches(searched: Library) -> None:
    """Issue 15 item 18: "reward model" ranks every title with both words above the abstract-only matches."""
    ids, _marks = searched.search_ids("reward model")
    by_title = {paper_id_by_title(searched, title) for title in TITLE_MATCHES}
    abstract_only = {paper_id_by_title(searched, title) for title in ABSTRACT_ONLY}
    assert by_title | abstract_only <= set(ids)
    last_title = max(ids.index(pid) for pid in by_title)
    first_abstract_only = min(ids.index(pid) for pid in abstract_only)
    assert last_title < first_abstract_only
