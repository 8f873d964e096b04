from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.accounts.enums import OrganisationType
from dubbelslag.accounts.models import Organisation
from dubbelslag.areas.models import Area
from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import paginate

from . import selectors, services
from .access import can_change_experiment, get_experiment_for_user, get_programme_for_user, is_programme_team
from .enums import PROGRAMME_ROLES, MembershipRole, Phase
from .forms import ExperimentForm, ParticipationForm
from .models import Participation


@require_safe
def home(request):
    return render(request, "programme/home.html", {"programmes": selectors.public_programmes()})


@require_safe
def programme_detail(request, slug):
    programme, role = get_programme_for_user(request.user, slug)
    context = selectors.programme_overview(programme, request.user)
    audit_events = selectors.audit_trail(programme) if role else None
    return render(request, "programme/programme_detail.html",
                  {"programme": programme, "role": role, "audit_events": audit_events, **context})


@login_required
@require_safe
def dashboard(request):
    return render(request, "programme/dashboard.html", selectors.dashboard(request.user))


@login_required
@require_safe
def experiment_list(request):
    filters = selectors.ExperimentFilters(**{key: request.GET.get(key, "").strip()
                                             for key in selectors.ExperimentFilters.__dataclass_fields__})
    page = paginate(selectors.experiments_for_list(request.user, filters), 25, request.GET.get("page"))
    return render(request, "programme/experiment_list.html", {
        "page": page, "filters": filters, "phases": Phase.choices, **selectors.filter_choices(request.user),
    })


@login_required
@require_safe
def experiment_detail(request, pk):
    experiment, role = get_experiment_for_user(request.user, pk)
    return render(request, "programme/experiment_detail.html", {
        "experiment": experiment, "role": role, "role_label": MembershipRole(role).label,
        "can_change": can_change_experiment(role),
        "audit_events": selectors.audit_trail(experiment) if role in PROGRAMME_ROLES else None,
        "participation_form": ParticipationForm(), **selectors.experiment_detail(experiment),
    })


def _experiment_form_context(form):
    return {"form": form, "gemeenten": Area.objects.in_year().gemeenten().only("code", "name")}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def experiment_create(request, slug):
    programme, _role = get_programme_for_user(request.user, slug, write=True)
    form = ExperimentForm(request.POST or None, initial={"start_date": programme.start_date})
    if request.method == "POST" and form.is_valid():
        try:
            experiment = services.create_experiment(programme=programme, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields=ExperimentForm.MODEL_FIELDS)
        else:
            messages.success(request, _("The experiment has been created."))
            return redirect(experiment)
    return render(request, "programme/experiment_form.html",
                  {"programme": programme, **_experiment_form_context(form)})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def experiment_update(request, pk):
    experiment, _role = get_experiment_for_user(request.user, pk, write=True)
    form = ExperimentForm(request.POST or None, initial=ExperimentForm.initial_for(experiment))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_experiment(experiment, by=request.user, version=form.cleaned_data["version"] or 0,
                                       **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error, fields=ExperimentForm.MODEL_FIELDS)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(experiment)
    return render(request, "programme/experiment_form.html", {
        "experiment": experiment, "programme": experiment.programme, **_experiment_form_context(form),
    })


@login_required
@require_POST
def participation_create(request, pk):
    experiment, _role = get_experiment_for_user(request.user, pk, write=True)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        try:
            services.add_participation(experiment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(organisation)s has been added.") % {
                "organisation": form.cleaned_data["organisation"]})
    else:
        messages.error(request, _("Choose an organisation and a role."))
    return redirect(experiment.get_absolute_url() + "#participants")


@login_required
@require_POST
def participation_delete(request, pk, participation_pk):
    experiment, _role = get_experiment_for_user(request.user, pk, write=True)
    participation = get_object_or_404(Participation, pk=participation_pk, experiment=experiment)
    services.remove_participation(participation, by=request.user)
    messages.success(request, _("%(organisation)s has been removed.") % {"organisation": participation.organisation})
    return redirect(experiment.get_absolute_url() + "#participants")


@login_required
@require_safe
def organisation_list(request):
    type_, q = request.GET.get("type", ""), request.GET.get("q", "").strip()
    page = paginate(selectors.organisations_for_list(type=type_, q=q), 50, request.GET.get("page"))
    return render(request, "programme/organisation_list.html",
                  {"page": page, "types": OrganisationType.choices, "type": type_, "q": q})


@login_required
@require_safe
def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(request, "programme/organisation_detail.html", {
        "organisation": organisation, **selectors.organisation_detail(organisation, request.user),
        "audit_events": selectors.audit_trail(organisation) if is_programme_team(request.user) else None,
    })
