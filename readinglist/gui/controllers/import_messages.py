"""What the status bar says after an import, in the words a person uses.

A paste or a drop is one page, not "1 file(s)": it says what that page brought
("Pasted page: 3 new papers"), that it brought nothing new and why, or that it
failed and why ("Paste failed: …"). Files and folders are counted with their
plurals right. Everything here is plain text: no Qt, nothing to escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from readinglist.core.import_reports import FileReport

Source = Literal["files", "paste", "drop"]

# (what one page is called once imported, what its failure is called)
_PAGE_WORDS: dict[Source, tuple[str, str]] = {
    "paste": ("Pasted page", "Paste failed"),
    "drop": ("Dropped page", "Drop failed"),
}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """ "1 paper", "2 papers", "1,204 papers" (``many`` for an irregular plural)."""
    return f"{count:,} {noun if count == 1 else (many or noun + 's')}"


def import_message(reports: Sequence[FileReport], source: Source) -> str:
    """One status bar line for a finished import of ``source`` (files, or one pasted or dropped page)."""
    if source != "files" and len(reports) == 1:
        return _page_message(reports[0], *_PAGE_WORDS[source])
    return _files_message(reports)


def _page_message(report: FileReport, done: str, failed: str) -> str:
    if report.failed:
        return f"{failed}: {report.message or 'the page could not be read'}"
    if report.outcome == "unchanged":
        return f"{done}: nothing new — the same page was imported before"
    if report.new == 0:
        already = (
            "the paper was already in the library"
            if report.found == 1
            else f"all {report.found:,} papers were already in the library"
        )
        return f"{done}: nothing new — {already}{_skipped(report.skipped)}"
    merged = f", {report.merged:,} already in the library" if report.merged else ""
    return f"{done}: {plural(report.new, 'new paper')}{merged}{_skipped(report.skipped)}"


def _files_message(reports: Sequence[FileReport]) -> str:
    if len(reports) == 1 and reports[0].failed:
        name = reports[0].source.replace("\\", "/").rsplit("/", 1)[-1]
        return f"Import failed: {name}: {reports[0].message}"
    new, merged = sum(r.new for r in reports), sum(r.merged for r in reports)
    parts = [plural(new, "new paper") if new or not merged else "nothing new"]
    if merged:
        parts.append(f"{merged:,} already in the library")
    unchanged = sum(r.outcome == "unchanged" for r in reports)
    if unchanged:
        parts.append(f"{plural(unchanged, 'file')} imported before")
    failed = sum(r.failed for r in reports)
    if failed:
        parts.append(f"{plural(failed, 'file')} failed")
    return f"Imported {plural(len(reports), 'file')}: {', '.join(parts)}{_skipped(sum(r.skipped for r in reports))}"


def _skipped(count: int) -> str:
    return f" ({plural(count, 'entry', 'entries')} skipped)" if count else ""
