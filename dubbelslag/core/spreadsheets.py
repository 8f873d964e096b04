"""The one writer of every CSV and XLSX file the application serves, formula-safe.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs, a tab or a carriage
return before one of those) as a formula: a title like ``=HYPERLINK("http://evil", "klik")`` in a download would
become a live link, or worse, on the machine of whoever opens it. So every text cell that starts with one of those
characters is written with a leading apostrophe, which spreadsheets take as "this is text" (OWASP's advice on CSV
injection). Numbers and dates are written as what they are, so a negative figure stays a number; text is always
text, also when it looks like a number, since the writer cannot know whether a user typed it.

Views that answer with a file made here are marked ``@spreadsheet_export``; ``core/tests/test_exports.py`` walks the
URL configuration for them, feeds each one formula-like text in every field a user controls and reads every cell
back, and fails for a CSV or XLSX written anywhere but here.
"""

from __future__ import annotations

import csv
import io
import math
import numbers
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOM = "\ufeff"


def safe_cell(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_cell(value, *, decimal: str = ".") -> str:
    """One value as CSV text: empty for None, numbers with ``decimal`` as their decimal sign, date-times to the
    minute, dates in ISO form, anything else as formula-safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, numbers.Number):  # also numpy's numbers, which are no int or float
        return str(value).replace(".", decimal)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(str(value))


def _write_csv(target, rows: Iterable[Iterable], *, delimiter: str, decimal: str) -> None:
    writer = csv.writer(target, delimiter=delimiter)
    for row in rows:
        writer.writerow([csv_cell(value, decimal=decimal) for value in row])


def csv_text(rows: Iterable[Iterable], *, delimiter: str = ",", decimal: str = ".", bom: bool = False) -> str:
    """The rows as CSV text (with a byte-order mark first when ``bom``, so that Excel reads UTF-8 accents)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    _write_csv(buffer, rows, delimiter=delimiter, decimal=decimal)
    return buffer.getvalue()


def csv_bytes(rows: Iterable[Iterable], **options) -> bytes:
    """``csv_text`` as UTF-8, with the byte-order mark unless ``bom=False``."""
    options.setdefault("bom", True)
    return csv_text(rows, **options).encode("utf-8")


def csv_response(rows: Iterable[Iterable], *, filename: str, delimiter: str = ",", decimal: str = ".",
                 bom: bool = True) -> HttpResponse:
    """An attachment ``filename`` with the rows as CSV, written row by row (``rows`` may be a generator)."""
    response = HttpResponse(content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if bom:
        response.write(BOM)
    _write_csv(response, rows, delimiter=delimiter, decimal=decimal)
    return response


def xlsx_bytes(rows: Iterable[Iterable], *, title: str, bold_header: bool = True) -> bytes:
    """The rows as a one-sheet workbook called ``title``: text formula-safe and never a formula cell, control
    characters (which make an invalid file and mean nothing in a title) and carriage returns dropped, dates as
    dates, date-times to the minute, the first row bold and frozen."""
    return xlsx_workbook_bytes([(title, rows)], bold_header=bold_header)


# The control characters a workbook may not hold (openpyxl's ILLEGAL_CHARACTERS_RE: they make an invalid file), and
# the carriage return: a line break in a cell is a line feed, and XlsxWriter would write a CR as "_x000D_", which
# not every program reading the file turns back into one.
ILLEGAL_CHARACTERS = re.compile(r"[\000-\010\013-\037]")


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Iterable[Iterable]]], *, bold_header: bool = True) -> bytes:
    """A workbook with one sheet per (title, rows), each written as ``xlsx_bytes`` writes its one sheet."""
    import xlsxwriter

    buffer = io.BytesIO()
    # XlsxWriter writes a cell in about two thirds of the time of openpyxl's write-only mode (a fifth of its normal
    # mode), which an export of a whole programme (some 900,000 cells) needs. With these options it never turns text
    # into a formula, a link or a number, whatever reaches it.
    workbook = xlsxwriter.Workbook(buffer, {
        "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    formats = {
        "header": workbook.add_format({"bold": True}) if bold_header else None,
        "datetime": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
    }
    for title, rows in sheets:
        _fill_sheet(workbook.add_worksheet(title[:31]), rows, formats=formats, bold_header=bold_header)
    workbook.close()
    return buffer.getvalue()


def _fill_sheet(sheet, rows: Iterable[Iterable], *, formats: dict, bold_header: bool) -> None:
    # A sheet of an export repeats the same texts (titles, labels, names) on thousands of rows: clean each once.
    texts: dict[str, str] = {}
    # write() finds a value's type by trying one after another, per cell; a programme's export has some 400,000, so
    # the plain types (str, Decimal, int, bool, date, date-time) go straight to their own method (a third less
    # time), anything else through _write_any below. An empty text and None write nothing, as write() does for a
    # cell without a format.
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    write_boolean = sheet.write_boolean
    date_format, datetime_format = formats["date"], formats["datetime"]
    for index, row in enumerate(rows):
        if index == 0 and bold_header:
            for column, value in enumerate(row):
                _write_any(sheet, index, column, value, texts=texts, formats=formats, cell_format=formats["header"])
            continue
        for column, value in enumerate(row):
            kind = value.__class__
            if kind is str:
                if value:
                    cleaned = texts.get(value)
                    if cleaned is None:
                        cleaned = texts[value] = _clean(value)
                    if cleaned:
                        write_string(index, column, cleaned)
            elif value is None:
                pass
            elif kind is Decimal or kind is int:
                write_number(index, column, value)
            elif kind is bool:
                write_boolean(index, column, value)
            elif kind is datetime:
                write_datetime(index, column, value, datetime_format)
            elif kind is date:
                write_datetime(index, column, value, date_format)
            else:
                _write_any(sheet, index, column, value, texts=texts, formats=formats, cell_format=None)
    if bold_header:
        sheet.freeze_panes(1, 0)


def _clean(text: str) -> str:
    # Control characters out first, so that none can hide a formula start from safe_cell.
    return safe_cell(ILLEGAL_CHARACTERS.sub("", text))


def _write_any(sheet, row: int, column: int, value, *, texts: dict[str, str], formats: dict, cell_format) -> None:
    """One cell of any type (text of a str subclass, a float, a bool, a numpy number, ...), or of the header."""
    if isinstance(value, str):
        value = texts.get(value) or _clean(value)
    elif isinstance(value, date):  # a date-time too
        kind = "datetime" if isinstance(value, datetime) else "date"
        sheet.write_datetime(row, column, value, cell_format or formats[kind])
        return
    elif isinstance(value, float) and not math.isfinite(value):
        value = None  # no figure (XlsxWriter refuses NaN; its error cell would be a formula)
    sheet.write(row, column, value, cell_format)


def xlsx_response(rows: Iterable[Iterable] | None = None, *, filename: str, title: str = "",
                  sheets: Iterable[tuple[str, Iterable[Iterable]]] | None = None) -> HttpResponse:
    """An attachment ``filename``: the rows as one sheet called ``title``, or ``sheets`` as (title, rows) each."""
    content = xlsx_workbook_bytes(sheets) if sheets is not None else xlsx_bytes(rows, title=title)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def spreadsheet_export(view: Callable) -> Callable:
    """Mark a view that answers with a CSV or XLSX file from this module (outermost decorator), so the export test
    finds it in the URL configuration and checks its cells."""
    view.spreadsheet_export = True
    return view
