"""CSV and XLSX exports of harvest records: the rows of the record list, with the same filters, for whoever asks.

Only what the user may read is written (``selectors.records_for``); the experiments, knowledge questions and
koppelkansen of a record are named only when the user may see them. Text that a spreadsheet would run as a formula
(starting with = + - @, or a tab or carriage return) is written with a leading apostrophe.
"""

import csv
import io
from collections.abc import Iterable
from datetime import date, datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import HarvestRecord

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text that a spreadsheet would evaluate gets a leading apostrophe; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def header() -> list[str]:
    return [
        _("id"), _("kind"), _("title"), _("status"), _("confidentiality"), _("evidence level"), _("confidence"),
        _("programme"), _("experiments"), _("themes"), _("koppelkansen"), _("knowledge questions"),
        _("evidence: log entries"), _("evidence: excerpts"), _("URL"), _("created"), _("last changed"),
        _("validated at"), _("published at"),
    ]


def _joined(items: Iterable, attribute: str = "") -> str:
    return "; ".join(str(getattr(item, attribute) if attribute else item) for item in items)


def _local(moment: datetime | None) -> datetime | None:
    # Spreadsheets know no time zones: write local wall-clock time without one.
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def record_row(record: HarvestRecord) -> list:
    """One record as a row; `record` comes from ``selectors.records_for`` (counts and ``shown_*`` loaded)."""
    return [
        record.pk,
        record.get_kind_display(),
        record.title,
        record.get_status_display(),
        record.get_confidentiality_display(),
        record.get_evidence_level_display(),
        record.get_confidence_display(),
        record.programme.name,
        _joined(record.shown_experiments, "title"),
        _joined(record.shown_themes, "name"),
        _joined(record.shown_koppelkansen),
        _joined(record.shown_questions, "title"),
        record.evidence_entry_count,
        record.evidence_excerpt_count,
        settings.SITE_URL.rstrip("/") + record.get_absolute_url(),
        _local(record.created_at),
        _local(record.updated_at),
        _local(record.validated_at),
        _local(record.published_at),
    ]


def rows(records: Iterable[HarvestRecord]) -> list[list]:
    return [header()] + [record_row(record) for record in records]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(safe_cell(value))


def to_csv(table: list[list]) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads the accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(table: list[list]) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _("Harvest records")[:31]
    for row in table:
        # Control characters make an invalid file; they carry no meaning in a title anyway.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                      for value in map(safe_cell, row)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
