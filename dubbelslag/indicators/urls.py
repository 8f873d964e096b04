from django.urls import path

from . import views

app_name = "indicators"

# Indicator codes are upper case, so they never collide with the lower-case words "nieuw", "gegevens" and "importen".
urlpatterns = [
    path("", views.indicator_list, name="indicator-list"),
    path("nieuw/", views.indicator_create, name="indicator-create"),
    path("gegevens/", views.data_overview, name="data-overview"),
    path("importen/", views.import_run_list, name="import-run-list"),
    path("importen/<int:pk>/", views.import_run_detail, name="import-run-detail"),
    path("<str:code>/", views.indicator_detail, name="indicator-detail"),
    path("<str:code>/bewerken/", views.indicator_update, name="indicator-update"),
]
