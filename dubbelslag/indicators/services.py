"""The write paths of the indicators app: importing observations from files.

Each import parses with ``indicators.sources``, checks every row against the areas of the current boundary year and
the indicator catalogue, and then either refuses the whole file (writing nothing) or, in one transaction, inserts
the new rows, updates the changed ones and records an ``ImportRun``. Re-importing the same file changes nothing.
``bench/import_bench.py`` times this against a raw ``executemany`` of the same rows.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area, level_for_code
from dubbelslag.areas.services import ensure_areas, ensure_listed_areas, shipped_code_list, shipped_years
from dubbelslag.core import audit

from . import catalogue
from .enums import ImportSource, ObservationStatus
from .models import ImportRun, Indicator, IndicatorClass, Observation
from .sources import (
    STATUS_OK,
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
    """The file has errors and nothing was imported. ``report`` lists every problem, one line each.

    ``skippable`` is True when every problem is one of a row, so importing with ``skip_invalid`` would import the
    other rows; False when a problem concerns the header or the file as a whole, which no option can skip."""

    def __init__(self, report: list[str], *, skippable: bool = False):
        self.report = list(report)
        self.skippable = skippable
        count = len(self.report)
        super().__init__([ngettext("The file was not imported: %(count)d problem found.",
                                   "The file was not imported: %(count)d problems found.", count) % {"count": count},
                          *self.report], code="import_refused")


@dataclass
class _Checked:
    """The rows that passed every check, as (key, value, status, class id) with the key in database ids, and every
    problem."""

    # (key, value, status, class id, line, area code)
    rows: list[tuple[Key, float | None, str, int | None, int, str]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # Rows deliberately not imported (national rows, other dimension values), per reason.
    skipped: dict[str, int] = field(default_factory=dict)


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


_WIJK_PREFIX = re.compile(r"^(?:wijk|buurt)e?\s*(?:[0-9]{1,2}|[a-z]{1,2})(?:\s+|$)", re.IGNORECASE)
_QUALIFIER = re.compile(r"\s*\([^)]*\)")  # "Beek (L.)", "Hengelo (O.)": the province, not another place
_ABBREVIATIONS = ((re.compile(r"\bverspr\.\s*h\.", re.IGNORECASE), "verspreide huizen"),
                  (re.compile(r"\bverspr\.", re.IGNORECASE), "verspreide"))
# CBS cuts names at 40 characters in some products; a name this long that starts the other is taken as the same.
TRUNCATED_NAME = 20


def _plain_name(name: str) -> str:
    name = _QUALIFIER.sub("", _WIJK_PREFIX.sub("", name.strip()))
    for pattern, replacement in _ABBREVIATIONS:
        name = pattern.sub(replacement, name)
    name = unicodedata.normalize("NFKD", name)
    return "".join(char for char in name.casefold() if char.isalnum())


def _same_name(one: str, other: str) -> bool:
    """Whether two names of one area are the same name: ignoring case, accents, punctuation, StatLine's "Wijk 03 ",
    a province in brackets, CBS's "verspr.h." and a cut at 40 characters. A name of only "Wijk 01" says nothing and
    is taken as the same."""
    one, other = _plain_name(one), _plain_name(other)
    if not one or not other or one == other:
        return True
    shorter, longer = sorted((one, other), key=len)
    return len(shorter) >= TRUNCATED_NAME and longer.startswith(shorter)


def _area_ids(records: tuple[ObservationRecord, ...], *, boundary_year: int, create: bool) -> dict[str, int]:
    """The ids of the areas of ``boundary_year`` the records name, creating from the shipped code list of that year
    those the database lacks (when ``create``; a dry run does not write them, so they get the placeholder id 0).
    Codes neither in the database nor in the list are absent from the result: the caller refuses them."""
    # All areas of the year rather than the codes in the file: a national table names more areas than a database
    # accepts as query parameters, and a year has at most some 18,000.
    areas = dict(Area.objects.in_year(boundary_year).values_list("code", "pk").order_by())
    listed = shipped_code_list(boundary_year)
    if listed is not None:
        missing = {record.area_code for record in records if record.area_code not in areas
                   and record.area_code in listed.by_code}
        if missing and create:
            ensure_listed_areas(boundary_year, missing)
            areas = dict(Area.objects.in_year(boundary_year).values_list("code", "pk").order_by())
        elif missing:
            # Negative placeholders, one per code, so that two new areas never share a key in a dry run.
            areas.update({code: -number for number, code in enumerate(sorted(missing), start=1)})
    return areas


def _unknown_area(code: str, boundary_year: int, *, year_has_areas: bool) -> str:
    """Why ``code`` is refused for ``boundary_year``, naming the year, and the years it does exist in."""
    listed = shipped_code_list(boundary_year)
    level = level_for_code(code)
    elsewhere = sorted(year for year in shipped_years() if year != boundary_year
                       and (other := shipped_code_list(year)) and code in other.by_code)
    if listed is not None and level is not None and not listed.covers(level):
        plural = {AreaLevel.GEMEENTE: _("gemeenten"), AreaLevel.WIJK: _("wijken"), AreaLevel.BUURT: _("buurten")}
        message = _("the %(year)s code list has no codes of %(level)s, so %(code)s cannot be checked; import a CBS "
                    "table of that year that brings its own areas (import_cbs_odata)") % {
            "year": boundary_year, "level": plural[level], "code": code}
    elif listed is None and not year_has_areas:
        message = _("there are no areas of the %(year)s boundaries: no CBS code list of that year is shipped, so "
                    "import a CBS table of that year that brings its own areas (import_cbs_odata)") % {
            "year": boundary_year}
    else:
        message = _("unknown area code %(code)s in the %(year)s boundaries") % {"code": code, "year": boundary_year}
    if elsewhere:
        message += " " + _("(it does in %(years)s: is the file of another boundary year?)") % {
            "years": ", ".join(map(str, elsewhere))}
    return message


def _check(records: tuple[ObservationRecord, ...], *, boundary_year: int,
           indicator_for: Callable[[ObservationRecord], Indicator | None], area_names: dict[str, str] | None = None,
           create_areas: bool = True) -> _Checked:
    """Map every record to database ids; an unknown area or indicator, a class that is not one of the indicator's,
    a name that is not the area's name in the boundary year, or a second value for the same area, indicator and
    period, is a problem of the record's line. National rows (NL00) are skipped and counted."""
    areas = _area_ids(records, boundary_year=boundary_year, create=create_areas)
    listed = shipped_code_list(boundary_year)
    # A table has a handful of columns and up to a hundred thousand rows: ask for the indicator once per column.
    indicators: dict[tuple[str, str], Indicator | None] = {}
    classes: dict[int, dict[str, int]] = {}
    first_line: dict[Key, int] = {}
    checked = _Checked()
    rows = checked.rows
    misnamed: dict[str, bool] = {}
    national: set[int] = set()
    for record in records:
        if record.area_code.startswith("NL"):
            national.add(record.line)
            continue
        area_id = areas.get(record.area_code)
        column = (record.column_key, record.key_stem)
        try:
            indicator = indicators[column]
        except KeyError:
            indicator = indicators[column] = indicator_for(record)
            if indicator is not None and indicator.is_categorical:
                classes[indicator.pk] = {value.code.casefold(): value.pk for value in indicator.classes.all()}
        if area_names and area_id is not None:
            if record.area_code not in misnamed:
                listed_name = listed.by_code[record.area_code].name if listed and record.area_code in \
                    listed.by_code else ""
                given = area_names.get(record.area_code, "")
                misnamed[record.area_code] = bool(listed_name and given and not _same_name(listed_name, given))
                if misnamed[record.area_code]:
                    checked.errors.append(RowError(record.line, _(
                        "%(code)s is “%(listed)s” in the %(year)s boundaries, but the file calls it “%(given)s”: is "
                        "the file of another boundary year?") % {"code": record.area_code, "listed": listed_name,
                                                                  "year": boundary_year, "given": given}))
            if misnamed[record.area_code]:
                continue
        if area_id is not None and indicator is not None:
            class_id, problem = _class_of(record, indicator, classes.get(indicator.pk))
            if problem:
                checked.errors.append(RowError(record.line, problem))
                continue
            key = (area_id, indicator.pk, record.period)
            if key not in first_line:
                first_line[key] = record.line
                rows.append((key, record.value, record.status, class_id, record.line, record.area_code))
                continue
            # Two columns that map to one indicator (its code and its key stem, say), or an area listed twice: the
            # database keeps one value per key, and which one would be an accident of the file's order.
            checked.errors.append(RowError(record.line, _(
                "area %(area)s, indicator %(indicator)s, period %(period)s occurs more than once (first on line "
                "%(line)d)") % {"area": record.area_code, "indicator": record.key_stem, "period": record.period,
                                "line": first_line[key]}))
            continue
        if area_id is None:
            checked.errors.append(RowError(record.line, _unknown_area(record.area_code, boundary_year,
                                                                      year_has_areas=bool(areas))))
        if indicator is None:
            checked.errors.append(RowError(record.line, _("unknown indicator %(code)s") % {"code": record.key_stem}))
    if national:
        checked.skipped[_("the Netherlands as a whole (NL00)")] = len(national)
    return checked


