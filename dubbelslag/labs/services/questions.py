"""The knowledge-question lifecycle: the only way a question is raised, edited or moves from one status to another.

Each service is one transaction. It locks the question row, checks the actor's right (``PermissionDenied``) and the
transition against ``enums.TRANSITIONS`` (``ValidationError`` naming the current and the requested status), records
the audit trail (action "status changed", the transition's verb as the note, the changed fields) and sets
``last_progress_at``. ``by=None`` is the system (demo data, commands): no rights are checked.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.programme.models import Experiment, Programme

from ..access import is_coordinator, takes_part
from ..enums import TRANSITIONS, Priority, QuestionStatus
from ..models import AgendaItem, DeepDive, KnowledgeLab, KnowledgeQuestion, WorkingGroup

logger = logging.getLogger(__name__)

QUESTION_AUDIT_FIELDS = [
    "title", "description", "experiment", "themes", "status", "priority", "duplicate_of", "assigned_lab",
    "assigned_group", "assigned_deep_dive", "answer_summary",
]
# raised_by is empty for questions raised by the system or whose raiser's account is gone; full_clean would refuse.
NULLABLE_UNCHECKED = ["raised_by"]
AGENDA_ITEM_AUDIT_FIELDS = ["title", "order", "questions"]


class Verb:
    """What the audit trail's note says happened; the timeline turns these into words."""

    RAISE = "raise"
    EDIT = "edit"
    TRIAGE = "triage"
    MERGE = "merge"
    ABSORB = "absorb"  # on the question another one was merged into
    ASSIGN = "assign"
    REASSIGN = "reassign"
    START = "start"
    ANSWER = "answer"
    CLOSE = "close"
    REOPEN = "reopen"


# Which verb leads to which status: what the views offer and the tests walk through.
VERB_TARGETS = {
    Verb.TRIAGE: QuestionStatus.TRIAGED,
    Verb.MERGE: QuestionStatus.MERGED,
    Verb.ASSIGN: QuestionStatus.ASSIGNED,
    Verb.START: QuestionStatus.IN_PROGRESS,
    Verb.ANSWER: QuestionStatus.ANSWERED,
    Verb.CLOSE: QuestionStatus.CLOSED,
    Verb.REOPEN: QuestionStatus.IN_PROGRESS,
}


# --- Who may do what -------------------------------------------------------------------------------------------

def may_steer(user, question: KnowledgeQuestion) -> bool:
    """Triage, assign, merge, close and reopen: the programme's coordinators."""
    return user is not None and user.is_authenticated and is_coordinator(user, question.programme)


def may_work_on(user, question: KnowledgeQuestion) -> bool:
    """Start and answer: coordinators, and the chair of the working group the question is assigned to."""
    if may_steer(user, question):
        return True
    group = question.assigned_group
    return bool(user is not None and user.is_authenticated and group is not None and group.chair_id == user.pk)


def may_edit(user, question: KnowledgeQuestion) -> bool:
    """The raiser while the question is not yet triaged; coordinators always."""
    if may_steer(user, question):
        return True
    return (user is not None and user.is_authenticated and question.raised_by_id == user.pk
            and question.status == QuestionStatus.RAISED)


def available_verbs(user, question: KnowledgeQuestion) -> set[str]:
    """The transitions `user` may take on `question` in its current status."""
    allowed = TRANSITIONS.get(question.status, set())
    verbs = set()
    for verb, target in VERB_TARGETS.items():
        if target not in allowed:
            continue
        if verb == Verb.REOPEN and question.status != QuestionStatus.ANSWERED:
            continue
        if verb == Verb.START and question.status != QuestionStatus.ASSIGNED:
            continue
        if verb in {Verb.START, Verb.ANSWER}:
            if may_work_on(user, question):
                verbs.add(verb)
        elif may_steer(user, question):
            verbs.add(verb)
    return verbs


# --- Helpers ---------------------------------------------------------------------------------------------------

def _check_transition(question: KnowledgeQuestion, requested: str) -> None:
    if requested not in TRANSITIONS.get(question.status, set()):
        raise ValidationError(
            _("This question is “%(current)s”; it cannot become “%(requested)s”.") % {
                "current": QuestionStatus(question.status).label, "requested": QuestionStatus(requested).label},
            code="illegal_transition",
        )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _save(question: KnowledgeQuestion, *, by, verb: str, before: dict, action: str = AuditAction.TRANSITION,
          extra_changes: dict | None = None) -> KnowledgeQuestion:
    question.last_progress_at = timezone.now()
    question.version += 1
    question.full_clean(exclude=NULLABLE_UNCHECKED)
    question.save()
    changes = audit.diff(before, audit.snapshot(question, QUESTION_AUDIT_FIELDS))
    changes.update(extra_changes or {})
    audit.record(question, by=by, action=action, changes=changes, note=verb)
    return question


