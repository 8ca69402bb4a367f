"""The performance benchmark: readinglist beside same-run references, at several library sizes.

    .venv/bin/python tests/benchmarks/run.py --papers 10000,30000,100000 [--work DIR] [--repeats 3]

For each size it generates dumps (tests/benchmarks/corpus.py), imports them into
a fresh library as the app does, and measures, beside references built in the
same run on the same papers (a naive Whoosh index and SQLite FTS5):
- import: dumps to papers in the database (visible in the window), and to
  everything searchable;
- search: p50/p95 per kind of query, top 20 with highlighted snippets;
- list queries: the window's first page, a page deep in the list, a count, a
  status + tag filter with sort;
- the window (offscreen, in a process of its own): start to first painted
  table, decision key and End to repaint, peak memory;
and once per run, the longest event-loop stall while the window imports 10,000
papers (or the largest size asked for, if smaller).

Nothing is asserted: it prints figures. The machine is shared and noisy; the
ratios to the same-run references are the figures that count.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from readinglist.core import importing  # noqa: E402
from readinglist.core.lists import PaperFilter  # noqa: E402
from readinglist.core.models import ReadStatus  # noqa: E402
from readinglist.core.query import as_typed  # noqa: E402
from readinglist.core.services import Library  # noqa: E402
from tests.benchmarks.corpus import generate_corpus  # noqa: E402
from tests.benchmarks.references import Fts5Search, build_fts5, build_naive_whoosh  # noqa: E402

STALL_PAPERS = 10_000
PAGE = 100  # rows the window asks for at a time


def _fts_prefix(typed: str) -> str:
    """What a person typed, as FTS5 reads it: finished words quoted, the last one a prefix."""
    *done, last = typed.split()
    return " ".join([*(f'"{word}"' for word in done), f"{last}*"])


# (kind, readinglist query, FTS5 MATCH, status filter for FTS5)
QUERIES: list[tuple[str, str, str, str | None]] = [
    *[
        ("1-word", w, w, None)
        for w in (
            "reasoning",
            "diffusion",
            "retrieval",
            "benchmark",
            "tokenizer",
            "multilingual",
            "distillation",
            "segmentation",
            "calibrated",
            "agent",
        )
    ],
    *[
        ("2-word", q, q, None)
        for q in (
            "reward model",
            "language reasoning",
            "diffusion benchmark",
            "sparse attention",
            "robotic manipulation",
            "code generation",
            "speech recognition",
            "graph transformer",
            "tool use",
            "retrieval agent",
        )
    ],
    *[
        ("phrase", f'"{p}"', f'"{p}"', None)
        for p in (
            "language model",
            "mixture of experts",
            "state space model",
            "code generation",
            "world model",
            "reward model",
            "instruction following",
            "value function",
        )
    ],
    *[
        ("prefix as typed", as_typed(t), _fts_prefix(t), None)
        for t in (
            "diffusion mod",
            "reinforcement lea",
            "language mo",
            "multimodal tra",
            "code gen",
            "zero-shot cla",
            "graph neu",
            "speech rec",
        )
    ],
    *[
        ("field", q, f, None)
        for q, f in (
            ("title:reasoning", "title:reasoning"),
            ("title:diffusion", "title:diffusion"),
            ("title:benchmark", "title:benchmark"),
            ("title:agent", "title:agent"),
            ("tag:to-read", 'tags:"to-read"'),
            ("tag:survey", "tags:survey"),
            ("tag:rl", "tags:rl"),
            ("tag:vision", "tags:vision"),
        )
    ],
    *[
        ("filtered", f"status:{s} {w}", w, s)
        for s, w in (
            ("queued", "reasoning"),
            ("queued", "diffusion"),
            ("read", "benchmark"),
            ("queued", "language model"),
            ("reading", "agent"),
            ("queued", "retrieval"),
            ("read", "tokenizer"),
            ("dismissed", "multilingual"),
        )
    ],
]
KINDS = list(dict.fromkeys(kind for kind, *_ in QUERIES))
TAGS = {"to-read": 0.05, "survey": 0.02, "rl": 0.03, "vision": 0.02}
STATUSES = {ReadStatus.QUEUED: 0.10, ReadStatus.READING: 0.03, ReadStatus.READ: 0.05, ReadStatus.DISMISSED: 0.05}


@dataclass
class SizeResult:
    """Every figure measured at one library size."""

    papers: int
    figures: dict[str, float | None] = field(default_factory=dict)
    search: dict[str, dict[str, tuple[float, float]]] = field(default_factory=dict)  # engine -> kind -> (p50, p95)
    overlap: dict[str, float] = field(default_factory=dict)  # kind -> share of FTS5's top 20 in ours


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


# -- the steps ------------------------------------------------------------------------


def corpus_for(work: Path, papers: int) -> Path:
    """Generated dumps for ``papers`` papers (kept between runs: they are deterministic)."""
    folder = work / f"dumps-{papers}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        generate_corpus(folder, papers, seed=2025)
        done.touch()
    return folder


def import_library(dumps: Path, folder: Path, result: SizeResult) -> Library:
    """Import as the app does (files, then the index), timing both phases."""
    shutil.rmtree(folder, ignore_errors=True)
    library = Library.open(folder, sync=False)
    files = importing.expand_paths([dumps])
    to_database = timed(lambda: importing.import_files(library.engine, files))  # as the app: with read-ahead
    result.figures["found_per_s"] = found_by_search(library, result.papers, to_database)
    add_user_data(library)  # not timed: what a person would have done, so tags and statuses are searchable
    to_index = timed(library.sync_index)
    result.figures["visible_per_s"] = result.papers / to_database
    result.figures["searchable_per_s"] = result.papers / (to_database + to_index)
    result.figures["database_s"] = to_database
    result.figures["index_s"] = to_index
    return library


def found_by_search(library: Library, papers: int, to_database: float) -> float | None:
    """Papers/s from dumps until a search finds the newest paper (the index not synced yet), None if it does not."""
    newest = library.paper_ids(sort="id", descending=True, limit=1)[0]
    words = " ".join([word for word in library.get(newest).title.split() if word.isalnum()][:3])
    started = time.perf_counter()
    ids, _marks = library.search_ids(words, limit=20)
    searched = time.perf_counter() - started
    return papers / (to_database + searched) if newest in ids else None


def add_user_data(library: Library) -> None:
    """Statuses, tags and notes on a fixed share of the papers (the same every run)."""
    ids = library.paper_ids(sort="id")
    rng = random.Random(7)
    for status, share in STATUSES.items():
        library.set_status(rng.sample(ids, int(len(ids) * share)), status)
    for tag, share in TAGS.items():
        library.add_tags(rng.sample(ids, int(len(ids) * share)), [tag])
    for paper_id in rng.sample(ids, int(len(ids) * 0.02)):
        library.set_note(paper_id, "Compare with the baseline; the ablation in section 4 looks thin.")


def time_searches(run_query: Callable[[tuple[str, str, str, str | None]], object], repeats: int) -> dict:
    """(p50, p95) in ms per kind: median over ``repeats`` rounds of the per-round percentiles."""
    per_round: dict[str, list[tuple[float, float]]] = {kind: [] for kind in KINDS}
    for _ in range(repeats):
        times: dict[str, list[float]] = {kind: [] for kind in KINDS}
        for item in QUERIES:
            times[item[0]].append(timed(lambda item=item: run_query(item)) * 1000)
        for kind, values in times.items():
            per_round[kind].append((statistics.median(values), percentile(values, 0.95)))
    return {
        kind: (statistics.median(p50 for p50, _ in rounds), statistics.median(p95 for _, p95 in rounds))
        for kind, rounds in per_round.items()
    }


def ranking_overlap(library: Library, fts: Fts5Search) -> dict[str, float]:
    """Per kind, the share of FTS5's top 20 (bm25, title weighted 2) that readinglist's top 20 holds too."""
    shares: dict[str, list[float]] = {kind: [] for kind in KINDS}
    for kind, ours, match, status in QUERIES:
        theirs = set(fts.ids(match, status))
        if theirs:
            found = {result.paper.id for result in library.search(ours, limit=20)}
            shares[kind].append(len(found & theirs) / len(theirs))
    return {kind: statistics.mean(values) for kind, values in shares.items() if values}


def folder_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1e6


def time_lists(library: Library, result: SizeResult, repeats: int) -> None:
    """What the window asks of the database when a list is shown or scrolled."""
    inbox = PaperFilter(status=ReadStatus.NEW)
    both = PaperFilter(status=ReadStatus.QUEUED, tag="to-read")

    def first_page() -> None:
        ids = library.paper_ids(inbox, "added", True)
        library.rows(ids[:PAGE])

    ids = library.paper_ids(inbox, "added", True)
    middle = len(ids) // 2

    def filtered_page() -> None:
        library.rows(library.paper_ids(both, "published", True)[:PAGE])

    for name, work in (
        ("list_first_page_ms", first_page),
        ("list_deep_page_ms", lambda: library.rows(ids[middle : middle + PAGE])),
        ("list_count_ms", lambda: library.count(inbox)),
        ("list_status_tag_sorted_ms", filtered_page),
    ):
        result.figures[name] = statistics.median(timed(work) * 1000 for _ in range(max(repeats, 3)))


def probe_window(args: list[str], script: str = "window_probe.py") -> dict:
    """Run a window probe in a process of its own; its last line is JSON."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "benchmarks" / script), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"the window probe failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_size(work: Path, papers: int, repeats: int, window: bool, quick: bool = False) -> SizeResult:
    result = SizeResult(papers)
    dumps = corpus_for(work, papers)
    library = import_library(dumps, work / f"library-{papers}", result)
    naive_s = build_naive_whoosh(library, work / f"naive-{papers}")
    fts_path = work / f"fts-{papers}.sqlite"
    fts_s = build_fts5(library, fts_path)
    result.figures["naive_whoosh_per_s"] = papers / naive_s
    result.figures["fts5_per_s"] = papers / fts_s

    result.search["readinglist"] = time_searches(lambda q: library.search(q[1], limit=20), repeats)
    fts = Fts5Search(fts_path)
    result.search["FTS5"] = time_searches(lambda q: fts.search(q[2], q[3]), repeats)
    result.overlap = ranking_overlap(library, fts)
    fts.close()
    result.figures["index_mb"] = folder_mb(library.index.folder)
    result.figures["naive_index_mb"] = folder_mb(work / f"naive-{papers}")
    time_lists(library, result, repeats)
    library.close()

    if window:
        opened = probe_window(["open", "--library", str(work / f"library-{papers}"), "--started", str(time.time())])
        for key in ("first_paint_s", "ready_s", "decision_ms", "jump_ms", "gui_rss_mb", "worker_rss_mb"):
            result.figures[f"window_{key}"] = opened.get(key)
        typing_args = ["--library", str(work / f"library-{papers}"), *(["--per-kind", "1"] if quick else [])]
        typed = probe_window(typing_args, "typing_probe.py")
        result.figures["typing_first_page_p95_ms"] = typed["first_page_ms"]["p95"]
        result.figures["typing_after_pause_p95_ms"] = typed["after_pause_ms"]["p95"]
        result.figures["typing_whole_list_p95_ms"] = typed["whole_list_ms"]["p95"]
    return result


