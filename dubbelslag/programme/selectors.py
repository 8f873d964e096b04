"""Reads that span models or build page data."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from dubbelslag.accounts.models import Organisation
from dubbelslag.core.attention import attention_for
from dubbelslag.core.models import AuditEvent

from .enums import PROGRAMME_ROLES
from .models import Experiment, Membership, Participation, Programme, Theme


@dataclass(frozen=True)
class ExperimentFilters:
    q: str = ""
    programme: str = ""
    gemeente: str = ""
    phase: str = ""
    theme: str = ""
    organisation: str = ""


def experiments_for_list(user, filters: ExperimentFilters) -> QuerySet[Experiment]:
    """The experiments `user` may see, filtered, with what the list shows loaded in a fixed number of queries."""
    experiments = Experiment.objects.visible_to(user)
    if filters.q:
        experiments = experiments.filter(
            Q(title__icontains=filters.q) | Q(summary__icontains=filters.q) | Q(gemeente__name__icontains=filters.q)
            | Q(focus_areas__name__icontains=filters.q)
        )
    if filters.programme:
        experiments = experiments.filter(programme__slug=filters.programme)
    if filters.gemeente:
        experiments = experiments.filter(gemeente__code=filters.gemeente)
    if filters.phase:
        experiments = experiments.filter(phase=filters.phase)
    if filters.theme:
        experiments = experiments.filter(Q(themes__slug=filters.theme) | Q(themes__parent__slug=filters.theme))
    if filters.organisation:
        experiments = experiments.filter(participations__organisation__slug=filters.organisation)
    return (
        Experiment.objects.filter(pk__in=experiments.values("pk"))
        .select_related("programme", "gemeente")
        .prefetch_related("focus_areas", "themes")
        .order_by("gemeente__name", "title")
    )


def filter_choices(user) -> dict:
    """The options offered in the experiment list's filters: only values that occur in what the user may see."""
    visible = Experiment.objects.visible_to(user).values("pk")
    return {
        "programmes": Programme.objects.filter(experiments__in=visible).distinct(),
        "gemeenten": (Experiment.objects.filter(pk__in=visible).values_list("gemeente__code", "gemeente__name")
                      .distinct().order_by("gemeente__name")),
        "themes": Theme.objects.filter(parent__isnull=False).select_related("parent"),
        "organisations": Organisation.objects.filter(participations__experiment__in=visible).distinct(),
    }


def experiment_detail(experiment: Experiment) -> dict:
    return {
        "participations": experiment.participations.select_related("organisation"),
        "focus_areas": experiment.focus_areas.select_related("parent"),
        "themes": experiment.themes.select_related("parent"),
        "members": experiment.memberships.select_related("user", "user__organisation"),
    }


def audit_trail(obj, *, limit: int = 50) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.for_object(obj)[:limit]


def programme_overview(programme: Programme, user) -> dict:
    visible = Experiment.objects.visible_to(user).filter(programme=programme)
    listed = (Experiment.objects.filter(programme=programme)
              .filter(Q(is_public=True) | Q(pk__in=visible.values("pk")))
              .select_related("gemeente").prefetch_related("focus_areas"))
    return {
        "experiments": listed,
        "visible_ids": set(visible.values_list("pk", flat=True)),
        "experiment_count": programme.experiments.count(),
        "gemeente_count": programme.experiments.values("gemeente").distinct().count(),
        "organisers": programme.organisers.all(),
        "themes": Theme.objects.filter(parent__isnull=True).prefetch_related("children"),
    }


def team_programmes(user) -> QuerySet[Programme]:
    """The programmes whose team (coordinators, researchers) ``user`` is in, at programme level: they validate its
    harvest records and write its knowledge products."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user, memberships__role__in=PROGRAMME_ROLES,
                                    memberships__experiment__isnull=True).distinct()


def public_programmes() -> QuerySet[Programme]:
    return Programme.objects.annotate(experiment_count=Count("experiments")).prefetch_related("organisers")


def dashboard(user) -> dict:
    """What a signed-in person sees first: what needs their attention (``core.attention``: gathered from the apps
    that know), their roles and their experiments."""
    memberships = (Membership.objects.filter(user=user)
                   .select_related("programme", "experiment", "experiment__gemeente"))
    experiments = list(
        Experiment.objects.visible_to(user).select_related("programme", "gemeente")
        .prefetch_related(Prefetch("participations", queryset=Participation.objects.select_related("organisation")))
        .order_by("gemeente__name", "title")
    )
    return {
        "memberships": memberships,
        "experiments": experiments,
        "is_programme_team": any(m.role in PROGRAMME_ROLES for m in memberships) or user.is_superuser,
        "attention": attention_for(user),
    }


def organisation_detail(organisation: Organisation, user) -> dict:
    visible = Experiment.objects.visible_to(user).values("pk")
    return {
        "participations": (organisation.participations.filter(experiment__in=visible)
                           .select_related("experiment", "experiment__gemeente")),
        "hidden_count": organisation.participations.exclude(experiment__in=visible).count(),
        "organised": organisation.organised_programmes.all(),
        "people_count": organisation.people.count(),
    }


def organisations_for_list(*, type: str = "", q: str = "") -> QuerySet[Organisation]:
    organisations = Organisation.objects.annotate(experiment_count=Count("participations"))
    if type:
        organisations = organisations.filter(type=type)
    if q:
        organisations = organisations.filter(name__icontains=q)
    return organisations.order_by("name")
