"""An experiment's results page and the programme dashboard: reads only, through the gates and the selectors."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from dubbelslag.core.params import as_pk
from dubbelslag.programme.access import get_experiment_for_user, is_programme_team
from dubbelslag.programme.models import Programme

from .. import selectors
from ..models import ReportingPeriod


@login_required
@require_safe
def results(request, experiment_pk):
    experiment, role = get_experiment_for_user(request.user, experiment_pk)
    return render(request, "monitoring/results_page.html", {
        "results": selectors.experiment_results(experiment, viewer=request.user, role=role)})


@login_required
@require_safe
def dashboard(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    if not is_programme_team(request.user, programme):
        raise Http404
    periods = list(ReportingPeriod.objects.filter(programme=programme).order_by("start"))
    chosen = as_pk(request.GET.get("periode"))
    period = next((item for item in periods if item.pk == chosen), None) or selectors.current_period(periods)
    return render(request, "monitoring/results_dashboard.html", {
        "programme": programme, "periods": periods, "period": period,
        "rollups": selectors.shared_rollups(programme, period=period) if period else [],
        "status": selectors.reporting_status(programme, period=period) if period else None,
    })
