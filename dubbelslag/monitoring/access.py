"""Access gates of the monitoring app.

An experiment's editors (and the coordinators) report on its indicators; the programme's coordinators define the
shared framework, approve and return updates, and lock periods; researchers read every experiment's figures;
readers read their own experiment's. The public sees only what ``selectors.public_updates`` lets through.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import can_change_experiment, experiment_role, programme_role
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Membership, Programme

from .models import ResultIndicator, Update


def is_coordinator(user, programme: Programme) -> bool:
    return programme_role(user, programme) == MembershipRole.COORDINATOR


def may_read_experiment(user, experiment: Experiment) -> bool:
    return experiment_role(user, experiment) is not None


def may_report(user, experiment: Experiment) -> bool:
    """Editors of the experiment and the programme's coordinators."""
    return can_change_experiment(experiment_role(user, experiment))


def may_define(user, indicator_or_goal) -> bool:
    """A shared goal or indicator is the coordinators'; an experiment's own also its editors'."""
    if indicator_or_goal.experiment_id is None:
        return is_coordinator(user, indicator_or_goal.programme)
    return may_report(user, indicator_or_goal.experiment)


def may_report_update(user, update: Update) -> bool:
    return may_report(user, update.indicator.experiment)


def may_review_update(user, update: Update) -> bool:
    """Approving and returning is for the programme team's coordinators."""
    return is_coordinator(user, update.indicator.programme)


def may_comment(user, update: Update) -> bool:
    """Those who report on the experiment and the whole programme team; readers read."""
    role = experiment_role(user, update.indicator.experiment)
    return role in {MembershipRole.COORDINATOR, MembershipRole.RESEARCHER, MembershipRole.EDITOR}


def _takes_part(user, programme: Programme) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or Membership.objects.filter(user=user, programme=programme).exists()


def get_indicator_for_user(user, pk: int, *, write: bool = False) -> ResultIndicator:
    """404 when ``user`` may not see the indicator, 403 when they may see but not change it."""
    indicator = get_object_or_404(ResultIndicator.objects.select_related("programme", "experiment", "goal"), pk=pk)
    if indicator.experiment_id is None:
        visible = _takes_part(user, indicator.programme)
    else:
        visible = may_read_experiment(user, indicator.experiment)
    if not visible:
        raise Http404
    if write and not may_define(user, indicator):
        raise PermissionDenied
    return indicator


def get_update_for_user(user, pk: int, *, write: bool = False) -> Update:
    """404 when ``user`` may not read the update's experiment, 403 on a write by someone who may not report."""
    update = get_object_or_404(
        Update.objects.select_related("indicator__programme", "indicator__experiment", "period"), pk=pk)
    if not may_read_experiment(user, update.indicator.experiment):
        raise Http404
    if write and not may_report_update(user, update):
        raise PermissionDenied
    return update


# --- Exports and reports (part E) -------------------------------------------------------------------------------

def get_experiment_figures_for_user(user, pk: int) -> Experiment:
    """An experiment whose monitoring figures ``user`` may read (its readers and the programme team); 404 else."""
    experiment = get_object_or_404(Experiment.objects.select_related("programme", "gemeente"), pk=pk)
    if not may_read_experiment(user, experiment):
        raise Http404
    return experiment


def get_programme_figures_for_user(user, slug: str) -> Programme:
    """A programme whose monitoring figures across experiments ``user`` may read: its coordinators and researchers
    (a programme role), 404 for everyone else."""
    programme = get_object_or_404(Programme, slug=slug)
    if programme_role(user, programme) is None:
        raise Http404
    return programme
