"""Paper cards under construction: the draft, the metadata lines, finishing and merging.

The recogniser (`recognise.py`) fills `CardDraft`s from the item stream; `finish_card`
turns a draft into a `ParsedPaper`, and `merge_adjacent_duplicates` folds the cards
that pages render twice in a row.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date

from . import dates
from . import fields as f
from .keys import title_key
from .records import ParsedPaper, Problem, clean_paper

Entry = ParsedPaper | Problem


@dataclass
class DumpContext:
    """What every card of one dump shares: when it was taken and its header list date."""

    reference_date: date
    list_date_text: str | None = None

    def dump_date(self) -> date:
        """The date year inference counts back from (see `dates.dump_date`)."""
        return dates.dump_date(self.list_date_text, self.reference_date)


@dataclass
class CardDraft:
    """The fields of one card as they are found; `finish_card` makes the paper."""

    line: int
    title: str | None = None
    abstract: str | None = None
    ai_summary: str | None = None
    arxiv_id: str | None = None
    authors_count: int | None = None
    org: str | None = None
    date_line: dates.DateLine | None = None
    upvotes: int | None = None
    comments: int | None = None
    github_url: str | None = None
    github_stars: int | None = None
    links: list[str] = field(default_factory=list)

    def set_date(self, date_line: dates.DateLine) -> None:
        """Keep the first date shown, and the comment count glued after it."""
        if self.date_line is None:
            self.date_line = date_line
        if self.comments is None:
            self.comments = date_line.comments


def finish_card(card: CardDraft, ctx: DumpContext) -> Entry | None:
    """The paper a card describes; a Problem for an abstract without title; None if empty.

    Every reader's papers are made here, so here they pass `records.clean_paper`: a value
    that cannot be stored is dropped on its own, a title left empty is a Problem.
    """
    if card.title is None:
        if card.abstract is not None:
            return Problem(card.line, f"abstract without title: {f.shorten(card.abstract)}")
        return None
    links = list(card.links)  # duplicates and non-web links go in `clean_paper`
    github_url = card.github_url
    if card.abstract:
        for url in f.find_urls(card.abstract):
            links.append(url)
            github_url = github_url or f.github_repo(url)
    published, inferred = None, False
    if card.date_line is not None:
        published, inferred = dates.resolve_date(card.date_line, ctx.dump_date())
    paper = ParsedPaper(
        title=card.title,
        line=card.line,
        abstract=card.abstract,
        ai_summary=card.ai_summary,
        arxiv_id=card.arxiv_id,
        authors_count=card.authors_count,
        org=card.org,
        published_text=card.date_line.shown if card.date_line else None,
        published=published,
        published_inferred=inferred,
        upvotes=card.upvotes,
        comments=card.comments,
        github_url=github_url,
        github_stars=card.github_stars,
        links=links,
    )
    return clean_paper(paper)


def emit_card(card: CardDraft | None, ctx: DumpContext) -> Iterator[Entry]:
    """`finish_card` as zero or one entries, for readers that are generators."""
    if card is not None:
        entry = finish_card(card, ctx)
        if entry is not None:
            yield entry


class MetadataLines:
    """Reads the metadata lines all layouts share: dates, `• N authors`, `·`, upvotes.

    A date before the first card is the header list date; upvotes stand before the
    title they belong to, so they wait in `pending_upvotes` until `take_upvotes`.
    """

    def __init__(self, ctx: DumpContext) -> None:
        self._ctx = ctx
        self.pending_upvotes: int | None = None

    def take(self, text: str, card: CardDraft | None, *, header: bool) -> bool:
        """Apply `text` to `card` (the titled open card, if any); False if it is no metadata."""
        date_line = dates.parse_date_line(text)
        if date_line is not None:
            if card is not None:
                card.set_date(date_line)
            elif header and date_line.comments is None and self._ctx.list_date_text is None:
                self._ctx.list_date_text = text
            return True
        if header and self._ctx.list_date_text is None and dates.is_list_date(text):
            self._ctx.list_date_text = text
            return True
        count = f.authors_count(text)
        if count is not None:
            if card is not None and card.authors_count is None:
                card.authors_count = count
            return True
        upvotes = f.upvote_line(text)
        if upvotes is not None or f.is_count_line(text):  # a count too large to keep is dropped
            self.pending_upvotes = upvotes
            return True
        return f.is_separator(text)

    def take_upvotes(self, card: CardDraft) -> None:
        """Give the upvotes shown before a title to its card (unless it has some)."""
        if card.upvotes is None:
            card.upvotes = self.pending_upvotes
        self.pending_upvotes = None


def merge_adjacent_duplicates(entries: Iterable[Entry]) -> Iterator[Entry]:
    """Merge a paper into the one just before it when both are the same card.

    Pages render some cards twice in a row (desktop and mobile markup); same arXiv id,
    or same title when an id is missing, means the same card. Earlier values win.
    """
    held: ParsedPaper | None = None
    for entry in entries:
        if isinstance(entry, ParsedPaper) and held is not None and _same_card(held, entry):
            _fill_missing(held, entry)
            continue
        if held is not None:
            yield held
            held = None
        if isinstance(entry, ParsedPaper):
            held = entry
        else:
            yield entry
    if held is not None:
        yield held


def _same_card(first: ParsedPaper, second: ParsedPaper) -> bool:
    if first.arxiv_id and second.arxiv_id:
        return first.arxiv_id == second.arxiv_id
    return title_key(first.title) == title_key(second.title)


def _fill_missing(target: ParsedPaper, source: ParsedPaper) -> None:
    takes_date = target.published is None and source.published is not None
    for item in fields(ParsedPaper):
        if item.name == "links":
            known = set(target.links)
            target.links.extend(url for url in source.links if url not in known)
        elif getattr(target, item.name) is None:
            setattr(target, item.name, getattr(source, item.name))
    if takes_date:
        target.published_inferred = source.published_inferred
