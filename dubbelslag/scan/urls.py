from django.urls import path

from . import views

app_name = "scan"

urlpatterns = [
    path("", views.scan, name="scan"),
    path("csv/", views.scan_csv, name="scan-csv"),
]
