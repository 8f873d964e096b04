"""The framework pages: the programme's shared framework, an experiment's framework, one page per indicator and per
goal, and the reporting periods.

A page holds several small forms; each posts to the page itself with a hidden ``action`` naming which. The gate
runs first (a POST is a write: 403 for who may only read), then the named form, then one service; a refusal
re-renders the page with that form bound, its errors next to the fields and in the form's error summary.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from dubbelslag.core.forms import add_service_errors
from dubbelslag.programme.access import get_experiment_for_user

from .. import services
from ..access import (
    get_goal_for_user,
    get_indicator_for_user,
    get_period_for_team,
    get_programme_for_team,
    is_coordinator,
    may_define,
    may_report,
)
from ..forms import (
    BaselineForm,
    CategoryTargetForm,
    ConfirmRemoveForm,
    DisaggregationForm,
    GoalForm,
    IndicatorForm,
    PeriodForm,
    PublicForm,
    TargetForm,
)
from ..models import DisaggregationValue, Goal, ReportingPeriod, ResultIndicator
from ..selectors_framework import experiment_framework, indicator_definition, periods_with_counts, programme_framework

PAGE_METHODS = ["GET", "HEAD", "POST"]


def _write(form, write, *, fields=None) -> bool:
    """Validate ``form`` and call ``write(form)``; False, with the refusal shown on the form, when either fails."""
    if not form.is_valid():
        return False
    try:
        write(form)
    except ValidationError as error:
        add_service_errors(form, error, fields=fields)
        return False
    return True


class PageForms:
    """A page's small forms by action: ``make[action](data=None)`` builds one, ``write[action](form)`` calls its
    service. ``post()`` binds the posted form and writes it; ``context()`` hands every form to the template as
    ``<action>_form``, the posted one bound (showing its refusal) in its place."""

    def __init__(self, request, make: dict, write: dict):
        self.request, self.make, self.write, self.bound = request, make, write, None
        self.action = request.POST.get("action") if request.method == "POST" else None

    def post(self) -> bool:
        """True when the posted form was valid and its service wrote it; a 400 for an action the page lacks."""
        if self.action not in self.make:
            raise BadRequest
        self.bound = self.make[self.action](self.request.POST)
        return _write(self.bound, self.write[self.action])

    def context(self, *, skip=()) -> dict:
        forms = {f"{name}_form": make() for name, make in self.make.items() if name not in skip}
        if self.bound is not None and self.action not in skip:
            forms[f"{self.action}_form"] = self.bound
        return forms


def _goal_form(data=None, goal=None):
    initial = {"side": goal.side, "title_nl": goal.title_nl, "title_en": goal.title_en,
               "version": services.goal_version(goal)} if goal else None
    return GoalForm(data, initial=initial, prefix="goal")


# --- The programme's shared framework --------------------------------------------------------------------------

@login_required
@require_http_methods(PAGE_METHODS)
def programme_framework_page(request, slug):
    programme, role = get_programme_for_team(request.user, slug, write=request.method == "POST")
    goals = Goal.objects.filter(programme=programme, experiment__isnull=True)
    forms = {
        "goal": lambda data=None: _goal_form(data),
        "indicator": lambda data=None: IndicatorForm(data, goals=goals, public=True, prefix="indicator"),
    }
    writes = {
        "goal": lambda form: services.create_goal(programme, by=request.user, **_goal_fields(form)),
        "indicator": lambda form: services.create_indicator(
            form.cleaned_data["goal"], by=request.user, is_public=form.cleaned_data["is_public"],
            **form.definition()),
    }
    page = PageForms(request, forms, writes)
    if request.method == "POST" and page.post():
        messages.success(request, _("The framework has been changed."))
        return redirect("monitoring:programme-framework", slug=programme.slug)
    may_change = is_coordinator(request.user, programme)
    context = {"programme": programme, "sides": programme_framework(programme), "may_change": may_change,
               **(page.context() if may_change else {})}
    return render(request, "monitoring/framework_programme.html", context)


def _goal_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("side", "title_nl", "title_en")}


# --- An experiment's framework ---------------------------------------------------------------------------------

@login_required
@require_http_methods(PAGE_METHODS)
def experiment_framework_page(request, experiment_pk):
    experiment, role = get_experiment_for_user(request.user, experiment_pk, write=request.method == "POST")
    coordinator = is_coordinator(request.user, experiment.programme)
    goals = Goal.objects.filter(experiment=experiment)
    forms = {
        "goal": lambda data=None: _goal_form(data),
        "indicator": lambda data=None: IndicatorForm(data, goals=goals, public=coordinator, shared=False,
                                                     prefix="indicator"),
    }
    writes = {
        "goal": lambda form: services.create_goal(experiment.programme, by=request.user, experiment=experiment,
                                                  **_goal_fields(form)),
        "indicator": lambda form: services.create_indicator(
            form.cleaned_data["goal"], by=request.user, is_public=form.cleaned_data.get("is_public", False),
            **form.definition()),
    }
    if request.method == "POST" and request.POST.get("action") == "adopt":
        return _adopt(request, experiment)
    page = PageForms(request, forms, writes)
    if request.method == "POST" and page.post():
        messages.success(request, _("The framework has been changed."))
        return redirect("monitoring:framework", experiment_pk=experiment.pk)
    may_change = may_report(request.user, experiment)
    context = {"experiment": experiment, "programme": experiment.programme, **experiment_framework(experiment),
               "may_change": may_change, **(page.context() if may_change else {})}
    return render(request, "monitoring/framework_experiment.html", context)


def _adopt(request, experiment):
    raw = request.POST.get("indicator", "")
    shared = (ResultIndicator.objects.shared().filter(programme_id=experiment.programme_id, pk=raw).first()
              if raw.isdigit() else None)
    if shared is None:
        messages.error(request, _("Choose one of the programme's shared indicators."))
    else:
        try:
            services.adopt_indicator(shared, experiment=experiment, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(indicator)s” has been adopted.") % {"indicator": shared.title})
    return redirect(reverse("monitoring:framework", kwargs={"experiment_pk": experiment.pk}) + "#adopt")


# --- One indicator ---------------------------------------------------------------------------------------------

def _indicator_forms(indicator, user, periods, categories) -> dict:
    """The forms of the indicator page, by action, for what ``user`` may change."""
    if not may_define(user, indicator):
        return {}
    forms = {
        "baseline": lambda data=None: BaselineForm(data, indicator=indicator, prefix="baseline",
                                                   initial=_baseline_initial(indicator)),
        "target": lambda data=None: TargetForm(data, indicator=indicator, periods=periods, prefix="target"),
        "remove": lambda data=None: _confirm_form(data),
    }
    if indicator.adopted_from_id is None:
        forms["definition"] = lambda data=None: IndicatorForm(
            data, shared=indicator.is_shared, prefix="definition", initial=IndicatorForm.initial_for(indicator))
        forms["disaggregation"] = lambda data=None: DisaggregationForm(data, prefix="disaggregation")
    forms["category"] = lambda data=None: CategoryTargetForm(data, categories=categories)
    if is_coordinator(user, indicator.programme):
        forms["public"] = lambda data=None: PublicForm(data)
    return forms


def _baseline_initial(indicator):
    baseline = getattr(indicator, "_baseline", None)
    if baseline is None:
        return None
    return {name: getattr(baseline, name) for name in ("value", "numerator", "denominator", "score",
                                                         "measured_on", "source", "note")}


def _confirm_form(data=None):
    return ConfirmRemoveForm(data, prefix="remove")


def _indicator_writes(indicator, user) -> dict:
    return {
        "definition": lambda form: services.change_indicator(
            indicator, by=user, version=form.cleaned_data["version"] or 0, **form.definition()),
        "baseline": lambda form: services.set_baseline(
            indicator, by=user, measured_on=form.cleaned_data["measured_on"], source=form.cleaned_data["source"],
            note=form.cleaned_data["note"], **form.values()),
        "target": lambda form: services.set_target(
            indicator, by=user, period=form.cleaned_data["period"], note=form.cleaned_data["note"],
            **{name: value for name, value in form.values().items() if name in ("value", "score")}),
        "disaggregation": lambda form: services.add_disaggregation(
            indicator, by=user, dimension=form.cleaned_data["dimension"]),
        "category": lambda form: services.set_category_target(
            form.cleaned_data["category"], by=user, target=form.cleaned_data["target"]),
        "public": lambda form: services.set_indicator_public(
            indicator, by=user, is_public=form.cleaned_data["is_public"]),
        "remove": lambda form: services.remove_indicator(indicator, by=user),
    }


def _back_to_framework(indicator) -> str:
    if indicator.is_shared:
        return reverse("monitoring:programme-framework", kwargs={"slug": indicator.programme.slug})
    return reverse("monitoring:framework", kwargs={"experiment_pk": indicator.experiment_id})


@login_required
@require_http_methods(PAGE_METHODS)
def indicator_page(request, pk):
    indicator = get_indicator_for_user(request.user, pk, write=request.method == "POST")
    periods = ReportingPeriod.objects.filter(programme_id=indicator.programme_id)
    categories = DisaggregationValue.objects.filter(disaggregation__indicator=indicator)
    forms = _indicator_forms(indicator, request.user, periods, categories)
    page = PageForms(request, forms, _indicator_writes(indicator, request.user))
    if request.method == "POST" and page.post():
        if page.action == "remove":
            messages.success(request, _("The indicator has been removed."))
            return redirect(_back_to_framework(indicator))
        messages.success(request, _("Your changes have been saved."))
        return redirect(reverse("monitoring:indicator", args=[indicator.pk]) + f"#{page.action}")
    definition = indicator_definition(indicator)
    indicator._baseline = definition["baseline"]
    context = {"indicator": indicator, **definition, "back": _back_to_framework(indicator),
               "may_change": bool(forms), **page.context(skip=("category",))}
    if "category" in forms:
        context["unknown_category_form"] = _category_forms(
            definition["disaggregations"], categories, page.bound if page.action == "category" else None)
    return render(request, "monitoring/framework_indicator.html", context)


def _category_forms(disaggregations, categories, bound):
    """Give each category its target form (``target_form``), the posted one bound; return a bound form whose
    category is not this indicator's, so its error still shows, else None."""
    posted = bound.data.get("category") if bound is not None else None
    for disaggregation in disaggregations:
        for category in disaggregation.values.all():
            prefix_id = f"id_category{category.pk}_%s"
            if posted == str(category.pk):
                bound.auto_id, category.target_form, bound = prefix_id, bound, None
            else:
                category.target_form = CategoryTargetForm(
                    initial={"category": category.pk, "target": category.target}, categories=categories,
                    auto_id=prefix_id)
    return bound


