"""Pages of the harvest register: the list with filters and exports, a record with its evidence trail, creating and
editing, the status steps and the intervisie of a challenge.

Reading goes through ``HarvestRecord.objects.visible_to`` (anonymous visitors read published public records only);
a record the user may not read is a 404, a step they may not take a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import as_pk, paginate
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export, xlsx_response
from dubbelslag.core.workflow_views import take_step
from dubbelslag.programme.models import Membership, Programme
from dubbelslag.programme.selectors import audit_trail

from .. import exports, selectors
from ..access import get_record_for_user, may_edit_record, may_validate_record
from ..enums import RecordKind
from ..forms.records import ProgrammeChoiceForm, ReasonForm, RecordForm
from ..models import HarvestRecord
from ..services import harvest as services
from ..workflows import RECORDS, Verb

PAGE_SIZE = 25
# Query parameters that pre-fill the links of a new record, e.g. "add a solution to this challenge".
PREFILL = {"experiment": "experiments", "responds_to": "responds_to", "draws_on": "draws_on",
           "entry": "evidence_entries", "excerpt": "evidence_excerpts", "question": "knowledge_questions"}


def _programmes_taking_part(user):
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(pk__in=Membership.objects.filter(user=user).values("programme"))


def _creatable_programmes(user) -> list[Programme]:
    if not user.is_authenticated:
        return []
    return [programme for programme in _programmes_taking_part(user) if services.may_create_record(user, programme)]


def _shows_memos(user) -> bool:
    """Memos are internal notes: for people who take part, never for the public."""
    return user.is_authenticated and _programmes_taking_part(user).exists()


@require_safe
def record_list(request):
    filters = selectors.RecordFilters.from_query(request.GET)
    page = paginate(selectors.records_for(request.user, filters), PAGE_SIZE, request.GET.get("page"))
    return render(request, "research/record_list.html", {
        "page": page, "filters": filters, "may_create": bool(_creatable_programmes(request.user)),
        "query": request.GET.urlencode(), **selectors.record_filter_choices(request.user),
    })


def _detail_context(request, record: HarvestRecord) -> dict:
    user = request.user
    is_team = may_validate_record(user, record)
    return {
        "record": record,
        "trail": selectors.evidence_trail(record, user),
        "may_edit": may_edit_record(user, record),
        "may_add": record.programme in _creatable_programmes(user),
        "verbs": services.available_verbs(user, record),
        "unpublish_form": ReasonForm(auto_id="unpublish_%s"),
        "return_form": ReasonForm(auto_id="return_%s"),
        "audit_events": audit_trail(record, limit=200) if is_team else None,
        "shows_memos": _shows_memos(user),
        **selectors.record_links(record, user),
    }


@require_safe
def record_detail(request, pk):
    record = get_record_for_user(request.user, pk)
    return render(request, "research/record_detail.html", _detail_context(request, record))


def _prefill(params) -> dict:
    initial = {}
    if params.get("kind") in RecordKind.values:
        initial["kind"] = params["kind"]
    for param, name in PREFILL.items():
        values = [pk for pk in map(as_pk, params.getlist(param)) if pk is not None]
        if values:
            initial[name] = values
    return initial


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_create(request):
    if not _programmes_taking_part(request.user).exists():
        raise Http404
    programmes = _creatable_programmes(request.user)
    if not programmes:
        raise PermissionDenied
    slug = request.POST.get("programme") or request.GET.get("programme", "")
    programme = next((p for p in programmes if p.slug == slug), programmes[0] if len(programmes) == 1 else None)
    if programme is None:
        choices = Programme.objects.filter(pk__in=[p.pk for p in programmes])
        carried = [(key, value) for key, values in request.GET.lists() if key != "programme" for value in values]
        return render(request, "research/record_programme.html", {"form": ProgrammeChoiceForm(programmes=choices),
                                                                  "carried": carried})
    form = RecordForm(request.POST or None, programme=programme, user=request.user, initial=_prefill(request.GET))
    if request.method == "POST" and form.is_valid():
        try:
            record = services.create_record(programme=programme, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The record has been saved as a draft."))
            return redirect(record)
    return render(request, "research/record_form.html", {"form": form, "programme": programme})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def record_update(request, pk):
    record = get_record_for_user(request.user, pk)
    if not may_edit_record(request.user, record):
        raise PermissionDenied
    form = RecordForm(request.POST or None, programme=record.programme, user=request.user, record=record,
                      initial=RecordForm.initial_for(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_record(record, by=request.user, version=form.cleaned_data["version"] or 0,
                                   **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(record)
    return render(request, "research/record_form.html", {"form": form, "programme": record.programme,
                                                         "record": record})


SUCCESS_MESSAGES = {
    Verb.VALIDATE: lambda: _("The record has been validated."),
    Verb.PUBLISH: lambda: _("The record has been published: everyone can read it now."),
    Verb.UNPUBLISH: lambda: _("The record has been taken off the public site; it is validated again."),
    Verb.RETURN: lambda: _("The record has been returned to draft."),
}


def _step(request, pk: int, verb: str):
    """Gate (404 unless readable, 403 without the right) → the step → back to the record with a message; a refusal
    (wrong status, no evidence, not public, no reason) is shown as the declaration words it."""
    record = get_record_for_user(request.user, pk)
    return take_step(request, RECORDS, record, verb, success=SUCCESS_MESSAGES[verb](), done=record,
                     data={"reason": request.POST.get("reason", "")[:400]})


def _step_view(verb: str):
    @login_required
    @require_POST
    def view(request, pk):
        return _step(request, pk, verb)

    view.__name__ = view.__qualname__ = f"record_{verb}"
    return view


@require_safe
def record_intervisie(request, pk):
    record = get_record_for_user(request.user, pk)
    if record.kind != RecordKind.CHALLENGE:
        raise Http404
    return render(request, "research/record_intervisie.html", {
        "record": record, "intervisie": selectors.intervisie(record, request.user)})


def _export_rows(request) -> list[list]:
    filters = selectors.RecordFilters.from_query(request.GET)
    return exports.rows(selectors.records_for(request.user, filters))


def _export_name(extension: str) -> str:
    return f"oogst-{timezone.localdate():%Y-%m-%d}.{extension}"


@spreadsheet_export
@require_safe
def record_export_csv(request):
    return csv_response(_export_rows(request), filename=_export_name("csv"))


@spreadsheet_export
@require_safe
def record_export_xlsx(request):
    return xlsx_response(_export_rows(request), filename=_export_name("xlsx"), title=_("Harvest records"))


urlpatterns = [
    path("oogst/", record_list, name="record-list"),
    path("oogst/nieuw/", record_create, name="record-create"),
    path("oogst/export.csv", record_export_csv, name="record-export-csv"),
    path("oogst/export.xlsx", record_export_xlsx, name="record-export-xlsx"),
    path("oogst/<int:pk>/", record_detail, name="record-detail"),
    path("oogst/<int:pk>/bewerken/", record_update, name="record-update"),
    path("oogst/<int:pk>/intervisie/", record_intervisie, name="record-intervisie"),
    path("oogst/<int:pk>/valideren/", _step_view(Verb.VALIDATE), name="record-validate"),
    path("oogst/<int:pk>/publiceren/", _step_view(Verb.PUBLISH), name="record-publish"),
    path("oogst/<int:pk>/depubliceren/", _step_view(Verb.UNPUBLISH), name="record-unpublish"),
    path("oogst/<int:pk>/terug-naar-concept/", _step_view(Verb.RETURN), name="record-return"),
]