def _notify_followers(question: KnowledgeQuestion, *, by, verb: str) -> None:
    """E-mail the followers other than the actor, one message each (no one sees the others' addresses), in the
    site's default language: we do not know which language each follower reads."""
    recipients = [user.email for user in question.followers.exclude(pk=getattr(by, "pk", None)).exclude(email="")
                  .order_by("pk")]
    if not recipients:
        return
    link = settings.SITE_URL.rstrip("/") + question.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        if verb == Verb.ANSWER:
            subject = _("Knowledge question answered: %(title)s") % {"title": question.title}
            body = _("The knowledge question “%(title)s” that you follow has been answered.\n\n%(answer)s\n\n"
                     "Read more: %(link)s") % {"title": question.title, "answer": question.answer_summary,
                                               "link": link}
        else:
            subject = _("Knowledge question assigned: %(title)s") % {"title": question.title}
            body = _("The knowledge question “%(title)s” that you follow has been assigned to %(target)s.\n\n"
                     "Read more: %(link)s") % {"title": question.title, "target": question.assigned_to, "link": link}
        body += "\n\n" + _("You receive this e-mail because you follow this question. Unfollow it on its page.")
    for recipient in recipients:
        try:
            send_mail(subject.replace("\n", " ")[:250], body, None, [recipient])
        except Exception:  # a mail server that is down must not undo the transition
            logger.exception("Could not e-mail %s about knowledge question %s", recipient, question.pk)


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


# --- Transitions -----------------------------------------------------------------------------------------------

@transaction.atomic
def triage_question(question: KnowledgeQuestion, *, by, themes, priority: str) -> KnowledgeQuestion:
    """raised → triaged: a coordinator sets the themes and the priority."""
    lock_row(question)
    if by is not None:
        _require(may_steer(by, question))
    _check_transition(question, QuestionStatus.TRIAGED)
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status, question.priority = QuestionStatus.TRIAGED, priority
    question.themes.set(themes)
    return _save(question, by=by, verb=Verb.TRIAGE, before=before)


@transaction.atomic
def merge_question(question: KnowledgeQuestion, *, into: KnowledgeQuestion, by) -> KnowledgeQuestion:
    """Mark `question` as a duplicate of `into`; its followers follow `into` from now on."""
    lock_row(question)
    if by is not None:
        _require(may_steer(by, question))
    _check_transition(question, QuestionStatus.MERGED)
    into = KnowledgeQuestion.objects.select_for_update().get(pk=into.pk)
    if into.pk == question.pk:
        raise ValidationError({"duplicate_of": _("A question cannot be merged into itself.")})
    if into.programme_id != question.programme_id:
        raise ValidationError({"duplicate_of": _("Choose a question of the same programme.")})
    if into.status == QuestionStatus.MERGED:
        raise ValidationError({"duplicate_of": _("“%(title)s” was itself merged into another question; merge into "
                                                 "that one.") % {"title": into.title}})
    # Followers of `question` may read `into` only if it belongs to the same experiment or to the whole programme.
    if into.experiment_id is not None and into.experiment_id != question.experiment_id:
        raise ValidationError({"duplicate_of": _("A question can only be merged into a question of the same "
                                                 "experiment or of the whole programme.")})
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status, question.duplicate_of = QuestionStatus.MERGED, into
    _save(question, by=by, verb=Verb.MERGE, before=before)
    into.followers.add(*question.followers.all())
    audit.record(into, by=by, action=AuditAction.CHANGE, note=Verb.ABSORB,
                 changes={"duplicates": [None, audit.snapshot(question, ["title"])["title"]]})
    return question


