"""Parse the CBS gemeente / wijk / buurt code lists (CSV, UTF-8) into plain records. No database access."""

import csv
from dataclasses import dataclass
from pathlib import Path

from ..enums import AreaLevel

# CBS's placeholder for addresses abroad: a code with no area behind it.
PSEUDO_GEMEENTE = "GM0998"


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    level: AreaLevel
    parent_code: str | None


def _rows(path: Path, columns: tuple[str, ...]):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            yield {key: (row[key] or "").strip() for key in columns}


def read_code_lists(directory: Path, year: int) -> list[AreaRecord]:
    """All real areas of one boundary year, gemeenten first, then wijken, then buurten (parents before children)."""
    records: list[AreaRecord] = []
    for row in _rows(directory / f"gemeenten_{year}.csv", ("gemeentecode", "gemeentenaam")):
        if row["gemeentecode"] != PSEUDO_GEMEENTE:
            records.append(AreaRecord(row["gemeentecode"], row["gemeentenaam"], AreaLevel.GEMEENTE, None))
    for row in _rows(directory / f"wijken_{year}.csv", ("wijkcode", "wijknaam")):
        gemeente = "GM" + row["wijkcode"][2:6]
        if gemeente != PSEUDO_GEMEENTE:
            records.append(AreaRecord(row["wijkcode"], row["wijknaam"], AreaLevel.WIJK, gemeente))
    for row in _rows(directory / f"buurten_{year}.csv", ("buurtcode", "buurtnaam", "wijkcode", "gemeentecode")):
        if row["gemeentecode"] != PSEUDO_GEMEENTE:
            records.append(AreaRecord(row["buurtcode"], row["buurtnaam"], AreaLevel.BUURT, row["wijkcode"]))
    return records
