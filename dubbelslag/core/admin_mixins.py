from django.contrib import admin

from dubbelslag.core import audit


class AuditedAdmin:
    """Record admin creates, changes and deletes in the audit trail, like the services do."""

    def _audit_fields(self, obj):
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """For rows written only by services (imports, the audit trail): viewable, never added, edited or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
