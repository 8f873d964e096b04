"""Fixtures for the DB-free REFI-QDA tests: the real files in the shared data folder, read where they lie.

The example files are test fixtures only. Those whose licence allows it are also copied into ``tests/data`` (see its
SOURCE.md), so CI runs them; the others (no licence granted) are read from the shared folder only, and the tests that
need them are skipped with the reason when it is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

LOCAL_DIR = Path(__file__).resolve().parent / "data"
REFI_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "refi_qda"


@pytest.fixture
def refi_file():
    """``refi_file("taguette_1_5_2_codebook.qdc")`` -> the file's bytes, or a skip when the folder is missing."""

    def read(name: str) -> bytes:
        path = LOCAL_DIR / name if (LOCAL_DIR / name).is_file() else REFI_DIR / name
        if not path.is_file():
            pytest.skip(f"REFI-QDA example file {path} is not available (the shared data folder is missing)")
        return path.read_bytes()

    return read


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in their English source form."""
    with translation.override("en"):
        yield
