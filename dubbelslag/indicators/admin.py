from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin

from .models import ImportRun, Indicator, Observation


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    # Added and edited on /indicatoren/ (catalogue.create_indicator / update_indicator), which check the formats
    # the importers rely on.
    list_display = ["code", "name_nl", "domain", "unit", "direction", "source_table", "source_key_stem",
                    "is_own_measurement"]
    list_filter = ["domain", "direction", "is_own_measurement", "spatial_level"]
    search_fields = ["code", "name_nl", "name_en", "source_key_stem", "source_table"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "source", "table_id", "file_name", "rows_read", "rows_created", "rows_updated",
                    "rows_unchanged", "rows_suppressed", "rows_rejected", "by"]
    list_filter = ["source"]
    list_select_related = ["by"]
    search_fields = ["table_id", "file_name", "checksum"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "area", "period", "value", "status", "import_run"]
    list_filter = ["status", "indicator__domain", "period"]
    search_fields = ["area__code", "area__name", "indicator__code"]
    list_select_related = ["area", "indicator", "import_run"]
