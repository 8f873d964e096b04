"""The labs app's workflows, declared once: the knowledge-question lifecycle and the status of follow-up actions.

The executor (``core.workflow``) takes every step; the services in ``services/questions.py`` and
``services/sessions.py`` are thin wrappers that name the step's input. ``by=None`` is the system (demo data,
commands): no rights are asked.
"""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.core import audit
from dubbelslag.core.addresses import absolute_url
from dubbelslag.core.models import AuditAction
from dubbelslag.core.workflow import NOW, Transition, Workflow

from .access import may_keep_session, may_steer, may_work_on
from .enums import ActionStatus, NotificationEvent, Priority, QuestionStatus, Verb
from .models import Action, AgendaItem, KnowledgeLab, KnowledgeQuestion
from .services.notifications import notify

QUESTION_AUDIT_FIELDS = [
    "title", "description", "experiment", "themes", "status", "priority", "duplicate_of", "assigned_lab",
    "assigned_group", "assigned_deep_dive", "answer_summary",
]
AGENDA_ITEM_AUDIT_FIELDS = ["title", "order", "questions"]
ACTION_AUDIT_FIELDS = ["title", "owner", "due_date", "status", "question"]

S = QuestionStatus


# --- Knowledge questions: checks, input and after-effects ------------------------------------------------------

def _check_priority(question, *, by, priority, themes=()):
    if priority not in Priority.values:
        raise ValidationError({"priority": _("Choose a priority.")})


def _triage(question, *, by, priority, themes=()):
    question.priority = priority
    question.themes.set(themes)


def _check_merge_target(question, *, by, into):
    into = KnowledgeQuestion.objects.select_for_update().get(pk=into.pk)
    if into.pk == question.pk:
        raise ValidationError({"duplicate_of": _("A question cannot be merged into itself.")})
    if into.programme_id != question.programme_id:
        raise ValidationError({"duplicate_of": _("Choose a question of the same programme.")})
    if into.status == S.MERGED:
        raise ValidationError({"duplicate_of": _("“%(title)s” was itself merged into another question; merge into "
                                                 "that one.") % {"title": into.title}})
    # Followers of `question` may read `into` only if it belongs to the same experiment or to the whole programme.
    if into.experiment_id is not None and into.experiment_id != question.experiment_id:
        raise ValidationError({"duplicate_of": _("A question can only be merged into a question of the same "
                                                 "experiment or of the whole programme.")})


def _merge(question, *, by, into):
    question.duplicate_of = into


def _absorb(question, *, by, previous, reason, into):
    """The question merged into gains the followers, and its history says which duplicate it absorbed."""
    into.followers.add(*question.followers.all())
    audit.record(into, by=by, action=AuditAction.CHANGE, note=Verb.ABSORB,
                 changes={"duplicates": [None, audit.snapshot(question, ["title"])["title"]]})


def _assign_target(question, *, lab, group, deep_dive):
    given = [target for target in (lab, group, deep_dive) if target is not None]
    if len(given) != 1:
        raise ValidationError(_("Choose exactly one Kennislab, working group or deep-dive session."), code="target")
    target = given[0]
    if target.programme_id != question.programme_id:
        raise ValidationError(_("“%(target)s” belongs to another programme.") % {"target": target}, code="target")
    return target


def _check_assign_target(question, *, by, lab=None, group=None, deep_dive=None):
    target = _assign_target(question, lab=lab, group=group, deep_dive=deep_dive)
    if question.assigned_to == target and type(question.assigned_to) is type(target):
        raise ValidationError(_("This question is already assigned to “%(target)s”.") % {"target": target},
                              code="same_target")


def _assign(question, *, by, lab=None, group=None, deep_dive=None):
    question.assigned_lab, question.assigned_group, question.assigned_deep_dive = lab, group, deep_dive


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


def _take_off_agenda(question: KnowledgeQuestion, lab: KnowledgeLab, *, by, even_if_past: bool = False) -> None:
    """Reassigning away from a lab that is still to come takes the question off its agenda; the agenda of a lab
    that took place stays as it was, since the question was discussed there. Unassigning (``even_if_past``) is the
    coordinator saying the question does not belong there, so it leaves a past lab's agenda too."""
    if lab.is_past and not even_if_past:
        return
    for item in AgendaItem.objects.filter(lab=lab, questions=question):
        item.questions.remove(question)
        untouched = item.title == _agenda_title(question) and not item.outcome and not item.questions.exists()
        if untouched:  # the item this step made for the question: no one has added anything to it
            audit.record_delete(item, by=by, fields=AGENDA_ITEM_AUDIT_FIELDS, parent=lab)
            item.delete()


def _move_agenda(question, *, by, previous, reason, lab=None, **targets):
    if previous.assigned_lab is not None and previous.assigned_lab != lab:
        _take_off_agenda(question, previous.assigned_lab, by=by)
    if lab is not None:
        _put_on_agenda(question, lab, by=by)


def _unassign(question, *, by):
    question.assigned_lab = question.assigned_group = question.assigned_deep_dive = None


def _leave_agenda(question, *, by, previous, reason):
    if previous.assigned_lab is not None:
        _take_off_agenda(question, previous.assigned_lab, by=by, even_if_past=True)


