"""Tag names: how they compare and how they come into being, shared by every writer."""

from __future__ import annotations

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
