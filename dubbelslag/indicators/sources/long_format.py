"""Parser for long-format indicator files (CSV or XLSX) that partners and municipalities upload themselves.

One observation per row, with the columns ``area_code, indicator_code, period, value`` — or their Dutch names
``gebiedscode, indicatorcode, periode, waarde`` — in any order and case. ``value`` may use a decimal comma or point;
the CBS symbols ``.``, ``x`` and ``?`` mark a suppressed value and ``-`` an unknown one, while an empty value is an
error, so a forgotten cell is not mistaken for a deliberate gap. Problems become ``RowError``s with the line (CSV) or
row (XLSX) number; nothing raises half-way. A CSV row with more or fewer fields than the header is refused rather
than read by position (``GM0599,EB_FORMULE,2019,5,5`` is a decimal comma in a comma file, not the value 5). The
Netherlands as a whole (``NL``, ``NL00``) is read as ``NL00``; the import service skips and counts those rows.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .common import (
    CBS_SYMBOLS,
    as_bytes,
    clean_area_code,
    csv_error_problem,
    decode_text,
    detect_delimiter,
    field_count_problem,
    normalise_period,
    parse_decimal_text,
    sha256_hex,
)
from .records import STATUS_OK, ObservationRecord, ParseResult, RowError

FIELDS = ("area_code", "indicator_code", "period", "value")
DUTCH_FIELDS = ("gebiedscode", "indicatorcode", "periode", "waarde")
HEADER_ALIASES = {
    "area_code": "area_code",
    "gebiedscode": "area_code",
    "indicator_code": "indicator_code",
    "indicatorcode": "indicator_code",
    "period": "period",
    "periode": "period",
    "value": "value",
    "waarde": "value",
}
# Our own indicator codes (ET_GAS_WON, INK_SOCMIN, ...) and CBS stems (Woningvoorraad) both fit this.
_INDICATOR_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]{0,99}$")
XLSX_MAGIC = b"PK\x03\x04"  # an xlsx file is a zip archive


def _normalise_header(cell: object) -> str:
    return str(cell).strip().lower().replace(" ", "_").replace("-", "_") if cell is not None else ""


def _read_value(raw: object) -> tuple[float | None, str, str]:
    """``(value, status, symbol)`` for one value cell; raises ValueError with a message for the uploader."""
    if isinstance(raw, bool):
        raise ValueError(_("value %(value)r is not a number") % {"value": raw})
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise ValueError(_("value %(value)r is not a finite number") % {"value": raw})
        return float(raw), STATUS_OK, ""
    text = "" if raw is None else str(raw).strip()
    if not text:
        raise ValueError(_("value is empty; write '.' for a value that is secret or suppressed"))
    if text in CBS_SYMBOLS:
        return None, CBS_SYMBOLS[text], text
    return parse_decimal_text(text, decimal="auto"), STATUS_OK, ""


def _header_problems(header: Sequence[object], positions: dict[str, int], line: int) -> list[RowError]:
    """What is wrong with the header, if anything: each unknown or doubled column, the missing ones, and then the
    columns found against the ones expected, so the uploader can compare them."""
    errors: list[RowError] = []
    found: list[str] = []
    for cell in header:
        name = _normalise_header(cell)
        if not name:
            continue  # spreadsheets often report empty trailing columns
        found.append(str(cell).strip())
        if name in HEADER_ALIASES:
            continue
        guess = difflib.get_close_matches(name, list(HEADER_ALIASES), n=1, cutoff=0.6)
        if guess:
            errors.append(RowError(line, _("unknown column %(name)r; did you mean %(guess)s?")
                                   % {"name": str(cell).strip(), "guess": guess[0]}))
        else:
            errors.append(RowError(line, _("unknown column %(name)r") % {"name": str(cell).strip()}))
    names = [_normalise_header(cell) for cell in header]
    for field in FIELDS:
        if sum(HEADER_ALIASES.get(name) == field for name in names) > 1:
            errors.append(RowError(line, _("column %(column)s occurs twice") % {"column": field}))
    missing = [field for field in FIELDS if field not in positions]
    if missing:
        errors.append(RowError(line, ngettext("missing column: %(columns)s", "missing columns: %(columns)s",
                                              len(missing)) % {"columns": ", ".join(missing)}))
    if not errors:
        return errors
    errors.append(RowError(line, _("the header has %(found)s; expected %(expected)s (or in Dutch %(dutch)s), in any "
                                   "order") % {"found": ", ".join(found) or _("no columns"),
                                               "expected": ", ".join(FIELDS), "dutch": ", ".join(DUTCH_FIELDS)}))
    if len(found) == 1 and len(FIELDS) > 1:
        errors.append(RowError(line, _("the header was read as a single column: separate the columns with a comma "
                                       "or a semicolon (tabs are not read)")))
    return errors


def _parse_rows(rows: Iterable[tuple[int, Sequence[object]]], checksum: str, *,
                delimiter: str | None = None) -> ParseResult:
    """Shared by CSV and XLSX: ``rows`` yields ``(line number, cells)``, the first being the header.

    ``delimiter`` is the CSV's field separator: then a row must have as many fields as the header. A worksheet has
    no such thing as a missing field, so XLSX rows pass None."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        return ParseResult((), (RowError(1, _("the file is empty")),), 0, checksum)
    header_line, header = first
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        field = HEADER_ALIASES.get(_normalise_header(cell))
        if field is not None:
            positions.setdefault(field, index)
    errors = _header_problems(header, positions, header_line)
    if errors:
        return ParseResult((), tuple(errors), 0, checksum)

    records: list[ObservationRecord] = []
    seen: dict[tuple[str, str, str], int] = {}
    rows_read = 0
    for line, cells in iterator:
        if all(cell is None or str(cell).strip() == "" for cell in cells):
            continue
        rows_read += 1
        if delimiter is not None and len(cells) != len(header):
            # Read by position, a split value would become a wrong figure without a word (5,5 as 5).
            errors.append(RowError(line, field_count_problem(len(cells), len(header), delimiter=delimiter)))
            continue
        padded = list(cells) + [None] * (len(header) - len(cells))
        problems: list[str] = []
        try:
            area = clean_area_code(padded[positions["area_code"]])
        except ValueError as exc:
            problems.append(str(exc))
        code = str(padded[positions["indicator_code"]] or "").strip()
        if not _INDICATOR_CODE.fullmatch(code):
            problems.append(_("indicator code %(code)r is missing or malformed") % {"code": code} if code
                            else _("indicator code is empty"))
        try:
            period = normalise_period(padded[positions["period"]])
        except ValueError as exc:
            problems.append(str(exc))
        try:
            value, status, symbol = _read_value(padded[positions["value"]])
        except ValueError as exc:
            problems.append(str(exc))
        if problems:
            # Report every problem on the row at once instead of one per upload attempt.
            errors.extend(RowError(line, problem) for problem in problems)
            continue
        identity = (area, code, period)
        if identity in seen:
            errors.append(RowError(line, _("%(area)s %(code)s %(period)s also occurs on line %(line)d")
                                   % {"area": area, "code": code, "period": period, "line": seen[identity]}))
            continue
        seen[identity] = line
        # A long-format code is ours, not a CBS key with a positional suffix, so the key and stem are the same.
        records.append(ObservationRecord(area, code, code, period, value, status, symbol, line))
    return ParseResult(tuple(records), tuple(errors), rows_read, checksum)


