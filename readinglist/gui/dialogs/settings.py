"""The settings dialog: library and watch folders, auto-advance, theme and every command's keys.

Keys are typed as text ("Ctrl+Shift+Z, Shift+Z"), one row per command of the
registry. Keys that Qt cannot read and keys two commands share in one scope
are listed under the table as they are typed, and Save stays disabled until
they are resolved: a conflict is never settled by silently picking one.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
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

from readinglist.core.commands import COMMANDS, Command
from readinglist.core.keymap import describe_conflicts, overrides_for
from readinglist.core.settings import THEMES, Settings

KEYS_COLUMN, LIST_KEYS_COLUMN = 1, 2
KEYS_COLUMN_WIDTH = 170  # px: room for "Ctrl+Shift+Z, Shift+Z"
PORTABLE = QKeySequence.SequenceFormat.PortableText
KEY_SEPARATOR = re.compile(r"(?<!\+),")  # a comma between keys, not the comma of "Ctrl+,"


def keys_to_text(keys: Sequence[str]) -> str:
    """Keys as the table shows them: "Ctrl+Z, Z"."""
    return ", ".join(keys)


def parse_keys(text: str) -> tuple[tuple[str, ...], list[str]]:
    """(keys in Qt's portable spelling, the parts that are not keys) of a typed "Ctrl+Z, Z"."""
    keys, bad = [], []
    for part in (p.strip() for p in KEY_SEPARATOR.split(text)):
        if not part:
            continue
        sequence = QKeySequence.fromString(part, PORTABLE)
        spelled = sequence.toString(PORTABLE)
        if sequence.count() == 1 and spelled:
            keys.append(spelled)
        else:
            bad.append(part)
    return tuple(keys), bad


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``chosen()`` is what Save accepted."""

    def __init__(
        self, settings: Settings, commands: Sequence[Command], default_folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("readinglist settings")
        self.resize(760, 620)
        self._settings = settings
        self._commands = tuple(commands)

        self.folder = QLineEdit(settings.library_folder, self)
        self.folder.setPlaceholderText(default_folder)
        self.folder.setAccessibleName("Library folder")
        self.watch_folder = QLineEdit(settings.watch_folder, self)
        self.watch_folder.setPlaceholderText("none: dumps are imported only when you import them")
        self.watch_folder.setAccessibleName("Watch folder")
        self.auto_advance = QCheckBox("After a decision, move on to the next paper (auto-advance)", self)
        self.auto_advance.setChecked(settings.auto_advance)
        self.theme = QComboBox(self)
        self.theme.addItems([theme.capitalize() for theme in THEMES])
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        self.theme.setAccessibleName("Theme")

        self.problems = QLabel(self)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #c0392b;")
        self.problems.setAccessibleName("Key problems")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        self.keys = QTableWidget(len(self._commands), 3, self)
        self.keys.setHorizontalHeaderLabels(["Command", "Keys", "List-only keys"])
        list_keys_header = self.keys.horizontalHeaderItem(LIST_KEYS_COLUMN)
        assert list_keys_header is not None  # made by setHorizontalHeaderLabels
        list_keys_header.setToolTip("Keys that act only while the paper list has focus")
        self.keys.verticalHeader().hide()
        self.keys.verticalHeader().setDefaultSectionSize(self.keys.fontMetrics().height() + 8)
        header = self.keys.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (KEYS_COLUMN, LIST_KEYS_COLUMN):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, KEYS_COLUMN_WIDTH)
        self.keys.setAccessibleName("Key bindings")
        self._fill_keys(self._commands)
        self.keys.itemChanged.connect(lambda _item: self._check())
        restore = QPushButton("Restore Default Keys", self)
        restore.clicked.connect(lambda: self._fill_keys(COMMANDS))
        self._layout(restore)
        self._check()

    def _layout(self, restore: QPushButton) -> None:
        form = QFormLayout()
        form.addRow("&Library folder:", self._folder_row(self.folder, "Library folder"))
        form.addRow("", QLabel("<small>Used from the next start. Empty: the folder shown greyed.</small>"))
        form.addRow("&Watch folder:", self._folder_row(self.watch_folder, "Watch folder"))
        watch_hint = "<small>Dumps saved here are imported once complete; only new papers are added.</small>"
        form.addRow("", QLabel(watch_hint))
        form.addRow("Triage:", self.auto_advance)
        form.addRow("T&heme:", self.theme)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel("<b>Keys</b> (comma-separated, e.g. <tt>Ctrl+Z, Z</tt>)"))
        layout.addWidget(self.keys, 1)
        restore_row = QHBoxLayout()
        restore_row.addWidget(self.problems, 1)
        restore_row.addWidget(restore)
        layout.addLayout(restore_row)
        layout.addWidget(self.buttons)

    def _fill_keys(self, commands: Sequence[Command]) -> None:
        self.keys.blockSignals(True)
        for row, cmd in enumerate(commands):
            title = QTableWidgetItem(f"{cmd.menu} › {cmd.title.replace('&', '').removesuffix('…')}")
            title.setFlags(title.flags() & ~Qt.ItemFlag.ItemIsEditable)
            title.setToolTip(f"{cmd.id}: {cmd.description}")
            self.keys.setItem(row, 0, title)
            self.keys.setItem(row, KEYS_COLUMN, QTableWidgetItem(keys_to_text(cmd.keys)))
            self.keys.setItem(row, LIST_KEYS_COLUMN, QTableWidgetItem(keys_to_text(cmd.list_keys)))
        self.keys.blockSignals(False)
        self._check()

    def row_of(self, command_id: str) -> int:
        """The table row of a command."""
        return next(row for row, cmd in enumerate(self._commands) if cmd.id == command_id)

    def _cell_text(self, row: int, column: int) -> str:
        item = self.keys.item(row, column)
        return item.text() if item is not None else ""

    def edited_commands(self) -> tuple[tuple[Command, ...], list[str]]:
        """The commands with the keys typed in the table, and what could not be read as keys."""
        commands: list[Command] = []
        bad: list[str] = []
        for row, cmd in enumerate(self._commands):
            keys, bad_keys = parse_keys(self._cell_text(row, KEYS_COLUMN))
            list_keys, bad_list_keys = parse_keys(self._cell_text(row, LIST_KEYS_COLUMN))
            bad.extend(f"'{part}' ({cmd.id}) is not a key" for part in bad_keys + bad_list_keys)
            commands.append(dataclasses.replace(cmd, keys=keys, list_keys=list_keys))
        return tuple(commands), bad

    def _check(self) -> None:
        commands, bad = self.edited_commands()
        problems = bad + describe_conflicts(commands)
        self.problems.setText("\n".join(problems))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(not problems)

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

    def chosen(self) -> Settings:
        """The settings as edited."""
        keys, list_keys = overrides_for(self.edited_commands()[0])
        return dataclasses.replace(
            self._settings,
            library_folder=self.folder.text().strip(),
            watch_folder=self.watch_folder.text().strip(),
            auto_advance=self.auto_advance.isChecked(),
            theme=THEMES[self.theme.currentIndex()],
            keys=keys,
            list_keys=list_keys,
        )
