"""The key the library de-duplicates paper titles on, and the stand-in title of a bare link."""

from __future__ import annotations

import string
import unicodedata

# Unicode categories dropped from keys: punctuation (P*), separators/whitespace (Z*)
# and control/format characters (C*), so "Show, Don't Tell" and "Show Don’t Tell" meet.
_DROPPED_CATEGORIES = ("P", "Z", "C")


# Fast path: most titles are ASCII, where a translate table does the same job.
_ASCII_DROP = str.maketrans("", "", string.punctuation + string.whitespace)


def title_key(title: str) -> str:
    """NFKC-normalised, case-folded title without punctuation or whitespace."""
    # casefold() can turn a normalised string into an un-normalised one, hence NFKC on
    # both sides of it.
    if title.isascii():
        return title.casefold().translate(_ASCII_DROP)
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", title).casefold())
    return "".join(
        ch for ch in folded if not ch.isspace() and not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES)
    )


def placeholder_title(arxiv_id: str) -> str:
    """The title of a paper known only by a link without text, until a capture names it."""
    return f"arXiv:{arxiv_id}"
