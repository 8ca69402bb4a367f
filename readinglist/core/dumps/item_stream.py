"""The item stream as the recogniser reads it: page chrome left out, with look-ahead."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator

from . import fields as f
from .items import Item, Piece


class Lookahead:
    """An iterator over items that can look a few items ahead without consuming them."""

    def __init__(self, items: Iterator[Item]) -> None:
        self._items = items
        self._ahead: deque[Item] = deque()

    def __iter__(self) -> Lookahead:
        return self

    def __next__(self) -> Item:
        return self._ahead.popleft() if self._ahead else next(self._items)

    def peek(self, distance: int) -> Item | None:
        """The item `distance` steps ahead (1 = the next one), or None past the end."""
        while len(self._ahead) < distance:
            try:
                self._ahead.append(next(self._items))
            except StopIteration:
                return None
        return self._ahead[distance - 1]


def without_chrome(items: Iterable[Item]) -> Iterator[Item]:
    """Items without page chrome; header phrases glued to a text line are cut off.

    `Submitted by` stays: the recogniser skips the user name after it.
    """
    for item in items:
        if item.too_long or item.role or any(piece.url for piece in item.pieces):
            yield item
            continue
        text = f.strip_glued_chrome(item.visible_text())
        if not text or (f.is_chrome(text) and not f.is_submitted_by(text)):
            continue
        if text != item.visible_text():
            item = Item(item.number, (Piece(text),), heading=item.heading, indented=item.indented)
        yield item
