"""An experiment's results page and the programme dashboard with its drill-down pages: reads only, through the gates
and the selectors."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from dubbelslag.core.params import as_pk, paginate
from dubbelslag.programme.access import get_experiment_for_user

from .. import selectors
from ..access import get_programme_for_team
from ..cache import data_version, lazy
from ..enums import UpdateStatus
from ..models import ReportingPeriod, ResultIndicator

# How many of the awaiting and the returned updates the dashboard lists (the oldest); the rest are a link away.
DASHBOARD_UPDATES = 20
UPDATES_PER_PAGE = 50
UPDATE_LISTS = ("awaiting", "returned")


@login_required
@require_safe
def results(request, experiment_pk):
    experiment, role = get_experiment_for_user(request.user, experiment_pk)
    return render(request, "monitoring/results_page.html", {
        "experiment": experiment, "role": role, **_cached(),
        "results": lazy(lambda: selectors.experiment_results(experiment, viewer=request.user, role=role))})


def _cached() -> dict:
    """What the templates' cached fragment needs: the data version (empty: don't cache) and how long to keep it."""
    return {"version": data_version(), "cache_seconds": settings.MONITORING_CACHE_SECONDS}


def _programme_and_period(request, slug):
    """The programme (404 unless the viewer is in its team), its periods and the chosen one (``?periode=``, else
    the current one; None without periods)."""
    programme, _role = get_programme_for_team(request.user, slug)
    periods = list(ReportingPeriod.objects.filter(programme=programme).order_by("start"))
    chosen = as_pk(request.GET.get("periode"))
    period = next((item for item in periods if item.pk == chosen), None) or selectors.current_period(periods)
    return programme, periods, period


@login_required
@require_safe
def dashboard(request, slug):
    programme, periods, period = _programme_and_period(request, slug)
    return render(request, "monitoring/results_dashboard.html", {
        "programme": programme, "periods": periods, "period": period, **_cached(),
        "rollups": lazy(lambda: selectors.shared_rollups(programme, period=period) if period else []),
        "status": lazy(lambda: selectors.reporting_status(programme, period=period, listed=DASHBOARD_UPDATES)
                       if period else None),
        "shown": DASHBOARD_UPDATES,
    })


@login_required
@require_safe
def dashboard_indicator(request, slug, pk):
    programme, periods, period = _programme_and_period(request, slug)
    indicator = get_object_or_404(ResultIndicator, pk=pk, programme=programme, experiment__isnull=True)
    rollup = selectors.shared_rollups(programme, shared=indicator)[0]
    chosen = next((row for row in rollup.periods if period and row.period.pk == period.pk), None)
    return render(request, "monitoring/results_dashboard_indicator.html", {
        "programme": programme, "periods": periods, "period": period, "item": rollup, "row": chosen})


@login_required
@require_safe
def dashboard_updates(request, slug, kind):
    if kind not in UPDATE_LISTS:
        raise Http404
    programme, periods, period = _programme_and_period(request, slug)
    status = UpdateStatus.SUBMITTED if kind == "awaiting" else UpdateStatus.RETURNED
    updates = selectors.waiting_updates(programme, period=period, status=status) if period else []
    return render(request, "monitoring/results_dashboard_updates.html", {
        "programme": programme, "periods": periods, "period": period, "kind": kind,
        "page": paginate(updates, UPDATES_PER_PAGE, request.GET.get("page"))})
