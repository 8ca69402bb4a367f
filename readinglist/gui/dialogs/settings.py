"""The settings dialog: library and watch folders, auto-advance, theme, the Hub and every command's keys.

Keys are recorded by pressing them in the command's field (see ``key_field``),
one row per command of the registry. A key two commands share in one scope is
said next to both fields as it is pressed ("D is also Dismiss"), and Save
stays disabled until it is resolved: a conflict is never settled by silently
picking one. The library folder field shows the folder this window runs on; a
new one is checked before it is saved and is used from the next start. The
Hub section (``hub_settings``) follows lists and sets catching up; the lists
followed live in the library, so the window applies them on Save
(``shown_sources``, ``chosen_sources``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from readinglist.core.command_search import Searchable, rank, title_tier
from readinglist.core.commands import COMMANDS, Command, key_conflicts
from readinglist.core.keymap import overrides_for
from readinglist.core.settings import THEMES, Settings, library_folder_problem
from readinglist.gui.dialogs.hub_settings import HubSettings, Source
from readinglist.gui.dialogs.key_field import PORTABLE, KeyField, keys_to_text

__all__ = ["KEYS_COLUMN", "LIST_KEYS_COLUMN", "LibraryFolder", "SettingsDialog", "keys_to_text"]

TITLE_COLUMN, KEYS_COLUMN, LIST_KEYS_COLUMN, CONFLICT_COLUMN = range(4)
KEYS_COLUMN_WIDTH = 170  # px: room for "Ctrl+Shift+Z, Shift+Z"
PROBLEM_COLOUR = "#c0392b"


@dataclass(frozen=True)
class LibraryFolder:
    """The library folder this window runs on, and why it is not the saved one (empty when it is)."""

    running: str
    note: str = ""


def short_title(cmd: Command) -> str:
    """A command's title as a sentence names it: "Dismiss", "Settings" (no & and no …)."""
    return cmd.name


def unreadable_keys(cmd: Command) -> list[str]:
    """The keys of ``cmd`` (e.g. from a hand-edited settings file) that Qt cannot read as one key."""
    return [key for key in (*cmd.keys, *cmd.list_keys) if QKeySequence.fromString(key, PORTABLE).count() != 1]


SUBSTRING_TIER = 3  # the filter shows titles matched up to a substring; scattered letters would match too much


