"""The library window: its pages (library, triage, statistics), the controllers that work for them, and the commands.

All library work goes through ``TaskRunner``: writes on its writer thread,
queries on its reader thread, results back as callbacks on the GUI thread. The
controllers (``readinglist.gui.controllers``) do the work and say what changed
with signals: ``PaperListController`` fetches lists and counts,
``OperationsController`` makes every change an undo step, ``DetailController``
loads the current paper, ``ImportController`` runs imports, ``HubController``
fetches the followed Hub lists and completes papers; ``Pages`` switches
between the library, triage and the statistics. What stays here: building and
wiring the parts, and the command-to-handler map.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QWidget

from readinglist import __version__
from readinglist.core.commands import Command
from readinglist.core.import_reports import FileReport
from readinglist.core.jobs import Jobs, LocalJobs
from readinglist.core.models import ReadStatus
from readinglist.core.records import PaperRecord, PaperRow
from readinglist.core.services import Library
from readinglist.core.settings import Settings
from readinglist.gui.actions import bind_keys, build_actions, enable_with_paper, list_twin, unbound_key_message
from readinglist.gui.controllers.detail import DetailController
from readinglist.gui.controllers.hub import HubController
from readinglist.gui.controllers.imports import ImportController
from readinglist.gui.controllers.operations import OperationsController
from readinglist.gui.controllers.paper_list import PaperListController
from readinglist.gui.controllers.sidebar_lists import SidebarListsController, papers_named
from readinglist.gui.controllers.view import ViewState
from readinglist.gui.copying import bibtex_text, copy_papers, links_text
from readinglist.gui.dialogs.commands import CheatSheet, CommandPalette
from readinglist.gui.dialogs.completion_summary import CompletionSummaryDialog
from readinglist.gui.dialogs.import_summary import ImportSummaryDialog
from readinglist.gui.drops import DropCatcher
from readinglist.gui.exporting import choose_export
from readinglist.gui.hub_wiring import HubWiring
from readinglist.gui.import_dialogs import ask_for_files, ask_for_folder
from readinglist.gui.keyboard_home import KeyboardHome
from readinglist.gui.preferences import Preferences
from readinglist.gui.status_bar import StatusBar, show_beside, show_warning
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.undo import name_undo_steps
from readinglist.gui.views.count_text import CountText
from readinglist.gui.views.cursor_return import CursorReturn
from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.library_page import LibraryPage
from readinglist.gui.views.list_guide import ListGuide
from readinglist.gui.views.pages import Pages
from readinglist.gui.views.selection_summary import SelectionSummary, show_for_selections
from readinglist.gui.views.sidebar_menu import SidebarMenu
from readinglist.gui.views.stats import StatisticsView
from readinglist.gui.views.table_menus import RowMenu
from readinglist.gui.views.triage import TriageView
from readinglist.gui.window_state import WindowState, restore_geometry


class MainWindow(QMainWindow):
    """The main window over one open library."""

    list_loaded = Signal(int)  # rows now shown (after a list change, a search or an import)
    import_finished = Signal(list)  # the FileReports of a finished import
    fetch_finished = Signal(object)  # the FetchReport of a finished fetch from the Hub
    completion_finished = Signal(object)  # the CompletionReport of a finished completion from the Hub
    counts_updated = Signal()

    def __init__(self, library: Library, jobs: Jobs | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.jobs: Jobs = jobs if jobs is not None else LocalJobs(library)  # long work: imports, indexing
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"readinglist — {library.folder}")
        self.window_state = WindowState(library.folder)
        self.tasks = TaskRunner(self._show_error, self)
        self.preferences = Preferences(self, library.folder)
        self.papers = PaperListController(library, self.tasks, self)
        self.summary = ImportSummaryDialog(self)
        self._build_pages()
        view = ViewState(
            self.current_paper_id,
            lambda: self.pages.in_triage,
            self.page.searching,
            lambda: self.papers.where,
            title_of=self._title_on_screen,
            undo_keys=self.undo_keys,
        )
        self.operations = OperationsController(library, self.jobs, self.tasks, view, self)
        self.operations.auto_advance = self.preferences.settings.auto_advance
        self.undo_stack = self.operations.undo_stack
        self.details = DetailController(library, self.tasks, view, lambda: self.papers.terms, self)
        self.imports = ImportController(self.jobs, self.tasks, self)
        self.watch_folder, self.import_paths = self.imports.watch_folder, self.imports.import_paths
        self.status_bar = StatusBar(self.tasks, self.summary, self)
        self.setStatusBar(self.status_bar)
        self.count_label, self.details_button = self.status_bar.count_label, self.status_bar.details_button
        self.lists = SidebarListsController(library, self.jobs, self.tasks, self.papers, self.page.reload_list, self)
        self.hub = HubController(library, self.jobs, self.tasks, self._start_work_done, self)
        self.completion_summary = CompletionSummaryDialog(self)
        self.sidebar_menu = SidebarMenu(self.sidebar, self.sidebar_model, self.lists, self.status_bar.showMessage)
        self._connect()
        self.hub_wiring = HubWiring(self)
        keymap = self.preferences.keymap
        self.actions_by_id = build_actions(self, keymap.commands, self._handlers(), (self.table, self.triage))
        self.list_guide = ListGuide(self.page, self.keys_of)  # "in Inbox" by the search; the empty table's words
        self.row_menu = RowMenu(self.table, self.actions_by_id)  # right-click, Menu key: the paper actions
        self.selection_summary = SelectionSummary(self.actions_by_id, self.page)  # in the pane's place for 2+ papers
        show_for_selections(self.page.detail_stack, self.detail, self.selection_summary, self.table)
        self.selection_summary.tags.applied.connect(lambda names: self.operations.add_tags(self.selected_ids(), names))
        self.selection_summary.tags.leave_requested.connect(self.focus_list)
        name_undo_steps(self.undo_stack, self.actions_by_id["edit.undo"], self.actions_by_id["edit.redo"])
        self.command_palette = CommandPalette(keymap.commands, self.actions_by_id, self)
        self.cheat_sheet = CheatSheet(keymap.commands, self.actions_by_id, self)
        self._keys_act_on_papers(keymap.commands)
        self.triage.use_commands(keymap.commands)
        self.watch_folder.set_folder(self.preferences.settings.watch_folder)
        self.preferences.use_theme()
        self._restore_state()
        self.setAcceptDrops(True)
        self.drops = DropCatcher(self, self.imports.drop)
        self.drops.install()
        self.papers.refresh_counts()
        self.page.reload_list(select_first=True, keep=self.page.start_paper, now=True)  # as the last run left it
        self.focus_list()  # the keys act from the first press, however the window was opened
        self.hub.start(self.preferences.settings)  # catching up (if on) waits for the start-up work
        if self.preferences.problems:
            self.preferences.report_problems(self)

    # -- building -----------------------------------------------------------

    def _build_pages(self) -> None:
        library, tasks = self.library, self.tasks
        rows = lambda ids, deliver: tasks.read(lambda: library.rows(ids), deliver)  # noqa: E731
        self.page = LibraryPage(self.papers, rows, lambda: self.pages.current_paper_id(), self)
        # The parts' names that the app, the tests and the benchmarks use.
        self.splitter, self.sidebar, self.sidebar_model = self.page, self.page.sidebar, self.page.sidebar_model
        self.search, self.search_error, self.table = self.page.search, self.page.search_error, self.page.table
        self.model, self.detail, self.show_paper = self.page.model, self.page.detail, self.page.show_paper
        self.triage = TriageView(
            self._load_triage_paper,
            # Through the writer's queue, so the rows come after every decision of the run has landed.
            lambda ids, deliver: tasks.write(lambda: library.rows(ids), deliver),
            self,
        )
        self.statistics = StatisticsView(lambda deliver: tasks.read(library.stats, deliver), self)
        self.pages = Pages(self.page, self.triage, self.statistics, self)
        self.setCentralWidget(self.pages)
        self.current_paper_id, self.selected_ids = self.pages.current_paper_id, self.pages.selected_ids
        self.focus_list, self.move_current = self.pages.focus_list, self.pages.move_current
        self.leave_triage = self.pages.leave_triage

    def _load_triage_paper(self, paper_id: int, deliver: Callable[[PaperRecord], None]) -> None:
        """Triage's paper, read in the background; one gone meanwhile (its import removed) delivers nothing."""

        def found(records: list[PaperRecord]) -> None:
            if records:
                deliver(records[0])

        self.tasks.read(lambda: self.library.records([paper_id]), found)

    def _connect(self) -> None:
        """Wire what the pages ask for to the controllers, and what the controllers say to the pages."""
        say = self.statusBar().showMessage
        page, triage, operations = self.page, self.triage, self.operations
        page.list_loaded.connect(self.list_loaded)
        page.counts_updated.connect(self.counts_updated)
        self.counts_updated.connect(self.statistics.papers_changed)  # after every change, undo and import
        page.current_paper_changed.connect(self._current_changed)
        self.count_text = CountText(self.pages, self.statistics, self.count_label.setText, self)
        page.count_text_changed.connect(self.count_text.library_says)  # the statistics show their own count
        page.leave_requested.connect(self.focus_list)
        for pane in (self.detail, triage.pane):
            pane.tags_edited.connect(self._set_tags)
            pane.note_edited.connect(operations.set_note)
            pane.link_refused.connect(lambda url: say(f"Not opened: {url[:80]} (only http and https links open)", 6000))
        triage.pane.leave_requested.connect(self.focus_list)
        self.pages.triage_left.connect(self._back_from_triage)
        operations.rows_changed.connect(self.model.refresh)
        operations.detail_stale.connect(self.details.load)
        operations.list_stale.connect(page.reload_list)
        operations.counts_changed.connect(self.papers.refresh_counts)
        operations.triage_changes.connect(triage.note_changes)
        operations.taken_out.connect(lambda _ids: page.drop_rows(page.selected_rows()))
        operations.advance.connect(lambda: self.move_current(1))
        operations.triage_decided.connect(triage.decided)
        operations.back_in_triage.connect(triage.go_to)
        self.details.paper_loaded.connect(self.detail.show_paper)
        self.details.similar_loaded.connect(self.detail.show_similar)
        self.imports.started.connect(page.import_started)
        self.imports.papers_arrived.connect(page.reload_list)
        self.imports.finished.connect(self._import_finished)
        self.imports.papers_arrived.connect(self.papers.refresh_counts)  # the sidebar counts rise with the rows
        self.summary.finished.connect(lambda _result: self.back_from_dialog())  # Esc: the keyboard to the list
        self.summary.close_on_escape_from(self.table)
        self.preferences.applied.connect(self._settings_applied)
        for controller in (operations, self.details, self.imports, self.preferences, self.pages):
            controller.message.connect(say)
        self.lists.message.connect(say)
        self.lists.changed.connect(self.papers.refresh_counts)
        operations.back_from_trash.connect(lambda ids: page.reload_list(keep=ids[0]))  # undo of Remove: it is current
        page.pending_drops = operations.leaving  # a list read before they landed must not bring their rows back
        self.cursor_return = CursorReturn(page, self)  # undo and redo: the cursor back on their papers
        operations.returned.connect(self.cursor_return.go_back)
        self.cursor_return.message.connect(say)

    def _keys_act_on_papers(self, commands: Sequence[Command]) -> None:
        """Letters never move the list; the Paper menu waits for a paper; the keyboard comes back after menus."""
        self.keyboard_home = KeyboardHome(self, self.focus_list, (self.command_palette, self.cheat_sheet))
        changes = (self.page.current_paper_changed, self.pages.currentChanged, self.triage.pages.currentChanged)
        enable_with_paper(self.actions_by_id, commands, self._has_paper_to_act_on, changes)
        self.table.unbound_key.connect(
            lambda key: self.statusBar().showMessage(unbound_key_message(key, self.preferences.keymap.commands), 4000)
        )

    def _has_paper_to_act_on(self) -> bool:
        """In triage, unless its summary is shown (asked as the page switches, before the run starts);
        in the library (and behind the statistics), when the table has a current paper."""
        if self.pages.in_triage:
            return self.triage.pages.currentIndex() == 0
        return self.page.current_paper_id() is not None

    def _handlers(self) -> dict[str, Callable[[], object]]:
        status = lambda value: self.operations.set_status(self.selected_ids(), value)  # noqa: E731
        return {
            "file.import": lambda: ask_for_files(self, self.imports.import_paths),
            "file.import_folder": lambda: ask_for_folder(self, self.imports.import_paths),
            "file.paste": lambda: self.imports.paste(QGuiApplication.clipboard().mimeData()),
            "file.export": self.choose_export,
            "file.remove_batch": self.remove_chosen_batch,
            "file.empty_trash": self.sidebar_menu.ask_empty_trash,
            "file.reindex": self.operations.rebuild_index,
            "hub.fetch": self.hub.fetch_now,
            "hub.complete_all": self.hub.complete_all,
            "hub.complete": lambda: self.hub.complete(self.selected_ids()),
            "file.quit": self.close,
            "edit.undo": self.operations.undo,
            "edit.redo": self.operations.redo,
            "edit.find": self.page.focus_search,
            "edit.search_all": lambda: self.list_guide.search_all(),
            "edit.save_search": lambda: self.sidebar_menu.ask_save_search(self.search.text()),
            "edit.settings": lambda: self.preferences.open_dialog(
                self, self.back_from_dialog, self.hub.followed_pairs()
            ),
            "edit.cancel_task": self.tasks.cancel,
            "view.next": lambda: self.move_current(1),
            "view.previous": lambda: self.move_current(-1),
            "view.focus_list": self.focus_list,
            "view.focus_sidebar": lambda: self.sidebar.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "view.note_preview": lambda: self.pages.pane().set_preview(
                not self.pages.pane().preview_button.isChecked()
            ),
            "view.triage": self._toggle_triage,
            "view.statistics": self.pages.toggle_statistics,
            "paper.queue": lambda: status(ReadStatus.QUEUED),
            "paper.reading": lambda: status(ReadStatus.READING),
            "paper.read": lambda: status(ReadStatus.READ),
            "paper.dismiss": lambda: status(ReadStatus.DISMISSED),
            "paper.unmark": lambda: status(ReadStatus.NEW),
            "paper.star": lambda: self.operations.toggle_star(self.selected_ids()),
            "paper.tag": lambda: self._tag_target().focus_tags(),
            "paper.note": lambda: self.pages.pane().focus_note(),
            "paper.open": self.details.open_in_browser,
            "paper.copy_link": lambda: self.copy_selected(links_text),
            "paper.copy_bibtex": lambda: self.copy_selected(bibtex_text),
            "paper.remove": self.remove_selected,
            "paper.restore": lambda: self.operations.put_back(self.selected_ids()),
            "help.palette": lambda: self.command_palette.open_palette(),
            "help.cheatsheet": lambda: self.cheat_sheet.show(),
            "help.about": self.show_about,
        }

    # -- the papers on screen -------------------------------------------------

    def show_rows_read(self, rows: Sequence[PaperRow]) -> None:
        """Rows of the list shown that the start-up window already read: shown without reading them again."""
        self.model._arrived(list(rows))  # the model's own delivery of rows read (start-up: see gui.startup)

    def _current_changed(self, paper_id: int | None) -> None:
        if not self.pages.in_triage:  # the detail pane is hidden; leaving triage fills it
            self.details.follow(paper_id)

    def _set_tags(self, paper_id: int, names: list[str]) -> None:
        self.operations.set_tags(paper_id, names)
        self.focus_list()

    def remove_chosen_batch(self) -> None:
        """Remove the import chosen in the sidebar (undoable until the app closes)."""
        self.operations.remove_import(self.papers.where.batch_id, self.sidebar.currentIndex().data(), self.undo_keys())

    def remove_selected(self) -> None:
        """Move the selected papers to the Trash as one undo step, saying how to undo it."""
        ids = self.selected_ids()
        self.operations.trash(ids, papers_named(ids, self._title_on_screen), self.undo_keys())

    def undo_keys(self) -> str:
        """The key that undoes, as bound now: "Z" in the list, else the menu's keys."""
        twin = list_twin(self, "edit.undo")
        keys = twin.shortcut() if twin is not None and not twin.shortcut().isEmpty() else None
        keys = keys or self.actions_by_id["edit.undo"].shortcut()
        return keys.toString(QKeySequence.SequenceFormat.NativeText)

    def _tag_target(self) -> DetailPane | SelectionSummary:
        """Where T types tags: the summary of a multi-selection (added to each paper), else the pane shown."""
        return self.selection_summary if self.selection_summary.isVisible() else self.pages.pane()

    def _title_on_screen(self, paper_id: int) -> str | None:
        """The title the table shows for ``paper_id`` (None when its row is not there)."""
        row = self.model.row_of(paper_id)
        shown = None if row is None else self.model.row_data(row)  # None too while its row is on its way
        return None if shown is None else shown.title

    def copy_selected(self, as_text: Callable[[Sequence[PaperRecord]], tuple[str, str]]) -> None:
        """Put the selected papers on the clipboard as ``as_text`` writes them (links, BibTeX)."""
        copy_papers(self.library, self.tasks, self.selected_ids(), as_text, self.statusBar().showMessage)

    def choose_export(self) -> None:
        """Export the papers of the current list (or the selection) to a file."""

        def ids() -> list[int]:  # asked once the file is chosen
            selected = self.selected_ids()
            return selected if len(selected) > 1 else self.model.ids()

        # A search's whole list, not only its best matches: the file is asked for once the rest has arrived.
        self.page.when_whole(
            lambda: choose_export(self, self.library, self.tasks, ids, self.statusBar().showMessage, self._show_error)
        )

    def _toggle_triage(self) -> None:
        """Start (or leave) triage; started while a search's whole list is on its way, it takes the best matches."""
        first_page = self.page.first_page and not self.pages.in_triage and len(self.page.selected_rows()) < 2
        self.pages.toggle_triage()
        if first_page and self.pages.in_triage:
            best = self.model.rowCount()
            self.statusBar().showMessage(f"Triage of the best {best:,} results: the rest had not arrived yet", 10000)

    @property
    def in_triage(self) -> bool:
        """True while the triage view (a paper or its summary) replaces the library."""
        return self.pages.in_triage

    def _back_from_triage(self, last: int | None) -> None:
        """Show the list as triage left it, ``last`` (triage's last paper) current."""
        self.details.forget()
        self.page.reload_list(keep=last)
        self.papers.refresh_counts()

    # -- importing ---------------------------------------------------------------

    def receive_files(self, files: Sequence[Path]) -> None:
        """Files handed over by a later launch ("Open with readinglist"): come to the front and import them."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if files:
            self.imports.import_paths(files)

    def _import_finished(self, reports: list[FileReport], show_summary: bool) -> None:
        """Bring the list, the counts and the import details up to date after an import."""
        self.details.forget()  # the current paper may have been merged with new sightings
        self.page.reload_after_import()
        self.papers.refresh_counts()
        self.summary.set_reports(reports)
        self.details_button.show()
        self.import_finished.emit(reports)
        if show_summary:  # something failed (or was skipped): the details open by themselves
            show_beside(self, self.summary)

    def rebuild_pending_index(self) -> None:
        """Index, in the background, the papers still marked "to index" (e.g. after a crash)."""
        self.operations.index_pending_papers()

    # -- settings and small things -------------------------------------------------------

    def keys_of(self, command_id: str) -> str:
        """The keys of a command as bound now ("Ctrl+V"; "" when it has none), for words that name them."""
        action = self.actions_by_id.get(command_id)
        return action.shortcut().toString(QKeySequence.SequenceFormat.NativeText) if action is not None else ""

    def _settings_applied(self, settings: Settings) -> None:
        """Put the settings just saved to work: auto-advance, the keys, the watch folder."""
        commands = self.preferences.keymap.commands
        self.operations.auto_advance = settings.auto_advance
        bind_keys(self, commands, self.actions_by_id, (self.table, self.triage))
        self.command_palette.set_commands(commands)
        self.cheat_sheet.set_commands(commands)
        self.triage.use_commands(commands)
        self.watch_folder.set_folder(settings.watch_folder)
        self.hub.use_settings(settings)
        self.list_guide.update()  # its words name the keys

    def back_from_dialog(self) -> None:
        """Give the keyboard back to the papers (some platforms leave no window active)."""
        self.activateWindow()
        self.focus_list()

    def show_about(self) -> None:
        """Version and where the library lives."""
        QMessageBox.about(self, "About readinglist", f"readinglist {__version__}\n\nLibrary: {self.library.folder}")
        self.back_from_dialog()  # the box ran its own loop: the keyboard goes back to the papers

    def _show_error(self, message: str, details: str) -> None:
        show_warning(self, "readinglist", message, details)

    @property
    def settled(self) -> bool:
        """No background work running or waiting (the index has every change): for tests and benchmarks."""
        return self._start_work_done() and not self.hub.waiting_to_start

    def _start_work_done(self) -> bool:
        """No background work running or waiting, a catch-up at start aside (it waits for this)."""
        return self.tasks.idle and not self.operations.index_pending and not self.papers.whole_list_due

    # -- window state ------------------------------------------------------------------

    def _restore_state(self) -> None:
        saved = self.window_state.load()
        restore_geometry(self, saved.geometry)
        self.page.restore(saved)

    def save_state(self) -> None:
        """Remember geometry, splitters, columns, sort and the chosen list."""
        self.window_state.save(self.page.saved_state(self.saveGeometry()))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the pending notes and the window state, finish queued writes, then close."""
        self.detail.flush()
        self.triage.pane.flush()
        self.operations.index_now()  # the writer finishes it before the app ends
        self.save_state()
        self.drops.remove()
        self.tasks.shutdown()
        self.jobs.close()  # the worker process ends with its window
        super().closeEvent(event)
