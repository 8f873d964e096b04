"""/api/: the human-readable page about the API, built from the same OpenAPI document (no scripts, no CDN)."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from .base import document


@require_safe
def docs(request):
    described = document()
    return render(request, "api/docs.html", {"document": described, "paths": described["paths"]})
