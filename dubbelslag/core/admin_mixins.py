"""Building blocks for the admin (/beheer/), which is no second write path (docs/architecture.md, "The admin").

- `ReadOnlyAdmin` / `ReadOnlyInline`: the default, for every model the application's pages or commands write through
  its services. Viewable, searchable and filterable; never added, changed or deleted here.
- `ServiceAdmin`: for what an operator needs the admin for and no page offers (people's roles, organisations,
  programmes). The form only validates; every write is the app's service, so the admin does what any caller does.
- `AuditedAdmin`: for the few models without any service, which are edited here only; it records the audit trail
  the services would have written.
"""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.http import HttpResponseRedirect

from dubbelslag.core import audit

# Django 6 assumes https for a web address typed without a scheme; so do we, already (and without its warning).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows written only by services: viewable, never added, edited or deleted here."""

    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """The rows of an object's children, to look at next to it; each links to its own (read-only) page."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ServiceAdmin(admin.ModelAdmin):
    """Adds, changes and deletes only through the app's services.

    A subclass implements whichever of `create(request, form)`, `update(request, obj, form)` (both return the saved
    object) and `delete(request, obj)` an operator needs; what it leaves out is refused. The form's validation is
    the model's own (`full_clean`), the same the services run, so a valid form is one the service accepts; should a
    service still refuse, the whole save is rolled back and its message shown. No inlines: they would write past the
    service.
    """

    create = None
    update = None
    delete = None
    formfield_overrides = URL_FIELDS

    def has_add_permission(self, request):
        return self.create is not None and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.update is not None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.delete is not None and super().has_delete_permission(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            # The parent view runs in one transaction, so a refusal rolls back the admin's own log entry too.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if change:
            # `obj` already carries the form's values; the service reads the stored row, so its audit trail
            # records what changed.
            saved = self.update(request, self.model._default_manager.get(pk=obj.pk), form)
        else:
            saved = self.create(request, form)
        # The admin goes on (its log, message and redirect) with the row the service wrote.
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        # The service has set the many-to-many fields; form.save_m2m() would set them a second time, unrecorded.
        pass

    def delete_model(self, request, obj):
        self.delete(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete(request, obj)


class AuditedAdmin:
    """For models without any service, edited only here: record creates, changes and deletes in the audit trail,
    as the services do. `audit_fields` names the fields to record (default: every concrete field but `version`)."""

    audit_fields = None

    def _audit_fields(self, obj):
        if self.audit_fields is not None:
            return self.audit_fields
        return [field.name for field in obj._meta.get_fields()
                if getattr(field, "concrete", False) and not field.auto_created and field.name not in {"version"}]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._audit_before = audit.snapshot(obj, self._audit_fields(obj))
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        if change:
            audit.record_change(obj, by=request.user, before=getattr(request, "_audit_before", {}),
                                fields=self._audit_fields(obj))
        else:
            audit.record_create(obj, by=request.user, fields=self._audit_fields(obj))

    def delete_model(self, request, obj):
        audit.record_delete(obj, by=request.user, fields=self._audit_fields(obj))
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            audit.record_delete(obj, by=request.user, fields=self._audit_fields(obj))
        super().delete_queryset(request, queryset)
