"""Parser for CBS StatLine CSV downloads.

Two variants are read:

* "CSV met statistische symbolen": ``;``-separated, every value quoted, decimal comma, symbols such as ``.`` (secret),
  ``x``, ``?`` and ``-`` in place of numbers, codes right-padded with spaces. This is the default.
* the plain variant with a decimal point (``decimal="."``), ``;``- or ``,``-separated.

A column header is either the OData key (``Woningvoorraad_35``) or, when a ``TableSchema`` from the table's
DataProperties is given, a title as StatLine prints it (``Woningvoorraad`` or ``Wonen en vastgoed/Woningvoorraad
(aantal)``). Wanted columns are named by key stem, exactly as for the OData parser. Problems never raise half-way:
each becomes a ``RowError`` with the line number, and the import service refuses a file that has any.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .common import (
    CBS_SYMBOLS,
    as_bytes,
    clean_area_code,
    csv_error_problem,
    decode_text,
    detect_delimiter,
    field_count_problem,
    key_stem,
    normalise_period,
    parse_cbs_cell,
    sha256_hex,
)
from .dataproperties import NUMERIC_DATATYPES, TableSchema
from .records import STATUS_OK, STATUS_UNKNOWN, ColumnProperty, ObservationRecord, ParseResult, RowError

# Without DataProperties a header is only accepted when it looks like an OData topic key or is a known dimension;
# anything else is reported, because a misspelt or shifted header would otherwise silently drop a column.
_ODATA_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*_\d+$")
GEO_COLUMNS = frozenset({"WijkenEnBuurten", "RegioS"})
TIME_COLUMNS = frozenset({"Perioden"})
ROW_NUMBER_COLUMN = "ID"  # the running row number in CBS's raw dataset downloads; carries no data


@dataclass
class _Header:
    """Where the area, period and wanted columns are in a file, and what went wrong finding them."""

    area: int | None = None
    period: int | None = None
    wanted: dict[str, tuple[int, ColumnProperty]] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)


def _read_header(
    header: list[str],
    *,
    stems: Sequence[str],
    schema: TableSchema | None,
    area_column: str | None,
    ignore_columns: Sequence[str],
    mapping: Mapping[str, str] = {},  # noqa: B006 (read only)
    extra_columns: Sequence[str] = (),
) -> _Header:
    errors: list[RowError] = []
    keys: dict[str, int] = {}  # resolved key -> column index
    area = period = None
    ignored = {name.strip() for name in ignore_columns}
    positions = {cell.strip(): index for index, cell in enumerate(header)}
    # Columns whose headers are not CBS keys, mapped to an indicator by the person importing (``--map``).
    mapped: dict[str, tuple[int, ColumnProperty]] = {}
    for name, stem in mapping.items():
        if name.strip() not in positions:
            errors.append(RowError(1, _("column %(name)r (mapped to %(stem)s) is not in the file")
                                   % {"name": name, "stem": stem}))
            continue
        mapped[stem] = (positions[name.strip()], ColumnProperty(key=name.strip(), key_stem=stem, title=name.strip()))
    for name in extra_columns:
        if name.strip() not in positions:
            errors.append(RowError(1, _("column %(name)r is not in the file") % {"name": name}))
    mapped_names = {name.strip() for name in mapping} | {name.strip() for name in extra_columns}
    for index, cell in enumerate(header):
        name = cell.strip()
        if not name:
            errors.append(RowError(1, _("column %(number)d has no header") % {"number": index + 1}))
            continue
        if name in ignored or name == ROW_NUMBER_COLUMN or name in mapped_names:
            continue
        if area_column is not None and name == area_column.strip():
            area = index
            continue
        key = schema.resolve_header(name) if schema else (name if _ODATA_KEY.match(name) else None)
        if key is None and schema is None and name in GEO_COLUMNS | TIME_COLUMNS:
            key = name
        if key is None:
            if schema:
                message = _("unknown column %(name)r: not in the table's DataProperties")
            else:
                message = _("unknown column %(name)r: not a CBS column key like Woningvoorraad_35")
            errors.append(RowError(1, message % {"name": name}))
            continue
        if key in keys:
            errors.append(RowError(1, _("column %(name)r occurs twice (as %(key)s)") % {"name": name, "key": key}))
            continue
        keys[key] = index
        is_geo = key == schema.geo_key if schema else key in GEO_COLUMNS
        is_time = key == schema.time_key if schema else key in TIME_COLUMNS
        if is_geo and area_column is None:
            area = index
        elif is_time:
            period = index

    if area is None:
        if area_column:
            errors.append(RowError(1, _("no area column (expected %(column)s)") % {"column": area_column}))
        else:
            errors.append(RowError(1, _("no area column (expected WijkenEnBuurten or RegioS)")))

    wanted: dict[str, tuple[int, ColumnProperty]] = dict(mapped)
    for stem in stems:
        if schema:
            try:
                column = schema.resolve_stem(stem)
            except LookupError as exc:
                errors.append(RowError(1, str(exc)))
                continue
        else:
            matches = [key for key in keys if key_stem(key).casefold() == stem.strip().casefold()]
            if len(matches) != 1:
                if matches:
                    message = _("column %(stem)r: expected one column with this key stem, found several: %(keys)s")
                else:
                    message = _("column %(stem)r: expected one column with this key stem, found none")
                errors.append(RowError(1, message % {"stem": stem, "keys": ", ".join(matches)}))
                continue
            column = ColumnProperty(key=matches[0], key_stem=key_stem(matches[0]), title=matches[0])
        if column.key not in keys:
            errors.append(RowError(1, _("column %(stem)r (%(key)s) is not in the file")
                                   % {"stem": stem, "key": column.key}))
            continue
        if column.datatype and column.datatype not in NUMERIC_DATATYPES:
            errors.append(RowError(1, _("column %(stem)r (%(key)s) holds %(datatype)s data, not numbers")
                                   % {"stem": stem, "key": column.key, "datatype": column.datatype}))
            continue
        wanted[stem] = (keys[column.key], column)
    return _Header(area=area, period=period, wanted=wanted, errors=errors)


def parse_cbs_csv(
    data: bytes | str,
    *,
    stems: Sequence[str],
    schema: TableSchema | None = None,
    period: str | int | None = None,
    decimal: str = ",",
    delimiter: str | None = None,
    empty_status: str = STATUS_UNKNOWN,
    area_column: str | None = None,
    ignore_columns: Sequence[str] = (),
    encoding: str = "utf-8-sig",
    mapping: Mapping[str, str] = {},  # noqa: B006 (read only)
    categorical: frozenset[str] = frozenset(),
    dimensions: Mapping[str, str] = {},  # noqa: B006 (read only)
    name_column: str | None = None,
) -> ParseResult:
    """Parse a CBS CSV download into observation records for the wanted ``stems``.

    ``period`` is used when the file has no ``Perioden`` column (a KWB table: pass its year). ``delimiter`` defaults
    to ``;`` when the header line contains one, else ``,``. ``empty_status`` is the status of an empty cell: CBS's
    symbol files mean "cannot occur" (``unknown``); CSV exports of OData data write a null as empty, so use
    ``suppressed`` for those. ``area_column`` names a non-CBS area column (``code``), and ``ignore_columns`` lists
    columns that are expected but not imported (``soort``). ``mapping`` maps headers that are not CBS keys to an
    indicator stem (``huishoudens`` → ``BE_HUISHOUDENS``); the cells of the stems in ``categorical`` are class
    words (``Laag``), kept as text for the service to match. ``dimensions`` picks one value of each extra dimension
    column (``{"type_eigendom": "Totaal"}``): other rows are counted in ``skipped``, as CBS tables with a
    dimension repeat every area once per value. ``name_column`` names the column of area names, returned as
    ``area_names`` so the service can check them against the boundary year's code list. Effects: none.
    """
    raw = as_bytes(data)
    checksum = sha256_hex(raw)
    text, problem = decode_text(raw, encoding)
    if problem:
        return ParseResult((), (problem,), 0, checksum)
    delimiter = delimiter or detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    errors: list[RowError] = []
    records: list[ObservationRecord] = []
    rows_read = 0
    header = _Header()
    try:
        header_row = next(reader, None)
        if not header_row or not any(cell.strip() for cell in header_row):
            return ParseResult((), (RowError(1, _("the file is empty or has no header")),), 0, checksum)
        extra = [*dimensions, *filter(None, [name_column])]
        header = _read_header(
            header_row, stems=stems, schema=schema, area_column=area_column, ignore_columns=ignore_columns,
            mapping=mapping, extra_columns=extra,
        )
        errors.extend(header.errors)
        fixed_period = None
        if header.period is None:
            if period is None:
                errors.append(RowError(1, _("no Perioden column; pass the period (the KWB table year)")))
            else:
                try:
                    fixed_period = normalise_period(period)
                except ValueError as exc:
                    errors.append(RowError(0, str(exc)))
        if errors:
            # Without a sound header the rows cannot be interpreted; report the header problems only.
            wanted = tuple(column for _index, column in header.wanted.values())
            return ParseResult((), tuple(errors), 0, checksum, wanted)

        positions = {cell.strip(): index for index, cell in enumerate(header_row)}
        chosen = [(positions[column.strip()], column.strip(), value.strip()) for column, value in dimensions.items()]
        dimension_values: dict[str, Counter] = {column: Counter() for _index, column, _value in chosen}
        # Why a row of another dimension value is left out, worded once per column rather than once per row.
        skip_reasons = [(index, _("%(column)s is not %(value)s") % {"column": column, "value": value}, value)
                        for index, column, value in chosen]
        name_index = positions.get(name_column.strip()) if name_column else None
        skipped: Counter = Counter()
        area_names: dict[str, str] = {}
        seen: set[tuple[str, str, str]] = set()
        for cells in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank lines (often at the end of a download) carry nothing
            rows_read += 1
            if len(cells) != len(header_row):
                errors.append(RowError(line, field_count_problem(len(cells), len(header_row), delimiter=delimiter)))
                continue
            for index, column, _value in chosen:
                dimension_values[column][cells[index].strip()] += 1
            other = next((reason for index, reason, value in skip_reasons if cells[index].strip() != value), None)
            if other is not None:
                skipped[other] += 1
                continue
            try:
                area = clean_area_code(cells[header.area])
                row_period = normalise_period(cells[header.period]) if header.period is not None else fixed_period
            except ValueError as exc:
                errors.append(RowError(line, str(exc)))
                continue
            if name_index is not None and cells[name_index].strip():
                area_names[area] = cells[name_index].strip()
            for stem, (index, column) in header.wanted.items():
                identity = (area, column.key, row_period)
                if identity in seen:
                    errors.append(RowError(line, _("%(area)s %(column)s %(period)s occurs twice")
                                           % {"area": area, "column": column.key, "period": row_period}))
                    continue
                seen.add(identity)
                if stem in categorical:
                    records.append(_class_record(cells[index], area, column.key, stem, row_period, line,
                                                 empty_status=empty_status))
                    continue
                try:
                    value, status, symbol = parse_cbs_cell(cells[index], decimal=decimal, empty_status=empty_status)
                except ValueError as exc:
                    errors.append(RowError(line, _("%(area)s: column %(column)s: %(problem)s")
                                           % {"area": area, "column": column.key, "problem": exc}))
                    continue
                records.append(ObservationRecord(area, column.key, stem, row_period, value, status, symbol, line))
        for _index, column, value in chosen:
            if rows_read and not dimension_values[column][value]:
                found = ", ".join(sorted(dimension_values[column])[:10])
                errors.append(RowError(0, _("no row has %(column)s = %(value)s; the file has: %(found)s")
                                       % {"column": column, "value": value, "found": found}))
    except csv.Error as exc:
        # Broken quoting: the rest of the file cannot be split reliably, so stop here (and refuse even when skipping).
        errors.append(RowError(reader.line_num, csv_error_problem(exc), fatal=True))
        skipped, area_names = Counter(), {}
    columns = tuple(column for _index, column in header.wanted.values())
    return ParseResult(tuple(records), tuple(errors), rows_read, checksum, columns, area_names=area_names,
                       skipped=dict(skipped))


def _class_record(text: str, area: str, key: str, stem: str, period: str, line: int, *,
                  empty_status: str) -> ObservationRecord:
    """A cell of a categorical column: a CBS symbol, or the class word as written (matched by the service)."""
    stripped = text.strip()
    if not stripped:
        return ObservationRecord(area, key, stem, period, None, empty_status, "", line)
    if stripped in CBS_SYMBOLS:
        return ObservationRecord(area, key, stem, period, None, CBS_SYMBOLS[stripped], stripped, line)
    return ObservationRecord(area, key, stem, period, None, STATUS_OK, "", line, category=stripped)
