from django.contrib import admin

from dubbelslag.core.admin_mixins import AuditedAdmin

from .models import Experiment, Membership, Participation, Programme, Theme


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(Programme)
class ProgrammeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "start_date", "end_date", "is_demo"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisers"]


@admin.register(Experiment)
class ExperimentAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "gemeente", "programme", "phase", "is_public"]
    list_filter = ["programme", "phase", "is_public", "themes"]
    search_fields = ["title", "summary", "gemeente__name"]
    raw_id_fields = ["gemeente", "focus_areas"]
    filter_horizontal = ["themes"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["organisation", "experiment", "role"]
    list_filter = ["role", "organisation__type"]
    search_fields = ["organisation__name", "experiment__title"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["experiment"]


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user", "role", "programme", "experiment"]
    list_filter = ["role", "programme"]
    search_fields = ["user__email", "user__full_name", "experiment__title"]
    autocomplete_fields = ["user"]


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "kind", "parent", "position"]
    list_filter = ["kind", "parent"]
    search_fields = ["name_nl", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}
