"""Parse the CBS gemeente / wijk / buurt code lists (CSV, UTF-8) into plain records. No database access.

A boundary year's code list is up to three files in one folder: ``gemeenten_<year>.csv``, ``wijken_<year>.csv`` and
``buurten_<year>.csv``. A year may lack a level (the 2022 list has no buurten): the levels whose file exists are the
levels the list *covers*, and only for those can an import be checked code by code (docs/data-sources.md#code-lists).
"""

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from ..enums import AreaLevel

# CBS's placeholder for addresses abroad: a code with no area behind it.
PSEUDO_GEMEENTE = "GM0998"
_FILE_NAME = re.compile(r"^(gemeenten|wijken|buurten)_([0-9]{4})\.csv$")
_FILES = {AreaLevel.GEMEENTE: "gemeenten", AreaLevel.WIJK: "wijken", AreaLevel.BUURT: "buurten"}


@dataclass(frozen=True)
class AreaRecord:
    code: str
    name: str
    level: AreaLevel
    parent_code: str | None


@dataclass(frozen=True)
class CodeList:
    """The areas of one boundary year as CBS lists them, and the levels the list covers."""

    year: int
    levels: frozenset[AreaLevel]
    records: tuple[AreaRecord, ...]

    @functools.cached_property
    def by_code(self) -> dict[str, AreaRecord]:
        return {record.code: record for record in self.records}

    def covers(self, level: AreaLevel | None) -> bool:
        return level in self.levels


def _rows(path: Path, columns: tuple[str, ...]):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = set(columns) - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        for row in reader:
            yield {key: (row[key] or "").strip() for key in columns}


def years_in(directory: Path) -> list[int]:
    """The boundary years that have at least one code list file in ``directory``, oldest first."""
    return sorted({int(match.group(2)) for path in directory.glob("*.csv") if (match := _FILE_NAME.match(path.name))})


def read_code_list(directory: Path, year: int) -> CodeList:
    """The code list of one boundary year, gemeenten first, then wijken, then buurten (parents before children).

    Raises FileNotFoundError when the folder has no list of that year at all.
    """
    paths = {level: directory / f"{name}_{year}.csv" for level, name in _FILES.items()}
    levels = frozenset(level for level, path in paths.items() if path.exists())
    if not levels:
        raise FileNotFoundError(f"no CBS code list of {year} in {directory}")
    records: list[AreaRecord] = []
    if AreaLevel.GEMEENTE in levels:
        for row in _rows(paths[AreaLevel.GEMEENTE], ("gemeentecode", "gemeentenaam")):
            if row["gemeentecode"] != PSEUDO_GEMEENTE:
                records.append(AreaRecord(row["gemeentecode"], row["gemeentenaam"], AreaLevel.GEMEENTE, None))
    if AreaLevel.WIJK in levels:
        for row in _rows(paths[AreaLevel.WIJK], ("wijkcode", "wijknaam")):
            gemeente = "GM" + row["wijkcode"][2:6]
            if gemeente != PSEUDO_GEMEENTE:
                records.append(AreaRecord(row["wijkcode"], row["wijknaam"], AreaLevel.WIJK, gemeente))
    if AreaLevel.BUURT in levels:
        for row in _rows(paths[AreaLevel.BUURT], ("buurtcode", "buurtnaam", "wijkcode", "gemeentecode")):
            if row["gemeentecode"] != PSEUDO_GEMEENTE:
                records.append(AreaRecord(row["buurtcode"], row["buurtnaam"], AreaLevel.BUURT, row["wijkcode"]))
    return CodeList(year, levels, tuple(records))


def read_code_lists(directory: Path, year: int) -> list[AreaRecord]:
    """All real areas of one boundary year (see ``read_code_list``)."""
    return list(read_code_list(directory, year).records)
