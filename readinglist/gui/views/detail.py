"""The detail pane for the current paper: what the dumps said, and the user's tags and note.

The pane never writes to the library itself: it emits ``tags_edited`` and
``note_edited`` and the window sends them to the library's writer thread. The
note is saved shortly after typing stops, when the editor loses focus, and on
``flush()`` (called before a paper change and at quit).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel, QTextCursor
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.dumps.fields import is_web_url
from readinglist.core.hub.links import paper_links
from readinglist.core.records import PaperRecord
from readinglist.core.tagging import clean_tag_names, join_tag_names, split_tag_text, tag_fields
from readinglist.gui.views.safe_browser import SafeBrowser, plain_tooltip

NOTE_SAVE_DELAY_MS = 800
SIMILAR_ROWS = 5  # rows of similar papers in view (up to 8 are listed; the rest scroll)


class NoteEditor(QPlainTextEdit):
    """A plain-text Markdown editor that says when it loses focus or Esc is pressed."""

    focus_lost = Signal()
    escape_pressed = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.focus_lost.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class TagCompleter(QCompleter):
    """Completes the tag being typed after the last comma outside quotes, not the whole field."""

    def splitPath(self, path: str) -> list[str]:
        return [tag_fields(path)[-1]]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        # From the text as typed (the editor's may already show a highlighted completion);
        # the last field is the one being completed, and a tag already in the field is not added again.
        return completed_tags(self.completionPrefix(), index.data())


def completed_tags(typed: str, name: str) -> str:
    """The tag line ``typed`` with its last (unfinished) field replaced by ``name``, each tag once, ready for more."""
    done = tag_fields(typed)[:-1]
    return join_tag_names(clean_tag_names([*done, name])) + ", "


ACCEPT_KEYS = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab})


def _accepts(event: QKeyEvent) -> bool:
    """Enter, Return or Tab without modifiers: the keys that take a completion."""
    return event.key() in ACCEPT_KEYS and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier


class TagEditor(QLineEdit):
    """Comma-separated tags (one with a comma in double quotes); Enter applies, Esc restores and leaves.

    While the completions are open, Enter, Tab or a click takes the chosen one
    (the first if none is chosen) once; a second Enter applies the tags.
    """

    applied = Signal(list)
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText('Tags, separated by commas; "quote, a tag" with a comma (Enter applies)')
        self.names = QStringListModel(self)
        completer = TagCompleter(self.names, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        self._completer = completer
        self.returnPressed.connect(self._apply)
        self._saved: list[str] = []

    def show_tags(self, tags: list[str]) -> None:
        """Show the paper's current tags."""
        self._saved = list(tags)
        self.setText(join_tag_names(tags))

    def _completing(self) -> bool:
        """True while the completer's list is open (Enter and Esc are then its keys)."""
        popup = self._completer.popup()
        return popup is not None and popup.isVisible()

    def _accept_completion(self) -> None:
        """Put the chosen completion (or else the first) in place of the tag being typed, and close the list."""
        popup = self._completer.popup()
        if popup is None:
            return
        index = popup.currentIndex()
        if not index.isValid():
            index = self._completer.completionModel().index(0, 0)
        popup.hide()
        if index.isValid():
            self.setText(self._completer.pathFromIndex(index))

    def _apply(self) -> None:
        if self._completing():
            return
        self.applied.emit(split_tag_text(self.text()))

    def event(self, event: QEvent) -> bool:
        # Here, not in keyPressEvent: Tab would move the focus before keyPressEvent saw it.
        takes_completion = isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and _accepts(event)
        if takes_completion and self._completing():
            self._accept_completion()
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._completing():
            self.show_tags(self._saved)
            self.escape_pressed.emit()
            return
        super().keyPressEvent(event)


