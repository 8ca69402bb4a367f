"""The library window: sidebar | paper table | detail pane, with search and a status bar.

All library work goes through ``TaskRunner``: writes on its writer thread,
queries that can take a while (lists, searches, counts) on its reader thread.
Results come back as callbacks on the GUI thread.

The window is composed of controllers (``readinglist.gui.controllers``) that do
the work and announce it with signals: ``PaperListController`` fetches the list,
the search and the sidebar's counts (dropping superseded answers), and
``ImportController`` runs every kind of import. ``WindowState`` keeps
``window.ini``. What stays here: the widgets and pages, the command-to-handler
map, and what the controllers' signals change on screen.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDropEvent, QGuiApplication, QKeyEvent, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readinglist import __version__, paths
from readinglist.core import export
from readinglist.core.commands import Command
from readinglist.core.importing import FileReport
from readinglist.core.keymap import Keymap, keymap_for
from readinglist.core.models import ReadStatus
from readinglist.core.records import Changes, PaperRecord
from readinglist.core.services import Library
from readinglist.core.settings import Settings, load_settings, save_settings
from readinglist.gui.actions import bind_keys, build_actions
from readinglist.gui.controllers.imports import ImportController
from readinglist.gui.controllers.paper_list import ListResult, PaperListController
from readinglist.gui.dialogs.commands import CheatSheet, CommandPalette
from readinglist.gui.dialogs.import_summary import ImportSummaryDialog
from readinglist.gui.dialogs.settings import SettingsDialog
from readinglist.gui.mime import local_files, offers_import
from readinglist.gui.models.paper_table import COLUMNS, TITLE_COLUMN, PaperTableModel
from readinglist.gui.models.sidebar import (
    DEFAULT_KEY,
    FilterRole,
    KeyRole,
    SidebarCounts,
    SidebarModel,
)
from readinglist.gui.tasks import TaskRunner
from readinglist.gui.theme import apply_theme
from readinglist.gui.undo import ChangeCommand
from readinglist.gui.views.detail import DetailPane
from readinglist.gui.views.papers import PaperTableView
from readinglist.gui.views.stats import StatisticsView
from readinglist.gui.views.triage import TriageView
from readinglist.gui.window_state import SavedState, WindowState

SEARCH_DELAY_MS = 200
INDEX_DELAY_MS = 400  # changes are indexed in one go once the keys pause this long
SIMILAR_DELAY_MS = 250  # similar papers are looked up once the cursor rests this long
COLUMN_WIDTHS = (28, 440, 80, 120, 90, 64, 120, 64, 76, 120)  # until the user resizes them
TRIAGE_HINTS = (
    *("paper.queue", "paper.reading", "paper.read", "paper.dismiss", "paper.unmark", "paper.star"),
    *("paper.tag", "paper.note", "view.next", "view.previous", "edit.undo"),
)


class SearchField(QLineEdit):
    """The query field: Esc clears it and hands focus back to the list; Down or Enter goes to the results."""

    escape_pressed = Signal()
    results_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            self.escape_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.results_requested.emit()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    """The main window over one open library."""

    list_loaded = Signal(int)  # rows now shown (after a list change, a search or an import)
    import_finished = Signal(list)  # the FileReports of a finished import
    counts_updated = Signal()

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.setObjectName("MainWindow")
        self.setWindowTitle(f"readinglist — {library.folder}")
        self.window_state = WindowState(library.folder)
        self.tasks = TaskRunner(self._show_error, self)
        self.undo_stack = QUndoStack(self)
        loaded = load_settings(paths.settings_file(), repair=True)
        self.user_settings = loaded.settings
        self.auto_advance = loaded.settings.auto_advance  # after a decision on one paper, the next becomes current
        self.papers = PaperListController(library, self.tasks, self)
        self.papers.loaded.connect(self._show_list)
        self.papers.counts_loaded.connect(self._show_counts)
        self._detail_shows: tuple[int, frozenset[str]] | None = None  # what the detail pane was filled with
        self.summary = ImportSummaryDialog(self)

        self._import_into_empty_list = False  # then the finished import starts at its first row
        self.imports = ImportController(library, self.tasks, self)
        self.imports.started.connect(self._import_started)
        self.imports.papers_arrived.connect(self.reload_list)
        self.imports.finished.connect(self._import_finished)
        self.imports.message.connect(self.statusBar().showMessage)
        self.watch_folder = self.imports.watch_folder
        self._index_soon = _single_shot(self, INDEX_DELAY_MS, self._sync_index)
        self._similar_soon = _single_shot(self, SIMILAR_DELAY_MS, self._show_similar)
        self._taken_out: set[int] = set()  # papers taken out of the list before their change was written
        self._build_widgets()
        keymap = keymap_for(self.user_settings)
        self.commands = keymap.commands
        self.setting_problems = loaded.problems + keymap.problems
        self.actions_by_id = build_actions(self, keymap.commands, self._handlers(), (self.table, self.triage))
        self._name_undo_steps()
        self.command_palette = CommandPalette(keymap.commands, self.actions_by_id, self)
        self.cheat_sheet = CheatSheet(keymap.commands, self.actions_by_id, self)
        self.triage.set_keys_hint(_key_hints(keymap.commands, TRIAGE_HINTS))
        self.settings_dialog: SettingsDialog | None = None
        self.watch_folder.set_folder(self.user_settings.watch_folder)
        apply_theme(_qapp(), self.user_settings.theme)
        self._restore_state()
        self.setAcceptDrops(True)
        _qapp().installEventFilter(self)
        self.refresh_counts()
        self.reload_list(select_first=True, now=True)
        if self.setting_problems:
            self._report_setting_problems()

    # -- building -----------------------------------------------------------

    def _build_widgets(self) -> None:
        self.sidebar_model = SidebarModel(self)
        self.sidebar = QTreeView(self)
        self.sidebar.setModel(self.sidebar_model)
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setRootIsDecorated(False)
        self.sidebar.setAccessibleName("Lists, tags and imports")
        self.sidebar.header().setStretchLastSection(False)
        self.sidebar.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sidebar.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.sidebar.selectionModel().currentChanged.connect(self._sidebar_chosen)
        self.sidebar.expandAll()

        self.search = SearchField(self)
        self.search.setPlaceholderText('Search: words, "phrases", prefix*, OR, -exclude, tag:, status:, year:  (/)')
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self.search.escape_pressed.connect(self.focus_list)
        self.search.results_requested.connect(self.focus_list)
        self.search_error = QLabel(self)
        self.search_error.setStyleSheet("color: palette(highlight);")
        self._search_timer = _single_shot(self, SEARCH_DELAY_MS, lambda: self.reload_list(select_first=True))
        self.search.textChanged.connect(lambda _text: self._search_timer.start())

        self.model = PaperTableModel(
            lambda ids, deliver: self.tasks.read(lambda: self.library.rows(ids), deliver), self
        )
        self.table = PaperTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName("Papers")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setSortIndicatorShown(True)
        header.setSectionResizeMode(TITLE_COLUMN, QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(COLUMN_WIDTHS):
            header.resizeSection(column, width)
        header.sortIndicatorChanged.connect(self._sort_chosen)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)

        self.detail = DetailPane(self)
        self.detail.tags_edited.connect(self._set_tags)
        self.detail.note_edited.connect(self._set_note)
        self.detail.paper_requested.connect(self.show_paper)
        self.detail.leave_requested.connect(self.focus_list)
        self.detail.info.document().setDefaultStyleSheet("b { background-color: #ffe066; color: #000; }")

        center = QWidget(self)
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.search)
        center_layout.addWidget(self.search_error)
        center_layout.addWidget(self.table)
        self.search_error.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([200, 760, 480])

        self.triage = TriageView(
            lambda paper_id, deliver: self.tasks.read(lambda: self.library.get(paper_id), deliver),
            # Through the writer's queue, so the rows come after every decision of the run has landed.
            lambda ids, deliver: self.tasks.write(lambda: self.library.rows(ids), deliver),
            self,
        )
        self.triage.pane.tags_edited.connect(self._set_tags)
        self.triage.pane.note_edited.connect(self._set_note)
        self.triage.pane.leave_requested.connect(self.focus_list)
        self.triage.pane.paper_requested.connect(self._leave_triage_for)
        self.triage.leave_requested.connect(self.leave_triage)
        self.pages = QStackedWidget(self)
        self.statistics = StatisticsView(lambda deliver: self.tasks.read(self.library.stats, deliver), self)
        self.statistics.leave_requested.connect(self.leave_statistics)
        self.counts_updated.connect(self.statistics.papers_changed)  # after every change, undo and import
        self.pages.addWidget(self.splitter)
        self.pages.addWidget(self.triage)
        self.pages.addWidget(self.statistics)
        self.setCentralWidget(self.pages)
        self._build_status_bar()

    def _build_status_bar(self) -> None:
        self.count_label = QLabel(self)
        self.progress = QProgressBar(self)
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.tasks.cancel)
        self.details_button = QPushButton("Import details…", self)
        self.details_button.setFlat(True)
        self.details_button.clicked.connect(self.summary.show)
        self.details_button.hide()
        self.statusBar().addWidget(self.count_label, 1)
        self.statusBar().addPermanentWidget(self.details_button)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        self.tasks.progress.connect(self._show_progress)
        self.tasks.busy_changed.connect(self._busy_changed)

    def _handlers(self) -> dict[str, Callable[[], object]]:
        status = self.set_status_of_selection
        return {
            "file.import": self.choose_files,
            "file.import_folder": self.choose_folder,
            "file.paste": self.paste_import,
            "file.export": self.choose_export,
            "file.remove_batch": self.remove_chosen_batch,
            "file.reindex": self.rebuild_index,
            "file.quit": self.close,
            "edit.undo": self.undo,
            "edit.redo": self.undo_stack.redo,
            "edit.find": self.focus_search,
            "edit.settings": self.open_settings,
            "edit.cancel_task": self.tasks.cancel,
            "view.next": lambda: self.move_current(1),
            "view.previous": lambda: self.move_current(-1),
            "view.focus_list": self.focus_list,
            "view.focus_sidebar": lambda: self.sidebar.setFocus(Qt.FocusReason.ShortcutFocusReason),
            "view.note_preview": lambda: self._pane().set_preview(not self._pane().preview_button.isChecked()),
            "view.triage": self.toggle_triage,
            "view.statistics": self.toggle_statistics,
            "paper.queue": lambda: status(ReadStatus.QUEUED),
            "paper.reading": lambda: status(ReadStatus.READING),
            "paper.read": lambda: status(ReadStatus.READ),
            "paper.dismiss": lambda: status(ReadStatus.DISMISSED),
            "paper.unmark": lambda: status(ReadStatus.NEW),
            "paper.star": self.toggle_star,
            "paper.tag": lambda: self._pane().focus_tags(),
            "paper.note": lambda: self._pane().focus_note(),
            "paper.open": self.open_in_browser,
            "help.palette": lambda: self.command_palette.open_palette(),
            "help.cheatsheet": lambda: self.cheat_sheet.show(),
            "help.about": self.show_about,
        }

    def _show_without_taking_the_keyboard(self, dialog: QWidget) -> None:
        """Show ``dialog`` beside the window, the keyboard staying where it was.

        Some platforms (Qt's offscreen one, X servers without a window
        manager) activate every window shown, whatever WA_ShowWithoutActivating says.
        """
        was_active = self.isActiveWindow()
        dialog.show()
        if was_active:
            self.activateWindow()

    def _report_setting_problems(self) -> None:
        """Say what is wrong with the settings, without blocking the start."""
        self.statusBar().showMessage(f"Settings: {self.setting_problems[0]}", 15000)
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "readinglist: settings",
            "Some settings could not be used:\n\n" + "\n".join(self.setting_problems),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setModal(False)
        box.show()

    def _name_undo_steps(self) -> None:
        """Keep "Undo …" and "Redo …" in the Edit menu named after the step they take."""
        undo, redo = self.actions_by_id["edit.undo"], self.actions_by_id["edit.redo"]
        self.undo_stack.undoTextChanged.connect(lambda text: undo.setText(f"&Undo {text}" if text else "&Undo"))
        self.undo_stack.redoTextChanged.connect(lambda text: redo.setText(f"&Redo {text}" if text else "&Redo"))
        self.undo_stack.canUndoChanged.connect(undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(redo.setEnabled)
        undo.setEnabled(False)
        redo.setEnabled(False)

    # -- the list -------------------------------------------------------------

    def reload_list(self, select_first: bool = False, keep: int | None = None, now: bool = False) -> None:
        """Fetch the ids of the chosen list (or search) off the GUI thread, then show them.

        ``now`` fetches on this thread instead: only for the first list, before the
        window is shown, so that its first paint already has the papers and the
        keys act on them at once.
        """
        if keep is None and not select_first:
            keep = self.current_paper_id()
        keep_row = max(self.table.currentIndex().row(), 0)
        self.papers.reload(self.search.text().strip(), keep, keep_row, now=now)

    def _show_list(self, result: ListResult) -> None:
        self.search_error.setText(result.error)
        self.search_error.setVisible(bool(result.error))
        if result.error:
            return
        ids, keep = result.ids, result.keep
        self.model.set_ids(ids)
        row = self.model.row_of(keep) if keep is not None else 0
        if row is None:  # the paper left this list (e.g. triaged out of the Inbox): its successor takes its place
            row = min(result.keep_row, len(ids) - 1)
        if ids:
            self.table.setCurrentIndex(self.model.index(row, TITLE_COLUMN))
        else:
            self._current_changed(QModelIndex())
        self._update_count_label()
        self.list_loaded.emit(len(ids))

    def _update_count_label(self) -> None:
        rows = self.model.rowCount()
        what = "result" if self._searching() else "paper"
        order = " · by relevance" if self._searching() else ""
        self.count_label.setText(f"{rows:,} {what}{'s' if rows != 1 else ''}{order}")

    def _sidebar_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        where = current.data(FilterRole)
        if where is None:
            return
        self.papers.choose(current.data(KeyRole), where)
        self.reload_list(select_first=True)

    def _sort_chosen(self, column: int, order: Qt.SortOrder) -> None:
        if not self.papers.sort_by_column(column, order == Qt.SortOrder.DescendingOrder):
            self._restore_sort_indicator()  # not sortable: put the indicator back
            return
        self.reload_list()

    def _restore_sort_indicator(self) -> None:
        key, descending = self.papers.sort
        column = next(i for i, c in enumerate(COLUMNS) if c.sort_key == key)
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        header.blockSignals(False)

    def refresh_counts(self) -> None:
        """Recount the sidebar's lists, tags and batches off the GUI thread."""
        self.papers.refresh_counts()

    def _show_counts(self, counts: SidebarCounts) -> None:
        self.sidebar_model.update_counts(counts)
        self.sidebar.expandAll()
        self.detail.set_tag_names([name for name, _count in counts.tags])
        if self.sidebar.currentIndex().data(KeyRole) != self.papers.list_key:
            self._select_sidebar_key(self.papers.list_key)
        self.counts_updated.emit()

    def _select_sidebar_key(self, key: str, keep: int | None = None) -> None:
        """Mark ``key`` as the chosen list (the default list if it is gone) and show it.

        ``keep``: the paper to make current; the list is then loaded even if unchanged.
        """
        index = self.sidebar_model.index_of_key(key) or self.sidebar_model.index_of_key(DEFAULT_KEY)
        if index is None:
            return
        self.sidebar.selectionModel().blockSignals(True)
        self.sidebar.setCurrentIndex(index)
        self.sidebar.selectionModel().blockSignals(False)
        changed = self.papers.choose(index.data(KeyRole), index.data(FilterRole))
        if keep is not None:
            self.reload_list(keep=keep)
        elif changed:
            self.reload_list(select_first=True)

    # -- the current paper ---------------------------------------------------

    def current_paper_id(self) -> int | None:
        """The id of the paper under the table's cursor (in triage: the paper on screen)."""
        if self.in_triage:
            return self.triage.current_id()
        index = self.table.currentIndex()
        return self.model.paper_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        """Ids of the selected papers (the current one when nothing is selected; in triage, the one on screen)."""
        if self.in_triage:
            current = self.triage.current_id()
            return [] if current is None else [current]
        return [self.model.paper_id(row) for row in self._selected_rows()]

    def _selected_rows(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return rows

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        if self.in_triage:
            return  # the detail pane is hidden; leaving triage fills it
        if not current.isValid():
            self.detail.show_paper(None)
            self._detail_shows = None
            return
        paper_id = self.model.paper_id(current.row())
        if (paper_id, self.papers.terms) != self._detail_shows:  # a list reload keeps the pane as it is
            self._show_detail(paper_id)

    def _show_detail(self, paper_id: int) -> None:
        """Load the paper (with its abstract marked) and its similar papers off the GUI thread."""
        terms = self.papers.terms

        def load() -> tuple[PaperRecord, str | None]:
            paper = self.library.get(paper_id)
            return paper, self.library.mark_terms(paper.abstract or "", terms) if terms else None

        def show(loaded: tuple[PaperRecord, str | None]) -> None:
            if self.current_paper_id() == paper_id:  # the user may have moved on meanwhile
                self.detail.show_paper(*loaded)
                self._detail_shows = (paper_id, terms)

        self.tasks.read(load, show)
        self._similar_soon.start()

    def _show_similar(self) -> None:
        """Look up the papers like the current one (after the cursor has rested on it)."""
        paper_id = self.current_paper_id()
        if paper_id is not None and not self.in_triage:
            self.tasks.read(
                lambda: self.library.similar(paper_id, limit=8),
                lambda similar: self.detail.show_similar(paper_id, similar),
            )

    def show_paper(self, paper_id: int) -> None:
        """Make ``paper_id`` current, switching to All papers if the list does not show it."""
        row = self.model.row_of(paper_id)
        if row is None:
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self._select_sidebar_key("list:all", keep=paper_id)
            return
        self.table.setCurrentIndex(self.model.index(row, TITLE_COLUMN))

    # -- changes -------------------------------------------------------------

    def _apply(self, change: Callable[[], Changes], from_editor: bool = False) -> None:
        """Run a library change on the writer, index it, then refresh what it touched.

        ``from_editor``: the change came from the detail pane's own editor, whose
        text must not be reloaded under the user's cursor.
        """

        def done(changes: Changes) -> None:
            self.model.refresh(sorted(changes.papers - self._taken_out))
            already_gone = changes.what == "status" and changes.papers <= self._taken_out
            self._taken_out -= changes.papers
            if self.in_triage:
                self.triage.note_changes(changes)  # the list is reloaded once, when triage ends
            else:
                current = self.current_paper_id()
                if current in changes.papers and not from_editor:
                    self._show_detail(current)
                if not self._searching() and self.papers.depends_on(changes.what) and not already_gone:
                    self.reload_list()
            self.refresh_counts()
            self._index_soon.start()  # a search list is reloaded once the index has the change

        self.tasks.write(change, done)

    def _sync_index(self) -> None:
        """Bring the search index up to date with the changes made (in the worker process)."""

        def done(indexed: int) -> None:
            if indexed and self._searching() and not self.in_triage:
                self.reload_list()

        self.tasks.write(self.library.sync_index, done)

    @property
    def settled(self) -> bool:
        """No background work running or waiting (the index has every change): for tests and benchmarks."""
        return self.tasks.idle and not self._index_soon.isActive()

    def _searching(self) -> bool:
        """Whether the list shown is search results (reloaded once the index has a change)."""
        return bool(self.search.text().strip())

    def _undoable(
        self, text: str, paper_ids: Sequence[int], change: Callable[[], Changes], from_editor: bool = False
    ) -> None:
        """Apply ``change`` to ``paper_ids`` as one step of the undo stack, named ``text`` in the Edit menu."""
        apply = lambda step: self._apply(step, from_editor)  # noqa: E731 - the runner the command calls back
        self.undo_stack.push(ChangeCommand(text, self.library, apply, change, paper_ids))

    def undo(self) -> None:
        """Undo the last step; in triage, go back to the paper it changed."""
        step = self.undo_stack.command(self.undo_stack.index() - 1)
        self.undo_stack.undo()
        if self.in_triage and isinstance(step, ChangeCommand):
            self.triage.go_to(step.paper_ids)

    def set_status_of_selection(self, status: ReadStatus) -> None:
        """Give the selected papers ``status``; with one paper, move on to the next (auto-advance)."""
        ids = self.selected_ids()
        if not ids:
            return
        rows = [] if self.in_triage else self._selected_rows()
        leaves_list = self._leaves_list(status)
        self._undoable(f"Mark {_papers(len(ids))} {status.value}", ids, lambda: self.library.set_status(ids, status))
        if self.in_triage:
            self.triage.decided()
        elif leaves_list:
            self._drop_from_list(ids, rows)  # at once: the successor takes the place without waiting for the write
        elif len(ids) == 1 and self.auto_advance:
            self.move_current(1)

    def _leaves_list(self, status: ReadStatus) -> bool:
        """Whether papers given ``status`` no longer belong in the list shown (the Inbox and other status lists)."""
        return self.papers.loses_papers_given(status) and not self._searching()

    def _drop_from_list(self, ids: Sequence[int], rows: Sequence[int]) -> None:
        """Take papers (in ``rows``) out of the list now, the next one taking the place of the first of them."""
        place = self.table.currentIndex().row()
        self._taken_out.update(ids)
        self.model.remove_rows(rows)
        if self.model.rowCount():
            row = min(max(place, 0), self.model.rowCount() - 1)
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, TITLE_COLUMN),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self._current_changed(QModelIndex())
        self._update_count_label()

    def toggle_star(self) -> None:
        """Star the selected papers, or unstar them if they all have a star."""
        ids = self.selected_ids()
        if ids:
            self._undoable(f"Toggle the star of {_papers(len(ids))}", ids, lambda: self.library.toggle_starred(ids))

    def _set_tags(self, paper_id: int, names: list[str]) -> None:
        self._undoable("Edit tags", [paper_id], lambda: self.library.set_tags(paper_id, names))
        self.focus_list()

    def _set_note(self, paper_id: int, body: str) -> None:
        self._undoable("Edit note", [paper_id], lambda: self.library.set_note(paper_id, body), from_editor=True)

    def remove_chosen_batch(self) -> None:
        """Remove the import chosen in the sidebar (undoable until the app closes)."""
        batch_id = self.papers.where.batch_id
        if batch_id is None:
            self.statusBar().showMessage("Choose an import under Imports in the sidebar first.", 6000)
            return
        name = self.sidebar.currentIndex().data() or f"import {batch_id}"
        self._undoable(f"Remove import {name}", [], lambda: self.library.remove_batch(batch_id))
        undo_keys = self.actions_by_id["edit.undo"].shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        self.statusBar().showMessage(
            f"Removed {name} with the papers only it brought that you had not touched. {undo_keys} undoes it.", 10000
        )

    def open_in_browser(self) -> None:
        """Open the current paper's page in the web browser."""
        paper_id = self.current_paper_id()
        if paper_id is not None:
            self.tasks.read(lambda: self.library.get(paper_id), self._open_page_of)

    def _open_page_of(self, paper: PaperRecord) -> None:
        url = paper.hf_url or paper.github_url or (paper.links[0] if paper.links else None)
        if url:
            webbrowser.open(url)
        else:
            self.statusBar().showMessage("This paper has no link in the dumps.", 4000)

    # -- importing ---------------------------------------------------------------

    def import_paths(self, paths: Sequence[Path]) -> None:
        """Import files and folders in the background, showing papers as they arrive."""
        self.imports.import_paths(paths)

    def import_text(self, text: str, name: str | None = None, syntax: str | None = None) -> None:
        """Import page text (a paste or a text drop) as one batch (see ``ImportController.import_text``)."""
        self.imports.import_text(text, name, syntax)

    def receive_files(self, files: Sequence[Path]) -> None:
        """Files handed over by a later launch ("Open with readinglist"): come to the front and import them."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        if files:
            self.imports.import_paths(files)

    def _import_started(self) -> None:
        # Papers shown while importing keep the current row where it was; when the list
        # was empty before, the finished list starts at its top like a freshly opened one.
        self._import_into_empty_list = self.model.rowCount() == 0

    def _import_finished(self, reports: list[FileReport], show_summary: bool) -> None:
        """Bring the list, the counts and the import details up to date after an import."""
        self._detail_shows = None  # the current paper may have been merged with new sightings
        self.reload_list(select_first=self._import_into_empty_list)
        self.refresh_counts()
        self.summary.set_reports(reports)
        self.details_button.show()
        self.import_finished.emit(reports)
        if show_summary:  # something failed (or was skipped): the details open by themselves
            self._show_without_taking_the_keyboard(self.summary)

    def paste_import(self) -> None:
        """Import what the clipboard holds: copied files, a page's HTML, paper links or page text."""
        self.imports.paste(QGuiApplication.clipboard().mimeData())

    def choose_files(self) -> None:
        """Ask for dump files to import."""
        files, _filter = QFileDialog.getOpenFileNames(
            self, "Import page dumps", str(Path.home()), "Page dumps (*.txt *.md *.html *.htm *.json);;All files (*)"
        )
        if files:
            self.imports.import_paths([Path(f) for f in files])

    def choose_folder(self) -> None:
        """Ask for a folder whose dumps to import."""
        folder = QFileDialog.getExistingDirectory(self, "Import every dump in a folder", str(Path.home()))
        if folder:
            self.imports.import_paths([Path(folder)])

    def choose_export(self) -> None:
        """Export the papers of the current list (or the selection) to a file."""
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export papers", str(Path.home() / "readinglist.json"), ";;".join(_EXPORT_FILTERS)
        )
        if not path:
            return
        format_name = _EXPORT_FILTERS.get(chosen, "json")
        selected = self.selected_ids()
        # The command line's order, not the list's: the same papers give the same file as `readinglist export`.
        ids = export.in_export_order(selected if len(selected) > 1 else self.model.ids())

        def run() -> int | OSError:
            try:
                return export.write_file(format_name, self.library.iter_records(ids), Path(path))
            except OSError as error:  # a missing or read-only folder, a full disk: said plainly, no traceback
                return error

        self.tasks.read(run, lambda result: self._export_done(path, result))

    def _export_done(self, path: str, result: int | OSError) -> None:
        """Say in the status bar how many papers were exported, or why the file could not be written."""
        if isinstance(result, OSError):
            message = f"Could not export to {path}: {result.strerror or result}"
            self.statusBar().showMessage(message, 15000)
            self._show_error(message, "")
            return
        self.statusBar().showMessage(f"Exported {_papers(result)} to {path}", 8000)

    def rebuild_pending_index(self) -> None:
        """Index, in the background, the papers still marked "to index" (e.g. after a crash)."""
        self.tasks.long_write(
            lambda control: self.library.sync_index(lambda d, t: control.progress(d, t, "Indexing")),
            lambda _count: self.reload_list(),
        )

    def rebuild_index(self) -> None:
        """Rebuild the search index from the library in the background."""
        self.tasks.long_write(
            lambda control: self.library.reindex(lambda d, t: control.progress(d, t, "Indexing")),
            lambda count: self.statusBar().showMessage(f"Search index rebuilt: {count} papers", 8000),
        )

    # -- drops -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Take file and page-text drops anywhere in this window (text fields keep text drops)."""
        kind = event.type()
        if kind not in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            return False
        assert isinstance(event, QDropEvent)  # drag enter and drag move events are drop events too
        if not isinstance(watched, QWidget) or watched.window() is not self:
            return False
        mime = event.mimeData()
        is_text_field = isinstance(watched, QLineEdit | QPlainTextEdit)
        if is_text_field and not local_files(mime):
            return False  # a text field takes its own text (and link) drops
        if not offers_import(mime):
            return False  # an empty drop is nothing to import
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        if kind == QEvent.Type.Drop:
            self.imports.drop(mime)
        return True

    # -- focus and small actions ------------------------------------------------------

    def focus_list(self) -> None:
        """Give the paper table (in triage: the triage view) the keyboard focus."""
        if self.in_triage:
            self.triage.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        if self.in_statistics:
            self.statistics.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, TITLE_COLUMN))

    def move_current(self, step: int) -> None:
        """Make the paper ``step`` rows down (up, when negative) current, selecting only it."""
        if self.in_triage:
            self.triage.step(step)
            return
        if not self.model.rowCount():
            return
        row = min(max(self.table.currentIndex().row() + step, 0), self.model.rowCount() - 1)
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, TITLE_COLUMN),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )

    # -- triage ------------------------------------------------------------------------

    @property
    def in_triage(self) -> bool:
        """True while the triage view (a paper or its summary) replaces the library."""
        return self.pages.currentWidget() is self.triage

    def _pane(self) -> DetailPane:
        """The detail pane on screen: the library's or the triage view's."""
        return self.triage.pane if self.in_triage else self.detail

    def toggle_triage(self) -> None:
        """Start triage on the list shown, from the current paper on; or leave it."""
        if self.in_triage:
            self.leave_triage()
            return
        ids = self.model.ids()
        if not ids:
            self.statusBar().showMessage("This list has no papers to triage.", 4000)
            return
        self.detail.flush()
        start = max(self.table.currentIndex().row(), 0)
        self.pages.setCurrentWidget(self.triage)
        self.triage.start(ids[start:])
        self.triage.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave_triage(self) -> None:
        """Back to the library, on the list as it is now; every decision stays."""
        if not self.in_triage:
            return
        last = self.triage.current_id()
        self.triage.pane.flush()
        self.pages.setCurrentWidget(self.splitter)
        self._detail_shows = None
        self.reload_list(keep=last)
        self.refresh_counts()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def _leave_triage_for(self, paper_id: int) -> None:
        """A similar paper was chosen in triage: show it in the library."""
        self.leave_triage()
        self.show_paper(paper_id)

    # -- statistics --------------------------------------------------------------------

    @property
    def in_statistics(self) -> bool:
        """True while the statistics page replaces the library."""
        return self.pages.currentWidget() is self.statistics

    def toggle_statistics(self) -> None:
        """Show the reading statistics (leaving triage, every decision kept); or go back to the library."""
        if self.in_statistics:
            self.leave_statistics()
            return
        self.leave_triage()
        self.detail.flush()
        self.pages.setCurrentWidget(self.statistics)
        self.statistics.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def leave_statistics(self) -> None:
        """Back to the library, as it was left."""
        if self.in_statistics:
            self.pages.setCurrentWidget(self.splitter)
            self.focus_list()

    def focus_search(self) -> None:
        """Put the cursor in the search field, selecting what is there."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def open_settings(self) -> None:
        """Show the settings dialog; Save applies and stores what it holds."""
        dialog = SettingsDialog(self.user_settings, self.commands, str(paths.platform_library_dir()), self)
        dialog.accepted.connect(lambda: self.apply_settings(dialog.chosen()))
        dialog.finished.connect(dialog.deleteLater)
        dialog.finished.connect(self._back_from_dialog)
        self.settings_dialog = dialog
        dialog.open()

    def _back_from_dialog(self) -> None:
        """Give the keyboard back to the papers (some platforms leave no window active)."""
        self.activateWindow()
        self.focus_list()

    def apply_settings(self, settings: Settings) -> None:
        """Store ``settings`` and put them to work; a new library folder waits for the next start."""
        save_settings(paths.settings_file(), settings)
        folder_changed = settings.library_folder != self.user_settings.library_folder
        self.user_settings = settings
        self.auto_advance = settings.auto_advance
        self._use_keymap(keymap_for(settings))
        self.watch_folder.set_folder(settings.watch_folder)
        apply_theme(_qapp(), settings.theme)
        if folder_changed:
            self.statusBar().showMessage("The new library folder is used from the next start.", 10000)

    def _use_keymap(self, keymap: Keymap) -> None:
        self.commands = keymap.commands
        bind_keys(self, keymap.commands, self.actions_by_id, (self.table, self.triage))
        self.command_palette.set_commands(keymap.commands)
        self.cheat_sheet.set_commands(keymap.commands)
        self.triage.set_keys_hint(_key_hints(keymap.commands, TRIAGE_HINTS))

    def show_about(self) -> None:
        """Version and where the library lives."""
        QMessageBox.about(self, "About readinglist", f"readinglist {__version__}\n\nLibrary: {self.library.folder}")

    def _show_progress(self, done: int, total: int, label: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} %v/%m")

    def _busy_changed(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)

    def _show_error(self, message: str, details: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "readinglist", message, QMessageBox.StandardButton.Ok, self)
        box.setDetailedText(details)
        box.setModal(False)
        box.show()

    # -- window state ------------------------------------------------------------------

    def _restore_state(self) -> None:
        saved = self.window_state.load()
        if saved.geometry is not None:
            self.restoreGeometry(saved.geometry)
        else:
            available = self.screen().availableGeometry()
            self.resize(min(1440, int(available.width() * 0.9)), min(860, int(available.height() * 0.9)))
        for state, widget in ((saved.splitter, self.splitter), (saved.detail_splitter, self.detail.splitter)):
            if state is not None:
                widget.restoreState(state)
        if saved.table_header is not None:
            self.table.horizontalHeader().restoreState(saved.table_header)
        self.papers.restore(saved.list_key, saved.sort)
        self._restore_sort_indicator()

    def save_state(self) -> None:
        """Remember geometry, splitters, columns, sort and the chosen list."""
        self.window_state.save(
            SavedState(
                geometry=self.saveGeometry(),
                splitter=self.splitter.saveState(),
                detail_splitter=self.detail.splitter.saveState(),
                table_header=self.table.horizontalHeader().saveState(),
                sort=self.papers.sort,
                list_key=self.papers.list_key,
            )
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save the pending notes and the window state, finish queued writes, then close."""
        self.detail.flush()
        self.triage.pane.flush()
        if self._index_soon.isActive():
            self._index_soon.stop()
            self._sync_index()  # the writer finishes it before the app ends
        self.save_state()
        _qapp().removeEventFilter(self)
        self.tasks.shutdown()
        super().closeEvent(event)


def _qapp() -> QApplication:
    """The running application (a window exists only inside one)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def _single_shot(parent: QObject, interval_ms: int, slot: Callable[[], None]) -> QTimer:
    """A timer that calls ``slot`` once, ``interval_ms`` after its last start()."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(interval_ms)
    timer.timeout.connect(slot)
    return timer


def _key_hints(commands: Sequence[Command], ids: Sequence[str]) -> list[tuple[str, str]]:
    """(first key, short title) of the commands ``ids`` that have a key, in that order."""
    by_id = {cmd.id: cmd for cmd in commands}
    hints = []
    for command_id in ids:
        cmd = by_id[command_id]
        keys = cmd.list_keys or cmd.keys
        if keys:
            hints.append((keys[0], cmd.title.replace("&", "").removesuffix("…").casefold()))
    return hints


def _papers(count: int) -> str:
    return "1 paper" if count == 1 else f"{count} papers"


_EXPORT_FILTERS = {
    "JSON, lossless (*.json)": "json",
    "CSV (*.csv)": "csv",
    "Markdown digest (*.md)": "markdown",
    "BibTeX (*.bib)": "bibtex",
}
