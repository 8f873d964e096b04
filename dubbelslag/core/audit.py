"""Recording the audit trail. Every service that creates, changes or deletes calls one of these."""

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation
from django.utils.translation import gettext

from .models import AuditAction, AuditEvent


def _redacted(value: str) -> str:
    """A stand-in for text the history must not keep (research notes may describe residents): its length and a
    keyed fingerprint, so the trail still shows that, and when, the text changed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:8]
    return gettext("(%(count)d characters, not kept in the history; #%(digest)s)") % {
        "count": len(value), "digest": digest}


def _display(obj: models.Model, field: models.Field):
    if field.name in getattr(type(obj), "AUDIT_REDACTED_FIELDS", ()):
        return _redacted(getattr(obj, field.name) or "")
    if isinstance(field, models.ManyToManyField):
        if obj.pk is None:
            return []
        return sorted(str(related) for related in getattr(obj, field.name).all())
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    value = getattr(obj, field.name)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "audit_label"):
        return value.audit_label()
    return str(value)


def _repr(obj: models.Model) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        # A model whose str() shows research content names itself in the trail by ``audit_label()`` instead.
        label = obj.audit_label() if hasattr(obj, "audit_label") else str(obj)
        return label[:300]


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict:
    """The current values of `fields` on `obj`, in the form the audit trail stores them: as people read them, in
    the default language, so that the trail reads the same whoever's request wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return {name: _display(obj, obj._meta.get_field(name)) for name in fields}


def diff(before: dict, after: dict) -> dict:
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def record(obj: models.Model, *, by, action: str, changes: dict | None = None, note: str = "",
           parent: models.Model | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        parent_content_type=ContentType.objects.get_for_model(parent, for_concrete_model=False) if parent else None,
        parent_object_id=str(parent.pk) if parent else "",
        actor=by if by is not None and by.is_authenticated else None,
        actor_label=(by.get_full_name() or by.email) if by is not None and by.is_authenticated else "system",
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=_repr(obj),
        changes=changes or {},
        note=note,
    )


def record_create(obj: models.Model, *, by, fields: Iterable[str], parent: models.Model | None = None) -> AuditEvent:
    after = snapshot(obj, fields)
    changes = {k: [None, v] for k, v in after.items()}
    return record(obj, by=by, action=AuditAction.CREATE, changes=changes, parent=parent)


def record_change(obj: models.Model, *, by, before: dict, fields: Iterable[str],
                  parent: models.Model | None = None) -> AuditEvent | None:
    """Record what changed since `before` (a `snapshot`); records nothing when nothing changed."""
    changes = diff(before, snapshot(obj, fields))
    if not changes:
        return None
    return record(obj, by=by, action=AuditAction.CHANGE, changes=changes, parent=parent)


def record_delete(obj: models.Model, *, by, fields: Iterable[str], parent: models.Model | None = None) -> AuditEvent:
    """Call before deleting `obj`, while its primary key and relations still exist."""
    before = snapshot(obj, fields)
    changes = {k: [v, None] for k, v in before.items()}
    return record(obj, by=by, action=AuditAction.DELETE, changes=changes, parent=parent)
