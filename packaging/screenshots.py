"""Render the README's statistics screenshot from the shared page dumps.

Run: .venv/bin/python packaging/screenshots.py [--dumps ../shared/dumps] [--out resources/screenshots/statistics.png]

The four shared dumps are imported into a temporary library, as four imports
a few weeks apart; about fifty papers are then triaged (read, dismissed,
queued, reading) on days spread over the weeks since, and a few tagged, so
that every chart has a shape. The statistics view is drawn offscreen at
1100x700 with the application's palette (``--dark`` swaps in a dark one, to
check the colours). Nothing random: the same dumps give the same picture,
up to the dates, which are counted back from today.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtGui import QColor, QPalette  # noqa: E402 - after choosing the platform
from PySide6.QtWidgets import QApplication, QStyleFactory  # noqa: E402

from readinglist.core.models import Paper, ReadStatus  # noqa: E402
from readinglist.core.services import Library, PaperFilter  # noqa: E402
from readinglist.core.store import transaction  # noqa: E402
from readinglist.gui.views.stats import StatisticsView  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED_DUMPS = ROOT.parent / "shared" / "dumps"
SIZE = (1100, 700)
IMPORT_WEEKS_AGO = (11, 8, 5, 2)  # when each dump was imported, in file order
DECISIONS = [ReadStatus.READ] * 26 + [ReadStatus.DISMISSED] * 14 + [ReadStatus.QUEUED] * 7 + [ReadStatus.READING] * 3
TAGS = {  # tag: words in a title that earn it
    "reasoning": ("reason", "chain", "step", "math"),
    "instruction-tuning": ("instruction", "tuning", "prompt"),
    "generalization": ("generaliz",),
    "mixture-of-experts": ("mixture", "experts", "merging"),
    "scaling": ("scaling", "scale"),
    "multimodal": ("vision", "visual", "image", "video", "multimodal"),
    "efficiency": ("efficient", "sparse", "compress", "quantiz"),
    "rl": ("reinforcement", "reward"),
    "benchmarks": ("benchmark", "evaluat"),
    "retrieval": ("retrieval", "knowledge"),
    "in-context": ("in-context", "context", "shot"),
}


def build_library(folder: Path, dumps: Path, now: datetime) -> Library:
    """A library of the shared dumps, imported weeks apart, partly triaged and tagged."""
    library = Library.open(folder)
    files = sorted(dumps.glob("*.txt"))
    library.import_paths(files)
    rng = random.Random(6)
    added: dict[int, datetime] = {}
    for batch, weeks_ago in zip(library.batches(), IMPORT_WEEKS_AGO, strict=False):
        when = now - timedelta(weeks=weeks_ago, hours=rng.randint(0, 48))
        for paper_id in library.paper_ids(PaperFilter(batch_id=batch.id), sort="id"):
            added.setdefault(paper_id, when)
    decided = rng.sample(sorted(added), len(DECISIONS))
    changed: dict[int, datetime] = {}
    for paper_id, status in zip(decided, DECISIONS, strict=True):
        library.set_status([paper_id], status)
        # Later weeks see more decisions: the square root leans the days towards today.
        span = (now - added[paper_id]).total_seconds()
        changed[paper_id] = added[paper_id] + timedelta(seconds=span * rng.random() ** 0.6)
    with transaction(library.engine) as session:
        for paper_id, when in added.items():
            paper = session.get(Paper, paper_id)
            paper.added_at = when
            paper.status_changed_at = changed.get(paper_id)
    for record in library.records(decided + rng.sample(sorted(added), 100)):
        title = f" {record.title.casefold()}"
        names = [tag for tag, words in TAGS.items() if any(word in title for word in words)]
        if names:
            library.add_tags([record.id], names)
    return library


def dark_palette() -> QPalette:
    """A plain dark palette, to check that the charts read on dark backgrounds too."""
    palette = QPalette()
    for role, colour in {
        QPalette.ColorRole.Window: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1f1f1f",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Highlight: "#3d6fb4",
        QPalette.ColorRole.PlaceholderText: "#8c8c8c",
    }.items():
        palette.setColor(role, QColor(colour))
    return palette


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=SHARED_DUMPS, help="folder of page dumps (*.txt)")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots" / "statistics.png")
    parser.add_argument("--dark", action="store_true", help="draw with a dark palette (to check the colours)")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    if args.dark:
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as folder:
        library = build_library(Path(folder) / "library", args.dumps, datetime.now().astimezone())
        try:
            stats = library.stats()
        finally:
            library.close()
    view = StatisticsView(lambda deliver: deliver(stats))
    view.resize(*SIZE)
    view.show_stats(stats)
    view.show()
    app.processEvents()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not view.grab().save(str(args.out)):
        raise SystemExit(f"could not write {args.out}")
    print(f"{args.out}: {stats.total} papers, {stats.unread} unread, {stats.read_this_week} read this week")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
