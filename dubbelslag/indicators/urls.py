from django.urls import path

from . import views

app_name = "indicators"

# Indicator codes are upper case, so they never collide with the lower-case words "nieuw", "gegevens", "importen" and
# "importeren".
urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("nieuw/", views.indicator_create, name="indicator-create"),
    path("gegevens/", views.data_overview, name="data-overview"),
    path("importeren/", views.import_upload, name="import-upload"),
    path("importeren/<int:pk>/", views.import_preview, name="import-preview"),
    path("importeren/<int:pk>/koppelen/", views.import_mapping, name="import-mapping"),
    path("importeren/<int:pk>/proefimport/", views.import_dry_run, name="import-dry-run"),
    path("importeren/<int:pk>/bevestigen/", views.import_confirm, name="import-confirm"),
    path("importeren/<int:pk>/voortgang/", views.import_progress, name="import-progress"),
    path("importen/", views.import_run_list, name="import-run-list"),
    path("importen/<int:pk>/", views.import_run_detail, name="import-run-detail"),
    path("<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("<str:code>/bewerken/", views.indicator_update, name="indicator-update"),
]