def _class_of(record: ObservationRecord, indicator: Indicator,
              classes: dict[str, int] | None) -> tuple[int | None, str]:
    """The class id of a record of a categorical indicator, and the problem when a record does not fit its
    indicator (a class word for a number indicator, a number for a categorical one, a word that is no class)."""
    if classes is None:
        if record.category:
            return None, _("“%(value)s” is not a number (indicator %(indicator)s holds numbers)") % {
                "value": record.category, "indicator": indicator.code}
        return None, ""
    names = ", ".join(value.code for value in indicator.classes.all())
    if record.value is not None:
        return None, _("indicator %(indicator)s holds the classes %(classes)s, not numbers such as %(value)s") % {
            "indicator": indicator.code, "classes": names, "value": record.value}
    if not record.category:
        return None, ""  # suppressed or unknown
    class_id = classes.get(record.category.casefold())
    if class_id is None:
        return None, _("“%(value)s” is not a class of %(indicator)s (%(classes)s)") % {
            "value": record.category, "indicator": indicator.code, "classes": names}
    return class_id, ""


def skipped_text(reason: str, count: int) -> str:
    """``3 rows not imported: the Netherlands as a whole (NL00)``: rows read but deliberately left out."""
    return ngettext("%(count)d row not imported: %(reason)s", "%(count)d rows not imported: %(reason)s",
                    count) % {"count": count, "reason": reason}


