"""Paper cards under construction, and the card assembler shared by the linked layouts.

The markdown, reflinks, urllines and HTML readers all reduce a dump to lines of text
pieces and links; `LinkedCardAssembler` turns those into papers the same way for all of
them. The plain-text reader has no links: it shares `CardDraft`, `MetadataLines` and
`finish_card` only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date

from . import fields as f
from .decoding import TOO_LONG_REASON
from .keys import title_key
from .records import ParsedPaper, Problem

Entry = ParsedPaper | Problem


@dataclass
class DumpContext:
    """What every card of one dump shares: when it was taken and its header list date."""

    reference_date: date
    list_date_text: str | None = None

    def dump_date(self) -> date:
        """The date year inference counts back from (see `fields.dump_date`)."""
        return f.dump_date(self.list_date_text, self.reference_date)


@dataclass
class CardDraft:
    """The fields of one card as they are found; `finish_card` makes the paper."""

    line: int
    title: str | None = None
    abstract: str | None = None
    arxiv_id: str | None = None
    authors_count: int | None = None
    org: str | None = None
    date_line: f.DateLine | None = None
    upvotes: int | None = None
    comments: int | None = None
    github_url: str | None = None
    github_stars: int | None = None
    links: list[str] = field(default_factory=list)

    def set_date(self, date_line: f.DateLine) -> None:
        """Keep the first date shown, and the comment count glued after it."""
        if self.date_line is None:
            self.date_line = date_line
        if self.comments is None:
            self.comments = date_line.comments


def finish_card(card: CardDraft, ctx: DumpContext) -> Entry | None:
    """The paper a card describes; a Problem for an abstract without title; None if empty."""
    if card.title is None:
        if card.abstract is not None:
            return Problem(card.line, f"abstract without title: {_shorten(card.abstract)}")
        return None
    links = list(card.links)
    github_url = card.github_url
    if card.abstract:
        for url in f.find_urls(card.abstract):
            if url not in links:
                links.append(url)
            github_url = github_url or f.github_repo(url)
    published, inferred = None, False
    if card.date_line is not None:
        published, inferred = f.resolve_date(card.date_line, ctx.dump_date())
    return ParsedPaper(
        title=card.title,
        line=card.line,
        abstract=card.abstract,
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
        date_line = f.parse_date_line(text)
        if date_line is not None:
            if card is not None:
                card.set_date(date_line)
            elif header and date_line.comments is None and self._ctx.list_date_text is None:
                self._ctx.list_date_text = text
            return True
        if header and self._ctx.list_date_text is None and f.is_list_date(text):
            self._ctx.list_date_text = text
            return True
        count = f.authors_count(text)
        if count is not None:
            if card is not None and card.authors_count is None:
                card.authors_count = count
            return True
        upvotes = f.upvote_line(text)
        if upvotes is not None:
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
            target.links.extend(url for url in source.links if url not in target.links)
        elif getattr(target, item.name) is None:
            setattr(target, item.name, getattr(source, item.name))
    if takes_date:
        target.published_inferred = source.published_inferred


def _shorten(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- linked layouts


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of visible text, or a link when `url` is set."""

    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class PieceLine:
    """One logical line of a linked layout, split into pieces."""

    number: int
    pieces: tuple[Piece, ...]
    heading: bool = False
    too_long: bool = False

    def visible_text(self) -> str:
        """The text a reader sees, link texts included, whitespace collapsed."""
        return " ".join("".join(piece.text for piece in self.pieces).split())


def assemble_linked_cards(lines: Iterable[PieceLine], ctx: DumpContext) -> Iterator[Entry]:
    """Papers and problems from tokenised lines whose links name their paper, in page order."""
    assembler = LinkedCardAssembler(ctx)
    for line in lines:
        yield from assembler.feed(line)
    yield from assembler.finish()


