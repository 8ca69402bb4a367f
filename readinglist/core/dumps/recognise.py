"""The one recogniser: paper cards from the item stream of any syntax.

Three kinds of evidence open a card, strongest first:
1. a role given by a structured source (a feed entry's or API object's title);
2. a link to a paper page (`/papers/<id>`, its login-redirect form, or an arXiv
   abstract link): the thumbnail, upvote button, title, abstract and comment links of
   one card all name the same id, so another id closes the card and the same id again
   (the mobile copy of a card) keeps filling it;
3. the structure a plain-text copy shows: a short line (or a heading) followed by an
   abstract (see `titles.is_abstract_after_title`), metadata lines after it.

Lines without such evidence (authors, organisation, `·`, dates, GitHub links, AI
summaries) belong to the open card. Page chrome, navigation, avatars and an echoed
search query never become papers.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from datetime import date

from . import fields as f
from .cards import CardDraft, DumpContext, Entry, MetadataLines, emit_card
from .dates import DateLine
from .decoding import TOO_LONG_REASON
from .item_stream import Lookahead, without_chrome
from .items import Item, Piece
from .records import Problem
from .summaries import summary_label
from .titles import is_org_line, is_title_text, opens_card, title_beside_link


def recognise(items: Iterable[Item], ctx: DumpContext, summary: RecognitionSummary | None = None) -> Iterator[Entry]:
    """Papers and problems of an item stream, in page order."""
    recogniser = Recogniser(ctx, summary or RecognitionSummary())
    stream = Lookahead(without_chrome(items))
    for item in stream:
        yield from recogniser.feed(item, stream)
    yield from recogniser.finish()


class RecognitionSummary:
    """Counts kept while recognising, read once the entries are exhausted."""

    def __init__(self) -> None:
        self.papers = 0
        self.structured = 0  # cards with an abstract, metadata, or from a structured source

    @property
    def links_only(self) -> bool:
        """Papers were found, but only as bare links: the layout was not recognised."""
        return self.papers > 0 and self.structured == 0


class Recogniser:
    """Builds cards from items; see the module documentation for the rules."""

    def __init__(self, ctx: DumpContext, summary: RecognitionSummary) -> None:
        self._ctx = ctx
        self._summary = summary
        self._card: CardDraft | None = None
        self._seen_card = False
        self._linked = False  # cards carry paper links: unplaced text is chrome, not a problem
        self._metadata = MetadataLines(ctx)
        self._expect_submitter = False  # after "Submitted by", the next profile link is chrome
        self._submitters: set[str] = set()
        self._ai_summary_next = False  # an "AI-generated summary" label was just seen
        self._deferred: list[Problem] = []  # problems found while a card was open
        self._unplaced: list[Problem] = []  # lines that fit no card, reported when a card follows
        self._unplaced_confirmed = False  # ...or card metadata, or at the end if they are prose

    def feed(self, item: Item, stream: Lookahead) -> Iterator[Entry]:
        """Entries completed by `item` (cards close when the next one starts)."""
        if item.too_long:
            # Reported after the open card, so that entries stay in page order.
            if self._card is None:
                yield Problem(item.number, TOO_LONG_REASON)
            else:
                self._deferred.append(Problem(item.number, TOO_LONG_REASON))
            return
        if item.role:
            yield from self._role(item)
            return
        if item.heading and (yield from self._linked_heading(item)):
            return
        if any(piece.url for piece in item.pieces):
            yield from self._linked_item(item)
        else:
            yield from self._text_item(item, stream)

    def finish(self) -> Iterator[Entry]:
        """The last open card, at the end of the input, and what could not be placed."""
        yield from self._close_card()
        if not self._unplaced_confirmed:  # short lines after the last paper: the page footer
            self._unplaced = [p for p in self._unplaced if p.reason.startswith("abstract without title")]
        yield from self._take_unplaced()

    # -- structured sources

    def _role(self, item: Item) -> Iterator[Entry]:
        piece = item.pieces[0] if item.pieces else Piece("")
        text = " ".join(piece.text.split())
        role = item.role
        if role == "problem":
            yield Problem(item.number, text)
            return
        if role == "title":
            yield from self._close_card()
            yield from self._take_unplaced()
            if text:
                self._card = CardDraft(line=item.number, title=text, arxiv_id=f.paper_link_id(piece.url or ""))
                self._seen_card = True
                self._summary.structured += 1
            return
        card = self._card
        if card is None:
            return
        if role == "abstract":
            card.abstract = card.abstract or text or None
        elif role == "ai_summary":
            card.ai_summary = card.ai_summary or text or None
        elif role in ("upvotes", "comments", "authors"):
            count = _count(text)
            name = {"upvotes": "upvotes", "comments": "comments", "authors": "authors_count"}[role]
            if getattr(card, name) is None:
                setattr(card, name, count)
        elif role == "org":
            card.org = card.org or text or None
        elif role == "date":
            card.date_line = card.date_line or _iso_date_line(text)
        elif role == "github" and piece.url and (repo := f.github_repo(piece.url)):
            card.github_url = card.github_url or repo
            card.github_stars = card.github_stars if card.github_stars is not None else _count(text)
        elif role == "link" and piece.url:
            card.links.append(piece.url)  # `clean_paper` keeps the web links, once each

    # -- items with links

    def _linked_heading(self, item: Item) -> Generator[Entry, None, bool]:
        """A heading whose link names a paper opens that paper's card; True if it did."""
        for piece in item.pieces:
            paper_id = f.paper_link_id(piece.url) if piece.url else None
            if paper_id and is_title_text(piece) and not f.is_community_link(piece.url or ""):
                yield from self._open(paper_id, item.number)
                self._set_title(self._card, piece.text.strip(), item.number)
                return True
        return False

    def _linked_item(self, item: Item) -> Iterator[Entry]:
        if (title := title_beside_link(item)) is not None:
            yield from self._titled_link(item, title)
            return
        card = self._card
        ids = {f.paper_link_id(p.url) for p in item.pieces if p.url} - {None}
        visible = item.visible_text()
        if card is not None and card.title is not None and ids <= {card.arxiv_id}:
            if self._ai_summary_next and card.ai_summary is None:
                self._ai_summary_next = False
                card.ai_summary = visible
                return
            if card.abstract is None and f.looks_like_prose(visible):
                self._set_abstract(card, item)
                return
        recognised = False
        for piece in item.pieces:
            if piece.url:
                yield from self._link(piece, item.number)
                recognised = True
            elif piece.text.strip():
                recognised = self._text(piece.text.strip()) or recognised
        card = self._card
        # A short unrecognised paragraph right after a title is still its abstract.
        if not recognised and card and card.title and card.abstract is None and len(visible) >= 40:
            self._set_abstract(card, item)

    def _titled_link(self, item: Item, title: tuple[str, str]) -> Iterator[Entry]:
        """A line of text with a bare paper URL in it (`Title https://…/papers/<id>`)."""
        text, paper_id = title
        yield from self._open(paper_id, item.number)
        self._set_title(self._card, text, item.number)

    def _link(self, piece: Piece, number: int) -> Iterator[Entry]:
        url, text = piece.url or "", piece.text.strip()
        paper_id = f.papers_link_id(url)
        if f.is_login_link(url):
            # Logged-out pages route upvote buttons through a login redirect.
            upvotes = (
                (f.parse_upvotes(text) if f.parse_upvotes(text) is not None else f.upvote_line(text)) if text else None
            )
            if paper_id and upvotes is not None:
                yield from self._open(paper_id, number)
                assert self._card is not None
                self._card.upvotes = _first(self._card.upvotes, upvotes)
            elif text:
                self._text(text)
            return
        paper_id = paper_id or f.arxiv_link_id(url)
        if paper_id:
            card = self._card
            if f.arxiv_link_id(url) and card is not None and card.title is not None and card.arxiv_id is None:
                card.arxiv_id = paper_id  # an arXiv link inside a card without an id
                return
            yield from self._open(paper_id, number)
            assert self._card is not None
            self._paper_link(self._card, piece, number)
            return
        card = self._card
        repo = f.github_repo(url)
        if repo:
            if card is not None and card.title is not None and card.github_url is None:
                card.github_url = repo
                card.github_stars = f.github_stars(text)
            return
        profile = f.hf_profile_name(url)
        if profile:
            self._profile_link(profile, text)
        elif text and text != url:
            self._text(text)

    def _paper_link(self, card: CardDraft, piece: Piece, number: int) -> None:
        text, url = piece.text.strip(), piece.url or ""
        if f.is_community_link(url):
            card.comments = _first(card.comments, f.parse_count(text))
        elif f.parse_upvotes(text) is not None:
            card.upvotes = _first(card.upvotes, f.parse_upvotes(text))
        elif (count := f.authors_count(text)) is not None:
            card.authors_count = _first(card.authors_count, count)
        elif not is_title_text(piece):
            pass  # thumbnail image link, "Paper page", a bare URL and the like
        elif card.title is None and not f.looks_like_prose(text):
            self._set_title(card, text, number)
        elif card.title is not None and card.abstract is None and f.looks_like_prose(text):
            card.abstract = " ".join(text.split())

    def _profile_link(self, profile: str, text: str) -> None:
        if self._expect_submitter or profile in self._submitters:
            self._submitters.add(profile)
            if text:  # the avatar-only link comes before the one with the user name
                self._expect_submitter = False
            return
        card = self._card
        # The organisation stands before the date; a profile link after it is page chrome.
        if card is not None and card.title is not None and card.org is None and card.date_line is None and text:
            if (count := f.authors_count(text)) is not None:
                card.authors_count = _first(card.authors_count, count)
            else:
                card.org = _without_handle(text, profile)

    def _text(self, text: str, *, label_checked: bool = False) -> bool:
        """Apply a text piece to the open card; False if it means nothing here."""
        if f.is_submitted_by(text):
            # Alone, the user's name or avatar link follows; that is chrome too.
            self._expect_submitter = " ".join(text.split()).casefold() == "submitted by"
            return True
        if not label_checked and summary_label(text) == "":
            self._ai_summary_next = True
            return True
        card = self._card if self._card is not None and self._card.title is not None else None
        return self._metadata.take(text, card, header=not self._seen_card) or f.is_chrome(text)

    # -- text-only items

    def _text_item(self, item: Item, stream: Lookahead) -> Iterator[Entry]:
        text = item.visible_text()
        if self._expect_submitter and len(text.split()) == 1:
            self._expect_submitter = False  # the user name under a bare "Submitted by"
            return
        card = self._card if self._card is not None and self._card.title is not None else None
        summary = summary_label(text)
        if summary is not None:
            self._ai_summary_next = card is not None and not summary
            if card is not None and summary and card.ai_summary is None:
                card.ai_summary = summary
            return
        if card is not None and self._ai_summary_next:
            self._ai_summary_next = False
            if card.ai_summary is None:
                card.ai_summary = text
                return
        if card is not None and card.abstract is None and f.looks_like_prose(text):
            self._set_abstract(card, item)
            return
        if self._text(text, label_checked=True):
            self._unplaced_confirmed = bool(self._unplaced)  # card metadata after them: not footer
            return
        if card is not None and is_org_line(card, text, stream.peek(1)):
            card.org = f.org_display_name(text)
            return
        if card is not None and card.abstract is None and card.arxiv_id and len(text) >= 40:
            self._set_abstract(card, item)  # a short abstract of a linked card
            return
        yield from self._structural_card(item, text, stream)

    def _structural_card(self, item: Item, text: str, stream: Lookahead) -> Iterator[Entry]:
        """A title line followed by its abstract (or by an AI summary label) opens a card."""
        following = stream.peek(1)
        title_lines = 1
        if (
            following is not None
            and following.indented
            and not item.indented
            and not f.is_metadata(following.visible_text())
            and not f.looks_like_prose(following.visible_text())
            and opens_card(stream.peek(2), stream.peek(3))
        ):
            title_lines = 2  # a title hard-wrapped onto an indented second line
        if opens_card(stream.peek(title_lines), stream.peek(title_lines + 1)) and not f.looks_like_prose(text):
            yield from self._close_card()
            yield from self._take_unplaced()
            for _ in range(title_lines - 1):
                text = f"{text} {next(stream).visible_text()}"
            card = CardDraft(line=item.number, title=" ".join(text.split()))
            self._card = card
            self._seen_card = True
            self._metadata.take_upvotes(card)
            following = next(stream)
            summary = summary_label(following.visible_text())
            if summary is None:
                card.abstract = following.visible_text()
            elif summary:
                card.ai_summary = summary
            else:
                self._ai_summary_next = True
            return
        if self._seen_card and not self._linked:
            yield from self._close_card()
            reason = "abstract without title" if f.looks_like_prose(text) else "title without abstract"
            self._unplaced.append(Problem(item.number, f"{reason}: {f.shorten(text, 120)}"))
        # Before the first paper, a line without abstract is header text such as the
        # query a search page echoes; between linked cards it is chrome. Lines that fit
        # nowhere are problems only if another paper follows: after the last one they
        # are the page footer.

    # -- cards

    def _open(self, paper_id: str, number: int) -> Iterator[Entry]:
        """Make the card for `paper_id` the open one, closing another open card."""
        self._linked = True
        if self._card is not None and self._card.arxiv_id == paper_id:
            return
        yield from self._close_card()
        yield from self._take_unplaced()
        self._card = CardDraft(line=number, arxiv_id=paper_id)
        self._seen_card = True

    def _take_unplaced(self) -> Iterator[Entry]:
        yield from self._unplaced
        self._unplaced.clear()
        self._unplaced_confirmed = False

    def _close_card(self) -> Iterator[Entry]:
        card, self._card = self._card, None
        self._ai_summary_next = False
        if card is not None and card.title is not None:
            self._summary.papers += 1
            if card.abstract or card.ai_summary or card.date_line or card.authors_count or card.org:
                self._summary.structured += 1
        yield from emit_card(card, self._ctx)
        yield from self._deferred
        self._deferred.clear()

    def _set_title(self, card: CardDraft | None, title: str, number: int) -> None:
        if card is None or card.title is not None:
            return
        card.title = " ".join(title.split())
        card.line = number
        self._metadata.take_upvotes(card)

    def _set_abstract(self, card: CardDraft, item: Item) -> None:
        card.abstract = item.visible_text()
        # `clean_paper` keeps the web links, once each (a membership test here would be quadratic).
        card.links.extend(piece.url for piece in item.pieces if piece.url and not f.paper_link_id(piece.url))


def _without_handle(text: str, handle: str) -> str:
    """`Tsinghua University` from `tsinghua-univ Tsinghua University`: an avatar's alt text goes."""
    first, _, rest = text.partition(" ")
    return rest.strip() if rest.strip() and first == handle else text


def _iso_date_line(text: str) -> DateLine | None:
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return None
    return DateLine(f"{day:%b} {day.day}, {day.year}", day.month, day.day, day.year, None)


def _count(text: str) -> int | None:
    count = f.parse_count(text)
    return count if count is not None and count < f.MAX_COUNT else None


def _first(current: int | None, new: int | None) -> int | None:
    return current if current is not None else new