def measure_stall(work: Path, papers: int) -> dict:
    folder = work / "library-stall"
    shutil.rmtree(folder, ignore_errors=True)
    return probe_window(["import", "--library", str(folder), "--dumps", str(corpus_for(work, papers))])


# -- the report -----------------------------------------------------------------------


def machine_line() -> str:
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("PySide6-Essentials", "sqlmodel", "SQLAlchemy", "whoosh3")
    )
    return (
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {versions}"
    )


def fmt(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def report(results: list[SizeResult], stall: dict, repeats: int) -> str:
    sizes = " | ".join(f"{r.papers:,}" for r in results)
    lines = [machine_line(), f"medians over {repeats} rounds; search: top 20 with highlighted snippets", ""]
    lines += [f"| figure | {sizes} |", "|---|" + "---|" * len(results)]

    def row(name: str, cells: list[str]) -> None:
        lines.append(f"| {name} | " + " | ".join(cells) + " |")

    def ratio(r: SizeResult, ours: str, reference: str) -> str:
        a, b = r.figures.get(ours), r.figures.get(reference)
        return f"{a:,.0f} ({a / b:.1f}×)" if a and b else "–"

    row("dumps → visible, papers/s", [fmt(r.figures["visible_per_s"], 0) for r in results])
    row("dumps → found by search (index not synced), papers/s", [fmt(r.figures.get("found_per_s"), 0) for r in results])
    row(
        "search index on disk, MB (naive Whoosh)",
        [f"{fmt(r.figures.get('index_mb'), 0)} ({fmt(r.figures.get('naive_index_mb'), 0)})" for r in results],
    )
    row(
        "dumps → searchable, papers/s (× naive Whoosh)",
        [ratio(r, "searchable_per_s", "naive_whoosh_per_s") for r in results],
    )
    row("  reference: naive Whoosh indexer, papers/s", [fmt(r.figures["naive_whoosh_per_s"], 0) for r in results])
    row("  reference: SQLite FTS5, papers/s", [fmt(r.figures["fts5_per_s"], 0) for r in results])
    for kind in KINDS:
        cells = []
        for r in results:
            ours, fts = r.search["readinglist"][kind], r.search["FTS5"][kind]
            cells.append(f"{ours[0]:.1f} / **{ours[1]:.1f}** (FTS5 {fts[0]:.1f} / {fts[1]:.1f})")
        row(f"search {kind}, p50 / p95 ms", cells)
    for name, label in (
        ("list_first_page_ms", "list: first page of the Inbox (all ids + 100 rows), ms"),
        ("list_deep_page_ms", "list: 100 rows from the middle, ms"),
        ("list_count_ms", "list: count of the Inbox, ms"),
        ("list_status_tag_sorted_ms", "list: queued + tag, by date, first 100, ms"),
        ("window_first_paint_s", "window: process start → first painted rows, s"),
        ("window_ready_s", "window: process start → the whole app ready (keys live), s"),
        ("typing_first_page_p95_ms", "typing: last key → first page of results painted, p95 ms"),
        ("typing_after_pause_p95_ms", "  the same from the end of the typing pause, p95 ms"),
        ("typing_whole_list_p95_ms", "  last key → whole list shown, p95 ms"),
        ("window_decision_ms", "window: decision key → repaint, median ms"),
        ("window_jump_ms", "window: End/Home → repaint, median ms"),
        ("window_gui_rss_mb", "window: peak RSS of the app process, MB"),
        ("window_worker_rss_mb", "window: peak RSS of its worker process, MB"),
    ):
        row(label, [fmt(r.figures.get(name), 2 if name.endswith("_s") else 1) for r in results])
    for kind in KINDS:
        row(f"top-20 overlap with FTS5's bm25, {kind}", [f"{100 * r.overlap.get(kind, 0):.0f}%" for r in results])
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = [
            f"{kind} {last.search['readinglist'][kind][1] / max(first.search['readinglist'][kind][1], 0.01):.1f}×"
            for kind in KINDS
        ]
        lines += ["", f"search p95 growth {first.papers:,} → {last.papers:,}: " + ", ".join(growth)]
    if stall:
        lines += [
            "",
            f"longest event-loop stall while the window imported {stall['papers']:,} papers: "
            f"{stall['stall_ms']:.1f} ms (import took {stall['import_s']:.1f} s)",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", default="10000", help="comma-separated library sizes, e.g. 10000,30000,100000")
    parser.add_argument(
        "--work", type=Path, default=Path("/tmp/readinglist-bench"), help="where corpora and libraries go"
    )
    parser.add_argument("--repeats", type=int, default=3, help="rounds of searches and list queries")
    parser.add_argument("--no-window", action="store_true", help="skip the window figures and the stall")
    parser.add_argument("--quick", action="store_true", help="CI's smoke run: one query of each kind, no stall probe")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.papers.split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results = []
    for papers in sizes:
        print(f"measuring {papers:,} papers…", file=sys.stderr, flush=True)
        results.append(measure_size(args.work, papers, args.repeats, window=not args.no_window, quick=args.quick))
    # The stall probe is what tests/gui/test_responsiveness.py asserts on; the quick run (CI) leaves it to the test.
    stall = {} if args.no_window or args.quick else measure_stall(args.work, min(STALL_PAPERS, max(sizes)))
    print(report(results, stall, args.repeats))
    print(f"\n(benchmark took {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
