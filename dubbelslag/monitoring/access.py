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

from .models import Goal, ReportingPeriod, ResultIndicator, Update, UpdateAttachment


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


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> UpdateAttachment:
    """An update's attachment behind its update's gate: 404 unless ``user`` may read the update, 403 on a write
    by someone who may not report on it."""
    attachment = get_object_or_404(UpdateAttachment.objects.select_related(
        "update__indicator__programme", "update__indicator__experiment", "update__period"), pk=pk)
    if not may_read_experiment(user, attachment.update.indicator.experiment):
        raise Http404
    if write and not may_report_update(user, attachment.update):
        raise PermissionDenied
    return attachment

# --- The framework pages ---------------------------------------------------------------------------------------

def get_goal_for_user(user, pk: int, *, write: bool = False) -> Goal:
    """404 when ``user`` may not see the goal, 403 when they may see but not change it (as for indicators)."""
    goal = get_object_or_404(Goal.objects.select_related("programme", "experiment"), pk=pk)
    if goal.experiment_id is None:
        visible = _takes_part(user, goal.programme)
    else:
        visible = may_read_experiment(user, goal.experiment)
    if not visible:
        raise Http404
    if write and not may_define(user, goal):
        raise PermissionDenied
    return goal


def get_programme_for_team(user, slug: str, *, write: bool = False) -> tuple[Programme, str]:
    """The programme's private monitoring pages are the programme team's (coordinators change, researchers read):
    404 for everyone else, 403 on a researcher's write."""
    programme = get_object_or_404(Programme, slug=slug)
    role = programme_role(user, programme)
    if role not in {MembershipRole.COORDINATOR, MembershipRole.RESEARCHER}:
        raise Http404
    if write and role != MembershipRole.COORDINATOR:
        raise PermissionDenied
    return programme, role


def get_period_for_team(user, pk: int, *, write: bool = False) -> ReportingPeriod:
    period = get_object_or_404(ReportingPeriod.objects.select_related("programme"), pk=pk)
    get_programme_for_team(user, period.programme.slug, write=write)
    return period