def _follower_mail(question: KnowledgeQuestion, *, verb: str, link: str) -> tuple[str, str]:
    """The subject and body of a follower's e-mail, in the active language."""
    if verb == Verb.ANSWER:
        subject = _("Knowledge question answered: %(title)s") % {"title": question.title}
        body = _("The knowledge question “%(title)s” that you follow has been answered.\n\n%(answer)s\n\n"
                 "Read more: %(link)s") % {"title": question.title, "answer": question.answer_summary,
                                           "link": link}
    else:
        subject = _("Knowledge question assigned: %(title)s") % {"title": question.title}
        body = _("The knowledge question “%(title)s” that you follow has been assigned to %(target)s.\n\n"
                 "Read more: %(link)s") % {"title": question.title, "target": question.assigned_to, "link": link}
    body += "\n\n" + _("You receive this e-mail because you follow this question. Unfollow it on its page, or "
                        "stop these e-mails in your notification settings: %(settings)s") % {
        "settings": absolute_url(None, reverse("accounts:preferences"))}
    return subject.replace("\n", " ")[:250], body


def _notify_followers(question: KnowledgeQuestion, *, by, verb: str) -> None:
    """Notify the followers other than the actor through ``notifications.notify``: one notification each, written
    in the step's transaction, and an e-mail each in the follower's own language once the step is committed."""
    followers = list(question.followers.exclude(pk=getattr(by, "pk", None)).order_by("pk"))
    if not followers:
        return
    event = NotificationEvent.QUESTION_ANSWERED if verb == Verb.ANSWER else NotificationEvent.QUESTION_ASSIGNED
    target = str(question.assigned_to or "") if event == NotificationEvent.QUESTION_ASSIGNED else ""
    link = absolute_url(None, question.get_absolute_url())
    notify(followers, event=event, question=question, title=question.title, target=target,
           mail=lambda notification: _follower_mail(question, verb=verb, link=link))


def _notify_assigned(question, *, by, previous, reason, **targets):
    _notify_followers(question, by=by, verb=Verb.ASSIGN)


def _check_summary(question, *, by, summary):
    if not summary.strip():
        raise ValidationError({"answer_summary": _("Summarise the answer.")})


def _answer(question, *, by, summary):
    question.answer_summary = summary.strip()


def _notify_answered(question, *, by, previous, reason, summary):
    _notify_followers(question, by=by, verb=Verb.ANSWER)


QUESTIONS = Workflow(
    "labs.question", model=KnowledgeQuestion, states=QuestionStatus,
    audit_fields=QUESTION_AUDIT_FIELDS, stamps={"last_progress_at": NOW},
    clean_exclude=["raised_by"],  # empty for questions raised by the system or whose raiser's account is gone
    refusal_message=gettext_lazy("This question is “%(current)s”; it cannot become “%(requested)s”."),
    transitions=[
        Transition(Verb.TRIAGE, {S.RAISED}, S.TRIAGED, may=may_steer, label=gettext_lazy("triaged"),
                   checks=(_check_priority,), update=_triage, note=Verb.TRIAGE),
        Transition(Verb.ASSIGN, {S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS}, S.ASSIGNED, may=may_steer,
                   label=gettext_lazy("assigned"), checks=(_check_assign_target,), update=_assign,
                   effects=(_move_agenda, _notify_assigned),
                   note=lambda question: Verb.REASSIGN if question.assigned_to is not None else Verb.ASSIGN),
        Transition(Verb.UNASSIGN, {S.ASSIGNED, S.IN_PROGRESS}, S.TRIAGED, may=may_steer,
                   label=gettext_lazy("taken off the agenda"), reason=True, update=_unassign,
                   effects=(_leave_agenda,), note=Verb.UNASSIGN),
        Transition(Verb.MERGE, {S.RAISED, S.TRIAGED, S.ASSIGNED, S.IN_PROGRESS}, S.MERGED, may=may_steer,
                   label=gettext_lazy("merged"), checks=(_check_merge_target,), update=_merge, effects=(_absorb,),
                   note=Verb.MERGE),
        Transition(Verb.START, {S.ASSIGNED}, S.IN_PROGRESS, may=may_work_on, label=gettext_lazy("started"),
                   note=Verb.START),
        Transition(Verb.ANSWER, {S.ASSIGNED, S.IN_PROGRESS}, S.ANSWERED, may=may_work_on,
                   label=gettext_lazy("answered"), checks=(_check_summary,), update=_answer,
                   stamps={"answered_at": NOW}, effects=(_notify_answered,), note=Verb.ANSWER),
        Transition(Verb.CLOSE, {S.RAISED, S.TRIAGED, S.ANSWERED}, S.CLOSED, may=may_steer,
                   label=gettext_lazy("closed"), note=Verb.CLOSE),
        Transition(Verb.REOPEN, {S.ANSWERED}, S.IN_PROGRESS, may=may_steer, label=gettext_lazy("reopened"),
                   stamps={"answered_at": None}, note=Verb.REOPEN,
                   refusal_message=gettext_lazy(
                       "This question is “%(current)s”; only an answered question can be reopened.")),
    ],
)


# --- Follow-up actions -----------------------------------------------------------------------------------------

def may_set_action_status(user, action: Action) -> bool:
    """Whoever keeps the action's session, and the action's owner."""
    return may_keep_session(user, action.session) or action.owner_id == user.pk


def _action_parent(action: Action):
    session = action.session
    return session.group if action.meeting_id is not None else session


A = ActionStatus
ACTIONS = Workflow(
    "labs.action", model=Action, states=ActionStatus, version_field=None, audit_fields=ACTION_AUDIT_FIELDS,
    parent=_action_parent,
    refusal_message=gettext_lazy("This action is “%(current)s”; it cannot become “%(requested)s”."),
    transitions=[
        Transition("complete", {A.OPEN, A.CANCELLED}, A.DONE, may=may_set_action_status,
                   label=gettext_lazy("done")),
        Transition("cancel", {A.OPEN, A.DONE}, A.CANCELLED, may=may_set_action_status,
                   label=gettext_lazy("cancelled")),
        Transition("reopen", {A.DONE, A.CANCELLED}, A.OPEN, may=may_set_action_status,
                   label=gettext_lazy("reopened")),
    ],
)
