"""Loading the CBS area code lists, and the areas of a year an import needs."""

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import F

from .enums import AreaLevel
from .models import Area, level_for_code
from .sources.cbs_codes import CodeList, read_code_list, years_in

BUNDLED_DATA = Path(__file__).resolve().parent / "data"


@functools.cache
def shipped_code_list(year: int) -> CodeList | None:
    """The CBS code list of ``year`` shipped with the application (areas/data), or None when none is shipped.

    Read once per process: the lists are files in the package and do not change while it runs.
    """
    try:
        return read_code_list(BUNDLED_DATA, year)
    except FileNotFoundError:
        return None


@functools.cache
def shipped_years() -> tuple[int, ...]:
    """The boundary years with a shipped code list, oldest first; read once per process like the lists, since an
    import asks for every code it refuses."""
    return tuple(years_in(BUNDLED_DATA))


@dataclass
class AreaLoadResult:
    read: int
    created: int
    updated: int


@transaction.atomic
def load_areas(*, year: int = 2025, directory: Path = BUNDLED_DATA) -> AreaLoadResult:
    """Create or update every gemeente, wijk and buurt of one boundary year. Running it twice changes nothing."""
    records = list(read_code_list(directory, year).records)
    # Some lists name no areas (the 2024 wijken come from a KWB extract without names): such an area is labelled
    # with the name its code has in another year, or its code; the identity is always (code, year).
    borrowed = dict(Area.objects.filter(code__in=[record.code for record in records if not record.name])
                    .exclude(boundary_year=year).order_by("boundary_year").values_list("code", "name"))
    existing = {code: (name, parent_id) for code, name, parent_id in
                Area.objects.filter(boundary_year=year).values_list("code", "name", "parent_id")}
    created = updated = 0
    for level in (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT):
        ids = dict(Area.objects.filter(boundary_year=year).values_list("code", "id"))
        batch = []
        for record in records:
            if record.level != level:
                continue
            parent_id = ids.get(record.parent_code) if record.parent_code else None
            if record.parent_code and parent_id is None:
                raise ValueError(f"{record.code}: parent {record.parent_code} is not in the {year} code lists")
            name = record.name or borrowed.get(record.code, record.code)
            before = existing.get(record.code)
            if before is None:
                created += 1
            elif before != (name, parent_id) and record.name:
                updated += 1
            else:
                continue
            batch.append(Area(code=record.code, name=name, level=level, parent_id=parent_id,
                              boundary_year=year))
        Area.objects.bulk_create(
            batch, batch_size=2000, update_conflicts=True, unique_fields=["code", "boundary_year"],
            update_fields=["name", "level", "parent"],
        )
    name_areas_from_other_years()
    return AreaLoadResult(read=len(records), created=created, updated=updated)


def parent_code(code: str) -> str | None:
    """The code of the area a CBS code lies in, within the same boundary year (codes embed their parents)."""
    if code.startswith("BU"):
        return "WK" + code[2:8]
    if code.startswith("WK"):
        return "GM" + code[2:6]
    return None


@transaction.atomic
def ensure_areas(year: int, names: dict[str, str]) -> int:
    """Make sure every code in ``names`` exists as an area of boundary ``year``; return how many were created.

    Used by imports of tables in another boundary year than the shipped code lists: the table itself is then the
    code list of its year. Existing areas are left alone. A parent the table does not name (a KWB extract without
    its wijken, say) is created too, with the name the same code has in another year, or with its code: the
    name is a label only, the identity is always (code, year).
    """
    wanted = dict(names)
    for code in list(wanted):
        parent = parent_code(code)
        while parent and parent not in wanted:
            wanted[parent] = ""
            parent = parent_code(parent)
    existing = set(Area.objects.filter(boundary_year=year, code__in=wanted).values_list("code", flat=True))
    missing = {code: name for code, name in wanted.items() if code not in existing}
    if not missing:
        return 0
    unnamed = [code for code, name in missing.items() if not name]
    known_names = dict(Area.objects.filter(code__in=unnamed).order_by("boundary_year").values_list("code", "name"))
    created = 0
    for level in (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT):
        ids = {}
        parents = {parent_code(code) for code in missing if level_for_code(code) == level} - {None}
        if parents:
            ids = dict(Area.objects.filter(boundary_year=year, code__in=parents).values_list("code", "id"))
        batch = [
            Area(code=code, name=name or known_names.get(code, code), level=level, boundary_year=year,
                 parent_id=ids.get(parent_code(code)))
            for code, name in missing.items() if level_for_code(code) == level
        ]
        Area.objects.bulk_create(batch, batch_size=2000)
        created += len(batch)
    name_areas_from_other_years()
    return created


def name_areas_from_other_years() -> int:
    """Give every area that is labelled with its bare code (a code list or KWB extract without names, loaded before
    a year that names it) the name the same code has in the nearest boundary year that names it, the later year on a
    tie; return how many were renamed. Whatever order the years are loaded in, "Wijk 03 Overvecht" of 2024 is then not
    headed "WK034403". A label only: the identity stays (code, year)."""
    unnamed = list(Area.objects.filter(name=F("code")))
    if not unnamed:
        return 0
    names: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for code, year, name in (Area.objects.filter(code__in={area.code for area in unnamed}).exclude(name=F("code"))
                             .values_list("code", "boundary_year", "name")):
        names[code].append((year, name))
    renamed = []
    for area in unnamed:
        if names.get(area.code):
            area.name = min(names[area.code], key=lambda item: (abs(item[0] - area.boundary_year), -item[0]))[1]
            renamed.append(area)
    Area.objects.bulk_update(renamed, ["name"], batch_size=2000)
    return len(renamed)


@transaction.atomic
def ensure_listed_areas(year: int, codes: set[str]) -> int:
    """Create the areas among ``codes`` that the shipped code list of ``year`` holds and the database does not yet
    (with their parents); return how many were created. Codes the list does not hold are left alone: the caller
    refuses them (indicators.services)."""
    listed = shipped_code_list(year)
    if listed is None:
        return 0
    existing = set(Area.objects.filter(boundary_year=year, code__in=codes).values_list("code", flat=True))
    names: dict[str, str] = {}
    for code in codes - existing:
        while code in listed.by_code and code not in names:
            names[code] = listed.by_code[code].name
            code = parent_code(code)
    return ensure_areas(year, names) if names else 0
