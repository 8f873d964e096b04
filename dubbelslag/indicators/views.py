from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import paginate, parse_int
from dubbelslag.programme.access import is_programme_team
from dubbelslag.programme.selectors import audit_trail

from . import catalogue, imports
from .enums import Domain
from .forms import ImportMappingForm, ImportUploadForm, IndicatorCreateForm, IndicatorForm
from .models import ImportRun, Indicator
from .selectors import INDICATOR_FILTERS, fetch_command
from .services import ImportRefused

IMPORT_RUNS_PER_PAGE = 25


def _require_programme_team(user) -> None:
    if not is_programme_team(user):
        raise PermissionDenied


@require_safe
def indicator_list(request):
    values = INDICATOR_FILTERS.from_page(request.GET)  # the same filters as /api/v1/indicators
    domain, q = values.get("domain", ""), values.get("q", "")
    groups = catalogue.catalogue(domain=domain, q=q)
    return render(request, "indicators/indicator_list.html", {
        "groups": groups, "count": sum(len(group.indicators) for group in groups), "domain": domain, "q": q,
        "domains": Domain.choices, "can_change": is_programme_team(request.user),
    })


@require_safe
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    team = is_programme_team(request.user)
    return render(request, "indicators/indicator_detail.html", {
        "indicator": indicator, "holdings": catalogue.holdings(indicator),
        "import_runs": catalogue.import_runs_for(indicator),
        "fetch_command": fetch_command(indicator) if team else None,
        "source_link": catalogue.source_link(indicator.source_table), "can_change": team, "show_person": team,
        "audit_events": audit_trail(indicator) if team else None,
    })


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_create(request):
    _require_programme_team(request.user)
    form = IndicatorCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = catalogue.create_indicator(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The indicator has been added to the catalogue."))
            return redirect("indicators:indicator-detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_update(request, code):
    indicator = get_object_or_404(Indicator, code=code)
    _require_programme_team(request.user)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_for(indicator))
    if request.method == "POST" and form.is_valid():
        try:
            catalogue.update_indicator(indicator, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("indicators:indicator-detail", code=indicator.code)
    return render(request, "indicators/indicator_form.html", {"form": form, "indicator": indicator})


@login_required
@require_safe
def data_overview(request):
    """The programme team's view of the data: per boundary year and level what is loaded, what is missing and the
    commands that fetch it. Shell commands are shown here only, never on public pages."""
    _require_programme_team(request.user)
    year = parse_int(request.GET.get("jaar", ""), max_digits=4)
    return render(request, "indicators/data_overview.html", {
        "years": catalogue.data_overview(boundary_year=year), "year": year,
    })


@require_safe
def import_run_list(request):
    page = paginate(catalogue.import_runs(), IMPORT_RUNS_PER_PAGE, request.GET.get("page"))
    return render(request, "indicators/import_run_list.html",
                  {"page": page, "show_person": is_programme_team(request.user)})


@require_safe
def import_run_detail(request, pk):
    run = get_object_or_404(ImportRun.objects.select_related("by"), pk=pk)
    touched = catalogue.indicators_of_run(run)
    return render(request, "indicators/import_run_detail.html", {
        "run": run, "touched": touched, "attribution": catalogue.attribution(run, touched),
        "show_person": is_programme_team(request.user),
    })


# The import page: upload → preview → mapping → dry run → confirm (docs/data-sources.md, "Indicatoren → Importeren").


def _staged_for(request, pk):
    _require_programme_team(request.user)
    return imports.get_staged_import_for_user(request.user, pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    _require_programme_team(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            staged = imports.stage_upload(form.cleaned_data["file"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("indicators:import-preview", pk=staged.pk)
    return render(request, "indicators/import_upload.html", {
        "form": form, "limit_mb": imports.max_upload_bytes() // 1_048_576})


@login_required
@require_safe
def import_preview(request, pk):
    staged = _staged_for(request, pk)
    return render(request, "indicators/import_preview.html", {
        "staged": staged, "preview": imports.preview(staged), "step": 2})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_mapping(request, pk):
    staged = _staged_for(request, pk)
    preview = imports.preview(staged)
    form = ImportMappingForm(request.POST or None, preview=preview, years=imports.boundary_year_choices(),
                             indicators=Indicator.objects.order_by("code"),
                             initial=ImportMappingForm.initial_for(staged.choices, preview))
    if request.method == "POST" and form.is_valid():
        imports.save_choices(staged, form.choices(), by=request.user)
        return redirect("indicators:import-dry-run", pk=staged.pk)
    return render(request, "indicators/import_mapping.html", {
        "staged": staged, "preview": preview, "form": form, "step": 3})


@login_required
@require_safe
def import_dry_run(request, pk):
    staged = _staged_for(request, pk)
    if not staged.choices:
        return redirect("indicators:import-mapping", pk=staged.pk)
    run, refused = None, []
    try:
        run = imports.run_staged_import(staged, by=request.user, dry_run=True)
    except ImportRefused as error:
        refused = error.report
    except ValidationError as error:
        refused = error.messages
    return render(request, "indicators/import_dry_run.html", {
        "staged": staged, "run": run, "refused": refused, "step": 4,
        "arguments": None if staged.is_long_format else imports.import_arguments(staged.choices)})


@login_required
@require_POST
def import_confirm(request, pk):
    _require_programme_team(request.user)
    try:
        run = imports.confirm_staged_import(pk, by=request.user)
    except imports.AlreadyImported:
        messages.info(request, _("This file has already been imported (or its upload has expired): see the list of "
                                 "imports."))
        return redirect("indicators:import-run-list")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages[:5]))
        return redirect("indicators:import-dry-run", pk=pk)
    messages.success(request, _("The file has been imported."))
    return redirect("indicators:import-run-detail", pk=run.pk)


@login_required
@require_safe
def import_progress(request, pk):
    staged = _staged_for(request, pk)
    return JsonResponse(imports.import_progress(staged.pk))