def _report(errors: list[RowError]) -> list[str]:
    return [str(error) for error in sorted(errors, key=lambda error: error.line)]


# The columns _write fills, in the order of its rows.
INSERTED = ("area", "indicator", "period", "value", "status", "value_class", "import_run")
UPDATED = ("value", "status", "value_class", "import_run")  # followed by the id of the row


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
        aliases = [f"c{number}" for number in range(1, len(UPDATED) + 1)]
        insert = f"INSERT INTO {table} ({columns(INSERTED)}) SELECT * FROM unnest({arrays(INSERTED)})"  # noqa: S608
        update = (f"UPDATE {table} SET ({columns(UPDATED)}) = ({', '.join('v.' + a for a in aliases)}) "  # noqa: S608
                  f"FROM unnest({arrays([*UPDATED, 'id'])}) AS v({', '.join(aliases)}, id) WHERE {table}.{pk} = v.id")
    else:
        insert = (f"INSERT INTO {table} ({columns(INSERTED)}) "  # noqa: S608
                  f"VALUES ({', '.join(['%s'] * len(INSERTED))})")
        update = (f"UPDATE {table} SET ({columns(UPDATED)}) = ({', '.join(['%s'] * len(UPDATED))}) "  # noqa: S608
                  f"WHERE {pk} = %s")
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


