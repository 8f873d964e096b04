"""The write paths of the indicators app: importing observations from files.

Each import parses with ``indicators.sources``, checks every row against the areas of the current boundary year and
the indicator catalogue, and then either refuses the whole file (writing nothing) or, in one transaction, inserts
the new rows, updates the changed ones and records an ``ImportRun``. Re-importing the same file changes nothing.
``bench/import_bench.py`` times this against a raw ``executemany`` of the same rows.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area
from dubbelslag.areas.services import ensure_areas
from dubbelslag.core import audit

from .enums import ImportSource
from .models import ImportRun, Indicator, Observation
from .sources import (
    STATUS_SUPPRESSED,
    ObservationRecord,
    ParseResult,
    RowError,
    key_stem,
    parse_cbs_csv,
    parse_long_format,
)
from .sources.common import decode_text, detect_delimiter, sha256_hex
from .sources.open_data import DATASETS, OpenDataset

# Rows per executemany call: the statement overhead is gone long before this, and the progress callback still
# reports a few times a second.
WRITE_BATCH = 10_000
IMPORT_RUN_AUDIT_FIELDS = [
    "source", "table_id", "file_name", "boundary_year", "checksum", "rows_read", "rows_created", "rows_updated",
    "rows_unchanged", "rows_suppressed", "rows_rejected",
]
Progress = Callable[[int, int], None]
# The identity of an observation: (area id, indicator id, period).
Key = tuple[int, int, str]


class ImportRefused(ValidationError):
    """The file has errors and nothing was imported. ``report`` lists every problem, one line each."""

    def __init__(self, report: list[str]):
        self.report = list(report)
        super().__init__([_("The file was not imported: %(count)d problem(s) found.") % {"count": len(report)},
                          *self.report], code="import_refused")


@dataclass
class _Checked:
    """The rows that passed every check, as (key, value, status) with the key in database ids, and every problem."""

    rows: list[tuple[Key, float | None, str]] = field(default_factory=list)
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
    """Map every record to database ids; an unknown area or indicator, or a second value for the same area,
    indicator and period, is a problem of the record's line."""
    # All areas of the year rather than the codes in the file: a national table names more areas than a database
    # accepts as query parameters, and a year has at most some 18,000.
    areas = dict(Area.objects.in_year(boundary_year).values_list("code", "pk").order_by())
    # A table has a handful of columns and up to a hundred thousand rows: ask for the indicator once per column.
    indicator_ids: dict[tuple[str, str], int | None] = {}
    first_line: dict[Key, int] = {}
    checked = _Checked()
    rows = checked.rows
    for record in records:
        area_id = areas.get(record.area_code)
        column = (record.column_key, record.key_stem)
        try:
            indicator_id = indicator_ids[column]
        except KeyError:
            indicator = indicator_for(record)
            indicator_id = indicator_ids[column] = indicator.pk if indicator is not None else None
        if area_id is not None and indicator_id is not None:
            key = (area_id, indicator_id, record.period)
            if key not in first_line:
                first_line[key] = record.line
                rows.append((key, record.value, record.status))
                continue
            # Two columns that map to one indicator (its code and its key stem, say), or an area listed twice: the
            # database keeps one value per key, and which one would be an accident of the file's order.
            checked.errors.append(RowError(record.line, _(
                "area %(area)s, indicator %(indicator)s, period %(period)s occurs more than once (first on line "
                "%(line)d)") % {"area": record.area_code, "indicator": record.key_stem, "period": record.period,
                                "line": first_line[key]}))
            continue
        if area_id is None:
            checked.errors.append(RowError(record.line, _("unknown area code %(code)s in the %(year)s boundaries")
                                           % {"code": record.area_code, "year": boundary_year}))
        if indicator_id is None:
            checked.errors.append(RowError(record.line, _("unknown indicator %(code)s") % {"code": record.key_stem}))
    return checked


def _report(errors: list[RowError]) -> list[str]:
    return [str(error) for error in sorted(errors, key=lambda error: error.line)]


# The columns _write fills, in the order of its rows.
INSERTED = ("area", "indicator", "period", "value", "status", "import_run")
UPDATED = ("value", "status", "import_run")  # followed by the id of the row


def _statements() -> tuple[str, str]:
    """The INSERT of new observations and the UPDATE of changed ones, for this database (see ``_write``).

    The names come from the model; every value is a parameter.
    """
    meta = Observation._meta
    quote = connection.ops.quote_name
    table, pk = quote(meta.db_table), quote(meta.pk.column)

    def columns(names):
        return ", ".join(quote(meta.get_field(name).column) for name in names)

    def arrays(names):
        return ", ".join(f"%s::{meta.get_field(name).db_type(connection)}[]" for name in names)

    if connection.vendor == "postgresql":
        insert = f"INSERT INTO {table} ({columns(INSERTED)}) SELECT * FROM unnest({arrays(INSERTED)})"  # noqa: S608
        update = (f"UPDATE {table} SET ({columns(UPDATED)}) = (v.c1, v.c2, v.c3) "  # noqa: S608
                  f"FROM unnest({arrays([*UPDATED, 'id'])}) AS v(c1, c2, c3, id) WHERE {table}.{pk} = v.id")
    else:
        insert = f"INSERT INTO {table} ({columns(INSERTED)}) VALUES (%s, %s, %s, %s, %s, %s)"  # noqa: S608
        update = f"UPDATE {table} SET ({columns(UPDATED)}) = (%s, %s, %s) WHERE {pk} = %s"  # noqa: S608
    return insert, update


