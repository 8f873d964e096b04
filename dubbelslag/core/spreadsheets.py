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
import numbers
from collections.abc import Callable, Iterable
from datetime import date, datetime

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
    characters (which make an invalid file and mean nothing in a title) dropped, date-times to the minute, the first
    row bold and frozen."""
    return xlsx_workbook_bytes([(title, rows)], bold_header=bold_header)


def xlsx_workbook_bytes(sheets: Iterable[tuple[str, Iterable[Iterable]]], *, bold_header: bool = True) -> bytes:
    """A workbook with one sheet per (title, rows), each written as ``xlsx_bytes`` writes its one sheet."""
    import openpyxl

    # Write-only mode streams each row to the file as it comes instead of keeping a cell object per value and
    # sorting them all on saving: an export of a few hundred thousand cells took seconds in the normal mode.
    workbook = openpyxl.Workbook(write_only=True)
    for title, rows in sheets:
        _fill_sheet(workbook.create_sheet(title[:31]), rows, bold_header=bold_header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill_sheet(sheet, rows: Iterable[Iterable], *, bold_header: bool) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
    from openpyxl.styles import Font

    # A sheet of an export repeats the same texts (titles, labels, names) on thousands of rows: clean each once.
    texts: dict[str, str] = {}

    def value_of(value):
        if isinstance(value, str):
            cleaned = texts.get(value)
            if cleaned is None:
                # Control characters out first, so that none can hide a formula start from safe_cell; after
                # safe_cell no text starts with "=", so openpyxl never makes a formula cell of it.
                cleaned = texts[value] = safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
            return cleaned
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value)
            cell.number_format = "yyyy-mm-dd hh:mm"
            return cell
        return value

    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    if bold_header:
        # A write-only sheet takes its view (the frozen header) before its first row.
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        header = []
        for value in first:
            cell = value_of(value)
            cell = cell if isinstance(cell, Cell) else WriteOnlyCell(sheet, cell)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
    else:
        sheet.append([value_of(value) for value in first])
    for row in rows:
        sheet.append([value_of(value) for value in row])


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
