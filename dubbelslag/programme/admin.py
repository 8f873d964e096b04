"""Admin for the programme app. Experiments and their participants have pages (services.create_experiment,
update_experiment, add_participation, remove_participation), so the admin only shows them. Programmes and people's
roles have no page: an operator sets them up here, and the admin saves them through the same services
(create_programme, update_programme, grant_membership, revoke_membership). The theme taxonomy has no service and
is curated here, audited, and never deleted (the rows that use a theme would lose it past their services)."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline, ServiceAdmin

from . import services
from .models import Experiment, Membership, Participation, Programme, Theme


@admin.register(Programme)
class ProgrammeAdmin(ServiceAdmin):
    list_display = ["name", "slug", "start_date", "end_date", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "description", "start_date", "end_date", "organisers", "is_demo"]
    filter_horizontal = ["organisers"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the programme's address, fixed once created; the demo flag belongs to the demo seed.
        return ["slug", "is_demo"] if obj is not None else ["is_demo"]

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name"]} if obj is None else {}

    def create(self, request, form):
        fields = dict(form.cleaned_data)
        return services.create_programme(by=request.user, organisers=list(fields.pop("organisers")), **fields)

    def update(self, request, obj, form):
        fields = dict(form.cleaned_data)
        return services.update_programme(obj, by=request.user, organisers=list(fields.pop("organisers")), **fields)


class ParticipationInline(ReadOnlyInline):
    model = Participation
    fields = ["organisation", "role"]
    readonly_fields = fields


@admin.register(Experiment)
class ExperimentAdmin(ReadOnlyAdmin):
    list_display = ["title", "gemeente", "programme", "phase", "is_public", "version", "updated_at"]
    list_filter = ["programme", "phase", "is_public", "themes"]
    list_select_related = ["gemeente", "programme"]
    search_fields = ["title", "summary", "gemeente__name"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "experiment", "role"]
    list_filter = ["role", "organisation__type"]
    list_select_related = ["organisation", "experiment"]
    search_fields = ["organisation__name", "experiment__title"]


@admin.register(Membership)
class MembershipAdmin(ServiceAdmin):
    """A role is granted or revoked, never edited: to change someone's role, revoke it and grant the new one, so
    the audit trail shows both."""

    list_display = ["user", "role", "programme", "experiment"]
    list_filter = ["role", "programme"]
    list_select_related = ["user", "programme", "experiment"]
    search_fields = ["user__email", "user__full_name", "experiment__title"]
    fields = ["user", "programme", "experiment", "role"]
    autocomplete_fields = ["user", "experiment"]

    def create(self, request, form):
        fields = dict(form.cleaned_data)
        return services.grant_membership(fields.pop("user"), by=request.user, **fields)

    def delete(self, request, obj):
        services.revoke_membership(obj, by=request.user)


@admin.register(Theme)
class ThemeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "kind", "parent", "position"]
    list_filter = ["kind", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name_nl", "name_en", "slug"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the theme's name in the open API's filters and in links people keep; fixed once created.
        return ["slug"] if obj is not None else []

    def get_prepopulated_fields(self, request, obj=None):
        return {"slug": ["name_en"]} if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        # Deleting a theme would take it off experiments, questions, records and published product versions past
        # their services, versions and audit trail; a theme no longer used is left in place.
        return False
