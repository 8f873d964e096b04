"""The audit trail in words, for the history panels (``templates/includes/audit_trail.html``).

The trail stores each change as people read it in the site's default language (``core.audit.snapshot``), keyed by
field name. Here, at the time of reading, each field gets its label in the reader's language (its ``verbose_name``),
dates and times are localised, yes/no replaces True/False, a choice shows its label in the reader's language (the
trail holds the Dutch label, or the stored value in rows written before labels were kept), lists are joined and an
empty value reads as a dash. Nothing is written: the trail itself stays as it was recorded.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .models import AuditAction, AuditEvent

EMPTY = "–"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str | None  # None: there was no value before (a creation) or the row shows only the new value
    new: str | None  # None: the value was removed (a deletion)


@dataclass(frozen=True)
class EventInWords:
    event: AuditEvent
    what: str  # for an event about a part of the page's object: "registration Lars Lezer – Kennislab 3"
    changes: list[FieldChange]
    summary: str  # what the details show: "starts at, online link" for a change, "details" for a creation


def _field(model, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def field_label(model, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        return str(field.verbose_name)
    # A key that is no model field: the reason the workflow executor records with a step, or something a service
    # derived; its name, in words.
    if name == "reason":
        return _("reason")
    return name.replace("_", " ")


def _choice_label(field: models.Field, value) -> str:
    choices = dict(field.flatchoices)
    if value in choices:
        return str(choices[value])
    with translation.override(settings.LANGUAGE_CODE):
        stored = {str(label): key for key, label in field.flatchoices}
    return str(choices[stored[value]]) if value in stored else str(value)


def _moment(field: models.Field | None, value: str):
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return formats.date_format(moment, "DATETIME_FORMAT")
    elif isinstance(field, models.DateField):
        day = parse_date(value)
        if day is not None:
            return formats.date_format(day, "DATE_FORMAT")
    return None


def value_in_words(model, name: str, value) -> str:
    """One stored value as the reader reads it."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    field = _field(model, name)
    if isinstance(value, list):
        return ", ".join(value_in_words(None, name, item) for item in value)
    if field is not None and field.choices and isinstance(value, str):
        return _choice_label(field, value)
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value,
                                   "DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, str):
        return _moment(field, value) or value
    if isinstance(value, int | float):
        return formats.localize(value)
    return str(value)


def _in_field_order(model, changes: dict) -> list[tuple[str, object]]:
    """The changes in the model's field order, then other keys by name: a JSON column does not keep the order in
    which keys were written (PostgreSQL's jsonb sorts them by length), so the page must not depend on it."""
    order = {field.name: position for position, field in enumerate(model._meta.get_fields())} if model else {}
    return sorted(changes.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def event_in_words(event: AuditEvent) -> EventInWords:
    model = event.content_type.model_class()
    changes = []
    for name, values in _in_field_order(model, event.changes or {}):
        old, new = (values + [None, None])[:2] if isinstance(values, list) else (None, values)
        if event.action == AuditAction.CREATE and new in (None, "", []):
            continue  # a creation lists what was filled in, not every empty field
        changes.append(FieldChange(
            label=field_label(model, name),
            old=None if event.action == AuditAction.CREATE or old is None else value_in_words(model, name, old),
            new=None if event.action == AuditAction.DELETE else value_in_words(model, name, new),
        ))
    what = ""
    if event.parent_object_id:
        kind = str(model._meta.verbose_name) if model is not None else ""
        # "registration Lars Lezer – Kennislab 3"; but "Kennislab voorjaar", not "Kennislab Kennislab voorjaar".
        named = event.object_repr.lower().startswith(kind.lower())
        what = event.object_repr if named else f"{kind} {event.object_repr}".strip()
    if event.action in (AuditAction.CREATE, AuditAction.DELETE):
        summary = _("details")
    else:
        summary = ", ".join(change.label for change in changes)
    return EventInWords(event=event, what=what, changes=changes, summary=summary)
