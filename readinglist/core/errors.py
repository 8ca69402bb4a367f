"""The errors the library's use cases raise for the user's situation (not for bugs)."""

from __future__ import annotations


class NotFoundError(LookupError):
    """No paper matches the id or arXiv id the user gave."""


class ReadOnlyLibraryError(Exception):
    """A change was asked of a library that is open read-only; the message says why and the way out."""


class IndexUnavailableError(Exception):
    """The search index cannot be read or written; the database (the truth) is unaffected."""


class SearchCancelled(Exception):
    """A search stopped because whoever asked for it no longer wants it (a newer query came)."""
