"""Test support shared by the whole suite: the personas' base test case and plain factories per app.

Not part of the installed package (pyproject installs ``dubbelslag*`` only); the root conftest.py puts the
repository root on sys.path, and the bench scripts do so themselves."""