@dataclass(frozen=True)
class RowOutcome:
    """What an import did, or a dry run would do, with one checked value: ``new``, ``changed`` (from ``before``),
    ``unchanged``; ``suppressed`` marks a value the source kept secret."""

    line: int
    area: str
    indicator: str
    period: str
    outcome: str
    shown: str
    before: str = ""
    suppressed: bool = False


def _store(checked: _Checked, *, run: ImportRun, progress: Progress | None, write: bool = True) -> list[tuple]:
    """Write the checked rows that differ from what is stored; count created, updated, unchanged and suppressed.
    Returns (row, stored) for every checked row, for a dry run's report.

    A row stored with the same value and status is left alone, so it keeps pointing at the import that brought it.
    New rows are inserted, changed rows updated by primary key. The stored rows are read inside the import's
    transaction, so an insert never meets a row that was not there when it was counted as new: SQLite takes the
    write lock when the transaction starts, and on PostgreSQL a concurrent import of the same figures makes this one
    fail on the unique constraint and roll back rather than miscount.
    """
    indicator_ids = {row[0][1] for row in checked.rows}
    periods = {row[0][2] for row in checked.rows}
    # Filter by boundary year rather than by a list of area ids: a national table has more areas than a
    # database accepts as query parameters.
    stored: dict[Key, tuple[int, float | None, str, int | None]] = {
        (area_id, indicator_id, period): (pk, value, status, class_id)
        for pk, area_id, indicator_id, period, value, status, class_id in Observation.objects.filter(
            area__boundary_year=run.boundary_year, indicator_id__in=indicator_ids, period__in=periods
        ).values_list("pk", "area_id", "indicator_id", "period", "value", "status", "value_class_id").order_by(
        ).iterator(chunk_size=WRITE_BATCH)
    }
    new: list[tuple] = []
    changed: list[tuple] = []
    compared: list[tuple] = []
    suppressed, run_id = 0, run.pk
    for row in checked.rows:
        key, value, status, class_id = row[:4]
        if status == STATUS_SUPPRESSED:
            suppressed += 1
        current = stored.get(key)
        compared.append((row, current))
        if current is None:
            new.append((*key, value, status, class_id, run_id))
        elif current[1:] != (value, status, class_id):
            changed.append((value, status, class_id, run_id, current[0]))
    run.rows_created, run.rows_updated, run.rows_suppressed = len(new), len(changed), suppressed
    run.rows_unchanged = len(checked.rows) - len(new) - len(changed)
    if write:
        _write(new, changed, progress=progress)
    return compared


def _outcomes(compared: list[tuple], *, limit: int) -> list[RowOutcome]:
    """The first ``limit`` rows of a dry run, in the words of the person importing."""
    labels = dict(IndicatorClass.objects.filter(
        pk__in={row[3] for row, _current in compared[:limit] if row[3]} |
        {current[3] for _row, current in compared[:limit] if current and current[3]}).values_list("pk", "code"))
    codes = dict(Indicator.objects.filter(pk__in={row[0][1] for row, _current in compared[:limit]})
                 .values_list("pk", "code"))

    def shown(value, status, class_id) -> str:
        if status != STATUS_OK:
            return ObservationStatus(status).label
        return labels.get(class_id, "") if class_id else f"{value:g}"

    outcomes = []
    for row, current in compared[:limit]:
        key, value, status, class_id, line, area_code = row
        if current is None:
            outcome, before = "new", ""
        elif current[1:] != (value, status, class_id):
            outcome, before = "changed", shown(*current[1:])
        else:
            outcome, before = "unchanged", ""
        outcomes.append(RowOutcome(line, area_code, codes.get(key[1], ""), key[2], outcome,
                                   shown(value, status, class_id), before, status == STATUS_SUPPRESSED))
    return outcomes


