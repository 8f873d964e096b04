"""Where the real open data the tests read lives: the folder ``shared/data`` beside the repository (also in CI),
or ``DUBBELSLAG_SHARED_DATA``. Tests that exist to prove an importer on a real file use ``shared_file``, which fails
rather than skips when the file is missing, so a missing data folder cannot pass for a green run."""

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED_DATA = Path(os.environ.get("DUBBELSLAG_SHARED_DATA") or REPOSITORY.parent / "shared" / "data")


def shared_file(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.is_file():
        raise AssertionError(f"{path} is missing: the tests need the shared data folder beside the repository (or "
                             f"DUBBELSLAG_SHARED_DATA)")
    return path
