"""Admin for the labs app: to look, not to edit. Every write has a page and a service: sessions, agendas,
registrations, actions and documents in ``services/sessions.py``; a knowledge question's status, assignment and
followers only through the transitions in ``services/questions.py`` (which check who may, keep the version and the
agenda in step and notify the followers); calendar feeds in ``calendar.py``. An edit here would bypass all of that."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Action,
    AgendaItem,
    CalendarFeed,
    DeepDive,
    Document,
    KnowledgeLab,
    KnowledgeQuestion,
    Notification,
    Registration,
    WorkingGroup,
    WorkingGroupMeeting,
)


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    fields = ["order", "title", "duration_minutes", "presenter"]
    readonly_fields = fields


@admin.register(KnowledgeLab)
class KnowledgeLabAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "number", "starts_at", "location"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["title", "location"]
    date_hierarchy = "starts_at"
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "lab", "order", "duration_minutes", "presenter"]
    list_filter = ["lab__programme"]
    list_select_related = ["lab"]
    search_fields = ["title", "presenter"]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["user", "lab", "registered_at", "attended"]
    list_filter = ["lab__programme", "attended"]
    list_select_related = ["user", "lab"]
    search_fields = ["user__email", "user__full_name", "lab__title"]


class WorkingGroupMeetingInline(ReadOnlyInline):
    model = WorkingGroupMeeting
    fields = ["starts_at", "ends_at", "location"]
    readonly_fields = fields


@admin.register(WorkingGroup)
class WorkingGroupAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme", "theme", "chair"]
    list_filter = ["programme"]
    list_select_related = ["programme", "theme", "chair"]
    search_fields = ["name", "description"]
    inlines = [WorkingGroupMeetingInline]


@admin.register(WorkingGroupMeeting)
class WorkingGroupMeetingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "group", "starts_at", "location"]
    list_filter = ["group__programme"]
    list_select_related = ["group"]
    search_fields = ["group__name", "location"]


@admin.register(DeepDive)
class DeepDiveAdmin(ReadOnlyAdmin):
    list_display = ["topic", "programme", "presenter", "starts_at"]
    list_filter = ["programme"]
    list_select_related = ["programme"]
    search_fields = ["topic", "presenter", "report"]


@admin.register(KnowledgeQuestion)
class KnowledgeQuestionAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "experiment", "status", "priority", "raised_at", "last_progress_at"]
    list_filter = ["programme", "status", "priority"]
    list_select_related = ["programme", "experiment"]
    search_fields = ["title", "description", "answer_summary"]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "due_date", "status", "programme"]
    list_filter = ["programme", "status"]
    list_select_related = ["owner", "programme"]
    search_fields = ["title", "owner__full_name", "owner__email"]


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    # Files are added through the upload page, which checks their size and content.
    list_display = ["title", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    search_fields = ["title"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    # The token is the feed's secret address; it is shown to its owner and renewed on their page only.
    list_display = ["user"]
    list_select_related = ["user"]
    search_fields = ["user__email", "user__full_name"]
    exclude = ["token"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["recipient", "event", "title", "link", "created_at", "read_at"]
    list_filter = ["event"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "recipient__full_name", "title"]
    date_hierarchy = "created_at"
