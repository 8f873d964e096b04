from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.programme.access import get_experiment_for_user, is_programme_team

from . import selectors, services
from .access import check_catalogue_write, get_koppelkans_for_user
from .enums import Orientation
from .forms import AdoptionForm, KoppelkansForm, RuleForm, RuleFormSet
from .models import Adoption, Koppelkans


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return default


@require_safe
def koppelkans_list(request):
    filters = selectors.CatalogueFilters.from_query(request.GET)
    return render(request, "koppelkansen/koppelkans_list.html", {
        "koppelkansen": selectors.koppelkansen_for_list(request.user, filters), "filters": filters,
        "orientations": Orientation.choices, "themes": selectors.catalogue_themes(),
        "can_create": is_programme_team(request.user),
    })


@require_safe
def koppelkans_detail(request, code):
    koppelkans = get_koppelkans_for_user(request.user, code)
    team = is_programme_team(request.user)
    return render(request, "koppelkansen/koppelkans_detail.html", {
        "koppelkans": koppelkans, "can_change": team,
        "audit_events": selectors.audit_trail(koppelkans) if team else None,
        **selectors.koppelkans_detail(koppelkans, request.user),
    })


def _save_koppelkans(request, form, rules, koppelkans: Koppelkans | None):
    """Validate the entry and its rules together; save through the service. The saved koppelkans, or None."""
    if not (form.is_valid() and rules.is_valid()):
        return None
    kwargs = {**form.service_kwargs(), "rules": rules.specs()}
    try:
        if koppelkans is None:
            return services.create_koppelkans(by=request.user, **kwargs)
        return services.update_koppelkans(koppelkans, by=request.user, **kwargs)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def koppelkans_create(request):
    check_catalogue_write(request.user)
    form = KoppelkansForm(request.POST or None)
    rules = RuleFormSet(request.POST or None, prefix="rules")
    koppelkans = _save_koppelkans(request, form, rules, None) if request.method == "POST" else None
    if koppelkans:
        messages.success(request, _("The koppelkans has been added to the catalogue."))
        return redirect(koppelkans)
    return render(request, "koppelkansen/koppelkans_form.html", {"form": form, "rules": rules})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def koppelkans_update(request, code):
    koppelkans = get_koppelkans_for_user(request.user, code, write=True)
    form = KoppelkansForm(request.POST or None, instance=koppelkans)
    initial = [RuleForm.initial_for(rule) for rule in koppelkans.rules.order_by("pk")]
    rules = RuleFormSet(request.POST or None, prefix="rules", initial=initial)
    if request.method == "POST" and _save_koppelkans(request, form, rules, koppelkans):
        messages.success(request, _("Your changes have been saved."))
        return redirect(koppelkans)
    return render(request, "koppelkansen/koppelkans_form.html",
                  {"form": form, "rules": rules, "koppelkans": koppelkans})


@login_required
@require_POST
def adoption_create(request, code):
    koppelkans = get_koppelkans_for_user(request.user, code)
    form = AdoptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of your experiments."))
        return redirect(koppelkans.get_absolute_url() + "#adoptions")
    experiment, _role = get_experiment_for_user(request.user, form.cleaned_data["experiment"], write=True)
    try:
        services.adopt_koppelkans(experiment, koppelkans, by=request.user, note=form.cleaned_data["note"])
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(experiment)s” has adopted this koppelkans.") % {"experiment": experiment})
    return redirect(koppelkans.get_absolute_url() + "#adoptions")


@login_required
@require_POST
def adoption_delete(request, pk):
    adoption = get_object_or_404(Adoption.objects.select_related("koppelkans"), pk=pk)
    experiment, _role = get_experiment_for_user(request.user, adoption.experiment_id, write=True)
    services.drop_adoption(adoption, by=request.user)
    messages.success(request, _("The adoption by “%(experiment)s” has been removed.") % {"experiment": experiment})
    return redirect(_safe_next(request, adoption.koppelkans.get_absolute_url() + "#adoptions"))

