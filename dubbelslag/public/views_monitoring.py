"""The public monitoring pages (/kennisbank/monitoring/…): the public shared indicators with the programme total
per public period by the documented rule, and per indicator its series and the experiments' values. They read
``public.monitoring`` only (THE PUBLIC RULE of the monitoring) and are cached like every anonymous page
(``public.cache``): an approval records an audit event, which changes the cache's data version, so a newly approved
value shows at the next request."""

from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_safe

from . import monitoring
from .cache import anonymous_page_cache


@require_safe
@anonymous_page_cache
def monitoring_list(request):
    chosen = monitoring.INDICATOR_FILTERS.from_page(request.GET)
    return render(request, "public/monitoring_list.html", {
        "programmes": monitoring.programme_totals(side=chosen.get("side")), "chosen": chosen,
        "sides": monitoring.Side.choices, "kb_section": "monitoring"})


@require_safe
@anonymous_page_cache
def monitoring_indicator(request, pk):
    rollup = monitoring.shared_totals(pk)
    return render(request, "public/monitoring_indicator.html", {
        "rollup": rollup, "indicator": rollup.indicator, "kb_section": "monitoring"})


urlpatterns = [
    path("kennisbank/monitoring/", monitoring_list, name="monitoring"),
    path("kennisbank/monitoring/<int:pk>/", monitoring_indicator, name="monitoring-indicator"),
]
