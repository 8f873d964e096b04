from django.contrib import admin

from .models import Area


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent", "boundary_year"]
    list_filter = ["level", "boundary_year"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
