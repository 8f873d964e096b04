"""The codebook starts as the theme taxonomy: one code per theme, nested as the themes are."""

from django.db import migrations


def seed_codebook(apps, schema_editor):
    Theme = apps.get_model("programme", "Theme")
    Code = apps.get_model("research", "Code")
    codes = {}
    # Parents before children: the taxonomy is two levels deep, but walk it level by level anyway.
    pending = list(Theme.objects.order_by("position", "pk"))
    while pending:
        ready = [theme for theme in pending if theme.parent_id is None or theme.parent_id in codes]
        if not ready:
            break
        for theme in ready:
            codes[theme.pk], _created = Code.objects.get_or_create(
                theme=theme,
                defaults={
                    "parent": codes.get(theme.parent_id),
                    "name": theme.name_nl,
                    "name_en": theme.name_en,
                    "description": theme.description_nl,
                    "position": theme.position,
                    # A group of themes only groups codes.
                    "is_codable": theme.kind != "group",
                },
            )
        pending = [theme for theme in pending if theme not in ready]


class Migration(migrations.Migration):
    dependencies = [("research", "0002_search_index"), ("programme", "0002_seed_themes")]

    operations = [migrations.RunPython(seed_codebook, migrations.RunPython.noop)]
