"""Plain-text copies of a papers page: title line, abstract line, optional metadata block.

    Title
    Abstract ...
      • 6 authors        (or an organisation line: `amazon Amazon`)
    ·
    Oct 4, 2022 2        (date, then the comment count if any)

Blank lines may separate everything or be missing entirely; page chrome is skipped.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from . import fields as f
from .cards import CardDraft, DumpContext, Entry, MetadataLines, emit_card
from .decoding import TOO_LONG_REASON, Line
from .records import Problem


def read_plain(lines: Iterable[Line], ctx: DumpContext) -> Iterator[Entry]:
    """Papers and problems of a plain-text dump, in page order."""
    stream = _Lookahead(_content_lines(lines))
    card: CardDraft | None = None
    seen_paper = False  # until then unreadable lines are header text, not problems
    metadata = MetadataLines(ctx)
    for line in stream:
        text = line.text
        if line.too_long:
            # No card metadata is that long: the open card ends here, keeping page order.
            yield from emit_card(card, ctx)
            card = None
            yield Problem(line.number, TOO_LONG_REASON)
            continue
        if metadata.take(text, card, header=not seen_paper):
            continue
        if card is not None and _is_org_line(card, text, stream.peek(1)):
            card.org = f.org_display_name(text)
            continue

        # Anything else starts a new card: it should be a title with its abstract next.
        yield from emit_card(card, ctx)
        card = None
        if f.looks_like_prose(text):
            if seen_paper:
                yield _problem(line, "abstract without title", text)
            continue
        following = stream.peek(1)
        if following is not None and is_abstract_after_title(following, stream.peek(2)):
            next(stream)
            card = CardDraft(line=line.number, title=text, abstract=following.text)
            metadata.take_upvotes(card)
            seen_paper = True
        elif seen_paper:
            yield _problem(line, "title without abstract", text)
        # Before the first paper, a line without abstract is header text such as the
        # query a search page echoes.
    yield from emit_card(card, ctx)


def is_abstract_after_title(candidate: Line, following: Line | None) -> bool:
    """Whether `candidate`, the line after a title, is that title's abstract.

    The title-versus-abstract rule, in order:
    1. an over-long line or a metadata line (date, authors, `·`, upvotes) is no abstract;
    2. prose (see `fields.looks_like_prose`: 250+ characters, or sentence-like) is;
    3. a short line followed by metadata is, however short: the card closes after
       it, so it can only be this card's abstract (at the end of the text nothing vouches
       for it, so rule 5 decides: "eggs" then "bread" is no paper);
    4. a short line followed by prose is not: it is the next paper's title, and the
       title before it has no abstract;
    5. two short lines in a row: the candidate is an abstract only if it ends like a
       sentence (`.`/`!`), since titles end with a word, `?` or `)`.
    """
    text = candidate.text
    if candidate.too_long or f.is_metadata(text):
        return False
    if f.looks_like_prose(text):
        return True
    if following is None:
        return f.ends_like_sentence(text)
    if not following.too_long and f.is_metadata(following.text):
        return True
    if following.too_long or f.looks_like_prose(following.text):
        return False
    return f.ends_like_sentence(text)


def _is_org_line(card: CardDraft, text: str, following: Line | None) -> bool:
    # The organisation line sits where `• N authors` would: right before the `·`
    # separator (or the date), which a title never precedes.
    return (
        card.org is None
        and card.authors_count is None
        and card.date_line is None
        and following is not None
        and (f.is_separator(following.text) or f.parse_date_line(following.text) is not None)
        and f.looks_like_org_line(text)
    )


def _content_lines(lines: Iterable[Line]) -> Iterator[Line]:
    """Non-blank, stripped lines with page chrome removed and glued headers split."""
    skip_user = False
    for line in lines:
        if line.too_long:
            yield line
            continue
        text = f.strip_glued_chrome(line.text.strip())
        if not text:
            continue
        if skip_user:
            skip_user = False
            if len(text.split()) == 1:  # the user name under a bare "Submitted by"
                continue
        if f.is_chrome(text):
            skip_user = text.casefold() == "submitted by"
            continue
        yield Line(line.number, text) if text != line.text else line


def _problem(line: Line, reason: str, text: str) -> Problem:
    return Problem(line.number, f"{reason}: {text if len(text) <= 120 else text[:119] + '…'}")


class _Lookahead:
    """An iterator that can look a few items ahead without consuming them."""

    def __init__(self, items: Iterator[Line]) -> None:
        self._items = items
        self._ahead: deque[Line] = deque()

    def __iter__(self) -> _Lookahead:
        return self

    def __next__(self) -> Line:
        return self._ahead.popleft() if self._ahead else next(self._items)

    def peek(self, distance: int) -> Line | None:
        """The item `distance` steps ahead (1 = the next one), or None past the end."""
        while len(self._ahead) < distance:
            try:
                self._ahead.append(next(self._items))
            except StopIteration:
                return None
        return self._ahead[distance - 1]
