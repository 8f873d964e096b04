"""The import page's staging: an uploaded file kept, for its uploader only, between the steps of the page (preview,
mapping, dry run, confirm), and the calls of the import services it leads to.

Nothing here writes figures: ``run_staged_import`` hands the file and the uploader's choices to
``services.import_cbs_csv`` or ``services.import_long_format``, which check and write (or, in a dry run, check and
roll back). The staged file is decoded to UTF-8 on upload, so the services read every file the same way.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import math
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.areas.models import Area
from dubbelslag.areas.services import shipped_years
from dubbelslag.core.uploads import check_upload, sniff_content_type

from .enums import ImportSource, ValueType
from .models import ImportRun, StagedImport
from .services import CBS_AREA_COLUMNS, Progress, import_cbs_csv, import_long_format
from .sources.common import CBS_SYMBOLS, detect_delimiter
from .sources.long_format import FIELDS as LONG_FIELDS
from .sources.long_format import HEADER_ALIASES as LONG_HEADER_ALIASES

# How long an upload waits for its import; after that it is purged (and no page opens it any more).
STAGED_LIFETIME = datetime.timedelta(days=1)
PREVIEW_ROWS = 10
# Distinct values remembered per column: enough for a dimension's values or an indicator's classes.
MAX_VALUES = 50
# A workbook whose parts unpack to more than this is refused before it is read (a zip bomb unpacks to gigabytes).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_XLSX_ROWS = 200_000

UTF8, UTF8_BOM, CP1252, UTF16, XLSX = "utf-8", "utf-8-sig", "cp1252", "utf-16", "xlsx"
ENCODING_LABELS = {UTF8: "UTF-8", UTF8_BOM: "UTF-8 (BOM)", CP1252: "Windows-1252 (latin-1)", UTF16: "UTF-16",
                   XLSX: "Excel (.xlsx)"}
# Control characters no text file has (tab, line feed and carriage return excepted); C1 controls are what bytes
# Windows-1252 leaves undefined become.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Ordered class words, lowest first: a column of these is proposed in this order rather than the order found.
CLASS_ORDER = ["zeer laag", "laag", "benedengemiddeld", "gemiddeld", "midden", "bovengemiddeld", "hoog",
               "zeer hoog"]
_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def max_upload_bytes() -> int:
    return settings.IMPORT_MAX_UPLOAD_BYTES


# Reading an upload --------------------------------------------------------------------------------------------------


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": message}, code=code)


def _detect_encoding(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return UTF8_BOM
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return CP1252
    return UTF8


def decode_csv(raw: bytes) -> tuple[str, str]:
    """The text of an uploaded CSV and the encoding it was read in (UTF-8, UTF-8 with a BOM, UTF-16 with a BOM,
    else Windows-1252); a ValidationError for bytes that are no text in any of them (a binary file)."""
    encoding = _detect_encoding(raw)
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise _refuse(_("The file is not a text file in UTF-8, UTF-16 or Windows-1252 (%(reason)s at byte "
                        "%(position)d). Save it as CSV (UTF-8) and upload it again.") % {
            "reason": error.reason, "position": error.start}, "encoding") from error
    text = text.removeprefix("\ufeff")
    if _CONTROL.search(text):
        raise _refuse(_("The file contains binary data, not text: it is no CSV file. Save it as CSV (UTF-8) and "
                        "upload it again."), "binary")
    return text, encoding


def _cell(value) -> str:
    """A workbook cell as CSV text: whole numbers without ".0", other numbers with a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def xlsx_to_csv(raw: bytes) -> str:
    """The first sheet of a workbook as comma-separated text; a ValidationError for a workbook that cannot be read
    or unpacks to far more than it weighs."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _refuse(_("The workbook cannot be read: it is damaged or no .xlsx file."), "xlsx") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise _refuse(_("The workbook unpacks to %(size)s MB, more than the %(limit)s MB a workbook may hold. Save "
                        "its first sheet as CSV and upload that.") % {
            "size": f"{unpacked / 1_048_576:.0f}", "limit": f"{MAX_UNPACKED_BYTES / 1_048_576:.0f}"}, "xlsx_bomb")
    output = io.StringIO()
    writer = csv.writer(output, lineterminator="\n")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise _refuse(_("The workbook cannot be read: it is damaged or no .xlsx file."), "xlsx") from error
    try:
        for number, row in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            if number > MAX_XLSX_ROWS:
                raise _refuse(_("The workbook's first sheet has more than %(rows)d rows. Save it as CSV and upload "
                                "that.") % {"rows": MAX_XLSX_ROWS}, "xlsx_rows")
            writer.writerow([_cell(value) for value in row])
    except (KeyError, OSError, ValueError, TypeError, zipfile.BadZipFile) as error:
        if isinstance(error, ValidationError):
            raise
        raise _refuse(_("The workbook cannot be read: it is damaged or no .xlsx file."), "xlsx") from error
    finally:
        workbook.close()
    return output.getvalue()


def read_upload(file) -> tuple[bytes, str]:
    """The content to stage for an uploaded CSV or XLSX (UTF-8 CSV bytes) and the encoding it was read in; a
    ValidationError naming the problem for anything else: too large, empty, another type, binary, unreadable."""
    extension = os.path.splitext(file.name or "")[1].lower().lstrip(".")
    if extension not in {"csv", "txt", "xlsx"}:
        raise _refuse(_("Upload a CSV file (.csv) or an Excel workbook (.xlsx)."), "unknown_type")
    if extension == "xlsx" or sniff_content_type(file, extension="csv") == "text/csv":
        # Size, emptiness and type by content (an .xlsx must be a workbook, a UTF-8 CSV text).
        check_upload(file, max_bytes=max_upload_bytes())
    elif file.size > max_upload_bytes() or file.size == 0:
        check_upload(file, max_bytes=max_upload_bytes())  # raises its message for too large or empty
    file.seek(0)
    raw = file.read()
    if extension == "xlsx":
        return xlsx_to_csv(raw).encode("utf-8"), XLSX
    text, encoding = decode_csv(raw)
    # UTF-8 files are staged as uploaded, so the import's checksum is that of the file itself.
    return (raw if encoding in {UTF8, UTF8_BOM} else text.encode("utf-8")), encoding


# The preview --------------------------------------------------------------------------------------------------------


@dataclass
class ColumnSummary:
    """One column of a staged file: its values (the first ``MAX_VALUES`` distinct ones, in the order found, CBS
    symbols and empty cells left out) and whether they are all numbers."""

    index: int
    name: str
    values: list[str] = field(default_factory=list)
    distinct: int = 0
    numeric: bool = True
    filled: int = 0

    @property
    def proposed_classes(self) -> list[str]:
        """The column's words as classes, lowest first when they are known class words, else in the order found."""
        ranks = {word: rank for rank, word in enumerate(CLASS_ORDER)}
        if self.values and all(value.casefold() in ranks for value in self.values):
            return sorted(self.values, key=lambda value: ranks[value.casefold()])
        return list(self.values)


