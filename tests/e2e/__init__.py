"""End-to-end tests of the real window on a private X server."""