class CommandFilter(QLineEdit):
    """Narrows the key table to the commands a person names; Enter or Down moves to the best match's keys."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText("Find a command (e.g. read), then Enter and press the new key")
        self.setAccessibleName("Find a command")
        self.setClearButtonEnabled(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Down):
            self.chosen.emit()  # not the dialog's default button: Enter here means "go to that command"
            return
        super().keyPressEvent(event)


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``chosen()`` is what Save accepted."""

    def __init__(
        self,
        settings: Settings,
        commands: Sequence[Command],
        folder: LibraryFolder,
        parent: QWidget | None = None,
        followed: Sequence[Source] = (),
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("readinglist settings")
        # As tall as it likes, but never past the screen (the title bar and the panel take ~80 px): the keys
        # table, not the Save button, is what gets shorter on a 1280x800 laptop.
        room = (parent.screen() if parent is not None else self.screen()).availableGeometry().height() - 80
        self.resize(760, max(480, min(800, room)))
        self._settings = settings
        self._commands = tuple(commands)
        self._folder = folder

        self.folder = QLineEdit(folder.running, self)
        self.folder.setAccessibleName("Library folder")
        self.folder_note = self._small_label(folder.note)
        self.folder_note.setVisible(bool(folder.note))
        self.folder_message = self._small_label("")
        self.folder_message.setAccessibleName("Library folder message")
        self.folder.textChanged.connect(self._show_folder_state)
        self.watch_folder = QLineEdit(settings.watch_folder, self)
        self.watch_folder.setPlaceholderText("none: dumps are imported only when you import them")
        self.watch_folder.setAccessibleName("Watch folder")
        self.auto_advance = QCheckBox("&After a decision, move on to the next paper (auto-advance)", self)
        self.auto_advance.setChecked(settings.auto_advance)
        self.theme = QComboBox(self)
        self.theme.addItems([theme.capitalize() for theme in THEMES])
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        self.theme.setAccessibleName("Theme")
        self.hub = HubSettings(settings, followed, self)  # ``followed``: the Hub lists followed now

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {PROBLEM_COLOUR};")
        self.problems.setAccessibleName("Key problems")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.keys = self._keys_table()
        self.key_filter = CommandFilter(self)
        self.key_filter.textChanged.connect(self._filter_rows)
        self.key_filter.chosen.connect(self._focus_best_match)
        self._fields: dict[tuple[str, int], KeyField] = {}
        for row, cmd in enumerate(self._commands):
            self._add_row(row, cmd)
        restore = QPushButton("Restore &Default Keys", self)
        restore.clicked.connect(self.restore_default_keys)
        self._layout(restore)
        self._show_folder_state()
        self._check()

    # -- building ---------------------------------------------------------------------------

    def _small_label(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)  # folder names are shown as they are
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        label.setFont(font)
        return label

    def _keys_table(self) -> QTableWidget:
        table = QTableWidget(len(self._commands), 4, self)
        table.setHorizontalHeaderLabels(["Command", "Keys", "List-only keys", "Conflicts"])
        list_keys_header = table.horizontalHeaderItem(LIST_KEYS_COLUMN)
        assert list_keys_header is not None  # made by setHorizontalHeaderLabels
        list_keys_header.setToolTip("Keys that act only while the paper list has focus")
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(QLineEdit().sizeHint().height() + 4)
        header = table.horizontalHeader()
        for column in (TITLE_COLUMN, CONFLICT_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        for column in (KEYS_COLUMN, LIST_KEYS_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, KEYS_COLUMN_WIDTH)
        table.setAccessibleName("Key bindings")
        return table

    def _add_row(self, row: int, cmd: Command) -> None:
        title = QTableWidgetItem(f"{cmd.menu} › {short_title(cmd)}")
        title.setToolTip(cmd.description)
        self.keys.setItem(row, TITLE_COLUMN, title)
        for column, keys, name in (
            (KEYS_COLUMN, cmd.keys, f"Keys of {short_title(cmd)}"),
            (LIST_KEYS_COLUMN, cmd.list_keys, f"List-only keys of {short_title(cmd)}"),
        ):
            field = KeyField(keys, name, self.keys)
            field.keys_changed.connect(self._check)
            self._fields[(cmd.id, column)] = field
            self.keys.setCellWidget(row, column, field)
        conflict = QTableWidgetItem("")
        conflict.setForeground(QColor(PROBLEM_COLOUR))
        self.keys.setItem(row, CONFLICT_COLUMN, conflict)

    def _layout(self, restore: QPushButton) -> None:
        form = QFormLayout()
        form.addRow(self._label("&Library folder:", self.folder), self._folder_row(self.folder, "Library folder"))
        form.addRow("", self.folder_note)
        form.addRow("", self.folder_message)
        form.addRow(
            self._label("&Watch folder:", self.watch_folder), self._folder_row(self.watch_folder, "Watch folder")
        )
        form.addRow("", self._small_label("Dumps saved here are imported once complete; only new papers are added."))
        form.addRow("Triage:", self.auto_advance)
        form.addRow(self._label("&Theme:", self.theme), self.theme)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.hub)
        hint = "Select a field and press the key. More keys add to it; Backspace removes one, Delete clears."
        find_row = QHBoxLayout()
        find_row.addWidget(self._label("&Keys:", self.key_filter))
        find_row.addWidget(self.key_filter, 1)
        layout.addLayout(find_row)
        layout.addWidget(QLabel(hint, self))
        layout.addWidget(self.keys, 1)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.problems, 1)
        restore_row.addWidget(restore)
        layout.addLayout(restore_row)
        layout.addWidget(self.buttons)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        """A label whose & mnemonic (Alt+letter) moves the focus to ``buddy``."""
        label = QLabel(text, self)
        label.setBuddy(buddy)
        return label

    def _folder_row(self, field: QLineEdit, title: str) -> QHBoxLayout:
        """``field`` with a button that picks a folder into it."""
        choose = QPushButton("Choose…", self)
        choose.setAccessibleName(f"Choose {title.lower()}")
        choose.clicked.connect(lambda: self._choose_folder(field, title))
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(choose)
        return row

    def _choose_folder(self, field: QLineEdit, title: str) -> None:
        folder = QFileDialog.getExistingDirectory(self, title, field.text() or field.placeholderText())
        if folder:
            field.setText(folder)

    # -- the keys ---------------------------------------------------------------------------

    def _filter_rows(self, text: str) -> None:
        """Show only the commands whose title matches what is typed in the filter."""
        wanted = text.strip()
        for row, cmd in enumerate(self._commands):
            tier = title_tier(wanted, cmd.name) if wanted else 0
            self.keys.setRowHidden(row, tier is None or tier > SUBSTRING_TIER)

    def _focus_best_match(self) -> None:
        """Enter in the filter: the keys field of the best-matching command takes the focus."""
        query = self.key_filter.text().strip()
        found = rank(query, [Searchable(cmd.id, cmd.name) for cmd in self._commands]) if query else []
        if found:
            self.keys.scrollTo(self.keys.model().index(self.row_of(found[0].id), TITLE_COLUMN))
            self.key_field(found[0].id).setFocus(Qt.FocusReason.ShortcutFocusReason)

    def key_field(self, command_id: str, list_only: bool = False) -> KeyField:
        """The field of a command's keys (its list-only keys with ``list_only``)."""
        return self._fields[(command_id, LIST_KEYS_COLUMN if list_only else KEYS_COLUMN)]

    def row_of(self, command_id: str) -> int:
        """The table row of a command."""
        return next(row for row, cmd in enumerate(self._commands) if cmd.id == command_id)

    def conflict_text(self, command_id: str) -> str:
        """What the row of ``command_id`` says about its keys ("D is also Dismiss"), or ""."""
        item = self.keys.item(self.row_of(command_id), CONFLICT_COLUMN)
        return item.text() if item is not None else ""

    def restore_default_keys(self) -> None:
        """Put the registry's keys back in every field."""
        for cmd in COMMANDS:
            if (cmd.id, KEYS_COLUMN) in self._fields:
                self.key_field(cmd.id).set_keys(cmd.keys)
                self.key_field(cmd.id, list_only=True).set_keys(cmd.list_keys)

    def edited_commands(self) -> tuple[Command, ...]:
        """The commands with the keys shown in their fields."""
        return tuple(
            dataclasses.replace(cmd, keys=self.key_field(cmd.id).keys(), list_keys=self.key_field(cmd.id, True).keys())
            for cmd in self._commands
        )

    def _check(self) -> None:
        """Say each conflict beside both commands and under the table; Save only when there is none."""
        commands = self.edited_commands()
        by_id = {cmd.id: cmd for cmd in commands}
        per_row: dict[str, list[str]] = {
            cmd.id: [f"'{key}' is not a key" for key in unreadable_keys(cmd)] for cmd in commands
        }
        summary = [f"{short_title(cmd)}: {note}" for cmd in commands for note in per_row[cmd.id]]
        for key, first, second in key_conflicts(commands):
            per_row[first].append(f"{key} is also {short_title(by_id[second])}")
            per_row[second].append(f"{key} is also {short_title(by_id[first])}")
            summary.append(f"{key} is bound to both {short_title(by_id[first])} and {short_title(by_id[second])}")
        for row, cmd in enumerate(commands):
            item = self.keys.item(row, CONFLICT_COLUMN)
            if item is not None:
                item.setText("; ".join(per_row[cmd.id]))
        self.problems.setText("\n".join(summary))
        self._save_button().setEnabled(not summary)

    def _save_button(self) -> QPushButton:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert button is not None  # the dialog is made with one
        return button

    # -- the library folder -----------------------------------------------------------------

    def folder_changed(self) -> bool:
        """True when the library folder field no longer shows the folder this window runs on."""
        return self.folder.text().strip() != self._folder.running

    def _folder_problem(self) -> str | None:
        return library_folder_problem(self.folder.text()) if self.folder_changed() else None

    def _show_folder_state(self) -> None:
        """Under the field: what is wrong with the folder typed, or when a new one takes effect."""
        problem = self._folder_problem()
        if problem:
            self.folder_message.setText(problem)
        elif self.folder_changed():
            self.folder_message.setText(f"Used from the next start; this window stays on {self._folder.running}.")
        else:
            self.folder_message.setText("")
        self.folder_message.setStyleSheet(f"color: {PROBLEM_COLOUR};" if problem else "")
        self.folder_message.setVisible(bool(self.folder_message.text()))

    def accept(self) -> None:
        """Save, unless the library folder is not one a library can live in (then say why, and stay open)."""
        problem = self._folder_problem()
        if problem:
            self._show_folder_state()
            self.folder.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if self._save_button().isEnabled():
            super().accept()

    def chosen(self) -> Settings:
        """The settings as edited; the library folder only when it was changed."""
        keys, list_keys = overrides_for(self.edited_commands())
        library_folder = self.folder.text().strip() if self.folder_changed() else self._settings.library_folder
        return dataclasses.replace(
            self._settings,
            library_folder=library_folder,
            watch_folder=self.watch_folder.text().strip(),
            auto_advance=self.auto_advance.isChecked(),
            theme=THEMES[self.theme.currentIndex()],
            keys=keys,
            list_keys=list_keys,
            hub_catch_up_on_start=self.hub.catch_up.isChecked(),
            hub_interval_hours=self.hub.interval.value(),
        )

    def shown_sources(self) -> frozenset[Source]:
        """The Hub lists shown as followed when the dialog opened."""
        return self.hub.shown

    def chosen_sources(self) -> frozenset[Source]:
        """The Hub lists to follow, as chosen."""
        return self.hub.chosen()