def _write(new: list[tuple], changed: list[tuple], *, progress: Progress | None) -> None:
    """Insert the ``new`` rows (``INSERTED``) and update the ``changed`` ones (``UPDATED`` and the id), in batches,
    reporting progress after each batch.

    Plain SQL rather than ``bulk_create``: that builds a model instance for every row and compiles every value into
    SQL, which took six seconds for the 98,560 heating figures on SQLite, where a prepared statement run by
    ``executemany`` takes one, about what SQLite itself needs. PostgreSQL runs the rows of an ``executemany`` one by
    one, so there a batch is a single statement that takes its columns as arrays.
    """
    insert, update = _statements()
    as_arrays = connection.vendor == "postgresql"
    total, done = len(new) + len(changed), 0
    with connection.cursor() as cursor:
        for sql, rows in ((insert, new), (update, changed)):
            for start in range(0, len(rows), WRITE_BATCH):
                batch = rows[start:start + WRITE_BATCH]
                if as_arrays:
                    cursor.execute(sql, [list(values) for values in zip(*batch, strict=True)])
                else:
                    cursor.executemany(sql, batch)
                done += len(batch)
                if progress:
                    progress(done, total)


def _store(checked: _Checked, *, run: ImportRun, progress: Progress | None) -> None:
    """Write the checked rows that differ from what is stored; count created, updated, unchanged and suppressed.

    A row stored with the same value and status is left alone, so it keeps pointing at the import that brought it.
    New rows are inserted, changed rows updated by primary key. The stored rows are read inside the import's
    transaction, so an insert never meets a row that was not there when it was counted as new: SQLite takes the
    write lock when the transaction starts, and on PostgreSQL a concurrent import of the same figures makes this one
    fail on the unique constraint and roll back rather than miscount.
    """
    indicator_ids = {key[1] for key, _value, _status in checked.rows}
    periods = {key[2] for key, _value, _status in checked.rows}
    # Filter by boundary year rather than by a list of area ids: a national table has more areas than a
    # database accepts as query parameters.
    stored: dict[Key, tuple[int, float | None, str]] = {
        (area_id, indicator_id, period): (pk, value, status)
        for pk, area_id, indicator_id, period, value, status in Observation.objects.filter(
            area__boundary_year=run.boundary_year, indicator_id__in=indicator_ids, period__in=periods
        ).values_list("pk", "area_id", "indicator_id", "period", "value", "status").order_by().iterator(
            chunk_size=WRITE_BATCH)
    }
    new: list[tuple[int, int, str, float | None, str, int]] = []
    changed: list[tuple[float | None, str, int, int]] = []
    suppressed, run_id = 0, run.pk
    for key, value, status in checked.rows:
        if status == STATUS_SUPPRESSED:
            suppressed += 1
        current = stored.get(key)
        if current is None:
            new.append((*key, value, status, run_id))
        elif current[1] != value or current[2] != status:
            changed.append((value, status, run_id, current[0]))
    run.rows_created, run.rows_updated, run.rows_suppressed = len(new), len(changed), suppressed
    run.rows_unchanged = len(checked.rows) - len(new) - len(changed)
    _write(new, changed, progress=progress)


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
        _refresh_statistics()
    return run


def _refresh_statistics() -> None:
    """Tell PostgreSQL's planner what an import changed. Tens of thousands of new figures (or areas) make the
    statistics it plans with stale until autovacuum comes by, and a plan made for a near-empty table (nested loops
    over sequential scans) can then take minutes over the figures. ANALYZE samples the tables in well under a
    second and runs inside the import's transaction. SQLite plans from its indexes and needs nothing."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Observation._meta.db_table}, {Area._meta.db_table}")


def _by_stem(indicators) -> dict[str, Indicator]:
    """Indicators by each of their key stems (the current one and its aliases from other years)."""
    return {stem: indicator for indicator in indicators for stem in indicator.key_stems}


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
    by_stem = _by_stem(indicators.values())
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
        for stem in indicator.key_stems:
            by_stem.setdefault(stem, indicator)

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
    Records map to indicators by code or key stem unless ``indicator_for`` says otherwise; it is asked once per
    column (``column_key`` and ``key_stem``), not once per row. Refuses like ``import_long_format``.
    """
    if indicator_for is None:
        indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        by_stem = _by_stem(indicators.values())

        def indicator_for(record):
            return indicators.get(record.key_stem) or by_stem.get(record.key_stem)

    with transaction.atomic():
        if area_names:
            # Only the codes the year lacks: asking about all 17,000 codes of a national table already loaded costs
            # more than the rest of its re-import.
            existing = set(Area.objects.in_year(boundary_year).values_list("code", flat=True).order_by())
            missing = {code: name for code, name in area_names.items() if code not in existing}
            if missing:
                ensure_areas(boundary_year, missing)
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