# --- One goal --------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(PAGE_METHODS)
def goal_page(request, pk):
    goal = get_goal_for_user(request.user, pk, write=request.method == "POST")
    forms = {"goal": lambda data=None: _goal_form(data, goal), "remove": _confirm_form} \
        if may_define(request.user, goal) else {}
    writes = {
        "goal": lambda form: services.change_goal(goal, by=request.user, version=form.cleaned_data["version"],
                                                  **_goal_fields(form)),
        "remove": lambda form: services.remove_goal(goal, by=request.user),
    }
    back = (reverse("monitoring:programme-framework", kwargs={"slug": goal.programme.slug}) if goal.experiment_id
            is None else reverse("monitoring:framework", kwargs={"experiment_pk": goal.experiment_id}))
    page = PageForms(request, forms, writes)
    if request.method == "POST" and page.post():
        removed = page.action == "remove"
        messages.success(request, _("The goal has been removed.") if removed else _("Your changes have been saved."))
        return redirect(back if removed else reverse("monitoring:goal", args=[goal.pk]))
    context = {"goal": goal, "back": back, "may_change": bool(forms), **page.context(),
               "indicators": goal.indicators.filter(experiment=goal.experiment).select_related("experiment")}
    return render(request, "monitoring/framework_goal.html", context)