class DetailPane(QWidget):
    """Title, metadata, links, AI summary, abstract, tags, note, provenance and similar papers."""

    tags_edited = Signal(int, list)  # paper id, tag names
    note_edited = Signal(int, str)  # paper id, Markdown body
    paper_requested = Signal(int)  # a similar paper was activated
    leave_requested = Signal()  # Esc in an editor: back to the list
    link_refused = Signal(str)  # a clicked link that is not http(s) (not opened)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paper: PaperRecord | None = None
        self._saved_note = ""

        # Imported text: links open only in the web browser and only if http(s); nothing is fetched.
        self.info = SafeBrowser(self)
        self.info.link_refused.connect(self.link_refused)
        self.info.setAccessibleName("Paper details")

        self.tags = TagEditor(self)
        self.tags.setAccessibleName("Tags")
        self.tags.applied.connect(self._tags_applied)
        self.tags.escape_pressed.connect(self.leave_requested)

        self.note = NoteEditor(self)
        self.note.setPlaceholderText("Your note, in Markdown (saved as you type)")
        self.note.setAccessibleName("Note")
        self.preview = SafeBrowser(self)
        self.preview.link_refused.connect(self.link_refused)
        self.note_stack = QStackedWidget(self)
        self.note_stack.addWidget(self.note)
        self.note_stack.addWidget(self.preview)
        self.preview_button = QToolButton(self)
        self.preview_button.setText("Preview")
        self.preview_button.setCheckable(True)
        self.preview_button.toggled.connect(self.set_preview)
        self.note_state = QLabel(self)

        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(NOTE_SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.flush)
        self.note.textChanged.connect(self._note_typed)
        self.note.focus_lost.connect(self.flush)
        self.note.escape_pressed.connect(self._note_escape)

        self.similar_model = QStandardItemModel(self)
        # A one-column tree, not a list view: it elides a long title to the pane's width ("…", the whole
        # title in the tooltip) where a list view would add a horizontal scroll bar over the last row.
        self.similar = QTreeView(self)
        self.similar.setModel(self.similar_model)
        self.similar.setHeaderHidden(True)
        self.similar.setRootIsDecorated(False)
        self.similar.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.similar.setEditTriggers(QTreeView.EditTrigger.NoEditTriggers)
        self.similar.setAccessibleName("Similar papers")
        self.similar.setUniformRowHeights(True)  # one line per title: every row as high as the first
        self.similar.activated.connect(lambda index: self.paper_requested.emit(index.data(Qt.ItemDataRole.UserRole)))

        self._layout()
        self._fit_similar()
        self.show_paper(None)

    def _layout(self) -> None:
        note_bar = QHBoxLayout()
        note_bar.addWidget(QLabel("<b>Note</b>"))
        note_bar.addWidget(self.note_state, 1)
        note_bar.addWidget(self.preview_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("<b>Tags</b>"))
        lower_layout.addWidget(self.tags)
        lower_layout.addLayout(note_bar)
        lower_layout.addWidget(self.note_stack, 2)
        self.similar_label = QLabel("<b>Similar papers</b>", self)
        lower_layout.addWidget(self.similar_label)
        lower_layout.addWidget(self.similar)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.info)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([480, 360])  # the paper first; the user's own text below
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

    # -- showing -----------------------------------------------------------

    def show_paper(
        self, paper: PaperRecord | None, abstract_html: str | None = None, title_html: str | None = None
    ) -> None:
        """Show ``paper`` (None: nothing selected); ``abstract_html`` and ``title_html`` have search terms marked."""
        self.flush()
        self.paper = paper
        enabled = paper is not None
        for widget in (self.tags, self.note, self.preview_button):
            widget.setEnabled(enabled)
        if paper is None:
            self.info.setHtml("<p style='color:gray'>No paper selected.</p>")
            self.tags.show_tags([])
            self._show_note("")
            self.similar_model.clear()
            return
        self.info.setHtml(paper_html(paper, abstract_html, title_html))
        self.tags.show_tags(paper.tags)
        self._show_note(paper.note or "")
        self.similar_model.clear()

    def show_similar(self, paper_id: int, similar: list[PaperRecord]) -> None:
        """List papers like the shown one (ignored if the user has moved on)."""
        if self.paper is None or self.paper.id != paper_id:
            return
        self.similar_model.clear()
        for other in similar:
            item = QStandardItem(other.title)
            item.setData(other.id, Qt.ItemDataRole.UserRole)
            item.setToolTip(plain_tooltip(other.title))
            self.similar_model.appendRow(item)
        self._fit_similar()

    def _fit_similar(self) -> None:
        """Make the similar papers' list SIMILAR_ROWS whole rows high (a half-cut row reads as a glitch)."""
        row = self.similar.sizeHintForRow(0) if self.similar_model.rowCount() else -1
        if row <= 0:
            row = self.similar.fontMetrics().height() + 2
        self.similar.setFixedHeight(SIMILAR_ROWS * row + 2 * self.similar.frameWidth())

    def hide_similar(self) -> None:
        """Leave out the similar papers (the triage view keeps to the one paper)."""
        self.similar_label.hide()
        self.similar.hide()

    def set_tag_names(self, names: list[str]) -> None:
        """The names the tag editor completes from."""
        self.tags.names.setStringList(names)

    # -- editing -----------------------------------------------------------

    def _tags_applied(self, names: list[str]) -> None:
        if self.paper is not None:
            self.tags_edited.emit(self.paper.id, names)

    def _show_note(self, body: str) -> None:
        self._saved_note = body
        self.note.blockSignals(True)
        self.note.setPlainText(body)
        self.note.blockSignals(False)
        self.preview.set_markdown(body)
        self.note_state.setText("")

    def _note_typed(self) -> None:
        self.note_state.setText("editing…")
        self._save_timer.start()

    def _note_escape(self) -> None:
        self.flush()
        self.leave_requested.emit()

    def flush(self) -> None:
        """Save the note now if it changed since the last save."""
        self._save_timer.stop()
        if self.paper is None:
            return
        body = self.note.toPlainText()
        if body != self._saved_note:
            self._saved_note = body
            self.note_edited.emit(self.paper.id, body)
            self.note_state.setText("saved")

    def set_preview(self, on: bool) -> None:
        """Show the note rendered (on) or the editor (off)."""
        self.flush()
        self.preview.set_markdown(self.note.toPlainText())
        self.note_stack.setCurrentWidget(self.preview if on else self.note)
        if self.preview_button.isChecked() != on:
            self.preview_button.setChecked(on)

    def focus_note(self) -> None:
        """Put the cursor at the end of the note (leaving the preview), ready to add to it."""
        self.set_preview(False)
        self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.note.moveCursor(QTextCursor.MoveOperation.End)

    def focus_tags(self) -> None:
        """Put the cursor at the end of the tag editor."""
        self.tags.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.tags.end(False)


