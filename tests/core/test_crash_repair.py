"""A crash between the database commit and the index commit is repaired at the next start."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from readinglist.core.services import Library

# The child imports a dump, but dies (SIGKILL: no clean-up of any kind) at the
# moment the index would be written, i.e. after the database has committed.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from readinglist.core.index import SearchIndex
    from readinglist.core.services import Library

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    library = Library.open(Path(sys.argv[1]))
    SearchIndex.writer = die
    library.import_paths([Path(sys.argv[2])])
    """
)


def test_killed_between_database_and_index_commit_is_repaired(tmp_path: Path, daily_a: Path) -> None:
    folder = tmp_path / "library"
    repo = Path(__file__).resolve().parents[2]
    child = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(daily_a)], cwd=repo, check=False)
    assert child.returncode == -signal.SIGKILL

    library = Library(folder)  # opened without the start-up repair, to look at the damage
    library.index.open()
    assert library.count() == 3
    assert library.pending_index_count() == 3
    assert library.index.paper_ids() == set()
    library.close()

    with Library.open(folder) as repaired:
        assert repaired.pending_index_count() == 0
        assert {r.paper.title for r in repaired.search("attention")} == {"Sparse Lattice Attention for Long Documents"}
        assert repaired.check(repair=False).agree
