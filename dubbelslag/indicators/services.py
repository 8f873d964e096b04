"""The write paths of the indicators app: importing observations from files.

Each import parses with ``indicators.sources``, checks every row against the areas of the current boundary year and
the indicator catalogue, and then either refuses the whole file (writing nothing) or upserts the rows in one
transaction and records an ``ImportRun``. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area
from dubbelslag.areas.services import ensure_areas
from dubbelslag.core import audit

from .enums import ImportSource, ObservationStatus
from .models import ImportRun, Indicator, Observation
from .sources import ObservationRecord, ParseResult, RowError, key_stem, parse_cbs_csv, parse_long_format
from .sources.common import decode_text, detect_delimiter, sha256_hex
from .sources.open_data import DATASETS, OpenDataset

BATCH_SIZE = 1000
IMPORT_RUN_AUDIT_FIELDS = [
    "source", "table_id", "file_name", "boundary_year", "checksum", "rows_read", "rows_created", "rows_updated",
    "rows_unchanged", "rows_suppressed", "rows_rejected",
]
Progress = Callable[[int, int], None]


class ImportRefused(ValidationError):
    """The file has errors and nothing was imported. ``report`` lists every problem, one line each."""

    def __init__(self, report: list[str]):
        self.report = list(report)
        super().__init__([_("The file was not imported: %(count)d problem(s) found.") % {"count": len(report)},
                          *self.report], code="import_refused")


@dataclass
class _Checked:
    """Records that passed every check, with the database ids they map to, and every problem found."""

    rows: list[tuple[ObservationRecord, int, int]] = field(default_factory=list)  # (record, area id, indicator id)
    errors: list[RowError] = field(default_factory=list)


def _read(path_or_bytes: bytes | str | os.PathLike) -> bytes:
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        return bytes(path_or_bytes)
    return Path(path_or_bytes).read_bytes()


def _csv_header(raw: bytes) -> list[str]:
    """The header cells of a CSV, to choose which columns to import; [] when the file cannot be read."""
    text, problem = decode_text(raw, "utf-8-sig")
    if problem:
        return []
    try:
        return [cell.strip() for cell in next(csv.reader(io.StringIO(text), delimiter=detect_delimiter(text)), [])]
    except csv.Error:
        return []


def _check(records: tuple[ObservationRecord, ...], *, boundary_year: int,
           indicator_for: Callable[[ObservationRecord], Indicator | None]) -> _Checked:
    # All areas of the year rather than the codes in the file: a national table names more areas than a database
    # accepts as query parameters, and a year has at most some 18,000.
    areas = dict(Area.objects.in_year(boundary_year).values_list("code", "pk").order_by())
    checked = _Checked()
    for record in records:
        problems = []
        area_id = areas.get(record.area_code)
        if area_id is None:
            problems.append(_("unknown area code %(code)s in the %(year)s boundaries")
                            % {"code": record.area_code, "year": boundary_year})
        indicator = indicator_for(record)
        if indicator is None:
            problems.append(_("unknown indicator %(code)s") % {"code": record.key_stem})
        if problems:
            checked.errors.extend(RowError(record.line, problem) for problem in problems)
        else:
            checked.rows.append((record, area_id, indicator.pk))
    return checked


def _report(errors: list[RowError]) -> list[str]:
    return [str(error) for error in sorted(errors, key=lambda error: error.line)]


def _store(checked: _Checked, *, run: ImportRun, progress: Progress | None) -> None:
    """Upsert the checked rows that differ from what is stored, counting created, updated and unchanged."""
    indicator_ids = {indicator_id for _record, _area_id, indicator_id in checked.rows}
    periods = {record.period for record, _area_id, _indicator_id in checked.rows}
    # Filter by boundary year rather than by a list of area ids: a national table has more areas than a
    # database accepts as query parameters.
    stored = {
        (area_id, indicator_id, period): (value, status)
        for area_id, indicator_id, period, value, status in Observation.objects.filter(
            area__boundary_year=run.boundary_year, indicator_id__in=indicator_ids, period__in=periods
        ).values_list("area_id", "indicator_id", "period", "value", "status").order_by()
    }
    changed: list[Observation] = []
    for record, area_id, indicator_id in checked.rows:
        if record.status == ObservationStatus.SUPPRESSED:
            run.rows_suppressed += 1
        current = stored.get((area_id, indicator_id, record.period))
        if current is None:
            run.rows_created += 1
        elif current == (record.value, record.status):
            run.rows_unchanged += 1
            continue
        else:
            run.rows_updated += 1
        changed.append(Observation(area_id=area_id, indicator_id=indicator_id, period=record.period,
                                   value=record.value, status=record.status, import_run=run))
    for start in range(0, len(changed), BATCH_SIZE):
        Observation.objects.bulk_create(
            changed[start:start + BATCH_SIZE], update_conflicts=True, unique_fields=["area", "indicator", "period"],
            update_fields=["value", "status", "import_run"],
        )
        if progress:
            progress(min(start + BATCH_SIZE, len(changed)), len(changed))


def _import(result: ParseResult, checked: _Checked, *, source: str, table_id: str, file_name: str, by,
            boundary_year: int, skip_invalid: bool, progress: Progress | None, note: str = "") -> ImportRun:
    errors = list(result.errors) + checked.errors
    # A problem with the header or the file as a whole leaves no row to trust, so it is refused even when skipping.
    fatal = [error for error in result.errors if error.line <= 1]
    if fatal or (errors and not skip_invalid):
        raise ImportRefused(_report(errors))
    with transaction.atomic():
        run = ImportRun.objects.create(
            source=source, table_id=table_id, file_name=file_name, boundary_year=boundary_year,
            retrieved_at=timezone.now(), note=note,
            checksum=result.checksum, rows_read=result.rows_read,
            rows_rejected=len({error.line for error in errors}),
            by=by if by is not None and by.is_authenticated else None,
        )
        _store(checked, run=run, progress=progress)
        run.report = _report(errors)
        if run.report:
            run.note = "\n".join(filter(None, [note, *run.report]))
        run.save()
        audit.record_create(run, by=by, fields=IMPORT_RUN_AUDIT_FIELDS)
    return run


def import_long_format(path_or_bytes: bytes | str | os.PathLike, *, file_name: str = "", by,
                       boundary_year: int = CURRENT_BOUNDARY_YEAR, skip_invalid: bool = False,
                       progress: Progress | None = None) -> ImportRun:
    """Import a long-format CSV or XLSX (``area_code, indicator_code, period, value``).

    Raises ``ImportRefused`` and writes nothing when any row is wrong, unless ``skip_invalid``: then the good rows are
    imported and the bad ones are listed in the run's ``report`` and counted in ``rows_rejected``.
    """
    raw = _read(path_or_bytes)
    if not file_name and not isinstance(path_or_bytes, bytes | bytearray | memoryview):
        file_name = Path(path_or_bytes).name
    result = parse_long_format(raw)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    by_stem = {indicator.source_key_stem: indicator for indicator in indicators.values() if indicator.source_key_stem}
    checked = _check(
        result.records, boundary_year=boundary_year,
        indicator_for=lambda record: indicators.get(record.key_stem) or by_stem.get(record.key_stem),
    )
    return _import(result, checked, source=ImportSource.LONG_FORMAT, table_id="", file_name=file_name, by=by,
                   boundary_year=boundary_year, skip_invalid=skip_invalid, progress=progress)


def import_cbs_csv(path_or_bytes: bytes | str | os.PathLike, *, file_name: str = "", by, table_id: str = "",
                   period: str | int | None = None, boundary_year: int = CURRENT_BOUNDARY_YEAR,
                   skip_invalid: bool = False, decimal: str = ",", progress: Progress | None = None) -> ImportRun:
    """Import a CBS CSV download whose headers are OData keys (``Woningvoorraad_35``).

    Columns are matched to indicators by key stem (``Indicator.source_key_stem``; only indicators of ``table_id``
    when it is given); other columns are ignored. ``period`` is used when the file has no ``Perioden`` column.
    Refuses like ``import_long_format``.
    """
    raw = _read(path_or_bytes)
    if not file_name and not isinstance(path_or_bytes, bytes | bytearray | memoryview):
        file_name = Path(path_or_bytes).name
    indicators = Indicator.objects.exclude(source_key_stem="")
    if table_id:
        indicators = indicators.filter(source_table=table_id)
    by_stem: dict[str, Indicator] = {}
    for indicator in indicators.order_by("code"):
        by_stem.setdefault(indicator.source_key_stem, indicator)

    header = _csv_header(raw)
    stems = [key_stem(cell) for cell in header if key_stem(cell) in by_stem]
    ignore = [cell for cell in header if cell and key_stem(cell) not in by_stem
              and cell not in {"WijkenEnBuurten", "RegioS", "Perioden", "ID"}]
    if not stems:
        raise ImportRefused([_("No column of the file matches the key stem of an indicator%(table)s.")
                             % {"table": f" ({table_id})" if table_id else ""}])
    result = parse_cbs_csv(raw, stems=stems, period=period, decimal=decimal, ignore_columns=ignore)
    checked = _check(result.records, boundary_year=boundary_year,
                     indicator_for=lambda record: by_stem.get(record.key_stem))
    # An unknown area is one problem per row, not one per column.
    seen: set[tuple[int, str]] = set()
    checked.errors = [error for error in checked.errors
                      if (error.line, error.message) not in seen and not seen.add((error.line, error.message))]
    return _import(result, checked, source=ImportSource.CBS_CSV, table_id=table_id, file_name=file_name, by=by,
                   boundary_year=boundary_year, skip_invalid=skip_invalid, progress=progress)


def import_records(result: ParseResult, *, source: str, by, boundary_year: int, table_id: str = "",
                   file_name: str = "", area_names: dict[str, str] | None = None,
                   indicator_for: Callable[[ObservationRecord], Indicator | None] | None = None,
                   skip_invalid: bool = False, progress: Progress | None = None, note: str = "") -> ImportRun:
    """Import an already parsed table (the OData importer and the bundled open data use this).

    ``area_names`` (code → name) is the table's own code list: when given, the areas of ``boundary_year`` it names
    are created first (in the same transaction), so a table of another boundary year brings its own areas.
    Records map to indicators by code or key stem unless ``indicator_for`` says otherwise. Refuses like
    ``import_long_format``.
    """
    if indicator_for is None:
        indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        by_stem = {indicator.source_key_stem: indicator
                   for indicator in indicators.values() if indicator.source_key_stem}

        def indicator_for(record):
            return indicators.get(record.key_stem) or by_stem.get(record.key_stem)

    with transaction.atomic():
        if area_names:
            ensure_areas(boundary_year, area_names)
        checked = _check(result.records, boundary_year=boundary_year, indicator_for=indicator_for)
        return _import(result, checked, source=source, table_id=table_id, file_name=file_name, by=by,
                       boundary_year=boundary_year, skip_invalid=skip_invalid, progress=progress, note=note)


def load_open_data(*, force: bool = False, progress: Progress | None = None,
                   datasets: tuple[OpenDataset, ...] = DATASETS) -> list[tuple[OpenDataset, ImportRun | None]]:
    """Import the CBS open data shipped with the application, each file as one import run in its boundary year.

    A file already imported with the same checksum is skipped (``None`` in the result) unless ``force``; importing
    it again would change nothing anyway, but would take seconds and add a run to the history.
    """
    results = []
    for dataset in datasets:
        raw = dataset.path.read_bytes()
        checksum = sha256_hex(raw)
        done = ImportRun.objects.filter(source=ImportSource.BUNDLED, file_name=dataset.path.name,
                                        checksum=checksum).exists()
        if done and not force:
            results.append((dataset, None))
            continue
        result, names = dataset.reader(raw)
        run = import_records(result, source=ImportSource.BUNDLED, by=None, boundary_year=dataset.boundary_year,
                             table_id=dataset.table_id, file_name=dataset.path.name, area_names=names or
                             {record.area_code: "" for record in result.records}, progress=progress)
        results.append((dataset, run))
    return results
