from django.contrib import admin

from dubbelslag.core.admin_mixins import ReadOnlyAdmin

from .models import Area


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    # Areas come from the CBS code lists (services.load_areas, manage.py load_areas) and the importers.
    list_display = ["code", "name", "level", "parent", "boundary_year"]
    list_filter = ["level", "boundary_year"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
