"""Title heuristics: whether an item is a card's title, the abstract after one, or its organisation line.

Pure functions of items and the open card: `recognise.py` keeps the state of the card
being read, these are the rules it asks where a title is.
"""

from __future__ import annotations

from . import fields as f
from .cards import CardDraft
from .dates import parse_date_line
from .items import Item, Piece
from .summaries import summary_label


def is_abstract_after_title(candidate: Item, following: Item | None) -> bool:
    """Whether `candidate`, the text item after a title, is that title's abstract.

    The title-versus-abstract rule, in order:
    1. a paper link, an over-long line or a metadata line (date, authors, `·`,
       upvotes) is no abstract;
    2. prose (see `fields.looks_like_prose`: 250+ characters, or sentence-like) is,
       and a short line with a link is not;
    3. a short line followed by metadata is, however short: the card closes after
       it, so it can only be this card's abstract (at the end of the text nothing vouches
       for it, so rule 5 decides: "eggs" then "bread" is no paper);
    4. a short line followed by prose is not: it is the next paper's title, and the
       title before it has no abstract;
    5. two short lines in a row: the candidate is an abstract only if it ends like a
       sentence (`.`/`!`), since titles end with a word, `?` or `)`.
    """
    text = candidate.visible_text()
    if candidate.too_long or candidate.role or _has_paper_link(candidate) or f.is_metadata(text):
        return False
    if f.looks_like_prose(text):
        return True
    if any(piece.url for piece in candidate.pieces):
        return False  # a short link (navigation, a repository) is no abstract
    if following is None:
        return f.ends_like_sentence(text)
    following_text = following.visible_text()
    if not following.too_long and f.is_metadata(following_text):
        return True
    if following.too_long or f.looks_like_prose(following_text):
        return False
    return f.ends_like_sentence(text)


def opens_card(candidate: Item | None, following: Item | None) -> bool:
    """Whether `candidate` can follow a title: its abstract, or an AI summary label."""
    if candidate is None:
        return False
    if not candidate.role and summary_label(candidate.visible_text()) is not None:
        return True
    return is_abstract_after_title(candidate, following)


def is_org_line(card: CardDraft, text: str, following: Item | None) -> bool:
    # The organisation line sits where `• N authors` would: right before the `·`
    # separator (or the date), which a title never precedes.
    if following is None or card.org is not None or card.authors_count is not None or card.date_line is not None:
        return False
    following_text = following.visible_text()
    return (f.is_separator(following_text) or parse_date_line(following_text) is not None) and f.looks_like_org_line(
        text
    )


def is_title_text(piece: Piece) -> bool:
    text = piece.text.strip()
    return bool(text) and not f.is_chrome(text) and text != (piece.url or "") and f.url_only(text) is None


def title_beside_link(item: Item) -> tuple[str, str] | None:
    """`(title, id)` for a short line of text whose only link is a bare paper URL."""
    links = [piece for piece in item.pieces if piece.url]
    if len(links) != 1 or is_title_text(links[0]):
        return None
    paper_id = f.paper_link_id(links[0].url or "")
    text = " ".join("".join(piece.text for piece in item.pieces if not piece.url).split()).strip(" -–—|:,;\"'")
    if paper_id is None or not text or f.looks_like_prose(text) or f.is_metadata(text) or f.is_chrome(text):
        return None
    return text, paper_id


def _has_paper_link(item: Item) -> bool:
    return any(piece.url and f.paper_link_id(piece.url) for piece in item.pieces)
