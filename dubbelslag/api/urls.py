"""/api/ (the docs page) and /api/v1/… (the read API), in the ``api`` namespace: ``api:areas``, ``api:product``…"""

from django.urls import include, path

from . import areas, knowledge, meta, monitoring, scan, views
from .base import api, url_patterns

app_name = "api"

api.add_router("", areas.router)
api.add_router("", scan.router)
api.add_router("", knowledge.router)
api.add_router("", monitoring.router)
api.add_router("", meta.router)

urlpatterns = [
    path("", views.docs, name="docs"),
    path("v1/", include(url_patterns())),
]
