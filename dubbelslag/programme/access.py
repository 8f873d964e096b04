"""Access gates. Every view that shows or changes a programme's private data fetches it through one of these.

Rules: the programme team (coordinators, researchers) reads everything in its programme and coordinators change it;
an experiment's editors change it and its readers read it; everyone else gets 404 for private pages, as if the
experiment did not exist. A reader who may see but not change gets 403 on a write.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .enums import EXPERIMENT_ROLES, MembershipRole
from .models import Experiment, Membership, Programme


def programme_role(user, programme: Programme) -> str | None:
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return MembershipRole.COORDINATOR
    return (
        Membership.objects.filter(user=user, programme=programme, experiment__isnull=True)
        .values_list("role", flat=True)
        .first()
    )


def experiment_role(user, experiment: Experiment) -> str | None:
    """The strongest role `user` holds for `experiment`, programme roles included; None for outsiders."""
    role = programme_role(user, experiment.programme)
    if role:
        return role
    return (
        Membership.objects.filter(user=user, experiment=experiment, role__in=EXPERIMENT_ROLES)
        .values_list("role", flat=True)
        .first()
    )


def is_programme_team(user, programme: Programme | None = None) -> bool:
    """Coordinators and researchers; of one programme, or of any when `programme` is None."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    memberships = Membership.objects.filter(user=user, experiment__isnull=True)
    if programme is not None:
        memberships = memberships.filter(programme=programme)
    return memberships.exists()


def can_change_experiment(role: str | None) -> bool:
    return role in {MembershipRole.COORDINATOR, MembershipRole.EDITOR}


def get_experiment_for_user(user, pk: int, *, write: bool = False) -> tuple[Experiment, str]:
    """The experiment and the user's role in it; 404 when they may not see it, 403 when they may not change it."""
    experiment = get_object_or_404(Experiment.objects.select_related("programme", "gemeente"), pk=pk)
    role = experiment_role(user, experiment)
    if role is None:
        raise Http404
    if write and not can_change_experiment(role):
        raise PermissionDenied
    return experiment, role


def get_programme_for_user(user, slug: str, *, write: bool = False) -> tuple[Programme, str | None]:
    """Programme overviews are public; changing a programme (adding experiments) is for its coordinators."""
    programme = get_object_or_404(Programme, slug=slug)
    role = programme_role(user, programme)
    if write and role != MembershipRole.COORDINATOR:
        # The programme itself is public, so an outsider sees it too: a refused write is a 403 for everyone.
        raise PermissionDenied
    return programme, role
