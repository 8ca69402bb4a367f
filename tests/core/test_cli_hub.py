"""The Hub commands (fetch, follow, complete) as a person runs them: real processes asking the fake Hub over HTTP.

Each command runs as ``python -m readinglist`` with HF_ENDPOINT pointing at the
fake Hub (``fake_hub``), or at a closed port (the test-wide default) for the
offline cases. The child uses the default HubPolicy, one request a second, so
each test keeps its requests few. Usage errors never reach the network and run
in-process through click's runner.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from readinglist.cli import main
from readinglist.cli.hub import EXIT_OFFLINE
from readinglist.core.services import Library
from tests.hub_fake import FakeHub, paper_entry

REPO = Path(__file__).resolve().parents[2]
LATTICE = "Sparse Lattice Attention for Long Documents"  # a title in the daily_a fixture dump
CURRICULUM = "Curriculum Distillation for Small Reasoners"  # another one

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    return tmp_path / "library"


@pytest.fixture
def run(library_dir: Path) -> Run:
    """Runs ``readinglist --library <folder> ARGS`` in a child process with this process's environment."""

    def invoke(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "readinglist", "--library", str(library_dir), *args],
            cwd=REPO, env={**os.environ, **env}, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    return invoke


def _titles_and_ids(library_dir: Path) -> dict[str, str | None]:
    with Library.open(library_dir, sync=False) as library:
        return {r.title: r.arxiv_id for r in library.records(library.paper_ids(sort="id"))}


def _batch_names(library_dir: Path) -> list[str]:
    with Library.open(library_dir, sync=False) as library:
        return [b.name for b in library.batches()]


