"""The research app's workflows, declared once: the status of harvest records and of learning questions.

The executor (``core.workflow``) takes every step; ``services/harvest.py`` and ``services/log.py`` wrap them for
their callers. ``by=None`` is the system (demo data, commands): no rights are asked, the other rules are.
"""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core.workflow import ACTOR, NOW, Transition, Workflow
from dubbelslag.programme.access import experiment_role

from .access import may_publish_record, may_validate_record, may_write_log
from .enums import Confidentiality, LearningQuestionStatus, RecordStatus
from .models import HarvestRecord, LearningQuestion
from .services import search_index

LEARNING_QUESTION_AUDIT_FIELDS = ["question", "explanation", "status", "opened_on", "closed_on",
                                  "knowledge_question", "position"]


class Verb:
    """The status steps of a harvest record, as the views and the audit trail name them."""

    VALIDATE = "validate"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    RETURN = "return"


# --- Harvest records -------------------------------------------------------------------------------------------

def _has_evidence(record: HarvestRecord, *, by) -> None:
    if not record.evidence_entries.exists() and not record.evidence_excerpts.exists():
        raise ValidationError(
            _("Link at least one log entry or excerpt as evidence before validating: each lesson, insight, "
              "challenge and solution must be traceable to its evidence."), code="no_evidence")


def _is_public(record: HarvestRecord, *, by) -> None:
    if record.confidentiality != Confidentiality.PUBLIC:
        raise ValidationError(
            _("Only a public record can be published; this record is for “%(confidentiality)s”. Make it public "
              "first (edit the record) if it may be read by everyone.")
            % {"confidentiality": record.get_confidentiality_display()}, code="not_public")


def _reindex(record: HarvestRecord, *, by, previous, reason) -> None:
    search_index.index_record(record)


R = RecordStatus
RECORDS = Workflow(
    "research.record", model=HarvestRecord, states=RecordStatus,
    clean_exclude=["created_by"],  # empty for records made by the system
    refusal_message=gettext_lazy("This record is “%(current)s”; only a “%(source)s” record can be %(verb)s."),
    reason_message=gettext_lazy("Give a reason; it is kept in the record's history."),
    transitions=[
        # The programme team confirms the record rests on its evidence.
        Transition(Verb.VALIDATE, {R.DRAFT}, R.VALIDATED, may=may_validate_record, label=gettext_lazy("validated"),
                   checks=(_has_evidence,), stamps={"validated_by": ACTOR, "validated_at": NOW},
                   effects=(_reindex,)),
        # A coordinator publishes a validated, public record for everyone to read.
        Transition(Verb.PUBLISH, {R.VALIDATED}, R.PUBLISHED, may=may_publish_record,
                   label=gettext_lazy("published"), checks=(_is_public,),
                   stamps={"published_by": ACTOR, "published_at": NOW}, effects=(_reindex,)),
        # A coordinator takes a record off the public site, giving a reason.
        Transition(Verb.UNPUBLISH, {R.PUBLISHED}, R.VALIDATED, may=may_publish_record,
                   label=gettext_lazy("unpublished"), reason=True,
                   stamps={"published_by": None, "published_at": None}, effects=(_reindex,)),
        # The programme team sends a record back for more work, giving a reason.
        Transition(Verb.RETURN, {R.VALIDATED}, R.DRAFT, may=may_validate_record,
                   label=gettext_lazy("returned to draft"), reason=True,
                   stamps={"validated_by": None, "validated_at": None}, effects=(_reindex,)),
    ],
)


# --- Learning questions ----------------------------------------------------------------------------------------

def may_write_learning_agenda(user, question: LearningQuestion) -> bool:
    """Whoever writes the experiment's research log."""
    return may_write_log(experiment_role(user, question.experiment))


def check_closed_on(opened_on, closed_on) -> None:
    """Refuse a closing date before the opening date (for a step and for a corrected date alike)."""
    if closed_on and opened_on and closed_on < opened_on:
        raise ValidationError({"closed_on": _("A learning question cannot be closed (%(closed)s) before it was "
                                              "opened (%(opened)s).") % {
            "closed": formats.date_format(closed_on, "DATE_FORMAT"),
            "opened": formats.date_format(opened_on, "DATE_FORMAT")}}, code="closed_before_opened")


def _check_closed_on(question: LearningQuestion, *, by, closed_on=None) -> None:
    check_closed_on(question.opened_on, closed_on or timezone.localdate())


def _close(question: LearningQuestion, *, by, closed_on=None) -> None:
    question.closed_on = closed_on or timezone.localdate()


L = LearningQuestionStatus
LEARNING_QUESTIONS = Workflow(
    "research.learning_question", model=LearningQuestion, states=LearningQuestionStatus,
    audit_fields=LEARNING_QUESTION_AUDIT_FIELDS, parent=lambda question: question.experiment,
    clean_exclude=["created_by"],
    refusal_message=gettext_lazy("This learning question is “%(current)s”; it cannot become “%(requested)s”."),
    transitions=[
        Transition("answer", {L.OPEN, L.DROPPED}, L.ANSWERED, may=may_write_learning_agenda,
                   label=gettext_lazy("answered"), checks=(_check_closed_on,), update=_close),
        Transition("drop", {L.OPEN, L.ANSWERED}, L.DROPPED, may=may_write_learning_agenda,
                   label=gettext_lazy("dropped"), checks=(_check_closed_on,), update=_close),
        Transition("reopen", {L.ANSWERED, L.DROPPED}, L.OPEN, may=may_write_learning_agenda,
                   label=gettext_lazy("reopened"), stamps={"closed_on": None}),
    ],
)