def paper_html(paper: PaperRecord, abstract_html: str | None = None, title_html: str | None = None) -> str:
    """The rich-text summary of a paper for the detail view (the marked abstract and title already escaped)."""
    facts = [
        f"{paper.authors_count} authors" if paper.authors_count else "",
        paper.org or "",
        (paper.published_text or "") + (" (year inferred)" if paper.published_inferred else ""),
        f"▲ {paper.upvotes}" if paper.upvotes is not None else "",
        _plural(paper.comments, "comment") if paper.comments is not None else "",
        paper.status + (" · ★ starred" if paper.starred else ""),
    ]
    # Hub, arXiv, GitHub, then its other pages by host name (http(s) only); then, as text, any other
    # link an older database kept as it was imported.
    kept = [("GitHub", paper.github_url or ""), *((url, url) for url in paper.links)]
    links = paper_links(paper) + [(label, url) for label, url in kept if url and not is_web_url(url)]
    listed = ", ".join(f"{html.escape(s.file)} #{s.position}" for s in paper.sources)
    abstract = abstract_html if abstract_html is not None else html.escape(paper.abstract or "")
    # A machine-written summary is labelled as such and kept apart from the authors' abstract.
    summary = (
        _heading("AI-generated summary") + f"<p>{html.escape(paper.ai_summary)}</p>" + _heading("Abstract")
        if paper.ai_summary
        else ""
    )
    return (
        f"<h2>{title_html if title_html is not None else html.escape(paper.title)}</h2>"
        f"<p style='color:gray'>{html.escape(' · '.join(f for f in facts if f))}</p>"
        + ("<p>" + " · ".join(_link(label, url) for label, url in links) + "</p>" if links else "")
        + summary
        + f"<p>{abstract or '<i>No abstract in the dumps.</i>'}</p>"
        f"<p style='color:gray'>Listed in {_plural(len(paper.sources), 'dump')}: {listed}</p>"
    )


def _link(label: str, url: str) -> str:
    """An anchor for an http(s) URL; any other (from an older import) is shown as text, not a link."""
    if is_web_url(url):
        return f"<a href='{html.escape(url)}'>{html.escape(label)}</a>"
    return html.escape(label if label == url else f"{label}: {url}")


def _heading(label: str) -> str:
    return f"<p style='color:gray; font-size:small; margin-bottom:0'>{html.escape(label)}</p>"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"