def test_fetch_daily_by_date_then_again_brings_nothing_new(run: Run, fake_hub: FakeHub, library_dir: Path) -> None:
    fake_hub.daily["2026-12-02"] = [paper_entry(n) for n in (1, 2, 3)]
    first = run("fetch", "daily", "--date", "2026-12-02")
    assert first.returncode == 0, first.stderr
    assert "Hub daily list 2026-12-02: 3 found, 3 new, 0 merged, 0 skipped" in first.stdout
    assert first.stdout.rstrip().endswith("1 pages: 3 new papers, 0 merged, 0 entries skipped, 0 pages failed")
    assert _batch_names(library_dir) == ["Hub daily list 2026-12-02"]
    assert set(_titles_and_ids(library_dir).values()) == {"2512.00001", "2512.00002", "2512.00003"}

    again = run("fetch", "daily", "--date", "2026-12-02", "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)
    assert (report["new"], report["merged"], report["failed"], report["offline"]) == (0, 0, 0, None)
    assert [(p["source"], p["outcome"], p["message"]) for p in report["pages"]] == [
        ("Hub daily list 2026-12-02", "unchanged", "no change since the last fetch")
    ]
    assert fake_hub.requests_to("/api/daily_papers") == [{"date": "2026-12-02", "p": "0", "limit": "50"}] * 2
    assert not any("authorization" in {k.lower() for k in h} for h in fake_hub.headers)  # HF_TOKEN is never sent
    assert len(_titles_and_ids(library_dir)) == 3


def test_fetch_json_counts_and_the_weekly_period(run: Run, fake_hub: FakeHub) -> None:
    fake_hub.weekly["2026-W49"] = [paper_entry(n, old=n % 2 == 0) for n in range(1, 6)]
    result = run("fetch", "weekly", "--week", "2026-w49", "--limit", "4", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["new"], report["merged"], report["skipped"], report["failed"], report["requests"]) == (4, 0, 0, 0, 1)
    page = report["pages"][0]
    assert (page["source"], page["outcome"], page["found"], page["new"]) == (
        "Hub weekly list 2026-W49",
        "imported",
        4,
        4,
    )
    assert isinstance(page["batch_id"], int)
    assert fake_hub.requests_to("/api/daily_papers") == [
        {"week": "2026-W49", "p": "0", "limit": "4", "sort": "trending"}
    ]


def test_fetch_search_imports_what_the_hub_finds(run: Run, fake_hub: FakeHub, library_dir: Path) -> None:
    fake_hub.searchable = [
        paper_entry(7, title="Diffusion Models for Sparse Attention"),
        paper_entry(8, title="Something Else Entirely"),
    ]
    result = run("fetch", "search", "diffusion", "models")
    assert result.returncode == 0, result.stderr
    assert "Hub search “diffusion models”: 1 found, 1 new, 0 merged, 0 skipped" in result.stdout
    assert [q["q"] for q in fake_hub.requests_to("/api/papers/search")] == ["diffusion models"]
    assert _titles_and_ids(library_dir) == {"Diffusion Models for Sparse Attention": "2512.00007"}


@pytest.mark.slow  # nine commands, three requests a second apart: about ten seconds
def test_follow_then_fetch_catches_up_on_every_followed_list(run: Run, fake_hub: FakeHub) -> None:
    assert run("follow", "add", "daily").stdout.startswith("now following the Hub daily list (daily)")
    assert run("follow", "add", "search", "lattice").returncode == 0
    assert run("follow", "add", "daily").stdout.strip() == "already following the Hub daily list (daily)"
    listed = json.loads(run("follow", "list", "--json").stdout)
    assert [(s["key"], s["new"]) for s in listed["sources"]] == [("daily", 0), ("search:lattice", 0)]
    assert listed["last_fetch"] is None

    today = datetime.now(UTC).date()
    for back in range(3):  # the days a catch-up of a list followed today may ask for (today, yesterday)
        day = (today - timedelta(days=back)).isoformat()
        fake_hub.daily[day] = [paper_entry(10 * back + n, day=day) for n in (1, 2)]
    fake_hub.searchable = [paper_entry(99, title="Lattice Codes for Retrieval")]
    fetched = run("fetch", "--json")
    assert fetched.returncode == 0, fetched.stderr
    days = [q["date"] for q in fake_hub.requests_to("/api/daily_papers")]
    assert today.isoformat() in days and len(days) <= 2
    assert json.loads(fetched.stdout)["new"] == 2 * len(days) + 1

    shown = run("follow", "list")
    lines = shown.stdout.splitlines()
    assert lines[0].split() == [
        "Hub",
        "daily",
        "list",
        "daily",
        str(2 * len(days)),
        "new",
        "followed",
        today.isoformat(),
    ]
    assert lines[1].split()[-5:] == ["search:lattice", "1", "new", "followed", today.isoformat()]
    assert lines[2].startswith(f"last fetched from the Hub: {today.isoformat()} ")

    assert run("follow", "remove", "daily").stdout.startswith("stopped following the Hub daily list")
    again = run("follow", "remove", "daily")
    assert (again.returncode, again.stderr.strip()) == (1, "readinglist: the Hub daily list is not followed")
    assert [s["key"] for s in json.loads(run("follow", "list", "--json").stdout)["sources"]] == ["search:lattice"]


def test_complete_all_fills_exact_titles_and_skips_the_rest(
    run: Run, fake_hub: FakeHub, library_dir: Path, daily_a: Path
) -> None:
    with Library.open(library_dir) as library:
        library.import_paths([daily_a])  # three papers known by title only
    fake_hub.searchable = [
        paper_entry(11, title=LATTICE.upper() + ".", arxiv_id="2511.01234"),  # the same title, normalised
        paper_entry(12, title=CURRICULUM + ", Revisited", arxiv_id="2511.04321"),  # close, not the same
    ]
    result = run("complete", "--all")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.endswith(f"“{LATTICE}”: completed 2511.01234") for line in lines)
    assert any(f"“{CURRICULUM}”: skipped: no exact title match on the Hub" in line for line in lines)
    assert lines[-1] == "3 papers: 1 completed, 2 skipped"
    ids = _titles_and_ids(library_dir)
    assert ids[LATTICE] == "2511.01234"
    assert [arxiv_id for title, arxiv_id in ids.items() if title != LATTICE] == [None, None]

    by_arxiv_id = run("complete", "2511.01234", "--json")  # a paper reference, as other commands take them
    assert by_arxiv_id.returncode == 0, by_arxiv_id.stderr
    report = json.loads(by_arxiv_id.stdout)
    assert [(p["title"], p["outcome"]) for p in report["papers"]] == [(LATTICE, "completed")]
    assert (report["completed"], report["skipped"], report["requests"]) == (1, 0, 1)
    assert fake_hub.asked[-1][0] == "/api/papers/2511.01234"


