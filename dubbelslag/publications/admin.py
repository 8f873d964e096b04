"""Admin for knowledge products: to look, not to edit. Every change goes through the workflow services
(``services/workflow.py``), which check the rules that protect the public (cited records published, figures frozen,
the search index in step) and write the audit trail; an edit here would bypass them, so the admin is read-only."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin, ReadOnlyInline

from .models import Citation, Figure, KnowledgeProduct, ProductSearchEntry, ProductVersion, ReviewComment, Section


class VersionInline(ReadOnlyInline):
    model = ProductVersion
    fields = ["number", "status", "title_nl", "published_at", "updated_at"]
    readonly_fields = fields


class SectionInline(ReadOnlyInline):
    model = Section
    fields = ["key", "position", "body_nl", "body_en"]
    readonly_fields = fields
    show_change_link = False


class CitationInline(ReadOnlyInline):
    model = Citation
    fields = ["number", "record"]
    readonly_fields = fields
    show_change_link = False


class FigureInline(ReadOnlyInline):
    model = Figure
    fields = ["number", "indicator", "area", "period", "caption_nl", "snapshot"]
    readonly_fields = fields
    show_change_link = False


class ReviewCommentInline(ReadOnlyInline):
    model = ReviewComment
    fields = ["section_key", "author", "text", "created_at", "resolved_by", "resolved_at"]
    readonly_fields = fields
    show_change_link = False


@admin.register(KnowledgeProduct)
class KnowledgeProductAdmin(ReadOnlyAdmin):
    list_display = ["slug", "product_type", "programme", "published_version", "first_published_at", "withdrawn_at"]
    list_filter = ["product_type", "programme"]
    search_fields = ["slug", "versions__title_nl", "versions__title_en"]
    list_select_related = ["programme", "published_version"]
    inlines = [VersionInline]


@admin.register(ProductVersion)
class ProductVersionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "product", "number", "status", "published_at", "updated_at"]
    list_filter = ["status", "product__product_type", "product__programme"]
    search_fields = ["title_nl", "title_en", "product__slug"]
    list_select_related = ["product"]
    inlines = [SectionInline, CitationInline, FigureInline, ReviewCommentInline]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["version", "section_key", "author", "created_at", "resolved_at"]
    list_filter = ["section_key"]
    list_select_related = ["version", "author"]


@admin.register(ProductSearchEntry)
class ProductSearchEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "product", "published_at"]
    search_fields = ["title"]
