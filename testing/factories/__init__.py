"""Plain factory functions per app (``testing.factories.<app>``): rows straight in the database, no hidden
behaviour, every field overridable."""
