"""Fuzzing the import of untrusted captures: no input raises, none takes long.

Inputs go through the code the command line uses (`importing.import_text` and
`import_file` on a real library) and, beside it, through the reader alone
(`read_dump_text`), which may refuse a whole input only with `DumpError`. Three sources:

- hypothesis: lines of the shared dumps mixed with adversarial pieces (brackets, tags,
  huge numbers, impossible dates, control characters) and random text, in every syntax;
- deterministic mutations of each shared dump and capture (seeded): truncation, line
  deletion and duplication, control characters, invalid UTF-8, huge numbers, odd dates,
  deep HTML, bracket runs, long lines;
- fixed adversarial inputs, and 1 MB of them read within a generous bound.

CI runs a bounded version (about a minute). More locally:
`FUZZ_EXAMPLES=5000 FUZZ_ROUNDS=20 .venv/bin/python -m pytest tests/core/test_fuzz_import.py`.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.dumps import DumpError, read_dump_text, split_entries
from readinglist.core.import_reports import FileReport
from readinglist.core.importing import import_file, import_text
from readinglist.core.services import Library

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
SHARED_FILES = sorted(
    path for folder in ("dumps", "captures") for path in (SHARED / folder).glob("*") if path.suffix in (".txt", ".md")
)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
ROUNDS = int(os.environ.get("FUZZ_ROUNDS", "1"))  # mutations of each kind per shared file
SLOW = 10.0  # seconds: a generous guard per input, not a measurement (see tests/benchmarks/adversarial.py)
TAKEN = date(2025, 3, 20)
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
SYNTAXES = (None, "html", "links", "markdown", "plain")

HUGE_NUMBERS = ("1" + "0" * 30, "1" + "0" * 400, "-5", "99999999999999999999", "9223372036854775808", "1e400")
ODD_DATES = ("Jan 1, 0000", "Feb 29, 2023", "Dec 31, 9999", "9999-12-31", "Feb 30", "Mar 0, 2024", "Oct 99, 2022")
CONTROLS = ("\x00", "\x01", "\x07", "\x0b", "\x1b", "\x7f", "\x85", "\x9f", "\u2028", "\ufeff", "\ue000")
ADVERSARIAL = (
    "[",
    "]",
    "](",
    "[[[]]]",
    "![",
    "<",
    ">",
    "<div>",
    "</div>",
    "<a href='https://huggingface.co/papers/2401.01234'>",
    "<!--",
    "<![CDATA[",
    "<![foo[",
    "&#99999999999;",
    "\\",
    "**",
    "# ",
    "> ",
    "* ",
    "---",
    "[1]: https://x.org/",
    "[2]Text",
    "https://huggingface.co/papers/2401.01234",
    "https://arxiv.org/abs/2401.01234",
    "https://github.com/a/b",
    "https://x.org/" + ")" * 50,
    "javascript:alert(1)",
    "http://[::1",
    "Submitted by",
    "AI-generated summary",
    "  • 3 authors",
    "·",
    "Mar 3",
    "[-] 12",
    "Subscribe",
    *HUGE_NUMBERS,
    *ODD_DATES,
    *CONTROLS,
)


def _shared_lines() -> list[str]:
    lines: list[str] = []
    for path in SHARED_FILES:
        lines.extend(path.read_text(encoding="utf-8", errors="replace").splitlines()[:120])
    return lines or ["A Title Of A Paper", "An abstract that is long enough to be prose. " * 8]


SHARED_LINES = _shared_lines()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    """One library for the module: every input is another batch in it."""
    with Library.open(tmp_path_factory.mktemp("fuzz") / "library") as opened:
        yield opened


def _read(text: str, syntax: str | None) -> tuple[int, str | None]:
    """(papers, DumpError message or None) of reading `text`; any other exception propagates."""
    try:
        papers, _ = split_entries(read_dump_text(text, reference_date=TAKEN, syntax=syntax).entries)
    except DumpError as error:
        return 0, str(error)
    for paper in papers:
        assert paper.title.strip() and not _CONTROL_RE.search(paper.title), paper.title
        assert paper.abstract is None or not _CONTROL_RE.search(paper.abstract)
        for count in (paper.upvotes, paper.comments, paper.github_stars, paper.authors_count):
            assert count is None or 0 <= count < 10**9
        assert paper.published is None or 1990 <= paper.published.year <= 2100
    return len(papers), None


def _timed(what: str, run: Callable[[], FileReport]) -> FileReport:
    start = time.perf_counter()
    report = run()
    seconds = time.perf_counter() - start
    assert seconds < SLOW, f"{what} took {seconds:.1f} s"
    return report


def _check_text(library: Library, text: str, syntax: str | None, what: str) -> None:
    start = time.perf_counter()
    papers, refused = _read(text, syntax)
    assert time.perf_counter() - start < SLOW, f"reading {what} took too long"
    report = _timed(what, lambda: import_text(library.engine, text, what, syntax=syntax))
    if papers and syntax is None and refused is None:
        assert not report.failed, f"{what}: read {papers} papers, but the import failed: {report.message}"
    if report.failed:
        assert report.message, f"{what}: failed without a reason"


# ---------------------------------------------------------------- hypothesis

_PIECES = st.one_of(
    st.sampled_from(SHARED_LINES),
    st.sampled_from(ADVERSARIAL),
    st.text(max_size=40),
    st.builds(lambda piece, times: piece * times, st.sampled_from(ADVERSARIAL), st.integers(1, 300)),
)
_LINES = st.lists(st.lists(_PIECES, min_size=1, max_size=4).map("".join), min_size=1, max_size=40).map("\n".join)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(text=_LINES, syntax=st.sampled_from(SYNTAXES))
def test_generated_text_never_raises(library: Library, text: str, syntax: str | None) -> None:
    _check_text(library, text, syntax, "generated")


# ---------------------------------------------------------------- mutations of the shared files


def _deep_html(rng: random.Random, lines: list[str]) -> list[str]:
    at = rng.randrange(len(lines) + 1)
    return [*lines[:at], "<div>" * 5000 + "deep" + "</div>" * rng.choice((0, 5000)), *lines[at:]]


def _insert(piece: Callable[[random.Random], str]) -> Callable[[random.Random, list[str]], list[str]]:
    def mutate(rng: random.Random, lines: list[str]) -> list[str]:
        lines = list(lines)
        for _ in range(rng.randint(1, 8)):
            at = rng.randrange(len(lines) + 1)
            lines.insert(at, piece(rng))
        return lines

    return mutate


def _delete_lines(rng: random.Random, lines: list[str]) -> list[str]:
    return [line for line in lines if rng.random() > 0.2]


def _duplicate_lines(rng: random.Random, lines: list[str]) -> list[str]:
    return [copy for line in lines for copy in ([line, line] if rng.random() < 0.2 else [line])]


def _control_characters(rng: random.Random, lines: list[str]) -> list[str]:
    return ["".join(ch + rng.choice(CONTROLS) if rng.random() < 0.01 else ch for ch in line) for line in lines]


def _replace_values(values: tuple[str, ...], pattern: str) -> Callable[[random.Random, list[str]], list[str]]:
    """Replace numbers or dates in place, so the bad value stands where a good one stood."""
    found = re.compile(pattern)

    def mutate(rng: random.Random, lines: list[str]) -> list[str]:
        return [found.sub(lambda _: rng.choice(values), line) if rng.random() < 0.5 else line for line in lines]

    return mutate


MUTATIONS: dict[str, Callable[[random.Random, list[str]], list[str]]] = {
    "delete-lines": _delete_lines,
    "duplicate-lines": _duplicate_lines,
    "control-characters": _control_characters,
    "huge-numbers": _replace_values(HUGE_NUMBERS, r"(?<![\w.])\d{1,4}(?![\w.])"),
    "odd-dates": _replace_values(ODD_DATES, r"\b[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?\b"),
    "deep-html": _deep_html,
    "bracket-runs": _insert(lambda rng: rng.choice(("[", "[[[]]]", "](", "![")) * rng.randint(1000, 50_000)),
    "long-lines": _insert(lambda rng: rng.choice(("x", "word ", "<", "# a ")) * rng.randint(10_000, 300_000)),
    "tags": _insert(lambda rng: rng.choice(("<div>", "<a b", "<!--", '<a x="', "</br>")) * rng.randint(100, 5000)),
}
BYTE_MUTATIONS = ("truncate", "invalid-utf8")


def _mutated(path: Path, kind: str, seed: int) -> bytes:
    rng = random.Random(f"{path.name}:{kind}:{seed}")
    data = path.read_bytes()
    if kind == "truncate":
        return data[: rng.randrange(1, len(data))]
    if kind == "invalid-utf8":
        out = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            at = rng.randrange(len(out))
            out[at:at] = rng.choice((b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xe2\x82", b"\x80\x80"))
        return bytes(out)
    lines = data.decode("utf-8", errors="replace").split("\n")
    return "\n".join(MUTATIONS[kind](rng, lines)).encode("utf-8", errors="surrogatepass")


CASES = [
    pytest.param(path, kind, seed, id=f"{path.name}-{kind}-{seed}")
    for path in SHARED_FILES
    for kind in (*BYTE_MUTATIONS, *MUTATIONS)
    for seed in range(ROUNDS)
]


@pytest.mark.skipif(not SHARED_FILES, reason="../shared/dumps and ../shared/captures not found beside the checkout")
@pytest.mark.parametrize(("path", "kind", "seed"), CASES or [pytest.param(None, "", 0, id="none")])
def test_mutated_shared_file_imports(library: Library, tmp_path: Path, path: Path, kind: str, seed: int) -> None:
    data = _mutated(path, kind, seed)
    copy = tmp_path / f"{kind}-{seed}{path.suffix}"
    copy.write_bytes(data)

    report = _timed(copy.name, lambda: import_file(library.engine, copy))

    # In the plain dumps every card stands on its own, so the good papers beside bad values stay
    # importable (a capture of five cards can lose them all to deleted lines). A mutation that
    # changed nothing is an input already imported.
    keeps_papers = ("delete-lines", "duplicate-lines", "huge-numbers", "odd-dates", "bracket-runs")
    if path.parent.name == "dumps" and kind in keeps_papers and report.outcome != "unchanged":
        assert not report.failed, report.message
        assert report.found > 0
    assert not report.failed or report.message


# ---------------------------------------------------------------- fixed adversarial inputs

ONE_MB = 1 << 20
FIXED = {
    "brackets-200k": "[" * 200_000,
    "nested-brackets": "[[[]]]" * 40_000,
    "link-openers": "](" * 100_000,
    "deep-html-5000": "<html><body>" + "<div>" * 5000 + "deep" + "</div>" * 5000 + "</body></html>",
    "unclosed-tags": "<html>" + "<a b" * 20_000,
    "unclosed-comments": "<html>" + "<!--" * 20_000,
    "rejected-markup": "<html><body><p>One</p><![foo[ x ]]><![ y <p>Two</p></body></html>",
    "huge-json-number": '[{"paper": {"id": "2401.01234", "title": "T", "upvotes": ' + "9" * 5000 + "}}]",
    "deep-json": '{"version": "https://jsonfeed.org/version/1.1", "items": ' + "[" * 5000 + "]" * 5000 + "}",
}


@pytest.mark.parametrize("name", FIXED)
def test_fixed_adversarial_input(library: Library, name: str) -> None:
    for syntax in (None, "html") if not name.startswith(("huge", "deep-json")) else (None,):
        _check_text(library, FIXED[name], syntax, f"{name}-{syntax}")


ADVERSARIAL_MB = {
    "brackets": "[" * ONE_MB,
    "nested-brackets": ("[[[]]]" * (ONE_MB // 6)),
    "link-brackets": ("[a](" * (ONE_MB // 4)),
    "long-lines": ("word " * (ONE_MB // 50) + "\n") * 10,
    "heading-spaces": "# a" + " " * ONE_MB + "b",
    "quote-marks": "> " * (ONE_MB // 2) + "x",
    "url-parens": "Title\n\nAn abstract " + "https://x.org/" + ")" * ONE_MB + "\n",
    "html-nesting": "<html><body>" + "<div>" * (ONE_MB // 10) + "x" + "</div>" * (ONE_MB // 10),
    "html-unclosed": "<html>" + '<a x="' * (ONE_MB // 6),
}


@pytest.mark.parametrize("name", ADVERSARIAL_MB)
def test_one_megabyte_of_adversarial_input_is_read_quickly(name: str) -> None:
    text = ADVERSARIAL_MB[name]
    start = time.perf_counter()
    _read(text, None)
    seconds = time.perf_counter() - start
    # A generous guard against quadratic work (which took minutes); figures: tests/benchmarks/adversarial.py.
    assert seconds < (20.0 if name.startswith("html") else 5.0), f"{name}: {seconds:.1f} s for 1 MB"
