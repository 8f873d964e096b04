from django.urls import path

from . import api, views

app_name = "atlas"

urlpatterns = [
    path("gebieden/", views.area_search, name="area-search"),
    path("gebieden/<str:code>/", views.area_detail, name="area-detail"),
    path("gebieden/<str:code>/csv/", views.area_csv, name="area-csv"),
    path("api/", views.api_docs, name="api-docs"),
    # The read API: paths without a trailing slash, as the NL API Design Rules ask.
    path("api/v1/areas", api.areas, name="api-areas"),
    path("api/v1/areas/<str:code>", api.area, name="api-area"),
    path("api/v1/indicators", api.indicators, name="api-indicators"),
    path("api/v1/indicators/<str:code>", api.indicator, name="api-indicator"),
    path("api/v1/observations", api.observations, name="api-observations"),
    path("api/v1/openapi.json", api.openapi, name="openapi"),
]
