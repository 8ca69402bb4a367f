"""Tag names: how they compare and how they come into being, shared by every writer."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence

from sqlmodel import Session, col, select

from readinglist.core.models import TAG_ID, Tag


def tag_key(name: str) -> str:
    """Tags compare without regard to case or surrounding spaces."""
    return name.strip().casefold()


def clean_tag_names(names: Iterable[str]) -> list[str]:
    """Stripped, non-empty names, each case-folded key once (first spelling wins)."""
    unique: dict[str, str] = {}
    for name in names:
        if name.strip():
            unique.setdefault(tag_key(name), name.strip())
    return list(unique.values())


def split_tag_text(text: str) -> list[str]:
    """The tag names of a comma-separated line, as ``join_tag_names`` writes it.

    A name holding a comma is written in double quotes (a quote inside doubled:
    ``"a,b", say "hi", plain``), the way a CSV line quotes a field. Names are
    stripped and empty ones left out; an unclosed quote runs to the end of the line.
    """
    return [name for name in tag_fields(text) if name]


def tag_fields(text: str) -> list[str]:
    """Every stripped field of the line, empty ones included (at least one: the one being typed)."""
    try:
        fields = next(csv.reader([text], skipinitialspace=True), [])
    except csv.Error:  # a bare line break or NUL (pasted): read it as plain commas
        fields = text.split(",")
    return [name.strip() for name in fields] or [""]


def join_tag_names(names: Iterable[str]) -> str:
    """``names`` on one line, comma-separated; ``split_tag_text`` reads back the same names."""
    return ", ".join(_quoted(name.strip()) for name in names if name.strip())


def _quoted(name: str) -> str:
    # Only a comma, a leading quote or a line break needs quoting: a quote inside a name is literal.
    if "," in name or name.startswith('"') or "\n" in name or "\r" in name:
        return '"' + name.replace('"', '""') + '"'
    return name


def ensure_tags(session: Session, names: Sequence[str]) -> dict[str, int]:
    """Tag ids by key for ``names``, creating the tags that do not exist yet."""
    keys = [tag_key(n) for n in names]
    existing = dict(session.exec(select(Tag.key, TAG_ID).where(col(Tag.key).in_(keys))).all())
    for name in names:
        if tag_key(name) not in existing:
            tag = Tag(name=name.strip(), key=tag_key(name))
            session.add(tag)
            session.flush()
            assert tag.id is not None  # the flush gave it one
            existing[tag.key] = tag.id
    return existing
