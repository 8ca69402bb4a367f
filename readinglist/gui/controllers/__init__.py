"""Plain QObject controllers the main window is composed of: the work, with signals; the window shows it."""
