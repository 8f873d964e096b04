"""CSV and XLSX exports: harvest records (the rows of the record list, with the same filters, for whoever asks) and
an experiment's research log (its cycles and entries).

Only what the user may read is written (``selectors.records_for``); the experiments, knowledge questions and
koppelkansen of a record are named only when the user may see them. The rows are written by the one formula-safe
writer, ``dubbelslag.core.spreadsheets``.
"""

from collections.abc import Iterable
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.core.addresses import absolute_url

from .models import HarvestRecord


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
        absolute_url(None, record.get_absolute_url()),
        _local(record.created_at),
        _local(record.updated_at),
        _local(record.validated_at),
        _local(record.published_at),
    ]


def rows(records: Iterable[HarvestRecord]) -> list[list]:
    return [header()] + [record_row(record) for record in records]


def log_header() -> list[str]:
    return [
        _("type"), _("id"), _("number"), _("title"), _("date"), _("kind"), _("cycle"), _("plan starts on"),
        _("act starts on"), _("observe starts on"), _("reflect starts on"), _("ends on"), _("author"),
        _("consent"), _("learning questions"), _("attachments"), _("text"),
    ]


def log_rows(cycles, entries) -> list[list]:
    """An experiment's cycles, then its entries, one row each, under ``log_header``; the cycles and entries come
    with their learning questions (and the entries with author, cycle and attachments) loaded."""
    rows = [log_header()]
    for cycle in cycles:
        text = "\n\n".join(f"## {label}\n\n{value}" for label, value in (
            (_("Plan"), cycle.plan), (_("Act"), cycle.act), (_("Observe"), cycle.observe),
            (_("Reflect"), cycle.reflect)) if value)
        rows.append([
            _("cycle"), cycle.pk, cycle.number, cycle.title, cycle.plan_starts_on, "", "", cycle.plan_starts_on,
            cycle.act_starts_on, cycle.observe_starts_on, cycle.reflect_starts_on, cycle.ends_on, "", "",
            _joined(question.question for question in cycle.learning_questions.all()), "", text])
    for entry in entries:
        rows.append([
            _("log entry"), entry.pk, "", entry.title, entry.occurred_on, entry.get_kind_display(),
            entry.cycle.number if entry.cycle else "", "", "", "", "", "",
            entry.author.get_full_name() if entry.author else "", entry.get_consent_display(),
            _joined(question.question for question in entry.learning_questions.all()),
            _joined(entry.attachments.all(), "title"), entry.text])
    return rows
