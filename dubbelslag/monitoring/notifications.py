"""The monitoring app's notifications, in-app and by e-mail, written through ``labs.services.notifications.notify``
(the notifications page and its settings live in ``labs``; monitoring may import it):

- ``notify_update_returned``: the reporter of a returned update is told at once, with the reason and a link to the
  update (an effect of ``workflows.UPDATES``' return step, so it is written in the step's transaction and mailed
  once the step is committed);
- ``send_period_reminders``: before a period closes (within ``MONITORING_REMINDER_DAYS`` of its end) or once it has
  ended and is still not locked, each editor of each experiment that has not submitted an update for every one of
  its indicators is reminded, once per person, period and experiment, with the indicators still missing and a link
  to the experiment's results page. ``manage.py send_monitoring_reminders`` runs it (daily, from cron).

A demo programme's people have invented addresses: its notifications are written but never e-mailed.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.services.notifications import notify
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership

from .enums import UpdateStatus
from .models import ReportingPeriod, ResultIndicator, Update

# An update counts as reported once it is with the programme team or approved; a draft or a returned one does not.
REPORTED = {UpdateStatus.SUBMITTED, UpdateStatus.APPROVED}


def _title(indicator: ResultIndicator) -> list[str]:
    return [indicator.title_nl, indicator.title_en]


def notify_update_returned(update: Update, *, by, reason: str) -> None:
    """Tell the update's reporter (who submitted it, else who created it) that it was returned and why. The actor
    returning their own update is not told."""
    reporter = update.submitted_by or update.created_by
    if reporter is None or reporter.pk == getattr(by, "pk", None):
        return
    indicator, period = update.indicator, update.period
    experiment = indicator.experiment
    notify([reporter], event=NotificationEvent.MONITORING_UPDATE_RETURNED, title=indicator.title_nl,
           link=reverse("monitoring:update-detail", args=[update.pk]),
           params={"indicator": _title(indicator), "period": period.label, "experiment": experiment.title,
                   "reason": reason},
           send_email=not indicator.programme.is_demo)


@dataclass(frozen=True)
class Reminder:
    """What one reminder says: an experiment's indicators without a submitted update in a period."""

    period: ReportingPeriod
    experiment: object
    missing: list[ResultIndicator]


def reminders_due(*, today: date | None = None, days: int | None = None, programme=None) -> list[Reminder]:
    """The reminders due ``today``: per period that has started and ends within ``days`` (default
    ``MONITORING_REMINDER_DAYS``) or has ended, and is not locked, per experiment running in that period, the
    experiment's indicators that have no submitted or approved update for it; of every programme, or of
    ``programme``. Three queries, whatever the number of periods, experiments and indicators."""
    today = today or timezone.localdate()
    days = settings.MONITORING_REMINDER_DAYS if days is None else days
    periods = ReportingPeriod.objects.filter(is_locked=False, start__lte=today, end__lte=today + timedelta(days=days))
    if programme is not None:
        periods = periods.filter(programme=programme)
    periods = list(periods.select_related("programme").order_by("programme_id", "start"))
    if not periods:
        return []
    indicators = list(
        ResultIndicator.objects.filter(programme__in={period.programme_id for period in periods},
                                       experiment__isnull=False)
        .select_related("experiment", "goal").order_by("experiment_id", "goal__side", "goal__position", "position",
                                                       "pk"))
    reported = set(Update.objects.filter(period__in=periods, status__in=REPORTED)
                   .values_list("indicator_id", "period_id"))
    by_experiment: dict[int, list[ResultIndicator]] = {}
    for indicator in indicators:
        by_experiment.setdefault(indicator.experiment_id, []).append(indicator)
    due = []
    for period in periods:
        for experiment_indicators in by_experiment.values():
            experiment = experiment_indicators[0].experiment
            if experiment.programme_id != period.programme_id or not _runs_in(experiment, period):
                continue
            missing = [indicator for indicator in experiment_indicators
                       if (indicator.pk, period.pk) not in reported]
            if missing:
                due.append(Reminder(period=period, experiment=experiment, missing=missing))
    return due


def _runs_in(experiment, period: ReportingPeriod) -> bool:
    """Whether the experiment runs during (part of) the period: none is asked to report before it started or
    after it ended."""
    return ((experiment.start_date is None or experiment.start_date <= period.end)
            and (experiment.end_date is None or experiment.end_date >= period.start))


@transaction.atomic
def send_period_reminders(*, today: date | None = None, days: int | None = None, programme=None) -> int:
    """Remind each editor of each experiment of ``reminders_due``, once per person, period and experiment (the
    notification's key; a second run writes and sends nothing). Returns the number of notifications written."""
    today = today or timezone.localdate()
    due = reminders_due(today=today, days=days, programme=programme)
    if not due:
        return 0
    editors: dict[int, list] = {}
    for membership in (Membership.objects.filter(experiment__in={reminder.experiment.pk for reminder in due},
                                                 role=MembershipRole.EDITOR, user__is_active=True)
                       .select_related("user").order_by("user_id")):
        editors.setdefault(membership.experiment_id, []).append(membership.user)
    written = 0
    for reminder in due:
        period, experiment = reminder.period, reminder.experiment
        recipients = editors.get(experiment.pk, [])
        if not recipients:
            continue
        written += len(notify(
            recipients, event=NotificationEvent.MONITORING_PERIOD_CLOSING, title=experiment.title,
            link=reverse("monitoring:results", args=[experiment.pk]),
            key=f"monitoring.period-closing:{period.pk}:{experiment.pk}",
            params={"period": period.label, "end": period.end.isoformat(), "ended": period.end < today,
                    "experiment": experiment.title, "missing": [_title(indicator) for indicator in reminder.missing]},
            send_email=not period.programme.is_demo))
    return written
