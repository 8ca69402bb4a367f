"""``python -m readinglist`` runs the command line."""

from readinglist.cli import main

main()
