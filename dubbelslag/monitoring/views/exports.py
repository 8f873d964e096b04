"""Exports and reports of the monitoring: a framework as XLSX or CSV (an experiment's, for those who may read it;
the programme's, for the programme team) and the PDF progress report of one experiment and period."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export, xlsx_response
from dubbelslag.programme.access import get_experiment_for_user

from .. import exports, report
from ..access import get_programme_for_team
from ..models import ReportingPeriod

FORMATS = ("xlsx", "csv")


def _file(data, *, stem: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    name = exports.filename(stem, fmt)
    if fmt == "csv":
        response = csv_response(exports.csv_rows(data), filename=name)
    else:
        response = xlsx_response(filename=name, sheets=[(_("framework"), exports.update_rows(data)),
                                                        (_("indicators"), exports.indicator_rows(data)),
                                                        (_("category targets"), exports.category_target_rows(data))])
    response["Cache-Control"] = "private, no-store"
    return response


@spreadsheet_export
@login_required
@require_safe
def experiment_export(request, experiment_pk, fmt):
    experiment, _role = get_experiment_for_user(request.user, experiment_pk)
    data = exports.framework_export(experiment.programme, experiment=experiment)
    return _file(data, stem=f"{experiment.pk}-{slugify(experiment.title)[:50]}", fmt=fmt)


@spreadsheet_export
@login_required
@require_safe
def programme_export(request, slug, fmt):
    programme, _role = get_programme_for_team(request.user, slug)
    return _file(exports.framework_export(programme), stem=programme.slug, fmt=fmt)


@login_required
@require_safe
def report_pdf(request, experiment_pk, period_pk):
    experiment, _role = get_experiment_for_user(request.user, experiment_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk, programme=experiment.programme_id)
    response = HttpResponse(report.report_pdf(experiment, period), content_type="application/pdf")
    stem = f"voortgang-{experiment.pk}-{slugify(experiment.title)[:50]}-{slugify(period.label)}"
    response["Content-Disposition"] = f'inline; filename="{stem}-{timezone.localdate():%Y%m%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