@dataclass
class Preview:
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[list[str]]
    row_count: int
    symbols: list[tuple[str, int]]
    columns: list[ColumnSummary]
    is_long_format: bool
    problem: str = ""

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self) -> str:
        return {";": _("semicolon (;)"), ",": _("comma (,)")}.get(self.delimiter, self.delimiter)

    @property
    def has_cbs_area_column(self) -> bool:
        return bool(CBS_AREA_COLUMNS & set(self.header))

    @property
    def has_period_column(self) -> bool:
        return "Perioden" in self.header


def _text(staged: StagedImport) -> str:
    return bytes(staged.content).decode("utf-8-sig")


def is_long_format(header: list[str]) -> bool:
    """Whether a header is that of a long-format file (area_code, indicator_code, period, value, or the Dutch
    names), which needs no mapping."""
    names = {LONG_HEADER_ALIASES.get(cell.strip().lower().replace(" ", "_").replace("-", "_")) for cell in header
             if cell.strip()}
    return set(LONG_FIELDS) <= names and None not in names


def preview(staged: StagedImport) -> Preview:
    """What the page shows of a staged file: its encoding and delimiter, header, first rows, row count, the CBS
    symbols it uses and a summary of every column. Effects: none."""
    text = _text(staged)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    symbols: Counter[str] = Counter()
    rows: list[list[str]] = []
    count, problem = 0, ""
    header: list[str] = []
    columns: list[ColumnSummary] = []
    try:
        header = [cell.strip() for cell in next(reader, [])]
        columns = [ColumnSummary(index, name) for index, name in enumerate(header)]
        seen: list[set[str]] = [set() for _column in header]
        for cells in reader:
            if not any(cell.strip() for cell in cells):
                continue
            count += 1
            if len(rows) < PREVIEW_ROWS:
                rows.append(cells)
            for index, cell in enumerate(cells[:len(header)]):
                value = cell.strip()
                if value in CBS_SYMBOLS:
                    symbols[value] += 1
                    continue
                if not value:
                    continue
                column = columns[index]
                column.filled += 1
                if column.numeric and not _NUMBER.match(value):
                    column.numeric = False
                if value not in seen[index]:
                    seen[index].add(value)
                    column.distinct += 1
                    if len(column.values) < MAX_VALUES:
                        column.values.append(value)
    except csv.Error as error:
        problem = _("The file is no readable CSV after line %(line)d: %(error)s") % {
            "line": reader.line_num, "error": error}
    for column in columns:
        column.numeric = column.numeric and column.filled > 0
    return Preview(encoding=staged.encoding, delimiter=delimiter, header=header, rows=rows, row_count=count,
                   symbols=sorted(symbols.items(), key=lambda item: -item[1]), columns=columns,
                   is_long_format=staged.is_long_format, problem=problem)


