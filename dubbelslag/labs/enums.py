from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    RAISED = "raised", _("raised")
    TRIAGED = "triaged", _("triaged")
    ASSIGNED = "assigned", _("assigned")
    IN_PROGRESS = "in_progress", _("in progress")
    ANSWERED = "answered", _("answered")
    CLOSED = "closed", _("closed")
    MERGED = "merged", _("merged into another question")


# The lifecycle: which status may follow which. Each arrow is one service in labs/services/questions.py.
# A question can be merged into another (a duplicate) while it is not yet answered.
TRANSITIONS: dict[str, set[str]] = {
    QuestionStatus.RAISED: {QuestionStatus.TRIAGED, QuestionStatus.MERGED, QuestionStatus.CLOSED},
    QuestionStatus.TRIAGED: {QuestionStatus.ASSIGNED, QuestionStatus.MERGED, QuestionStatus.CLOSED},
    QuestionStatus.ASSIGNED: {QuestionStatus.IN_PROGRESS, QuestionStatus.ASSIGNED, QuestionStatus.ANSWERED,
                              QuestionStatus.MERGED},
    QuestionStatus.IN_PROGRESS: {QuestionStatus.ANSWERED, QuestionStatus.ASSIGNED, QuestionStatus.MERGED},
    QuestionStatus.ANSWERED: {QuestionStatus.CLOSED, QuestionStatus.IN_PROGRESS},
    QuestionStatus.CLOSED: set(),
    QuestionStatus.MERGED: set(),
}
OPEN_STATUSES = {QuestionStatus.RAISED, QuestionStatus.TRIAGED, QuestionStatus.ASSIGNED, QuestionStatus.IN_PROGRESS}


class Priority(models.TextChoices):
    HIGH = "high", _("high")
    NORMAL = "normal", _("normal")
    LOW = "low", _("low")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")