def parse_long_csv(data: bytes | str, *, encoding: str = "utf-8-sig") -> ParseResult:
    """Parse a long-format CSV (``,`` or ``;`` separated, detected from the header line). Effects: none."""
    raw = as_bytes(data)
    checksum = sha256_hex(raw)
    text, problem = decode_text(raw, encoding)
    if problem:
        return ParseResult((), (problem,), 0, checksum)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    broken: list[RowError] = []

    def numbered() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, cells
        except csv.Error as exc:
            # The rest of the file cannot be split reliably, so skipping this row would not make the others sound.
            broken.append(RowError(reader.line_num, csv_error_problem(exc), fatal=True))

    result = _parse_rows(numbered(), checksum, delimiter=delimiter)
    if broken:
        return ParseResult(result.records, result.errors + tuple(broken), result.rows_read, checksum)
    return result


def parse_long_xlsx(data: bytes, *, sheet: str | None = None) -> ParseResult:
    """Parse the first (or the named) sheet of a long-format XLSX workbook. Effects: none.

    Formulas are read as their last computed value (``data_only``); a formula Excel never computed reads as an
    empty cell and is reported as such.
    """
    # Imported here so the CSV and OData parsers work without openpyxl installed.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    raw = bytes(data)
    checksum = sha256_hex(raw)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        # The library's own text (a zip error, a missing part) tells the uploader nothing they can act on.
        problem = RowError(0, _("not a readable xlsx workbook: the file starts like one but cannot be opened; open "
                                "it in Excel and save it again as .xlsx, or as \"CSV UTF-8\""))
        return ParseResult((), (problem,), 0, checksum)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            problem = RowError(0, _("the workbook has no sheet %(sheet)r") % {"sheet": sheet})
            return ParseResult((), (problem,), 0, checksum)
        worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
        rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
        return _parse_rows(rows, checksum)
    finally:
        workbook.close()  # read-only workbooks keep the archive open until closed


def parse_long_format(data: bytes) -> ParseResult:
    """Parse a long-format upload, choosing XLSX or CSV from the file's first bytes rather than its name."""
    raw = bytes(data)
    return parse_long_xlsx(raw) if raw.startswith(XLSX_MAGIC) else parse_long_csv(raw)
