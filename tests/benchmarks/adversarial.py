"""Seconds per MB of reading adversarial input, beside reading 1 MB of a normal shared dump.

Run: .venv/bin/python tests/benchmarks/adversarial.py [--dumps ../shared/dumps] [--mb 1] [--repeats 3]
Prints figures; asserts nothing. Every reader must be linear: a family far above the
reference per MB, or growing faster than its size (compare --mb 1 with --mb 4), is a defect.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from readinglist.core.dumps import DumpError, read_dump_text, split_entries

MB = 1 << 20
TAKEN = date(2025, 3, 20)


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


FAMILIES: dict[str, Callable[[int], str]] = {
    "brackets [": lambda n: _repeat("[", n),
    "nested [[[]]]": lambda n: _repeat("[[[]]]", n),
    "link openers ](": lambda n: _repeat("](", n),
    "unclosed links [a](": lambda n: _repeat("[a](", n),
    "images ![": lambda n: _repeat("![", n),
    "angles <": lambda n: _repeat("<", n),
    "heading with spaces": lambda n: "# a" + " " * n + "b",
    "quote markers > ": lambda n: _repeat("> ", n) + "x",
    "glued header phrases": lambda n: _repeat("Subscribe", n) + "X",
    "URL with ))))": lambda n: "Title\n\nAn abstract " + "https://x.org/" + ")" * n + "\n",
    "digits (a huge count)": lambda n: "1" * n,
    "many short lines [x": lambda n: _repeat("[x\n", n),
    "long lines (64 KB each)": lambda n: _repeat(_repeat("word ", 64 * 1024) + "\n", n),
    "html nested <div>": lambda n: "<html><body>" + _repeat("<div>", n // 2) + "x" + _repeat("</div>", n // 2),
    "html unclosed <a b": lambda n: "<html>" + _repeat("<a b", n),
    "html unclosed <!--": lambda n: "<html>" + _repeat("<!--", n),
    'html unclosed <a x="': lambda n: "<html>" + _repeat('<a x="', n),
    "html void end tags </br>": lambda n: "<html><img>" + _repeat("<br>", n // 2) + _repeat("</img>", n // 2),
    "html flat paragraphs": lambda n: "<html><body>" + _repeat("<p>Some text here, a sentence.</p>\n", n),
}


def _seconds(text: str, repeats: int) -> tuple[float, str]:
    times: list[float] = []
    outcome = ""
    for _ in range(repeats):
        start = time.perf_counter()
        try:
            papers, problems = split_entries(read_dump_text(text, reference_date=TAKEN).entries)
            outcome = f"{len(papers)} papers, {len(problems)} problems"
        except DumpError as error:
            outcome = f"DumpError: {error}"
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def _reference(dumps: Path, size: int) -> str:
    texts = [path.read_text(encoding="utf-8") for path in sorted(dumps.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no dumps in {dumps}")
    text = ""
    while len(text.encode("utf-8")) < size:
        text += "\n\n".join(texts) + "\n\n"
    return text.encode("utf-8")[:size].decode("utf-8", errors="ignore")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=Path(__file__).resolve().parents[3] / "shared" / "dumps")
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    size = int(args.mb * MB) - 1024  # each single-line family stays under the 1 MiB line limit
    reference, outcome = _seconds(_reference(args.dumps, size), args.repeats)
    print(f"input size {size / MB:.2f} MB, median of {args.repeats}")
    print(f"{'reference: normal shared dumps':34} {reference / args.mb:8.3f} s/MB   1.0x   {outcome}")
    for name, make in FAMILIES.items():
        text = make(size)
        seconds, outcome = _seconds(text, args.repeats)
        mb = len(text.encode("utf-8")) / MB
        print(f"{name:34} {seconds / mb:8.3f} s/MB {seconds / reference:6.1f}x   {outcome[:70]}")


if __name__ == "__main__":
    main()
