"""The bundle's entry point: PyInstaller freezes this file as the ``readinglist`` executable.

It is ``readinglist.cli:main`` (the ``readinglist`` command of a pip install), plus
what a frozen app needs before anything else: the app starts processes with the
"spawn" method (the library worker, the import read-ahead helper, Whoosh's bulk
index writers), and in a bundle each of them runs this same executable.
``multiprocessing.freeze_support()`` turns such a start into that child process
and never returns there; in the app itself it does nothing.
"""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()

    from readinglist.cli import main

    main()
