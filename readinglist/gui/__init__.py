"""The desktop app: a thin PySide6 layer of models, views and actions over ``readinglist.core``."""
