"""Admin for accounts. People's accounts have no page and no service, so the admin is where an operator creates and
changes them (audited, never deleted); organisations have no page to create or change them either, so the admin
does that through the services; failed logins are looked at, and cleared only through the login throttle's
service."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from dubbelslag.core.admin_mixins import AuditedAdmin, ReadOnlyAdmin, ServiceAdmin

from . import services
from .models import LoginFailure, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(ServiceAdmin):
    list_display = ["name", "type", "website", "is_demo"]
    list_filter = ["type", "is_demo"]
    search_fields = ["name", "slug"]
    fields = ["name", "slug", "type", "website", "description", "is_demo"]
    # The service derives the slug from the name and keeps it: it is the organisation's address.
    readonly_fields = ["slug", "is_demo"]

    def create(self, request, form):
        return services.create_organisation(by=request.user, **form.cleaned_data)

    def update(self, request, obj, form):
        return services.update_organisation(obj, by=request.user, **form.cleaned_data)


@admin.register(User)
class UserAdmin(AuditedAdmin, BaseUserAdmin):
    # Never the password (not even its hash) or the last login in the audit trail.
    audit_fields = ["email", "full_name", "organisation", "is_active", "is_staff", "is_superuser", "groups",
                    "user_permissions"]
    ordering = ["email"]
    list_display = ["email", "full_name", "organisation", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser", "organisation__type"]
    list_select_related = ["organisation"]
    search_fields = ["email", "full_name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "organisation"]}),
        (_("Preferences"), {"fields": ["language", "notify_by_email"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"],
                             "fields": ["email", "full_name", "organisation", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]

    def has_delete_permission(self, request, obj=None):
        # Deleting a person would take their memberships, registrations and authorship with them, past the
        # services and the audit trail; an account that is no longer used is switched off (active) instead.
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(ReadOnlyAdmin):
    """Written by the login throttle (services.record_login_failure). The one thing an operator does here is let a
    person who is locked out try again at once, through the throttle's own service."""

    list_display = ["email", "ip_address", "at"]
    search_fields = ["email", "ip_address"]
    date_hierarchy = "at"
    actions = ["clear_login_failures"]

    def has_clear_permission(self, request):
        return request.user.has_perm("accounts.delete_loginfailure")

    @admin.action(description=_("Let these addresses try to log in again now"), permissions=["clear"])
    def clear_login_failures(self, request, queryset):
        emails = sorted(set(queryset.values_list("email", flat=True)))
        with transaction.atomic():
            for email in emails:
                services.clear_login_failures(email=email)
        self.message_user(request, ngettext(
            "The failed logins of %(count)d address have been cleared.",
            "The failed logins of %(count)d addresses have been cleared.", len(emails)) % {"count": len(emails)})
