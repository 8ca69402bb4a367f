"""The watch folder: which dumps in a folder are ready to import.

A file is ready when it is new or has changed since it was last handed out,
and its size and modification time have stayed the same for ``settle_s``:
browsers and editors write a page in several chunks, and reading a file
before it stops growing would import half a page. Files that are already
imported in full are skipped by the import itself (same content hash), so
handing out a file again after a restart costs one read and adds nothing.

Polling rather than file-system notifications: it works the same on every
platform and on network folders, and checking the sizes of a folder of dumps
every second costs well under a millisecond per file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from readinglist.core.importing import expand_paths

SETTLE_S = 2.0
# Files browsers and downloaders write before renaming them to their final name.
_IN_PROGRESS_SUFFIXES = (".part", ".crdownload", ".download", ".tmp", "~")


@dataclass(frozen=True)
class _Seen:
    size: int
    mtime_ns: int
    since: float  # clock time at which the file was first seen with this size and time


class FolderWatch:
    """Hands out the files of ``folder`` that are complete and not yet handed out in this state."""

    def __init__(self, folder: Path, settle_s: float = SETTLE_S, clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = folder
        self.settle_s = settle_s
        self._clock = clock
        self._seen: dict[Path, _Seen] = {}
        self._handed_out: dict[Path, tuple[int, int]] = {}

    def ready(self) -> list[Path]:
        """Scan the folder; the files that became ready since the last scan, in name order."""
        now = self._clock()
        present = self._scan()
        for gone in self._seen.keys() - present.keys():
            del self._seen[gone]
        ready = []
        for path, state in sorted(present.items()):
            seen = self._seen.get(path)
            if seen is None or (seen.size, seen.mtime_ns) != state:
                self._seen[path] = _Seen(*state, since=now)
            elif now - seen.since >= self.settle_s and self._handed_out.get(path) != state:
                self._handed_out[path] = state
                ready.append(path)
        return ready

    def _scan(self) -> dict[Path, tuple[int, int]]:
        try:
            files = expand_paths([self.folder]) if self.folder.is_dir() else []
        except OSError:  # unreadable or vanishing while listed: try again at the next scan
            return {}
        states = {}
        for path in files:
            if path.name.endswith(_IN_PROGRESS_SUFFIXES):
                continue
            try:
                stat = os.stat(path)
            except OSError:  # removed between the listing and now
                continue
            states[path] = (stat.st_size, stat.st_mtime_ns)
        return states
