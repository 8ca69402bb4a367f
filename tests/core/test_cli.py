"""The command line, driven through click's runner: output, files written and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from readinglist.cli import main
from readinglist.core.services import Library

LATTICE = "Sparse Lattice Attention for Long Documents"


@pytest.fixture
def run(tmp_path: Path):  # returns the runner function
    runner = CliRunner()
    library = tmp_path / "library"

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return runner.invoke(main, ["--library", str(library), *args], input=stdin, catch_exceptions=False)

    return invoke


def test_import_prints_a_line_per_file_and_totals(run, daily_a: Path, daily_b: Path) -> None:
    result = run("import", str(daily_a), str(daily_b))
    assert result.exit_code == 0, result.output
    assert "daily_a.txt: 3 found, 3 new, 0 merged, 0 skipped (plain)" in result.stdout
    assert "daily_b.txt: 2 found, 1 new, 1 merged, 0 skipped (plain)" in result.stdout
    assert "2 files: 4 new papers, 1 merged, 0 entries skipped, 0 files failed" in result.stdout


def test_import_json_report_and_failure_exit_code(run, daily_a: Path, tmp_path: Path) -> None:
    broken = tmp_path / "picture.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    result = run("import", "--json", str(daily_a), str(broken))
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [(r["outcome"], r["new"]) for r in reports] == [("imported", 3), ("failed", 0)]
    assert "binary" in reports[1]["message"]


def test_import_from_standard_input(run, daily_a: Path) -> None:
    result = run("import", "-", "--name", "my paste", stdin=daily_a.read_text(encoding="utf-8"))
    assert result.exit_code == 0, result.output
    assert "my paste: 3 found, 3 new" in result.stdout


def test_list_show_search_and_similar(run, daily_a: Path, daily_b: Path) -> None:
    run("import", str(daily_a), str(daily_b))
    listed = json.loads(run("list", "--json", "--sort", "title").stdout)
    assert [p["title"] for p in listed] == sorted((p["title"] for p in listed), key=str.casefold)
    lattice = next(p["id"] for p in listed if p["title"] == LATTICE)
    shown = run("show", str(lattice))
    assert LATTICE in shown.stdout and "Listed in 1 dump(s): daily_a.txt #1" in shown.stdout
    found = json.loads(run("search", "--json", "lattice", "attention").stdout)
    assert [p["title"] for p in found] == [LATTICE]
    assert "<b>" in found[0]["snippet"]
    assert run("similar", str(lattice)).exit_code == 0
    batches = run("batches").stdout.splitlines()
    assert [line.split()[3] for line in batches] == ["daily_a.txt", "daily_b.txt"]
    assert "(2 found, 1 new, 1 merged, 0 skipped)" in batches[1]


def test_changes_from_the_command_line(run, daily_a: Path, tmp_path: Path) -> None:
    run("import", str(daily_a))
    ids = [str(p["id"]) for p in json.loads(run("list", "--json", "--sort", "id").stdout)]
    assert run("status", ids[0], ids[1], "queued").stdout.strip() == "2 paper(s) now queued"
    assert run("star", ids[0]).exit_code == 0
    assert run("tag", ids[0], ids[2], "Long Context", "attention").exit_code == 0
    assert run("untag", ids[2], "attention").exit_code == 0
    note_file = tmp_path / "note.md"
    note_file.write_text("# Why\nIt is cheap.\n", encoding="utf-8")
    assert run("note", ids[0], "--file", str(note_file)).stdout.strip() == "note saved"
    paper = json.loads(run("show", "--json", ids[0]).stdout)
    assert (paper["status"], paper["starred"], paper["tags"], paper["note"]) == (
        "queued",
        True,
        ["attention", "Long Context"],
        "# Why\nIt is cheap.",
    )
    queued = json.loads(run("list", "--json", "--status", "queued", "--tag", "long context").stdout)
    assert [p["id"] for p in queued] == [int(ids[0])]
    assert [p["id"] for p in json.loads(run("search", "--json", "note:cheap").stdout)] == [int(ids[0])]


def test_errors_are_one_line_with_exit_codes(run, daily_a: Path) -> None:
    run("import", str(daily_a))
    missing = run("show", "424242")
    assert missing.exit_code == 1
    assert missing.stderr.strip() == "readinglist: no paper with id or arXiv id '424242'"
    bad_query = run("search", '"unclosed')
    assert bad_query.exit_code == 2
    assert bad_query.stderr.startswith("readinglist: bad query: unclosed quote")
    assert run("status", "1", "later").exit_code == 2


def test_a_damaged_library_is_one_line_of_error(run, tmp_path: Path) -> None:
    (tmp_path / "library").mkdir()
    (tmp_path / "library" / "library.sqlite3").write_bytes(b"this is not a database" * 100)
    result = run("list")
    assert result.exit_code == 1
    assert result.stderr.startswith("readinglist: cannot open the library in")
    assert "not a database" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_to_file_and_reimport(run, daily_a: Path, tmp_path: Path) -> None:
    run("import", str(daily_a))
    target = tmp_path / "out.json"
    result = run("export", "--format", "json", "-o", str(target))
    assert result.exit_code == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))["papers"]) == 3
    for format_name in ("csv", "markdown", "bibtex"):
        assert LATTICE in run("export", "--format", format_name).stdout
    again = run("import", str(target))
    assert "3 found, 0 new, 3 merged" in again.stdout


def test_reindex_and_check(run, daily_a: Path, tmp_path: Path) -> None:
    run("import", str(daily_a))
    assert "indexed 3 paper(s)" in run("reindex").stdout
    checked = run("check")
    assert checked.exit_code == 0 and "database and index agree" in checked.stdout


def test_help_lists_the_commands(run) -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert all(name in result.stdout for name in ("import", "search", "export", "check", "gui"))


def test_remove_batch_from_the_command_line(run, daily_a: Path, daily_b: Path) -> None:
    run("import", str(daily_a), str(daily_b))
    result = run("remove-batch", "2")
    assert result.exit_code == 0, result.output
    assert result.stdout == "removed import 2: 1 paper(s) deleted, 1 kept\n"
    assert "daily_b.txt" not in run("batches").stdout
    assert run("search", "molecule").stdout == ""
    missing = run("remove-batch", "2")
    assert missing.exit_code == 2 and "no import batch with id 2" in missing.output


def test_change_commands_leave_nothing_to_index(run, daily_a: Path, daily_b: Path, tmp_path: Path) -> None:
    library_dir = tmp_path / "library"
    run("import", str(daily_a), str(daily_b))
    ids = [str(p["id"]) for p in json.loads(run("list", "--json", "--sort", "id").stdout)]
    changes = [
        ("status", ids[0], "read"),
        ("star", ids[1]),
        ("unstar", ids[1]),
        ("tag", ids[2], "lattice-work"),
        ("untag", ids[2], "lattice-work"),
        ("note", ids[1], "worth a second look"),
        ("remove-batch", "2"),
    ]
    for command in changes:
        assert run(*command).exit_code == 0, command
        with Library.open(library_dir, sync=False) as library:
            assert library.pending_index_count() == 0, command
    assert [p["id"] for p in json.loads(run("search", "--json", "status:read").stdout)] == [int(ids[0])]
    assert [p["id"] for p in json.loads(run("list", "--json", "--status", "read").stdout)] == [int(ids[0])]
