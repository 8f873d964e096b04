from django.urls import path

from . import views

app_name = "atlas"

urlpatterns = [
    path("gebieden/", views.area_search, name="area-search"),
    path("gebieden/<str:code>/", views.area_detail, name="area-detail"),
    path("gebieden/<str:code>/csv/", views.area_csv, name="area-csv"),
]
