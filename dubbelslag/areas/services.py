"""Loading the CBS area code lists."""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from .enums import AreaLevel
from .models import Area
from .sources.cbs_codes import read_code_lists

BUNDLED_DATA = Path(__file__).resolve().parent / "data"


@dataclass
class AreaLoadResult:
    read: int
    created: int
    updated: int


@transaction.atomic
def load_areas(*, year: int = 2025, directory: Path = BUNDLED_DATA) -> AreaLoadResult:
    """Create or update every gemeente, wijk and buurt of one boundary year. Running it twice changes nothing."""
    records = read_code_lists(directory, year)
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
            before = existing.get(record.code)
            if before is None:
                created += 1
            elif before != (record.name, parent_id):
                updated += 1
            else:
                continue
            batch.append(Area(code=record.code, name=record.name, level=level, parent_id=parent_id,
                              boundary_year=year))
        Area.objects.bulk_create(
            batch, batch_size=2000, update_conflicts=True, unique_fields=["code", "boundary_year"],
            update_fields=["name", "level", "parent"],
        )
    return AreaLoadResult(read=len(records), created=created, updated=updated)