# How many rows a dry run describes one by one; the counts cover every row.
PREVIEW_ROWS = 200


def _import(result: ParseResult, checked: _Checked, *, source: str, table_id: str, file_name: str, by,
            boundary_year: int, skip_invalid: bool, progress: Progress | None, note: str = "",
            settings: dict | None = None, dry_run: bool = False) -> ImportRun:
    """Refuse the file, or store its rows and record the run; called inside the import's transaction.

    In a dry run nothing is written (the caller rolls back what the checks created); the returned run is not saved
    and carries ``outcomes``, the first rows one by one.
    """
    errors = list(result.errors) + checked.errors
    # A problem with the header or the file as a whole leaves no row to trust, so it is refused even when skipping.
    fatal = [error for error in result.errors if error.line <= 1 or error.fatal]
    if fatal or (errors and not skip_invalid):
        raise ImportRefused(_report(errors), skippable=not fatal)
    skipped = {**result.skipped, **checked.skipped}
    if not checked.rows:
        # A run that stores nothing would only look like a successful import in the history. Say why each row went.
        raise ImportRefused([_("The file has no rows to import: it has a header but no data rows, or every row was "
                               "skipped."), *_report(errors),
                             *(skipped_text(reason, count) for reason, count in skipped.items())])
    run = ImportRun(
        source=source, table_id=table_id, file_name=file_name, boundary_year=boundary_year,
        retrieved_at=timezone.now(), note=note, checksum=result.checksum, rows_read=result.rows_read,
        rows_rejected=len({error.line for error in errors}), settings={**(settings or {}), "skipped": skipped},
        by=by if by is not None and by.is_authenticated else None,
    )
    run.report = _report(errors)
    run.skipped = skipped
    if dry_run:
        compared = _store(checked, run=run, progress=None, write=False)
        run.outcomes = _outcomes(compared, limit=PREVIEW_ROWS)
        return run
    run.save()
    _store(checked, run=run, progress=progress)
    notes = [note, *run.report, *(skipped_text(reason, count) for reason, count in skipped.items())]
    run.note = "\n".join(filter(None, notes))
    run.save()
    audit.record_create(run, by=by, fields=IMPORT_RUN_AUDIT_FIELDS)
    _refresh_statistics()
    return run