def _assign_target(question, *, lab, group, deep_dive):
    given = [target for target in (lab, group, deep_dive) if target is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose exactly one Kennislab, working group or deep-dive session."), code="target")
    target = given[0]
    if target.programme_id != question.programme_id:
        raise ValidationError(_("“%(target)s” belongs to another programme.") % {"target": target}, code="target")
    return target


def _agenda_title(question: KnowledgeQuestion) -> str:
    """The agenda item's title: the question itself for a programme-wide question. An experiment's question is
    readable only by those who may read the experiment, while everyone in the programme reads the agenda, so its
    item gets a neutral title and the page shows the question to those who may see it."""
    if question.experiment_id is None:
        return question.title[:200]
    return str(_("Knowledge question from an experiment"))


def _put_on_agenda(question: KnowledgeQuestion, lab: KnowledgeLab, *, by) -> None:
    if AgendaItem.objects.filter(lab=lab, questions=question).exists():
        return
    order = (lab.agenda_items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem.objects.create(lab=lab, order=order, title=_agenda_title(question))
    item.questions.add(question)
    audit.record_create(item, by=by, fields=AGENDA_ITEM_AUDIT_FIELDS, parent=lab)


def _take_off_agenda(question: KnowledgeQuestion, lab: KnowledgeLab, *, by) -> None:
    """Reassigning away from a lab that is still to come takes the question off its agenda; the agenda of a lab
    that took place stays as it was, since the question was discussed there."""
    if lab.is_past:
        return
    for item in AgendaItem.objects.filter(lab=lab, questions=question):
        item.questions.remove(question)
        untouched = item.title == _agenda_title(question) and not item.outcome and not item.questions.exists()
        if untouched:  # the item this service made for the question: no one has added anything to it
            audit.record_delete(item, by=by, fields=AGENDA_ITEM_AUDIT_FIELDS, parent=lab)
            item.delete()


@transaction.atomic
def assign_question(question: KnowledgeQuestion, *, by, lab: KnowledgeLab | None = None,
                    group: WorkingGroup | None = None, deep_dive: DeepDive | None = None) -> KnowledgeQuestion:
    """Assign to exactly one of a lab (the question goes on its agenda), a working group or a deep dive.
    Assigning an assigned question again moves it."""
    lock_row(question)
    if by is not None:
        _require(may_steer(by, question))
    _check_transition(question, QuestionStatus.ASSIGNED)
    target = _assign_target(question, lab=lab, group=group, deep_dive=deep_dive)
    previous_lab = question.assigned_lab
    if question.assigned_to == target and type(question.assigned_to) is type(target):
        raise ValidationError(_("This question is already assigned to “%(target)s”.") % {"target": target},
                              code="same_target")
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    verb = Verb.REASSIGN if question.assigned_to is not None else Verb.ASSIGN
    question.status = QuestionStatus.ASSIGNED
    question.assigned_lab, question.assigned_group, question.assigned_deep_dive = lab, group, deep_dive
    _save(question, by=by, verb=verb, before=before)
    if previous_lab is not None and previous_lab != lab:
        _take_off_agenda(question, previous_lab, by=by)
    if lab is not None:
        _put_on_agenda(question, lab, by=by)
    _notify_followers(question, by=by, verb=Verb.ASSIGN)
    return question


@transaction.atomic
def start_question(question: KnowledgeQuestion, *, by) -> KnowledgeQuestion:
    """assigned → in progress."""
    lock_row(question)
    if by is not None:
        _require(may_work_on(by, question))
    _check_transition(question, QuestionStatus.IN_PROGRESS)
    if question.status != QuestionStatus.ASSIGNED:  # answered → in progress is a reopening, a coordinator's call
        raise ValidationError(
            _("This question is “%(current)s”; it cannot become “%(requested)s”.") % {
                "current": QuestionStatus(question.status).label,
                "requested": QuestionStatus.IN_PROGRESS.label}, code="illegal_transition")
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status = QuestionStatus.IN_PROGRESS
    return _save(question, by=by, verb=Verb.START, before=before)


@transaction.atomic
def answer_question(question: KnowledgeQuestion, *, by, summary: str) -> KnowledgeQuestion:
    """assigned or in progress → answered, with a summary of the answer."""
    lock_row(question)
    if by is not None:
        _require(may_work_on(by, question))
    _check_transition(question, QuestionStatus.ANSWERED)
    if not summary.strip():
        raise ValidationError({"answer_summary": _("Summarise the answer.")})
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status, question.answer_summary = QuestionStatus.ANSWERED, summary.strip()
    question.answered_at = timezone.now()
    _save(question, by=by, verb=Verb.ANSWER, before=before)
    _notify_followers(question, by=by, verb=Verb.ANSWER)
    return question


@transaction.atomic
def close_question(question: KnowledgeQuestion, *, by, reason: str = "") -> KnowledgeQuestion:
    """raised or triaged (not taken up) or answered (done) → closed."""
    lock_row(question)
    if by is not None:
        _require(may_steer(by, question))
    _check_transition(question, QuestionStatus.CLOSED)
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status = QuestionStatus.CLOSED
    reason = reason.strip()[:1000]
    return _save(question, by=by, verb=Verb.CLOSE, before=before,
                 extra_changes={"reason": [None, reason]} if reason else None)


@transaction.atomic
def reopen_question(question: KnowledgeQuestion, *, by) -> KnowledgeQuestion:
    """answered → in progress: the answer did not hold."""
    lock_row(question)
    if by is not None:
        _require(may_steer(by, question))
    _check_transition(question, QuestionStatus.IN_PROGRESS)
    if question.status != QuestionStatus.ANSWERED:
        raise ValidationError(
            _("This question is “%(current)s”; only an answered question can be reopened.") % {
                "current": QuestionStatus(question.status).label}, code="illegal_transition")
    before = audit.snapshot(question, QUESTION_AUDIT_FIELDS)
    question.status, question.answered_at = QuestionStatus.IN_PROGRESS, None
    return _save(question, by=by, verb=Verb.REOPEN, before=before)


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

