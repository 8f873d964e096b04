"""Plain factories for the monitoring app: rows straight in the database (bypassing the services)."""

from datetime import date

from dubbelslag.monitoring.enums import IndicatorKind, Side, UpdateStatus
from dubbelslag.monitoring.models import Goal, ReportingPeriod, ResultIndicator, Update


def make_goal(programme, *, experiment=None, side=Side.ENERGY, title_nl="Woningen aardgasvrij", **overrides) -> Goal:
    return Goal.objects.create(programme=programme, experiment=experiment, side=side, title_nl=title_nl, **overrides)


def make_indicator(goal, *, experiment=None, title_nl="Woningen aardgasvrij gemaakt", kind=IndicatorKind.NUMBER,
                   **overrides) -> ResultIndicator:
    """An indicator of ``goal``; of ``experiment`` (default: the goal's) when given, else shared."""
    experiment = experiment if experiment is not None else goal.experiment
    return ResultIndicator.objects.create(programme=goal.programme, experiment=experiment, goal=goal,
                                          title_nl=title_nl, kind=kind, **overrides)


def make_period(programme, *, start=date(2020, 1, 1), end=date(2020, 3, 31), label="2020-K1",
                **overrides) -> ReportingPeriod:
    return ReportingPeriod.objects.create(programme=programme, start=start, end=end, label=label, **overrides)


def make_update(indicator, period, *, status=UpdateStatus.DRAFT, value=10, **overrides) -> Update:
    fields = {"return_reason": "Graag de bron noemen." if status == UpdateStatus.RETURNED else ""}
    if status == UpdateStatus.APPROVED:
        from django.utils import timezone

        fields["approved_at"] = timezone.now()
    fields.update(overrides)
    return Update.objects.create(indicator=indicator, period=period, status=status, value=value, **fields)