class LinkedCardAssembler:
    """Builds cards from lines whose links name the paper they belong to.

    Card identity comes from Hugging Face paper links (`/papers/<id>`): the thumbnail,
    upvote count, title, abstract and comment links of one card all point at the same
    id, so a link to another id closes the card, and the same id again (the mobile copy
    of a card) keeps filling it. Lines without such links (authors, org, date) belong to
    the open card.
    """

    def __init__(self, ctx: DumpContext) -> None:
        self._ctx = ctx
        self._card: CardDraft | None = None
        self._seen_card = False
        self._metadata = MetadataLines(ctx)
        self._expect_submitter = False  # after "Submitted by", the next profile link is chrome
        self._submitters: set[str] = set()
        self._deferred: list[Problem] = []  # problems found while a card was open

    def feed(self, line: PieceLine) -> Iterator[Entry]:
        """Entries completed by `line` (cards close when the next one starts)."""
        if line.too_long:
            # Reported after the open card, so that entries stay in page order.
            if self._card is None:
                yield Problem(line.number, TOO_LONG_REASON)
            else:
                self._deferred.append(Problem(line.number, TOO_LONG_REASON))
            return
        if line.heading:
            yield from self._heading(line)
            return
        card = self._card
        ids = {f.papers_link_id(p.url) for p in line.pieces if p.url} - {None}
        visible = line.visible_text()
        if (
            card is not None
            and card.title is not None
            and card.abstract is None
            and ids <= {card.arxiv_id}
            and f.looks_like_prose(visible)
        ):
            self._set_abstract(card, line)
            return
        recognised = False
        for piece in line.pieces:
            if piece.url:
                yield from self._link(piece, line.number)
                recognised = True
            elif piece.text.strip():
                recognised = self._text(piece.text.strip()) or recognised
        card = self._card
        # A short unrecognised paragraph right after a title is still its abstract.
        if not recognised and card and card.title and card.abstract is None and len(visible) >= 40:
            self._set_abstract(card, line)

    def finish(self) -> Iterator[Entry]:
        """The last open card, at the end of the input."""
        yield from self._close_card()

    # -- pieces

    def _heading(self, line: PieceLine) -> Iterator[Entry]:
        for piece in line.pieces:
            paper_id = f.papers_link_id(piece.url) if piece.url else None
            if paper_id and piece.text.strip() and not f.is_community_link(piece.url or ""):
                yield from self._open(paper_id, line.number)
                self._set_title(self._card, piece.text.strip(), line.number)
                return
        # Headings without a paper link ("Daily Papers", "Similar papers") are chrome.

    def _link(self, piece: Piece, number: int) -> Iterator[Entry]:
        url, text = piece.url or "", piece.text.strip()
        paper_id = f.papers_link_id(url)
        if f.is_login_link(url):
            # Logged-out pages route upvote buttons through a login redirect.
            if paper_id and f.parse_upvotes(text) is not None:
                yield from self._open(paper_id, number)
                self._card.upvotes = _first(self._card.upvotes, f.parse_upvotes(text))
            return
        if paper_id:
            yield from self._open(paper_id, number)
            self._paper_link(self._card, text, url, number)
            return
        card = self._card
        arxiv_id = f.arxiv_link_id(url)
        if arxiv_id:
            if card is not None and card.arxiv_id is None:
                card.arxiv_id = arxiv_id
            return
        repo = f.github_repo(url)
        if repo:
            if card is not None and card.title is not None and card.github_url is None:
                card.github_url = repo
                card.github_stars = f.github_stars(text)
            return
        profile = f.hf_profile_name(url)
        if profile:
            self._profile_link(profile, text)

    def _paper_link(self, card: CardDraft, text: str, url: str, number: int) -> None:
        if f.is_community_link(url):
            card.comments = _first(card.comments, f.parse_count(text))
        elif f.parse_upvotes(text) is not None:
            card.upvotes = _first(card.upvotes, f.parse_upvotes(text))
        elif not text or f.is_chrome(text):
            pass  # thumbnail image link, "Paper page" and the like
        elif card.title is None and not f.looks_like_prose(text):
            self._set_title(card, text, number)
        elif card.title is not None and card.abstract is None:
            card.abstract = " ".join(text.split())

    def _profile_link(self, profile: str, text: str) -> None:
        if self._expect_submitter or profile in self._submitters:
            self._submitters.add(profile)
            if text:  # the avatar-only link comes before the one with the user name
                self._expect_submitter = False
            return
        card = self._card
        if card is not None and card.title is not None and card.org is None and text:
            card.org = text

    def _text(self, text: str) -> bool:
        """Apply a text piece to the open card; False if it means nothing here."""
        if f.is_submitted_by(text):
            self._expect_submitter = True
            return True
        card = self._card if self._card is not None and self._card.title is not None else None
        return self._metadata.take(text, card, header=not self._seen_card) or f.is_chrome(text)

    # -- cards

    def _open(self, paper_id: str, number: int) -> Iterator[Entry]:
        """Make the card for `paper_id` the open one, closing another open card."""
        if self._card is not None and self._card.arxiv_id == paper_id:
            return
        yield from self._close_card()
        self._card = CardDraft(line=number, arxiv_id=paper_id)
        self._seen_card = True

    def _close_card(self) -> Iterator[Entry]:
        card, self._card = self._card, None
        yield from emit_card(card, self._ctx)
        yield from self._deferred
        self._deferred.clear()

    def _set_title(self, card: CardDraft | None, title: str, number: int) -> None:
        if card is None or card.title is not None:
            return
        card.title = " ".join(title.split())
        card.line = number
        self._metadata.take_upvotes(card)

    def _set_abstract(self, card: CardDraft, line: PieceLine) -> None:
        card.abstract = line.visible_text()
        for piece in line.pieces:
            if piece.url and not f.papers_link_id(piece.url) and piece.url not in card.links:
                card.links.append(piece.url)


def _first(current: int | None, new: int | None) -> int | None:
    return current if current is not None else new
