"""What a triage run changed, counted so that its parts add up, and said on the summary page.

The run's tally comes from the ``Changes`` that landed during it: the first
"before" value seen for a paper is what it was before triage, and the count
compares that with the paper at the end. So a decision undone leaves no
trace, a paper decided twice (or decided, undone and decided again) counts
once, under where it ended, and a paper moved back to where it was counts as
kept. Only statuses (and the Trash, which Delete sends a paper to) are
"triaged"; stars and tags are listed apart, because a starred paper was
usually decided too and would be counted twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from html import escape

from readinglist.core.changes import Changes, StarChange, StatusChange, TagsChange, TrashChange
from readinglist.core.records import PaperRow

STATUSES = ("queued", "reading", "read", "dismissed", "new")  # the summary's lines, in this order
TRASHED = "moved to the Trash"  # a decision too (Delete), after the statuses
EXTRAS = ("starred", "tagged")  # not decisions: said apart from them

# The kinds of change the summary counts, by the key ``tally`` reads them under.
TALLIED_KINDS: dict[type[StatusChange | StarChange | TagsChange | TrashChange], str] = {
    StatusChange: "status",
    StarChange: "starred",
    TagsChange: "tags",
    TrashChange: "trashed",
}


def note_change(changes: Changes, before: dict[int, dict[str, object]], trashed: set[int]) -> None:
    """Record in ``before`` what ``changes`` found the papers as, unless an earlier change of the run did.

    ``trashed`` follows which papers are in the Trash now, which the rows read at the end do not say.
    """
    change = changes.change
    if not isinstance(change, StatusChange | StarChange | TagsChange | TrashChange):
        return
    kind = TALLIED_KINDS[type(change)]
    for pid, previous in change.before.items():
        before.setdefault(pid, {}).setdefault(kind, previous)
    if isinstance(change, TrashChange):
        trashed.difference_update(change.after)
        trashed.update(pid for pid, when in change.after.items() if when is not None)


def tally(
    before: dict[int, dict[str, object]], after: Sequence[PaperRow], trashed: Collection[int] = ()
) -> Counter[str]:
    """How many papers the run moved to each status (or to the Trash), newly starred, and re-tagged.

    ``before`` maps a paper to its values (by what changed: "status",
    "starred", "tags", "trashed") from before the run; ``after`` is the
    papers now and ``trashed`` those of them in the Trash now. A paper the
    run put in the Trash counts there, whatever its status.
    """
    counts: Counter[str] = Counter()
    moved_to_trash = {pid for pid in trashed if pid in before and before[pid].get("trashed", "absent") is None}
    if moved_to_trash:
        counts[TRASHED] = len(moved_to_trash)
    for row in after:
        was = before.get(row.id, {})
        if row.id in moved_to_trash:
            continue
        if "status" in was and was["status"] != row.status:
            counts[row.status] += 1
        if "starred" in was and row.starred and not was["starred"]:
            counts["starred"] += 1
        was_tags = was.get("tags")  # the names when the run re-tagged the paper
        if isinstance(was_tags, tuple | list) and _tag_set(was_tags) != _tag_set(row.tags):
            counts["tagged"] += 1
    return counts


def triaged(counts: Counter[str]) -> int:
    """The papers whose status the run changed: the sum of the summary's status lines."""
    return sum(counts[status] for status in (*STATUSES, TRASHED))


def summary_html(counts: Counter[str], run_size: int, run_name: str) -> str:
    """The summary page's text: the papers triaged, by status, then the rest of the run and the extras.

    ``run_name`` says what the run went over ("papers", "selected papers").
    """
    total = triaged(counts)
    parts = [f"{counts[status]:,} {status}" for status in (*STATUSES, TRASHED) if counts[status]]
    html = f"<h2>{_papers(total)} triaged</h2>"
    if parts:
        html += "<p>" + "<br>".join(parts) + "</p>"
    kept = run_size - total
    if kept:
        html += f"<p>{kept:,} of the {run_size:,} {escape(run_name)} kept {'its' if kept == 1 else 'their'} status</p>"
    extras = [f"{counts[name]:,} {name}" for name in EXTRAS if counts[name]]
    if extras:
        html += "<p>Also " + ", ".join(extras) + " (not counted as triaged)</p>"
    return html


def _papers(count: int) -> str:
    return f"{count:,} paper{'' if count == 1 else 's'}"


def _tag_set(names: Sequence[str]) -> list[str]:
    return sorted(map(str.casefold, names))
