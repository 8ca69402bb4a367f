"""Looking after the database file: repair, backups, restore."""

from __future__ import annotations

import click

from readinglist.cli.context import fail
from readinglist.cli.group import Context, pass_context
from readinglist.core import care


@click.command("repair")
@pass_context
def repair_command(obj: Context) -> None:
    """Recover a damaged library database.

    Makes a recovered copy (SQLite's .recover), keeps the damaged file beside
    it as library.damaged-TIME.sqlite3 (never deleted), puts the copy in its
    place and rebuilds the search index.
    """
    try:
        report = care.repair(obj.library_dir)
    except care.CareError as error:
        fail(str(error))
    if report is None:
        click.echo("the library database is sound (quick_check: ok); nothing to repair")
        return
    before = "unknown" if report.papers_before is None else str(report.papers_before)
    click.echo(f"recovered with {report.method}: {report.papers} papers (the damaged file counted {before})")
    if report.orphans_dropped:
        click.echo(f"dropped {report.orphans_dropped} row(s) that pointed at rows that could not be recovered")
    if report.lost_and_found:
        click.echo(f"{report.lost_and_found} row(s) could not be placed; they are in the table lost_and_found")
    click.echo(f"the damaged database is kept as {report.damaged_copy}")
    click.echo(f"indexed {report.indexed} paper(s)")


@click.command("backups")
@pass_context
def backups_command(obj: Context) -> None:
    """List the library's backups (one is taken each day the window opens), newest first."""
    found = care.list_backups(obj.library_dir)
    if not found:
        click.echo(f"no backups in {care.backups_dir(obj.library_dir)}")
        return
    for backup in found:
        papers = "unreadable" if backup.papers is None else f"{backup.papers} papers"
        note = f"  ({backup.note})" if backup.note else ""
        size = f"{backup.size / 1_000_000:.1f} MB"
        click.echo(f"{backup.path.name}  {backup.taken:%Y-%m-%d %H:%M}  {size:>9}  {papers}{note}")


@click.command("restore")
@click.argument("backup")
@pass_context
def restore_command(obj: Context, backup: str) -> None:
    """Put BACKUP (a name from `readinglist backups`, or a path) back as the library.

    The current database is copied into backups/ first, so a restore can itself be undone.
    """
    try:
        report = care.restore(obj.library_dir, care.find_backup(obj.library_dir, backup))
    except care.CareError as error:
        fail(str(error))
    if report.previous_copy is not None:
        click.echo(f"the library as it was is kept as {report.previous_copy}")
    click.echo(f"restored {report.restored.name}: {report.papers} papers")
