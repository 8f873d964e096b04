"""Admin for the research app: to look, not to edit. Every write has a page and a service (``services/log.py``,
``coding.py``, ``harvest.py``, ``exchange.py``), which check who may, keep the version, re-anchor excerpts when a
log entry's text changes, keep the search index in step and write the audit trail; an edit here would bypass them."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Attachment,
    Code,
    Coding,
    Cycle,
    Excerpt,
    HarvestRecord,
    LearningQuestion,
    LogEntry,
    Memo,
    SearchEntry,
)


@admin.register(LearningQuestion)
class LearningQuestionAdmin(ReadOnlyAdmin):
    list_display = ["question", "experiment", "status", "opened_on", "closed_on"]
    list_filter = ["status", "experiment__programme"]
    list_select_related = ["experiment"]
    search_fields = ["question"]


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "experiment", "number", "plan_starts_on", "ends_on"]
    list_filter = ["experiment__programme"]
    list_select_related = ["experiment"]
    search_fields = ["title"]


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["title", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "experiment", "kind", "occurred_on", "author"]
    list_filter = ["kind", "consent", "experiment__programme"]
    list_select_related = ["experiment", "author"]
    search_fields = ["title", "text"]
    date_hierarchy = "occurred_on"
    inlines = [AttachmentInline]


class ChildCodeInline(ReadOnlyInline):
    model = Code
    fk_name = "parent"
    fields = ["name", "name_en", "is_codable", "position"]
    readonly_fields = fields


@admin.register(Code)
class CodeAdmin(ReadOnlyAdmin):
    list_display = ["name", "parent", "theme", "is_codable", "position"]
    list_filter = ["is_codable"]
    list_select_related = ["parent", "theme"]
    search_fields = ["name", "name_en", "description"]
    inlines = [ChildCodeInline]


class CodingInline(ReadOnlyInline):
    model = Coding
    fields = ["code", "coder", "guid"]
    readonly_fields = fields
    show_change_link = False


@admin.register(Excerpt)
class ExcerptAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "entry", "anchor_status", "created_by", "created_at"]
    list_filter = ["anchor_status"]
    list_select_related = ["entry", "created_by"]
    search_fields = ["quote"]
    inlines = [CodingInline]


@admin.register(Memo)
class MemoAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "content_type", "object_id", "author", "created_at"]
    list_filter = ["content_type"]
    list_select_related = ["content_type", "author"]
    search_fields = ["title", "text"]


@admin.register(HarvestRecord)
class HarvestRecordAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "confidentiality", "evidence_level", "programme"]
    list_filter = ["kind", "status", "confidentiality", "evidence_level", "programme"]
    list_select_related = ["programme"]
    search_fields = ["title", "summary"]


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "title", "status", "confidentiality"]
    list_filter = ["kind", "status", "confidentiality"]
    search_fields = ["title"]
