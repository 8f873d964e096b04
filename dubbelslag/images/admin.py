"""Admin for the image library: to look, not to edit. Uploads and edits go through ``services`` (the content check,
the stripping of metadata, the consent rule, the audit trail)."""

from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin

from .models import Image


@admin.register(Image)
class ImageAdmin(ReadOnlyAdmin):
    list_display = ["alt_nl", "programme", "credit", "licence", "recognisable_people", "consent", "is_demo",
                    "created_at"]
    list_filter = ["programme", "licence", "recognisable_people", "consent", "is_demo"]
    search_fields = ["alt_nl", "alt_en", "caption_nl", "credit"]
    exclude = ["token", "variants"]
