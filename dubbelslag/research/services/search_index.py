"""Keeping the full-text index (``SearchEntry``) in step with log entries and harvest records.

Every service that creates, changes or deletes an entry or a record calls ``index_entry``/``index_record`` or
``unindex`` inside its transaction, so the index never shows what was rolled back. ``rebuild`` (command
``rebuild_search_index``) recreates every row, for after a bulk load or a restore.
"""

from django.db import transaction

from ..models import HarvestRecord, LogEntry, SearchEntry, SearchKind


def entry_body(entry: LogEntry) -> str:
    titles = " ".join(attachment.title for attachment in entry.attachments.all()) if entry.pk else ""
    return f"{entry.text}\n{titles}".strip()


def record_body(record: HarvestRecord) -> str:
    parts = [record.summary, record.outcome, record.social_actor, record.significance, record.contribution,
             record.substantiation, record.story, record.story_domain, record.story_selection_reason]
    return "\n".join(part for part in parts if part)


def entry_row(entry: LogEntry) -> dict:
    return {
        "programme_id": entry.experiment.programme_id,
        "experiment_id": entry.experiment_id,
        "created_by_id": entry.author_id,
        "occurred_on": entry.occurred_on,
        "title": entry.title[:300],
        "body": entry_body(entry),
        "record_kind": "",
        "status": "",
        "confidentiality": "",
    }


def record_row(record: HarvestRecord) -> dict:
    return {
        "programme_id": record.programme_id,
        "experiment_id": None,
        "created_by_id": record.created_by_id,
        "occurred_on": record.created_at.date() if record.created_at else None,
        "title": record.title[:300],
        "body": record_body(record),
        "record_kind": record.kind,
        "status": record.status,
        "confidentiality": record.confidentiality,
    }


def index_entry(entry: LogEntry) -> None:
    SearchEntry.objects.update_or_create(kind=SearchKind.ENTRY, object_id=entry.pk, defaults=entry_row(entry))


def index_record(record: HarvestRecord) -> None:
    SearchEntry.objects.update_or_create(kind=SearchKind.RECORD, object_id=record.pk, defaults=record_row(record))


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


@transaction.atomic
def rebuild() -> int:
    """Recreate the whole index; returns the number of rows."""
    SearchEntry.objects.all().delete()
    rows = [SearchEntry(kind=SearchKind.ENTRY, object_id=entry.pk, **entry_row(entry))
            for entry in LogEntry.objects.select_related("experiment").prefetch_related("attachments")]
    rows += [SearchEntry(kind=SearchKind.RECORD, object_id=record.pk, **record_row(record))
             for record in HarvestRecord.objects.all()]
    SearchEntry.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
