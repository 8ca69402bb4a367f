"""How much of the previous release's top 20 the current search still returns, per kind of query.

    .venv/bin/python tests/benchmarks/previous_ranking.py --library DIR --previous CHECKOUT

``DIR`` is a library folder (e.g. one the benchmark left, /tmp/readinglist-bench/library-10000);
``CHECKOUT`` a checkout of the previous release (``git archive <rev> | tar -x -C CHECKOUT``).
Each release searches its own copy of the library, in a process of its own, with its own index
(the previous one builds its index first). Prints the mean share per kind and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Runs inside the release's own process: its Library, its index.
_SEARCH = """
import json, sys
from pathlib import Path
from readinglist.core.services import Library
from tests.benchmarks.run import QUERIES
library = Library.open(Path(sys.argv[1]), sync=False)
if sys.argv[2] == "rebuild":
    library.reindex()
print(json.dumps([[kind, [r.paper.id for r in library.search(q, limit=20)]] for kind, q, *_ in QUERIES]))
"""


def top_ids(checkout: Path, library: Path, rebuild: bool) -> list[tuple[str, list[int]]]:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run(
        [sys.executable, "-c", _SEARCH, str(library), "rebuild" if rebuild else "keep"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return [(kind, ids) for kind, ids in json.loads(done.stdout.strip().splitlines()[-1])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, required=True)
    parser.add_argument("--previous", type=Path, required=True)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "library"
        shutil.copytree(args.library, copy, ignore=shutil.ignore_patterns("index", "backups"))
        previous = top_ids(args.previous, copy, rebuild=True)
    current = top_ids(ROOT, args.library, rebuild=False)
    shares: dict[str, list[float]] = {}
    for (kind, old), (_kind, new) in zip(previous, current, strict=True):
        if old:
            shares.setdefault(kind, []).append(len(set(old) & set(new)) / len(old))
    summary = {kind: round(100 * statistics.mean(values)) for kind, values in shares.items()}
    for kind, share in summary.items():
        print(f"{kind}: {share}% of the previous top 20")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
