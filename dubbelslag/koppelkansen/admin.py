"""Admin for koppelkansen: to look, not to edit. The programme team edits the catalogue and its rules on
/koppelkansen/ (services.create_koppelkans / update_koppelkans, which record the rules in words), and experiments
adopt koppelkansen on their pages (adopt_koppelkans / drop_adoption)."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline

from .models import Adoption, Koppelkans, TriggerRule


class TriggerRuleInline(ReadOnlyInline):
    model = TriggerRule
    show_change_link = False


@admin.register(Koppelkans)
class KoppelkansAdmin(ReadOnlyAdmin):
    list_display = ["code", "title_nl", "orientation", "is_active", "updated_at"]
    list_filter = ["orientation", "is_active", "themes"]
    search_fields = ["code", "title_nl", "title_en"]
    inlines = [TriggerRuleInline]


@admin.register(Adoption)
class AdoptionAdmin(ReadOnlyAdmin):
    list_display = ["koppelkans", "experiment", "adopted_by", "adopted_at"]
    list_filter = ["koppelkans"]
    list_select_related = ["koppelkans", "experiment", "adopted_by"]
    search_fields = ["experiment__title", "koppelkans__code", "koppelkans__title_nl"]
