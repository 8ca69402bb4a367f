"""Import the four shared page dumps into a fresh library and time import and search.

Run: .venv/bin/python tests/benchmarks/shared_dumps.py [--dumps ../shared/dumps] [--repeats 5]
Prints figures; asserts nothing (performance is tracked by numbers, not by tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import whoosh

import readinglist
from readinglist.core.importing import expand_paths, import_file
from readinglist.core.services import Library

QUERIES = [
    "reasoning",
    "language models",
    '"chain of thought"',
    "gener*",
    "title:transformer",
    "status:new compositional",
    "year:>=2024 instruction",
]


def time_import(dumps: Path) -> tuple[float, float, int, int]:
    """Seconds until the papers are in the database, seconds until searchable, entries, papers."""
    with tempfile.TemporaryDirectory() as folder, Library.open(Path(folder)) as library:
        files = [f for f in expand_paths([dumps]) if f.suffix == ".txt"]
        start = time.perf_counter()
        entries = sum(import_file(library.engine, file).found for file in files)
        stored = time.perf_counter() - start
        library.sync_index()
        searchable = time.perf_counter() - start
        return stored, searchable, entries, library.count()


def time_queries(library: Library, repeats: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {q: [] for q in QUERIES}
    for _ in range(repeats):
        for query in QUERIES:
            start = time.perf_counter()
            library.search(query, limit=20)
            timings[query].append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "dumps")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if not args.dumps.is_dir():
        sys.exit(f"no dumps folder at {args.dumps}")

    versions = f"Python {sys.version.split()[0]}, whoosh {whoosh.versionstring()}"
    print(f"readinglist {readinglist.__version__}, {versions}, {os.cpu_count()} cores")
    runs = [time_import(args.dumps) for _ in range(args.repeats)]
    stored = statistics.median(r[0] for r in runs)
    searchable = statistics.median(r[1] for r in runs)
    entries, papers = runs[0][2], runs[0][3]
    print(f"import of 4 dumps ({entries} entries, {papers} unique papers), median of {args.repeats}:")
    print(f"  into the database: {stored * 1000:7.1f} ms  ({entries / stored:8.0f} entries/s)")
    print(f"  until searchable:  {searchable * 1000:7.1f} ms  ({entries / searchable:8.0f} entries/s)")

    with tempfile.TemporaryDirectory() as folder, Library.open(Path(folder)) as library:
        library.import_paths([f for f in expand_paths([args.dumps]) if f.suffix == ".txt"])
        library.search("warm up")
        timings = time_queries(library, args.repeats)
        print(f"search, top 20 with highlights, {args.repeats} runs each (ms):")
        print(f"  {'query':<28} {'p50':>7} {'max':>7} {'hits':>5}")
        for query, values in timings.items():
            hits = len(library.search(query, limit=20))
            print(f"  {query:<28} {statistics.median(values):7.2f} {max(values):7.2f} {hits:5d}")


if __name__ == "__main__":
    main()
