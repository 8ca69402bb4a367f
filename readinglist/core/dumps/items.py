"""The one stream every syntax is normalised into, before the recogniser reads it.

A normaliser (plain text, Markdown, reference links, URL lines, HTML, feeds, the papers
API) turns its input into `Item`s: a line of visible text split into pieces, each piece
carrying the link target it had in its syntax. Headings are marked. Structured sources
(feeds, the API) know what each value is, so their items also say so (`role`); page
syntaxes leave the role to the recogniser.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

HF_PAPERS = "https://huggingface.co/papers/"

# Roles a structured source can give its items; `title` starts a new card.
ROLES = (
    "title",
    "abstract",
    "ai_summary",
    "upvotes",
    "comments",
    "authors",
    "org",
    "date",
    "github",
    "link",
    "problem",  # an entry that cannot become a paper; its one piece is the reason
)


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of visible text, or a link when `url` is set."""

    text: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """One logical line of input, split into pieces.

    `number` is the 1-based line of the source the item came from (for reports).
    `too_long` marks a line that was cut when decoding (then `pieces` is empty).
    """

    number: int
    pieces: tuple[Piece, ...]
    heading: bool = False
    too_long: bool = False
    indented: bool = False  # the source line started with white space (a wrapped title)
    role: str | None = None  # set only by structured sources, one of ROLES
    _visible: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        pieces = self.pieces
        text = pieces[0].text if len(pieces) == 1 else "".join(piece.text for piece in pieces)
        if not _is_collapsed(text):
            text = " ".join(text.split())
        object.__setattr__(self, "_visible", text)

    def visible_text(self) -> str:
        """The text a reader sees, link texts included, whitespace collapsed."""
        return self._visible

    def links(self) -> Iterator[str]:
        """The link targets of this item, in order."""
        return (piece.url for piece in self.pieces if piece.url)


def _is_collapsed(text: str) -> bool:
    """Already single-spaced printable ASCII without edge spaces (most lines): nothing to collapse."""
    return text.isascii() and text.isprintable() and "  " not in text and text == text.strip()


def paper_url(arxiv_id: str) -> str:
    """The Hugging Face page of a paper."""
    return HF_PAPERS + arxiv_id


def record_items(
    number: int,
    *,
    title: str,
    arxiv_id: str | None = None,
    abstract: str | None = None,
    ai_summary: str | None = None,
    upvotes: int | None = None,
    comments: int | None = None,
    authors_count: int | None = None,
    org: str | None = None,
    published: date | None = None,
    github_url: str | None = None,
    github_stars: int | None = None,
    links: tuple[str, ...] = (),
) -> Iterator[Item]:
    """The items of one paper from a structured source (a feed entry, an API object).

    Every value goes out under its role, so the recogniser never has to guess; values
    stay untrusted text (the recogniser checks links and numbers as for any page).
    """
    url = paper_url(arxiv_id) if arxiv_id else None
    yield Item(number, (Piece(title, url),), role="title")
    values: tuple[tuple[str, object], ...] = (
        ("ai_summary", ai_summary),
        ("abstract", abstract),
        ("upvotes", upvotes),
        ("comments", comments),
        ("authors", authors_count),
        ("org", org),
        ("date", published.isoformat() if published else None),
    )
    for role, value in values:
        if value is not None and str(value).strip():
            yield Item(number, (Piece(str(value)),), role=role)
    if github_url:
        stars = "" if github_stars is None else str(github_stars)
        yield Item(number, (Piece(stars, github_url),), role="github")
    for link in links:
        yield Item(number, (Piece("", link),), role="link")
