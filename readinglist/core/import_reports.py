"""What importing one file or paste reports: its ``FileReport``, with a one-line message."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from readinglist.core.dumps import Problem

_MESSAGE_MAX_CHARS = 300

Outcome = Literal["imported", "unchanged", "failed"]


@dataclass
class FileReport:
    """What importing one file or paste did; ``message`` is the one-line reason for failures."""

    source: str
    outcome: Outcome
    found: int = 0
    new: int = 0
    merged: int = 0
    in_trash: int = 0  # of the merged, papers in the Trash: they stay there (the user removed them)
    skipped: int = 0
    problems: list[Problem] = field(default_factory=list)
    message: str = ""
    batch_id: int | None = None
    layout: str | None = None
    halted: bool = False  # the import stopped after this file (a full disk): later files were not tried

    @property
    def failed(self) -> bool:
        """True when the file could not be imported at all."""
        return self.outcome == "failed"


def one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MESSAGE_MAX_CHARS else text[: _MESSAGE_MAX_CHARS - 1] + "…"
