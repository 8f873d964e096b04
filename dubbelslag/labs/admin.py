from django.contrib import admin

from dubbelslag.core.admin_mixins import AuditedAdmin

from .models import (
    Action,
    AgendaItem,
    CalendarFeed,
    DeepDive,
    Document,
    KnowledgeLab,
    KnowledgeQuestion,
    Registration,
    WorkingGroup,
    WorkingGroupMeeting,
)


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    filter_horizontal = ["questions"]


@admin.register(KnowledgeLab)
class KnowledgeLabAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "programme", "number", "starts_at", "location"]
    list_filter = ["programme"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["themes"]
    readonly_fields = ["version"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "lab", "order", "duration_minutes", "presenter"]
    list_filter = ["lab__programme"]
    search_fields = ["title", "presenter"]
    raw_id_fields = ["lab"]
    filter_horizontal = ["questions"]


@admin.register(Registration)
class RegistrationAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user", "lab", "registered_at", "attended"]
    list_filter = ["lab__programme", "attended"]
    search_fields = ["user__email", "user__full_name", "lab__title"]
    raw_id_fields = ["lab", "user"]


class WorkingGroupMeetingInline(admin.TabularInline):
    model = WorkingGroupMeeting
    extra = 0
    fields = ["starts_at", "ends_at", "location"]


@admin.register(WorkingGroup)
class WorkingGroupAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "programme", "theme", "chair"]
    list_filter = ["programme"]
    search_fields = ["name", "description"]
    raw_id_fields = ["chair"]
    filter_horizontal = ["members"]
    inlines = [WorkingGroupMeetingInline]


@admin.register(WorkingGroupMeeting)
class WorkingGroupMeetingAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["group", "starts_at", "location"]
    list_filter = ["group__programme"]
    raw_id_fields = ["group"]


@admin.register(DeepDive)
class DeepDiveAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["topic", "programme", "presenter", "starts_at"]
    list_filter = ["programme"]
    search_fields = ["topic", "presenter", "report"]


@admin.register(KnowledgeQuestion)
class KnowledgeQuestionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "programme", "experiment", "status", "priority", "raised_at"]
    list_filter = ["programme", "status", "priority"]
    search_fields = ["title", "description", "answer_summary"]
    raw_id_fields = ["experiment", "raised_by", "duplicate_of", "assigned_lab", "assigned_group",
                     "assigned_deep_dive"]
    filter_horizontal = ["themes", "followers"]
    readonly_fields = ["version", "raised_at", "last_progress_at"]


@admin.register(Action)
class ActionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "owner", "due_date", "status", "programme"]
    list_filter = ["programme", "status"]
    search_fields = ["title", "owner__full_name", "owner__email"]
    raw_id_fields = ["owner", "lab", "meeting", "deep_dive", "question"]


@admin.register(Document)
class DocumentAdmin(AuditedAdmin, admin.ModelAdmin):
    # Files are added through the upload page, which checks their size and content; the admin only lists them.
    list_display = ["title", "content_type", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["title"]
    readonly_fields = ["file", "content_type", "size", "uploaded_by", "uploaded_at"]
    raw_id_fields = ["lab", "meeting", "deep_dive"]

    def has_add_permission(self, request):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["user"]
    search_fields = ["user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["token"]
