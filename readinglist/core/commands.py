"""Every user action, declared once: id, title, default keys, menu and where its keys act.

Menus, the command palette, the cheat sheet and the key map are all generated
from ``COMMANDS``; front ends attach the handlers. Keys use Qt's portable
key-sequence text ("Ctrl+Q", "Shift+Z", "/") but nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum


class Scope(StrEnum):
    """Where a command's keys act."""

    WINDOW = "window"  # anywhere in the main window
    LIST = "list"  # only while the paper list has focus, so letters still type in text fields


@dataclass(frozen=True)
class Command:
    """One action a person can take."""

    id: str
    title: str
    menu: str  # "File", "Edit", "View", "Paper" (acts on the current paper: disabled when none) or "Help"
    keys: tuple[str, ...] = ()
    scope: Scope = Scope.WINDOW
    description: str = ""
    list_keys: tuple[str, ...] = ()  # extra keys that act only in the paper list (single letters)

    @property
    def name(self) -> str:
        """The title as a sentence names the command: "Dismiss", "Settings" (no mnemonic ``&``, no "…")."""
        return self.title.replace("&&", "\0").replace("&", "").replace("\0", "&").removesuffix("…")


COMMANDS: tuple[Command, ...] = (
    Command("file.import", "&Import Files…", "File", ("Ctrl+O",), description="Import page dumps from files"),
    Command(
        "file.import_folder", "Import &Folder…", "File", ("Ctrl+Shift+O",), description="Import every dump in a folder"
    ),
    Command("file.paste", "&Paste as Import", "File", ("Ctrl+V",), description="Import page text from the clipboard"),
    Command("file.export", "&Export…", "File", ("Ctrl+E",), description="Export the papers in the list"),
    Command(
        "file.remove_batch",
        "&Remove Import",
        "File",
        description="Remove the import chosen in the sidebar and the untouched papers only it brought",
    ),
    Command(
        "file.empty_trash",
        "Empty &Trash…",
        "File",
        description="Delete the papers in the Trash for good (asks first; cannot be undone)",
    ),
    Command(
        "hub.fetch",
        "Fetch &Now",
        "File",
        ("F5",),
        description="Fetch what the followed Hub lists published since the last fetch",
    ),
    Command(
        "hub.complete_all",
        "Complete &All Papers Without arXiv Id",
        "File",
        description="Look every paper without an arXiv id up on the Hub by its exact title and fill what it lacks",
    ),
    Command("file.reindex", "Rebuild Search &Index", "File", description="Rebuild the search index from the library"),
    Command("file.quit", "&Quit", "File", ("Ctrl+Q",), description="Save pending edits and quit"),
    Command("edit.undo", "&Undo", "Edit", ("Ctrl+Z",), description="Undo the last change", list_keys=("Z",)),
    Command(
        "edit.redo", "&Redo", "Edit", ("Ctrl+Shift+Z",), description="Redo what was undone", list_keys=("Shift+Z",)
    ),
    Command("edit.find", "&Search", "Edit", ("/", "Ctrl+F"), description="Focus the search field"),
    Command(
        "edit.search_all",
        "Search &All Papers",
        "Edit",
        ("Ctrl+Shift+F",),
        description="Search (or show) all papers, not only the list chosen in the sidebar",
    ),
    Command(
        "edit.save_search",
        "Save Searc&h…",
        "Edit",
        ("Ctrl+S",),
        description="Keep the search as a list in the sidebar, with its count",
    ),
    Command("edit.settings", "Se&ttings…", "Edit", ("Ctrl+,",), description="Library folder, triage and keys"),
    Command(
        "edit.cancel_task",
        "&Cancel Import",
        "Edit",
        description="Stop the running import, indexing, fetch or completion (what is done stays)",
    ),
    Command("view.next", "&Next Paper", "View", ("J",), Scope.LIST, "Move to the next paper"),
    Command("view.previous", "P&revious Paper", "View", ("K",), Scope.LIST, "Move to the previous paper"),
    Command("view.focus_list", "Focus &List", "View", ("Ctrl+L",), description="Move keyboard focus to the papers"),
    Command("view.focus_sidebar", "Focus Si&debar", "View", ("Ctrl+1",), description="Move focus to the lists"),
    Command(
        "view.triage", "Start &Triage", "View", ("Ctrl+Shift+T",), description="Decide on the list one paper at a time"
    ),
    Command("view.note_preview", "Note &Preview", "View", ("Ctrl+Shift+P",), description="Show the note rendered"),
    Command(
        "view.statistics",
        "&Statistics",
        "View",
        ("Ctrl+Shift+S",),
        description="Reading statistics: statuses, reads per week, backlog, top tags; again to go back",
    ),
    Command("paper.queue", "&Queue", "Paper", ("Q",), Scope.LIST, "Mark as queued: want to read"),
    Command("paper.reading", "Readin&g", "Paper", ("P",), Scope.LIST, "Mark as reading: in progress"),
    Command("paper.read", "&Read", "Paper", ("R",), Scope.LIST, "Mark as read"),
    Command("paper.dismiss", "&Dismiss", "Paper", ("D",), Scope.LIST, "Mark as dismissed"),
    Command("paper.unmark", "Back to &New", "Paper", ("U",), Scope.LIST, "Mark as new (untriaged)"),
    Command("paper.star", "&Star", "Paper", ("S",), Scope.LIST, "Toggle the star"),
    Command("paper.tag", "&Tag…", "Paper", ("T",), Scope.LIST, "Edit the tags of the selected papers"),
    Command("paper.note", "&Note", "Paper", ("N",), Scope.LIST, "Write the paper's note"),
    Command(
        "paper.open",
        "&Open in Browser",
        "Paper",
        ("O",),
        Scope.LIST,
        "Open the paper's Hub page (a Hub search for its title when its arXiv id is not known)",
    ),
    Command(
        "hub.complete",
        "Complete from the &Hub",
        "Paper",
        (),
        Scope.LIST,
        "Look the selected papers up on the Hub by exact title and fill what they lack (one undo step)",
    ),
    # List scope: the search field and the note keep their own copy keys; the list and triage copy papers.
    Command("paper.copy_link", "Copy &Link", "Paper", ("Ctrl+Shift+C",), Scope.LIST, "Copy the papers' web links"),
    Command("paper.copy_bibtex", "Copy as &BibTeX", "Paper", (), Scope.LIST, "Copy the papers as BibTeX entries"),
    Command("paper.remove", "&Remove", "Paper", ("Delete",), Scope.LIST, "Move to the Trash (undo puts it back)"),
    Command("paper.restore", "Put &Back", "Paper", (), Scope.LIST, "Put the papers in the Trash back in their lists"),
    Command("help.palette", "Command &Palette…", "Help", ("Ctrl+K",), description="Find and run any command"),
    Command(
        "help.cheatsheet",
        "&Keyboard Shortcuts",
        "Help",
        ("F1",),
        description="Every command and its keys",
        list_keys=("?",),
    ),
    Command("help.about", "&About readinglist", "Help", description="Version and library folder"),
)

MENUS = ("File", "Edit", "View", "Paper", "Help")


def key_conflicts(commands: Sequence[Command] = COMMANDS) -> list[tuple[str, str, str]]:
    """(key, first id, second id) for every key that two commands share in one scope.

    A window-wide key also collides with a list key, since the list is inside the window.
    """
    seen: dict[str, tuple[str, Scope]] = {}
    conflicts = []
    for cmd in commands:
        scoped = [(key, cmd.scope) for key in cmd.keys] + [(key, Scope.LIST) for key in cmd.list_keys]
        for key, scope in scoped:
            normal = key.casefold()
            if normal in seen:
                other_id, other_scope = seen[normal]
                if other_id != cmd.id and (Scope.WINDOW in (other_scope, scope) or other_scope == scope):
                    conflicts.append((key, other_id, cmd.id))
            else:
                seen[normal] = (cmd.id, scope)
    return conflicts