@contextlib.contextmanager
def _import_transaction(dry_run: bool):
    """One transaction around an import and what it creates first (areas from the code list, indicators from the
    mapping); a dry run rolls it all back, so nothing is written until the import is confirmed."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)


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


def _file_name(path_or_bytes, file_name: str) -> str:
    if not file_name and not isinstance(path_or_bytes, bytes | bytearray | memoryview):
        return Path(path_or_bytes).name
    return file_name


def _check_year(boundary_year) -> int:
    """The boundary year every import must be told (or read from the table's metadata): figures belong to the
    areas of one year, and the same code can mean another neighbourhood in another year."""
    if isinstance(boundary_year, bool) or not isinstance(boundary_year, int) or not 1900 <= boundary_year <= 2100:
        raise ImportRefused([_("Give the boundary year (indeling) of the file's area codes, such as 2022: the same "
                               "code can mean another neighbourhood in another year.")])
    return boundary_year


def import_long_format(path_or_bytes: bytes | str | os.PathLike, *, by, boundary_year: int, file_name: str = "",
                       skip_invalid: bool = False, dry_run: bool = False,
                       progress: Progress | None = None) -> ImportRun:
    """Import a long-format CSV or XLSX (``area_code, indicator_code, period, value``) onto the areas of
    ``boundary_year``.

    Raises ``ImportRefused`` and writes nothing when any row is wrong, unless ``skip_invalid``: then the good rows are
    imported and the bad ones are listed in the run's ``report`` and counted in ``rows_rejected``. ``dry_run``
    checks everything and returns the unsaved run with its counts, writing nothing.
    """
    boundary_year = _check_year(boundary_year)
    raw = _read(path_or_bytes)
    file_name = _file_name(path_or_bytes, file_name)
    result = parse_long_format(raw)
    with _import_transaction(dry_run):
        indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
        by_stem = _by_stem(indicators.values())
        checked = _check(
            result.records, boundary_year=boundary_year, create_areas=not dry_run,
            indicator_for=lambda record: indicators.get(record.key_stem) or by_stem.get(record.key_stem),
        )
        return _import(result, checked, source=ImportSource.LONG_FORMAT, table_id="", file_name=file_name, by=by,
                       boundary_year=boundary_year, skip_invalid=skip_invalid, progress=progress, dry_run=dry_run)


def _create_indicator(spec: dict, *, by) -> Indicator:
    """A new indicator for a mapped column; its problems are the import's refusal, named by field."""
    try:
        return catalogue.create_indicator(by=by, **spec)
    except ValidationError as error:
        problems = [f"{field}: {message}" for field, messages in getattr(error, "message_dict", {
            "": error.messages}).items() for message in messages]
        raise ImportRefused([_("new indicator %(code)s: %(problem)s") % {"code": spec.get("code", ""),
                                                                           "problem": problem}
                             for problem in problems]) from error
    except TypeError as error:
        raise ImportRefused([_("new indicator %(code)s: %(problem)s") % {"code": spec.get("code", ""),
                                                                           "problem": error}]) from error


# Headers that name the area code or the area name in files that are not CBS downloads, tried in this order.
AREA_COLUMNS = ("regiocode", "gebiedscode", "area_code", "gwb_code_10", "gwb_code", "code", "buurtcode", "wijkcode",
                "gemeentecode")
NAME_COLUMNS = ("regionaam", "gebiedsnaam", "area_name", "naam", "name")
CBS_AREA_COLUMNS = {"WijkenEnBuurten", "RegioS"}


def guess_column(header: list[str], candidates: tuple[str, ...]) -> str | None:
    """The first header cell that is one of ``candidates`` (ignoring case), or None."""
    folded = {cell.strip().casefold(): cell.strip() for cell in header}
    return next((folded[name] for name in candidates if name in folded), None)


def import_cbs_csv(path_or_bytes: bytes | str | os.PathLike, *, by, boundary_year: int, file_name: str = "",
                   table_id: str = "", period: str | int | None = None, skip_invalid: bool = False,
                   decimal: str = ",", mapping: dict[str, str] | None = None, dimensions: dict[str, str] | None = None,
                   area_column: str | None = None, name_column: str | None = None,
                   new_indicators: tuple[dict, ...] = (), source: str = ImportSource.CBS_CSV, dry_run: bool = False,
                   progress: Progress | None = None) -> ImportRun:
    """Import a CSV of figures per area onto the areas of ``boundary_year``: a CBS download whose headers are
    OData keys (``Woningvoorraad_35``, matched to indicators by key stem, only those of ``table_id`` when given), and
    any other columns the ``mapping`` (header → indicator code) names.

    ``period`` is used when the file has no ``Perioden`` column. ``dimensions`` picks one value of each extra
    dimension column (``{"type_eigendom": "Totaal"}``). The area column is ``WijkenEnBuurten``/``RegioS`` or
    ``area_column`` or guessed from ``AREA_COLUMNS``; a name column (``name_column`` or guessed) is checked against
    the year's code list, which catches a file of another boundary year. ``new_indicators`` (keyword arguments of
    ``catalogue.create_indicator``, with ``classes``) are created first, in the same transaction, so a mapping can
    name them. Refuses like ``import_long_format``; ``dry_run`` writes nothing.
    """
    boundary_year = _check_year(boundary_year)
    raw = _read(path_or_bytes)
    file_name = _file_name(path_or_bytes, file_name)
    mapping = {column.strip(): code.strip().upper() for column, code in (mapping or {}).items()}
    dimensions = {column.strip(): value.strip() for column, value in (dimensions or {}).items()}
    header = _csv_header(raw)
    if area_column is None and not CBS_AREA_COLUMNS & set(header):
        area_column = guess_column(header, AREA_COLUMNS)
    if name_column is None:
        name_column = guess_column(header, NAME_COLUMNS)
    with _import_transaction(dry_run):
        for spec in new_indicators:
            _create_indicator(spec, by=by)
        indicators = Indicator.objects.prefetch_related("classes")
        by_code = {indicator.code: indicator for indicator in indicators}
        unknown = sorted({code for code in mapping.values() if code not in by_code})
        if unknown:
            raise ImportRefused([_("%(columns)s: mapped to %(codes)s, which the indicator catalogue does not have; "
                                   "add the indicator first (Indicators → New indicator) or map the column to "
                                   "another one") % {"columns": ", ".join(c for c, code in mapping.items()
                                                                             if code in unknown),
                                                      "codes": ", ".join(unknown)}])
        keyed = [indicator for indicator in by_code.values() if indicator.source_key_stem
                 and (not table_id or indicator.source_table == table_id)]
        by_stem: dict[str, Indicator] = {}
        for indicator in sorted(keyed, key=lambda indicator: indicator.code):
            for stem in indicator.key_stems:
                by_stem.setdefault(stem, indicator)
        mapped_columns = set(mapping)
        stems = [key_stem(cell) for cell in header if cell not in mapped_columns and key_stem(cell) in by_stem]
        special = {"WijkenEnBuurten", "RegioS", "Perioden", "ID", area_column, name_column, *dimensions}
        ignore = [cell for cell in header if cell and cell not in mapped_columns and key_stem(cell) not in by_stem
                  and cell not in special]
        if not stems and not mapping:
            raise ImportRefused([_("No column of the file is a CBS key of an indicator%(table)s (such as "
                                   "Woningvoorraad_35) or mapped to one. The file has the columns: %(columns)s. Map "
                                   "the columns to indicators (--map COLUMN=CODE, or on the import page).") % {
                "table": f" ({table_id})" if table_id else "", "columns": ", ".join(header) or "–"}])
        categorical = frozenset(code for code in mapping.values() if by_code[code].is_categorical) | frozenset(
            stem for stem in stems if by_stem[stem].is_categorical)
        result = parse_cbs_csv(raw, stems=stems, period=period, decimal=decimal, ignore_columns=ignore,
                               area_column=area_column, mapping=mapping,
                               categorical=categorical, dimensions=dimensions, name_column=name_column)
        checked = _check(result.records, boundary_year=boundary_year, area_names=result.area_names,
                         create_areas=not dry_run,
                         indicator_for=lambda record: by_code.get(record.key_stem) if record.column_key in
                         mapped_columns else by_stem.get(record.key_stem))
        # An unknown area is one problem per row, not one per column.
        seen: set[tuple[int, str]] = set()
        checked.errors = [error for error in checked.errors
                          if (error.line, error.message) not in seen and not seen.add((error.line, error.message))]
        settings = {"mapping": mapping, "dimensions": dimensions, "period": str(period or ""), "decimal": decimal,
                    "area_column": area_column or "", "name_column": name_column or "", "ignored": ignore}
        return _import(result, checked, source=source, table_id=table_id, file_name=file_name, by=by,
                       boundary_year=boundary_year, skip_invalid=skip_invalid, progress=progress,
                       settings=settings, dry_run=dry_run)


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
    boundary_year = _check_year(boundary_year)
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
