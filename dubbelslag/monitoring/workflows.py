"""The monitoring app's workflow, declared once: an update's way from draft to approved (or returned).

draft → submitted → approved; submitted or approved → returned (a reason is required and kept on the update, so
the reporter sees it at once, and is told in-app and by e-mail: ``notifications.notify_update_returned``); returned →
submitted again. The executor (``core.workflow``) takes every step;
``services.py`` names the steps. ``by=None`` is the system (demo data, commands): no rights are asked.
Nothing about an update changes in a locked period, and an approved one not even by returning it.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.workflow import ACTOR, NOW, Transition, Workflow

from .access import may_report_update, may_review_update
from .enums import IndicatorKind, UpdateStatus, Verb
from .models import Update
from .notifications import notify_update_returned

UPDATE_AUDIT_FIELDS = ["status", "value", "numerator", "denominator", "score", "narrative"]

S = UpdateStatus


def check_period_open(update: Update) -> None:
    """Refuse any change to an update of a locked period or of one that has not started."""
    period = update.period
    if period.is_locked:
        if update.status == S.APPROVED:
            raise ValidationError(
                _("This update was approved and the period %(period)s is locked: it cannot change. Ask the "
                  "programme team to unlock the period first.") % {"period": period.label}, code="locked")
        raise ValidationError(_("The period %(period)s is locked: its updates cannot change.")
                              % {"period": period.label}, code="locked")
    if period.start > timezone.localdate():
        raise ValidationError(_("The period %(period)s has not started yet; report on it once it has begun.")
                              % {"period": period.label}, code="future_period")


def _check_open(update, *, by, **data):
    check_period_open(update)


def _check_complete(update, *, by, **data):
    kind = update.indicator.kind
    if kind == IndicatorKind.QUALITATIVE:
        if not update.narrative.strip() and update.score is None:
            raise ValidationError({"narrative": ValidationError(_("Describe the progress before submitting."),
                                                                code="incomplete")})
    elif update.value is None:
        raise ValidationError({"value": ValidationError(_("Give a value before submitting."), code="incomplete")})


def _clear_reason(update, *, by, **data):
    update.return_reason = ""


def _keep_reason(update, *, by, previous, reason, **data):
    """The reason lives on the update too, where the reporter's page shows it, not only in the history."""
    Update.objects.filter(pk=update.pk).update(return_reason=reason)
    update.return_reason = reason


def _notify_reporter(update, *, by, previous, reason, **data):
    """The reporter is told at once, in-app and by e-mail (sent after commit; a failing mail server never undoes
    the return)."""
    notify_update_returned(update, by=by, reason=reason)


UPDATES = Workflow(
    "monitoring.update", model=Update, states=UpdateStatus, audit_fields=UPDATE_AUDIT_FIELDS,
    parent=lambda update: update.indicator,
    refusal_message=gettext_lazy("This update is “%(current)s”; it cannot be %(verb)s."),
    reason_message=gettext_lazy("Say why the update is returned; the reporter sees it at once."),
    transitions=[
        Transition(Verb.SUBMIT, {S.DRAFT, S.RETURNED}, S.SUBMITTED, may=may_report_update,
                   label=gettext_lazy("submitted"), checks=(_check_open, _check_complete), update=_clear_reason,
                   stamps={"submitted_at": NOW, "submitted_by": ACTOR}),
        Transition(Verb.APPROVE, {S.SUBMITTED}, S.APPROVED, may=may_review_update, label=gettext_lazy("approved"),
                   checks=(_check_open,), stamps={"approved_at": NOW, "approved_by": ACTOR}),
        Transition(Verb.RETURN, {S.SUBMITTED, S.APPROVED}, S.RETURNED, may=may_review_update,
                   label=gettext_lazy("returned for revision"), reason=True, checks=(_check_open,),
                   stamps={"returned_at": NOW, "approved_at": None, "approved_by": None},
                   effects=(_keep_reason, _notify_reporter)),
    ],
)
