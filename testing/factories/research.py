"""Plain factories for action-research rows: log entries, excerpts with their codings, harvest records."""

from datetime import date

from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import Coding, Excerpt, HarvestRecord, LogEntry


def make_entry(experiment, title="Huiskamergesprek", text="De buurvrouw zei: de huiskamer voelt als thuis.",
               **overrides) -> LogEntry:
    fields = {"kind": "observation", "occurred_on": date(2020, 3, 1)}
    fields.update(overrides)
    return LogEntry.objects.create(experiment=experiment, title=title, text=text, **fields)


def make_excerpt(entry, quote: str, *, codes=(), coder=None) -> Excerpt:
    start = entry.text.index(quote)
    excerpt = Excerpt.objects.create(entry=entry, start=start, end=start + len(quote), quote=quote)
    for code in codes:
        Coding.objects.create(excerpt=excerpt, code=code, coder=coder)
    return excerpt


def make_record(*, programme, kind=RecordKind.CHALLENGE, title="Bewoners komen niet naar avonden",
                summary="Weinig opkomst.", status=RecordStatus.DRAFT, confidentiality=Confidentiality.EXPERIMENT,
                **links) -> HarvestRecord:
    """A record straight in the database (bypassing the services): set status and links freely."""
    created_by = links.pop("created_by", None)
    record = HarvestRecord.objects.create(programme=programme, kind=kind, title=title, summary=summary,
                                          status=status, confidentiality=confidentiality, created_by=created_by)
    for name, values in links.items():
        getattr(record, name).set(values)
    return record
