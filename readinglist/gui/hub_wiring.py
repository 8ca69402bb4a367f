"""The Hub's part of the main window: what a fetch or a completion changes on screen, wired in one place.

``HubController`` runs the work; this connects what it says to the list, the
sidebar counts, the status bar, the import and completion summaries and the
undo stack, so the window module only builds the parts.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QMainWindow, QPushButton, QStatusBar

from readinglist.core.changes import Changes
from readinglist.core.hub.completing import CompletionReport
from readinglist.core.hub.fetching import FetchReport
from readinglist.gui.controllers.detail import DetailController
from readinglist.gui.controllers.hub import HubController
from readinglist.gui.controllers.hub_messages import completion_message, fetch_message, last_fetch_text
from readinglist.gui.controllers.operations import OperationsController
from readinglist.gui.controllers.paper_list import PaperListController
from readinglist.gui.dialogs.completion_summary import CompletionSummaryDialog
from readinglist.gui.dialogs.import_summary import ImportSummaryDialog
from readinglist.gui.preferences import Preferences
from readinglist.gui.status_bar import StatusBar, show_beside
from readinglist.gui.views.library_page import LibraryPage


class HubWindow(Protocol):
    """What of the main window the Hub's wiring uses (the window module imports this one, not the reverse)."""

    hub: HubController
    page: LibraryPage
    papers: PaperListController
    details: DetailController
    operations: OperationsController
    preferences: Preferences
    summary: ImportSummaryDialog
    completion_summary: CompletionSummaryDialog
    status_bar: StatusBar
    details_button: QPushButton
    fetch_finished: SignalInstance
    completion_finished: SignalInstance

    def statusBar(self) -> QStatusBar: ...  # noqa: N802 - Qt's name

    def undo_keys(self) -> str: ...

    def back_from_dialog(self) -> None: ...


class HubWiring:
    """Connects the window's ``HubController`` to the views; holds no state of its own."""

    def __init__(self, window: HubWindow) -> None:
        self.window = w = window
        hub, page = w.hub, w.page
        hub.message.connect(w.statusBar().showMessage)
        hub.started.connect(page.import_started)
        hub.papers_arrived.connect(page.reload_list)  # a page is in: its papers show (the fetch goes on)
        hub.papers_arrived.connect(w.papers.refresh_counts)
        hub.fetched.connect(self.fetch_finished)
        hub.completed.connect(self.completion_finished)
        hub.follows_changed.connect(w.papers.refresh_counts)
        hub.last_fetch_known.connect(
            lambda when: w.status_bar.show_last_fetch(last_fetch_text(when)) if when is not None else None
        )
        w.papers.counts_loaded.connect(lambda counts: hub.counted(counts.sources))
        w.preferences.sources_chosen.connect(hub.change_follows)
        # Papers known only by title, among those of the import the summary shows: a lookup is offered.
        w.summary.batches_shown.connect(self.offer_lookup)
        w.summary.lookup_requested.connect(hub.complete)
        w.status_bar.completion_button.clicked.connect(w.completion_summary.show)
        w.completion_summary.finished.connect(lambda _result: w.back_from_dialog())

    def offer_lookup(self, batches: list[int]) -> None:
        """Offer, in the import summary shown, to look up on the Hub the papers of ``batches`` without an arXiv id."""
        generation = self.window.summary.generation

        def offer(ids: list[int]) -> None:
            if self.window.summary.generation == generation:  # still the reports they were found for
                self.window.summary.offer_lookup(ids)

        self.window.hub.find_incomplete(batches, offer)

    def fetch_finished(self, report: FetchReport, ran_at: datetime) -> None:
        """Bring the list, the counts and the status bar's note on the last fetch up to date after a fetch."""
        self.window.details.forget()  # the current paper may have been merged with what the Hub says of it
        self.window.page.reload_after_import()
        self.window.papers.refresh_counts()
        said = fetch_message(report, ran_at, self.window.hub.retry_at)
        self.window.status_bar.show_last_fetch(last_fetch_text(ran_at, report), said)
        if report.reports:  # each page is a batch: "Import details…" lists them, failed ones with the Hub's answer
            self.window.summary.set_reports(report.reports)
            self.window.details_button.show()
        self.window.fetch_finished.emit(report)

    def completion_finished(self, report: CompletionReport, asked: int) -> None:
        """Make the completion one undo step, say what it did, and list the papers it skipped (in a window beside)."""
        changes = Changes(report.change)
        undo = ""
        if not changes.empty:
            count = len(changes.papers)
            what = "1 paper" if count == 1 else f"{count:,} papers"
            self.window.operations.record(f"Complete {what} from the Hub", sorted(changes.papers), changes)
            undo = f" — {self.window.undo_keys()} to undo"
        self.window.statusBar().showMessage(completion_message(report, asked) + undo, 15000)
        self.window.completion_summary.set_report(report, asked)
        self.window.status_bar.completion_button.show()
        if report.skipped:
            beside = self.window.completion_summary.parentWidget()  # the main window
            if isinstance(beside, QMainWindow):
                show_beside(beside, self.window.completion_summary)
        self.window.completion_finished.emit(report)
