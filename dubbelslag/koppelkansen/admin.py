from django.contrib import admin

from dubbelslag.core import audit
from dubbelslag.core.admin_mixins import AuditedAdmin
from dubbelslag.core.models import AuditAction

from .models import Adoption, Koppelkans, TriggerRule
from .services import rule_texts


class TriggerRuleInline(admin.TabularInline):
    model = TriggerRule
    extra = 0
    autocomplete_fields = ["indicator"]


@admin.register(Koppelkans)
class KoppelkansAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["code", "title_nl", "orientation", "is_active"]
    list_filter = ["orientation", "is_active", "themes"]
    search_fields = ["code", "title_nl", "title_en"]
    filter_horizontal = ["themes"]
    readonly_fields = ["updated_at"]
    inlines = [TriggerRuleInline]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            request._audit_rules_before = rule_texts(obj)
        return obj

    def save_related(self, request, form, formsets, change):
        # The mixin records the koppelkans's own fields; the rules edited inline are recorded here, in words.
        super().save_related(request, form, formsets, change)
        before, after = getattr(request, "_audit_rules_before", []), rule_texts(form.instance)
        if before != after:
            audit.record(form.instance, by=request.user, action=AuditAction.CHANGE, changes={"rules": [before, after]})


@admin.register(Adoption)
class AdoptionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["koppelkans", "experiment", "adopted_by", "adopted_at"]
    list_filter = ["koppelkans"]
    search_fields = ["experiment__title", "koppelkans__code", "koppelkans__title_nl"]
    raw_id_fields = ["experiment", "adopted_by"]
    readonly_fields = ["adopted_at"]
