"""The core never imports Qt: checked in a fresh interpreter where Qt cannot be imported."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import readinglist.core

BLOCK_QT_AND_IMPORT = """
import importlib, sys

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError(f"core imported Qt: {name}")

sys.meta_path.insert(0, NoQt())
for module in sys.argv[1:]:
    importlib.import_module(module)
print(len(sys.argv) - 1)
"""


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(readinglist.core.__path__, "readinglist.core.")]


def test_every_core_module_imports_without_qt() -> None:
    modules = ["readinglist.cli", *core_modules()]
    assert len(modules) > 8
    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", BLOCK_QT_AND_IMPORT, *modules], cwd=repo, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(len(modules))