# Staging ------------------------------------------------------------------------------------------------------------


def purge_staged_imports() -> int:
    """Delete the uploads older than ``STAGED_LIFETIME``; returns how many."""
    deleted, _by_model = StagedImport.objects.filter(created_at__lt=timezone.now() - STAGED_LIFETIME).delete()
    return deleted


@transaction.atomic
def stage_upload(file, *, by) -> StagedImport:
    """Keep an uploaded file for the import page's next steps, for ``by`` only. Raises ValidationError (on
    ``file``) and stores nothing when the file is too large, of another type, binary, or has no header row."""
    purge_staged_imports()
    content, encoding = read_upload(file)
    text = content.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    header = next(csv.reader([first], delimiter=detect_delimiter(text)), []) if first.strip() else []
    if not [cell for cell in header if cell.strip()]:
        raise _refuse(_("The file has no header row: its first line must name the columns."), "no_header")
    staged = StagedImport(owner=by, file_name=os.path.basename(file.name)[:255], content=content,
                          encoding=encoding, is_long_format=is_long_format(header))
    staged.full_clean()
    staged.save()
    return staged


def get_staged_import_for_user(user, pk: int) -> StagedImport:
    """A staged import of ``user``'s own that has not expired; 404 for anyone else's, so one person never opens
    another's upload."""
    staged = StagedImport.objects.filter(
        pk=pk, owner_id=user.pk, created_at__gte=timezone.now() - STAGED_LIFETIME).first()
    if staged is None:
        raise Http404
    return staged


@transaction.atomic
def save_choices(staged: StagedImport, choices: dict, *, by) -> StagedImport:
    """Remember the mapping form's answers (see ``forms.ImportMappingForm.choices``) for the dry run and confirm."""
    if staged.owner_id != by.pk:
        raise Http404
    staged.choices = choices
    staged.save(update_fields=["choices"])
    return staged


