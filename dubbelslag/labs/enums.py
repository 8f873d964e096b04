from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationEvent(models.TextChoices):
    """What happened to something a person follows or reports on. Each is also e-mailed, unless the person switched
    e-mail off. The knowledge-question events point at their question; the monitoring events (written by the
    ``monitoring`` app, which may import labs) carry a stored link and the strings their sentence needs."""

    QUESTION_ASSIGNED = "question_assigned", _("question assigned")
    QUESTION_ANSWERED = "question_answered", _("question answered")
    MONITORING_UPDATE_RETURNED = "monitoring_update_returned", _("monitoring update returned")
    MONITORING_PERIOD_CLOSING = "monitoring_period_closing", _("reporting period closing")


class QuestionStatus(models.TextChoices):
    RAISED = "raised", _("raised")
    TRIAGED = "triaged", _("triaged")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    MERGED = "merged", _("merged into another question")


class Verb:
    """The steps of a knowledge question as the audit trail's note names them; the timeline turns these into words.
    The lifecycle itself is declared once, in ``labs.workflows.QUESTIONS``."""

    RAISE = "raise"
    EDIT = "edit"
    TRIAGE = "triage"
    MERGE = "merge"
    ABSORB = "absorb"  # on the question another one was merged into
    ASSIGN = "assign"
    REASSIGN = "reassign"
    UNASSIGN = "unassign"  # taken off the agenda (or out of the group or deep dive), back to triaged
    START = "start"
    ANSWER = "answer"
    CLOSE = "close"
    REOPEN = "reopen"


OPEN_STATUSES = {QuestionStatus.RAISED, QuestionStatus.TRIAGED, QuestionStatus.ASSIGNED, QuestionStatus.IN_PROGRESS}


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
