"""The append-only audit trail. Shared by every app; holds no domain data of its own."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    CHANGE = "change", _("changed")
    DELETE = "delete", _("deleted")
    TRANSITION = "transition", _("status changed")


class AuditEventQuerySet(models.QuerySet):
    def about(self, obj):
        """Events about `obj` itself."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=content_type, object_id=str(obj.pk))

    def for_object(self, obj):
        """Events about `obj` itself and about the objects recorded as its parts (e.g. an experiment's
        participations)."""
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(
            models.Q(content_type=content_type, object_id=str(obj.pk))
            | models.Q(parent_content_type=content_type, parent_object_id=str(obj.pk))
        ).select_related("content_type")


class AuditEvent(models.Model):
    """Who changed what, and when. Rows are only ever inserted: see `dubbelslag.core.audit`."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept as text so the trail still names the actor after the account is deleted.
    actor_label = models.CharField(_("by (name)"), max_length=200, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    # {"field": [old, new]} with values as shown to people; for a create only the new values, for a delete the old.
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The object this one belongs to, so that its page shows the history of its parts too.
    parent_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    parent_object_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["parent_content_type", "parent_object_id", "-at"]),
        ]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        # Append-only: an existing event is never rewritten.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Audit events are append-only.")
