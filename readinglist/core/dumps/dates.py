"""Dates as paper cards show them: reading `Mar 12, 2024` lines and inferring a missing year.

Pure functions of strings, like `fields.py`; a card's date line may carry the comment
count the page glues after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# An explicit English table instead of strptime's %b: %b follows the process locale,
# and Qt switches it to the user's at start-up, so "Mar" would stop parsing on a
# German desktop. (datetime.date then validates the day.)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}

_DATE_LINE_RE = re.compile(
    r"^(?:published\s+on\s+)?"
    r"(?P<shown>(?P<month>[A-Za-z]{3,9})\.?\s+(?P<day>\d{1,2})"
    r"(?:,\s*(?P<year>\d{4})|\s+(?P<bare_year>(?:19|20)\d\d))?)"
    r"(?:\s+(?P<comments>\d{1,6}))?$",
    re.IGNORECASE,
)
_WEEK_RE = re.compile(r"^week\s+\d{1,2}(?:,?\s+\d{4})?$", re.IGNORECASE)
_MONTH_YEAR_RE = re.compile(r"^(?P<month>[A-Za-z]{3,9})\.?\s+\d{4}$")


@dataclass(frozen=True)
class DateLine:
    """A date as a card shows it, with the comment count the page may glue after it."""

    shown: str  # e.g. "Oct 4, 2022", without "Published on" and without the count
    month: int
    day: int
    year: int | None
    comments: int | None


def parse_date_line(text: str) -> DateLine | None:
    """Read `Oct 4, 2022`, `Mar 12`, `Sep 29, 2024 2`, `Published on Mar 3, 2025`."""
    match = _DATE_LINE_RE.match(text.strip())
    if match is None:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    day = int(match["day"])
    shown_year = match["year"] or match["bare_year"]
    year = int(shown_year) if shown_year else None
    # The day is checked against a leap year whatever year is shown: "Feb 29, 2023" and
    # "Jan 1, 0000" are still the card's date line (so not a title), their date is dropped
    # by `resolve_date`.
    try:
        date(2000, month, day)
    except ValueError:
        return None
    comments = int(match["comments"]) if match["comments"] else None
    return DateLine(match["shown"], month, day, year, comments)


def latest_date_not_after(month: int, day: int, limit: date) -> date:
    """The latest `month`/`day` that is not after `limit` (the year-inference rule)."""
    for year in range(limit.year, max(limit.year - 9, 0), -1):
        try:
            candidate = date(year, month, day)
        except ValueError:  # Feb 29 outside a leap year: look further back
            continue
        if candidate <= limit:
            return candidate
    return date(2000, 2, 29) if (month, day) == (2, 29) else date(2000, month, day)  # unreachable for real dates


def calendar_date(line: DateLine) -> date | None:
    """The date a line shows with its year, or None if there is no such day (`Feb 29, 2023`)."""
    if line.year is None:
        return None
    try:
        return date(line.year, line.month, line.day)
    except ValueError:  # year 0, or Feb 29 outside a leap year
        return None


def resolve_date(line: DateLine, dump_date: date) -> tuple[date | None, bool]:
    """The calendar date of `line` (None when there is no such day) and whether its year was inferred."""
    if line.year is not None:
        return calendar_date(line), False
    return latest_date_not_after(line.month, line.day, dump_date), True


def dump_date(list_date_text: str | None, reference_date: date) -> date:
    """The date a dump was taken: the header list date if it is a day, else `reference_date`."""
    line = parse_date_line(list_date_text) if list_date_text else None
    if line is None or line.comments is not None:
        return reference_date
    if line.year is not None:
        return calendar_date(line) or reference_date
    return latest_date_not_after(line.month, line.day, reference_date)


def is_list_date(text: str) -> bool:
    """Whether `text` can be the list date of a page header (`Mar 17`, `Week 11, 2025`)."""
    line = parse_date_line(text)
    if line is not None:
        return line.comments is None
    stripped = text.strip()
    month_year = _MONTH_YEAR_RE.match(stripped)
    return bool(_WEEK_RE.match(stripped)) or (month_year is not None and month_year["month"].lower() in _MONTHS)
