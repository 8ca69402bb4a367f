"""The Qt-free core: dump parsing, the library database, search and the import pipeline.

Nothing below this package may import Qt; `tests/core/test_boundaries.py` and the
import-linter contract in pyproject.toml enforce it.
"""
