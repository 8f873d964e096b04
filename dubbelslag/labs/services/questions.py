"""The knowledge-question lifecycle: the only way a question is raised, edited or moves from one status to another.

Raising and editing are services of their own; every status step is declared once in ``labs.workflows.QUESTIONS``
and taken by the one executor (``core.workflow``): it locks the question row, checks the actor's right
(``PermissionDenied``) and the status (``ValidationError`` naming the current and the requested status) before
changing anything, records the audit trail (action "status changed", the step's verb as the note, the changed
fields) and sets ``last_progress_at``. The functions below name each step's input. ``by=None`` is the system (demo
data, commands): no rights are checked.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.programme.models import Experiment, Programme

from ..access import may_edit_question as may_edit
from ..access import may_steer, may_work_on, takes_part
from ..enums import QuestionStatus, Verb
from ..models import DeepDive, KnowledgeLab, KnowledgeQuestion, WorkingGroup
from ..workflows import QUESTION_AUDIT_FIELDS, QUESTIONS

__all__ = ["Verb", "may_edit", "may_steer", "may_work_on"]

# raised_by is empty for questions raised by the system or whose raiser's account is gone; full_clean would refuse.
NULLABLE_UNCHECKED = ["raised_by"]


def available_verbs(user, question: KnowledgeQuestion) -> set[str]:
    """The steps `user` may take on `question` in its current status (the declaration decides)."""
    return set(QUESTIONS.available(user, question))


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _check_experiment(experiment: Experiment | None, *, programme: Programme, by) -> None:
    if experiment is None:
        return
    if experiment.programme_id != programme.pk:
        raise ValidationError({"experiment": _("This experiment belongs to another programme.")})
    if by is not None and not Experiment.objects.visible_to(by).filter(pk=experiment.pk).exists():
        raise PermissionDenied


# --- Raising and editing ---------------------------------------------------------------------------------------

@transaction.atomic
def raise_question(*, programme: Programme, by, title: str, description: str = "",
                   experiment: Experiment | None = None, themes=()) -> KnowledgeQuestion:
    """Raise a question for `experiment` (None: for the whole programme). Anyone who takes part in the programme
    and may read the experiment may; the raiser follows the question."""
    if by is not None:
        _require(takes_part(by, programme))
    _check_experiment(experiment, programme=programme, by=by)
    question = KnowledgeQuestion(programme=programme, experiment=experiment, title=title, description=description,
                                 raised_by=by if by is not None else None, status=QuestionStatus.RAISED)
    question.full_clean(exclude=NULLABLE_UNCHECKED)
    question.save()
    question.themes.set(themes)
    if by is not None:
        question.followers.add(by)
    after = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    audit.record(question, by=by, action=AuditAction.CREATE, note=Verb.RAISE,
                 changes={name: [None, value] for name, value in after.items() if value not in (None, "", [])})
    return question


@transaction.atomic
def update_question(question: KnowledgeQuestion, *, by, version: int, title: str, description: str,
                    themes) -> KnowledgeQuestion:
    """Change the text and themes. The raiser may while the question is not yet triaged, coordinators always.
    `version` is the one the editor started from: if the question changed since, the edit is refused."""
    lock_row(question)
    if by is not None:
        _require(may_edit(by, question))
    if question.version != version:
        raise ValidationError(_("Someone else changed this question while you were editing it. Your changes have "
                                "not been saved; reload the page to see the latest version and make them again."),
                              code="stale")
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.title, question.description = title, description
    question.last_progress_at = timezone.now()
    question.version += 1
    question.full_clean(exclude=NULLABLE_UNCHECKED)
    question.save()
    question.themes.set(themes)
    changes = audit.diff(before, audit.snapshot(question, QUESTION_AUDIT_FIELDS))
    if changes:
        audit.record(question, by=by, action=AuditAction.CHANGE, changes=changes, note=Verb.EDIT)
    return question


# --- Status steps (labs.workflows.QUESTIONS) --------------------------------------------------------------------

def triage_question(question: KnowledgeQuestion, *, by, themes, priority: str) -> KnowledgeQuestion:
    """raised → triaged: a coordinator sets the themes and the priority."""
    return QUESTIONS.apply(question, Verb.TRIAGE, by=by, themes=themes, priority=priority)


def merge_question(question: KnowledgeQuestion, *, into: KnowledgeQuestion, by) -> KnowledgeQuestion:
    """Mark `question` as a duplicate of `into`; its followers follow `into` from now on."""
    return QUESTIONS.apply(question, Verb.MERGE, by=by, into=into)


def assign_question(question: KnowledgeQuestion, *, by, lab: KnowledgeLab | None = None,
                    group: WorkingGroup | None = None, deep_dive: DeepDive | None = None) -> KnowledgeQuestion:
    """Assign to exactly one of a lab (the question goes on its agenda), a working group or a deep dive.
    Assigning an assigned question again moves it; the followers are e-mailed."""
    return QUESTIONS.apply(question, Verb.ASSIGN, by=by, lab=lab, group=group, deep_dive=deep_dive)


def unassign_question(question: KnowledgeQuestion, *, by, reason: str) -> KnowledgeQuestion:
    """Take the question off the agenda (or out of the working group or deep dive) it was assigned to, back to
    triaged, with a reason kept in the history; an agenda item made for it alone goes too."""
    return QUESTIONS.apply(question, Verb.UNASSIGN, by=by, reason=(reason or "").strip()[:1000])


def start_question(question: KnowledgeQuestion, *, by) -> KnowledgeQuestion:
    """assigned → in progress."""
    return QUESTIONS.apply(question, Verb.START, by=by)


def answer_question(question: KnowledgeQuestion, *, by, summary: str) -> KnowledgeQuestion:
    """assigned or in progress → answered, with a summary of the answer; the followers are e-mailed."""
    return QUESTIONS.apply(question, Verb.ANSWER, by=by, summary=summary)


def close_question(question: KnowledgeQuestion, *, by, reason: str = "") -> KnowledgeQuestion:
    """raised or triaged (not taken up) or answered (done) → closed, with an optional reason."""
    return QUESTIONS.apply(question, Verb.CLOSE, by=by, reason=(reason or "").strip()[:1000])


def reopen_question(question: KnowledgeQuestion, *, by) -> KnowledgeQuestion:
    """answered → in progress: the answer did not hold."""
    return QUESTIONS.apply(question, Verb.REOPEN, by=by)


# --- Following -------------------------------------------------------------------------------------------------

def follow_question(question: KnowledgeQuestion, *, user) -> KnowledgeQuestion:
    """Follow: e-mail when the question is assigned or answered. Only for those who may see it."""
    if not KnowledgeQuestion.objects.visible_to(user).filter(pk=question.pk).exists():
        raise PermissionDenied
    question.followers.add(user)
    return question


def unfollow_question(question: KnowledgeQuestion, *, user) -> KnowledgeQuestion:
    question.followers.remove(user)
    return question

