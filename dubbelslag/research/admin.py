"""Admin for the research app. Edits here keep what the services keep: the audit trail (AuditedAdmin), the search
index and the excerpt anchors. A record's status only moves through the services (validate, publish, ...), so it is
read-only here."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import AuditedAdmin, ReadOnlyAdmin

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
    SearchKind,
)
from .services import search_index
from .services.excerpts import reanchor_excerpts


@admin.register(LearningQuestion)
class LearningQuestionAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["question", "experiment", "status", "opened_on", "closed_on"]
    list_filter = ["status", "experiment__programme"]
    search_fields = ["question"]
    raw_id_fields = ["knowledge_question"]
    readonly_fields = ["version"]


@admin.register(Cycle)
class CycleAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "experiment", "number", "plan_starts_on", "ends_on"]
    list_filter = ["experiment__programme"]
    search_fields = ["title"]
    filter_horizontal = ["learning_questions"]
    readonly_fields = ["version"]


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        # Uploads are checked by content in the service; the admin does not take files.
        return False


@admin.register(LogEntry)
class LogEntryAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "experiment", "kind", "occurred_on", "author"]
    list_filter = ["kind", "consent", "experiment__programme"]
    search_fields = ["title", "text"]
    date_hierarchy = "occurred_on"
    raw_id_fields = ["author", "cycle"]
    filter_horizontal = ["learning_questions"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [AttachmentInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        entry = form.instance
        reanchor_excerpts(entry)
        search_index.index_entry(entry)

    def delete_model(self, request, obj):
        search_index.unindex(SearchKind.ENTRY, obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for entry in queryset:
            search_index.unindex(SearchKind.ENTRY, entry.pk)
        super().delete_queryset(request, queryset)


class ChildCodeInline(admin.TabularInline):
    model = Code
    fk_name = "parent"
    extra = 0
    fields = ["name", "name_en", "is_codable", "position"]


@admin.register(Code)
class CodeAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["name", "parent", "theme", "is_codable", "position"]
    list_filter = ["is_codable"]
    search_fields = ["name", "name_en", "description"]
    readonly_fields = ["guid", "version"]
    inlines = [ChildCodeInline]


class CodingInline(admin.TabularInline):
    model = Coding
    extra = 0
    raw_id_fields = ["code", "coder"]
    readonly_fields = ["guid"]


@admin.register(Excerpt)
class ExcerptAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "entry", "anchor_status", "created_by", "created_at"]
    list_filter = ["anchor_status"]
    search_fields = ["quote"]
    raw_id_fields = ["entry", "created_by"]
    # The span is set by marking text, and kept by re-anchoring; editing offsets by hand would break both.
    readonly_fields = ["start", "end", "quote", "prefix", "suffix", "anchor_status", "guid"]
    inlines = [CodingInline]


@admin.register(Memo)
class MemoAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["__str__", "content_type", "object_id", "author", "created_at"]
    list_filter = ["content_type"]
    search_fields = ["title", "text"]
    raw_id_fields = ["author"]
    readonly_fields = ["version"]


@admin.register(HarvestRecord)
class HarvestRecordAdmin(AuditedAdmin, admin.ModelAdmin):
    list_display = ["title", "kind", "status", "confidentiality", "evidence_level", "programme"]
    list_filter = ["kind", "status", "confidentiality", "evidence_level", "programme"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["experiments", "themes", "koppelkansen"]
    raw_id_fields = ["knowledge_questions", "evidence_entries", "evidence_excerpts", "responds_to", "draws_on",
                     "created_by"]
    readonly_fields = ["status", "validated_by", "validated_at", "published_by", "published_at", "version",
                       "created_at", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == "published":
            # A published record stays public until a coordinator unpublishes it.
            fields.append("confidentiality")
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        search_index.index_record(form.instance)

    def delete_model(self, request, obj):
        search_index.unindex(SearchKind.RECORD, obj.pk)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for record in queryset:
            search_index.unindex(SearchKind.RECORD, record.pk)
        super().delete_queryset(request, queryset)


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "title", "status", "confidentiality"]
    list_filter = ["kind", "status", "confidentiality"]
    search_fields = ["title"]