# --- Reporting periods -----------------------------------------------------------------------------------------

@login_required
@require_http_methods(PAGE_METHODS)
def periods_page(request, slug):
    programme, role = get_programme_for_team(request.user, slug, write=request.method == "POST")
    action = request.POST.get("action")
    if request.method == "POST" and action == "quarters":
        created = services.create_quarters(programme, by=request.user)
        done = ngettext("%(count)d quarter has been created.", "%(count)d quarters have been created.",
                        len(created)) % {"count": len(created)}
        messages.success(request, done if created else _("Every quarter of the programme already exists."))
        return redirect("monitoring:periods", slug=programme.slug)
    if request.method == "POST" and action == "public":
        return _set_public(request, programme)
    form = PeriodForm(request.POST if action == "period" else None, programme=programme, prefix="period")
    if request.method == "POST":
        if action != "period":
            raise BadRequest
        if _write(form, lambda form: services.create_period(programme, by=request.user, **_period_fields(form))):
            messages.success(request, _("The period has been added."))
            return redirect("monitoring:periods", slug=programme.slug)
    return render(request, "monitoring/framework_periods.html", {
        "programme": programme, "periods": periods_with_counts(programme), "form": form,
        "may_change": role == "coordinator"})


def _period_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("label", "start", "end", "is_public")}


def _set_public(request, programme):
    period = ReportingPeriod.objects.filter(programme=programme, pk=request.POST.get("period") or 0).first() \
        if str(request.POST.get("period", "")).isdigit() else None
    if period is None:
        messages.error(request, _("Choose one of the programme's periods."))
    else:
        is_public = request.POST.get("is_public") == "1"
        services.set_period_public(period, by=request.user, is_public=is_public)
        messages.success(request, (_("%(period)s is public now.") if is_public else _("%(period)s is private now."))
                         % {"period": period.label})
    return redirect(reverse("monitoring:periods", kwargs={"slug": programme.slug}) + "#periods")


@login_required
@require_http_methods(PAGE_METHODS)
def period_lock_page(request, pk):
    """Ask, then lock or unlock the period (which the form names, so a repeated or stale post does what it said)."""
    period = get_period_for_team(request.user, pk, write=True)
    if request.method == "POST":
        lock = request.POST.get("locked") == "1"
        (services.lock_period if lock else services.unlock_period)(period, by=request.user)
        messages.success(request, (_("%(period)s is locked.") if lock else _("%(period)s is unlocked."))
                         % {"period": period.label})
        return redirect(reverse("monitoring:periods", kwargs={"slug": period.programme.slug}) + "#periods")
    return render(request, "monitoring/framework_period_lock.html", {"period": period, "lock": not period.is_locked,
                                                                      "programme": period.programme})
