"""The CBS table ids of "Kerncijfers wijken en buurten" per year, read from ``indicators/data/kwb_tables.csv``.

The ids are data (CBS publishes a new table every year), so they live in a CSV that can be extended without a code
change; this module only reads and checks it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

KWB_TABLES_PATH = Path(__file__).resolve().parent.parent / "data" / "kwb_tables.csv"
_TABLE_ID = re.compile(r"^[0-9]{5}[A-Z0-9]{3}$")


@dataclass(frozen=True, slots=True)
class CbsTable:
    year: int
    table_id: str
    title: str


def load_kwb_tables(path: Path = KWB_TABLES_PATH) -> dict[int, CbsTable]:
    """Read the year -> table mapping. Effects: reads one file.

    Raises ``ValueError`` for a malformed or duplicate line: the file ships with the application, so a mistake in
    it is a bug to fix, not a row to skip (and the message stays untranslated English, like any bug report).
    """
    tables: dict[int, CbsTable] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            line = f"{path.name} line {number}"
            try:
                year = int(row["year"])
                table_id = row["table_id"].strip()
            except (KeyError, TypeError, ValueError, AttributeError) as exc:
                raise ValueError(f"{line}: expected columns year,table_id,title") from exc
            if not _TABLE_ID.match(table_id):
                raise ValueError(f"{line}: {table_id!r} is not a CBS table id")
            if year in tables:
                raise ValueError(f"{line}: year {year} occurs twice")
            tables[year] = CbsTable(year=year, table_id=table_id, title=(row.get("title") or "").strip())
    return tables


def kwb_table_id(year: int, *, path: Path = KWB_TABLES_PATH) -> str:
    """The KWB table id for ``year`` (``2024`` -> ``"85984NED"``); raises ``LookupError`` for an unknown year."""
    tables = load_kwb_tables(path)
    if year not in tables:
        known = ", ".join(str(y) for y in sorted(tables))
        raise LookupError(_("no KWB table known for %(year)s; known years: %(years)s")
                          % {"year": year, "years": known})
    return tables[year].table_id