def test_offline_is_one_line_and_its_own_exit_code(run: Run, library_dir: Path, daily_a: Path) -> None:
    with Library.open(library_dir) as library:
        library.import_paths([daily_a])
    for args in (("fetch", "daily", "--date", "2026-12-02"), ("complete", "--all", "--json")):
        result = run(*args)  # HF_ENDPOINT: the closed port every test starts with
        assert result.returncode == EXIT_OFFLINE == 3, result.stderr
        assert result.stderr.splitlines() == [
            "readinglist: the Hub cannot be reached now (cannot connect to 127.0.0.1:9); nothing was lost, "
            "try again later"
        ]
    assert json.loads(result.stdout)["not_tried"] == 3
    assert _batch_names(library_dir) == ["daily_a.txt"]


def test_hf_hub_offline_stops_every_request(run: Run, fake_hub: FakeHub) -> None:
    result = run("fetch", "trending", HF_HUB_OFFLINE="1")
    assert result.returncode == EXIT_OFFLINE
    assert "HF_HUB_OFFLINE" in result.stderr and "Traceback" not in result.stderr
    assert fake_hub.asked == []


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["fetch", "daily", "--week", "2026-W49"], "--week goes with the weekly list only, not daily"),
        (["fetch", "monthly", "--date", "2026-12-02"], "--date goes with the daily list only, not monthly"),
        (["fetch", "daily", "--date", "2026-12-02", "--week", "2026-W49"], "at most one of --date, --week"),
        (["fetch", "daily", "--date", "2026-13-40"], "is not a daily period"),
        (["fetch", "yearly"], "'yearly' is not one of"),
        (["fetch", "trending", "sparse"], "only a search takes a query"),
        (["fetch", "search"], "a Hub search needs a query"),
        (["fetch", "--limit", "5"], "--limit need(s) a KIND"),
        (["follow", "add", "search"], "a Hub search needs a query"),
        (["complete"], "name the PAPERS to complete, or give --all"),
        (["complete", "--all", "1"], "name the PAPERS to complete, or give --all"),
    ],
)
def test_usage_errors_exit_2(library_dir: Path, args: list[str], says: str) -> None:
    result = CliRunner().invoke(main, ["--library", str(library_dir), *args])
    assert result.exit_code == 2, result.output
    assert says in result.stderr


def test_fetch_with_nothing_followed_says_how_to_start(library_dir: Path) -> None:
    result = CliRunner().invoke(main, ["--library", str(library_dir), "fetch"])
    assert result.exit_code == 0
    assert "no Hub list is followed" in result.stderr and result.stdout == ""


def test_a_dated_list_without_a_period_is_todays(library_dir: Path, fake_hub: FakeHub) -> None:
    today = datetime.now(UTC).date().isoformat()
    result = CliRunner().invoke(main, ["--library", str(library_dir), "fetch", "daily"])
    assert result.exit_code == 0, result.output
    assert fake_hub.requests_to("/api/daily_papers") == [{"date": today, "p": "0", "limit": "50"}]
    assert result.stdout.startswith(f"Hub daily list {today}: the Hub lists no papers here (yet)")