# Running ------------------------------------------------------------------------------------------------------------


def boundary_year_choices() -> list[int]:
    """The boundary years a file can be imported onto, newest first: those with a shipped code list and those with
    areas in the database."""
    stored = Area.objects.order_by().values_list("boundary_year", flat=True).distinct()
    return sorted({*shipped_years(), *stored}, reverse=True)


def import_arguments(choices: dict) -> dict:
    """The keyword arguments of ``import_cbs_csv`` for the mapping form's answers."""
    mapping, dimensions, new_indicators = {}, {}, []
    area_column, name_column = None, ""
    for column, spec in choices.get("columns", {}).items():
        role = spec.get("role")
        if role == "area":
            area_column = column
        elif role == "name":
            name_column = column
        elif role == "dimension":
            dimensions[column] = spec["value"]
        elif role == "indicator":
            mapping[column] = spec["indicator"]
        elif role == "new":
            mapping[column] = spec["code"]
            categorical = spec["value_type"] == ValueType.CATEGORY
            new_indicators.append({
                "code": spec["code"], "name_nl": spec["name_nl"], "name_en": spec["name_en"],
                "domain": spec["domain"], "unit": spec.get("unit", ""), "value_type": spec["value_type"],
                "source_note": spec.get("source_note", ""), "licence": spec.get("licence", ""),
                "classes": [(code, code, code) for code in spec.get("classes", [])] if categorical else None,
            })
    return {"boundary_year": choices["boundary_year"], "period": choices.get("period") or None,
            "decimal": choices.get("decimal", ","), "skip_invalid": bool(choices.get("skip_invalid")),
            "mapping": mapping, "dimensions": dimensions, "area_column": area_column, "name_column": name_column,
            "new_indicators": tuple(new_indicators)}


def run_staged_import(staged: StagedImport, *, by, dry_run: bool, progress: Progress | None = None) -> ImportRun:
    """Run the import services on a staged file with its saved choices. Raises what they raise (``ImportRefused``
    for a refused file, ValidationError for a new indicator the catalogue refuses)."""
    choices = staged.choices
    raw = bytes(staged.content)
    if staged.is_long_format:
        return import_long_format(raw, by=by, boundary_year=choices["boundary_year"], file_name=staged.file_name,
                                  skip_invalid=bool(choices.get("skip_invalid")), dry_run=dry_run,
                                  progress=progress)
    return import_cbs_csv(raw, by=by, file_name=staged.file_name, source=ImportSource.UPLOAD, dry_run=dry_run,
                          progress=progress, **import_arguments(choices))


def progress_key(pk: int) -> str:
    return f"indicators:import-progress:{pk}"


def import_progress(staged_pk: int) -> dict:
    """How far the import of a staged file is: {"done", "total"} rows written, as the import reports them."""
    return cache.get(progress_key(staged_pk)) or {"done": 0, "total": 0}


class AlreadyImported(Exception):
    """The staged import is gone: imported by an earlier confirm, or purged."""


def confirm_staged_import(pk: int, *, by) -> ImportRun:
    """Import a staged file for real and delete it, in one transaction, so a second confirm (a double click, a
    reload) finds nothing to import and raises ``AlreadyImported``. Progress is published through the cache for
    ``import_progress``."""
    key = progress_key(pk)

    def progress(done: int, total: int) -> None:
        cache.set(key, {"done": done, "total": total}, timeout=3600)

    try:
        with transaction.atomic():
            staged = StagedImport.objects.select_for_update().filter(
                pk=pk, owner_id=by.pk, created_at__gte=timezone.now() - STAGED_LIFETIME).first()
            if staged is None:
                raise AlreadyImported
            if not staged.choices:
                raise ValidationError(_("Choose how to read the file first."))
            cache.set(key, {"done": 0, "total": 0}, timeout=3600)
            run = run_staged_import(staged, by=by, dry_run=False, progress=progress)
            staged.delete()
    finally:
        cache.delete(key)
    return run
