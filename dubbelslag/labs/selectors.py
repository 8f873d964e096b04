"""Reads of the labs app that span models or build page data."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dubbelslag.core.attention import AttentionItem
from dubbelslag.core.models import AuditEvent
from dubbelslag.core.params import as_pk
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Programme, Theme

from .access import programmes_of
from .enums import OPEN_STATUSES, ActionStatus, Priority, QuestionStatus
from .models import Action, AgendaItem, DeepDive, KnowledgeLab, KnowledgeQuestion, WorkingGroup
from .services.questions import Verb

# A filter value for questions of the whole programme rather than of one experiment.
PROGRAMME_WIDE = "programme"
# A filter value for questions not assigned to anything.
UNASSIGNED = "none"
OPEN = "open"
# The ``todo`` filters the dashboard's "needs my attention" links to.
TODO_TRIAGE = "triage"
TODO_OVERDUE = "overdue"
ASSIGNMENT_KINDS = {"lab": "assigned_lab", "group": "assigned_group", "deep-dive": "assigned_deep_dive"}


@dataclass(frozen=True)
class QuestionFilters:
    q: str = ""
    theme: str = ""
    status: str = ""
    experiment: str = ""
    assigned: str = ""
    programme: str = ""
    # "triage": only the raised questions the user may triage (the dashboard's "questions to triage").
    todo: str = ""

    @classmethod
    def from_query(cls, params) -> "QuestionFilters":
        return cls(**{name: params.get(name, "").strip()[:200] for name in cls.__dataclass_fields__})


def _with_list_data(questions: QuerySet[KnowledgeQuestion]) -> QuerySet[KnowledgeQuestion]:
    return (KnowledgeQuestion.objects.filter(pk__in=questions.values("pk"))
            .select_related("programme", "experiment", "raised_by", "assigned_lab", "assigned_group",
                            "assigned_deep_dive", "duplicate_of")
            .prefetch_related("themes"))


def _assignment_filter(value: str) -> Q | None:
    if value == UNASSIGNED:
        return Q(assigned_lab__isnull=True, assigned_group__isnull=True, assigned_deep_dive__isnull=True)
    kind, _sep, pk = value.rpartition("-")
    if kind in ASSIGNMENT_KINDS and as_pk(pk) is not None:
        return Q(**{f"{ASSIGNMENT_KINDS[kind]}_id": as_pk(pk)})
    return None


def questions_for(user, filters: QuestionFilters = QuestionFilters()) -> QuerySet[KnowledgeQuestion]:
    """The questions `user` may see, filtered. Unknown filter values are ignored rather than refused."""
    questions = KnowledgeQuestion.objects.visible_to(user)
    if filters.q:
        questions = questions.filter(Q(title__icontains=filters.q) | Q(description__icontains=filters.q)
                                     | Q(answer_summary__icontains=filters.q))
    if filters.theme:
        questions = questions.filter(Q(themes__slug=filters.theme) | Q(themes__parent__slug=filters.theme))
    if filters.status == OPEN:
        questions = questions.filter(status__in=OPEN_STATUSES)
    elif filters.status in QuestionStatus.values:
        questions = questions.filter(status=filters.status)
    if filters.experiment == PROGRAMME_WIDE:
        questions = questions.filter(experiment__isnull=True)
    elif as_pk(filters.experiment) is not None:
        questions = questions.filter(experiment_id=as_pk(filters.experiment))
    if filters.programme:
        questions = questions.filter(programme__slug=filters.programme)
    assignment = _assignment_filter(filters.assigned)
    if assignment is not None:
        questions = questions.filter(assignment)
    if filters.todo == TODO_TRIAGE:
        questions = questions.filter(status=QuestionStatus.RAISED, programme__in=coordinated_programmes(user))
    return _with_list_data(questions).order_by("-raised_at", "-pk")


def question_filter_choices(user) -> dict:
    """What the filters of the question list offer: only what occurs in the user's programmes. Assignment
    options are (group label, [(value, label)]) for a select with option groups."""
    programmes = programmes_of(user)
    labs = KnowledgeLab.objects.filter(programme__in=programmes).order_by("starts_at")
    groups = WorkingGroup.objects.filter(programme__in=programmes).order_by("name")
    deep_dives = DeepDive.objects.filter(programme__in=programmes).order_by("starts_at")
    assignments = [
        (_("Kennislabs"), [(f"lab-{lab.pk}", lab.title) for lab in labs]),
        (_("Working groups"), [(f"group-{group.pk}", group.name) for group in groups]),
        (_("Deep-dive sessions"), [(f"deep-dive-{deep_dive.pk}", deep_dive.topic) for deep_dive in deep_dives]),
    ]
    return {
        "programmes": programmes,
        "themes": Theme.objects.filter(parent__isnull=False).select_related("parent"),
        "statuses": QuestionStatus.choices,
        "experiments": [(str(pk), title) for pk, title in Experiment.objects.visible_to(user)
                        .filter(programme__in=programmes).order_by("title").values_list("pk", "title")],
        "assignments": [(label, options) for label, options in assignments if options],
    }


def coordinated_programmes(user) -> QuerySet[Programme]:
    """The programmes ``user`` coordinates (``access.is_coordinator`` as a filter)."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user, memberships__experiment__isnull=True,
                                    memberships__role=MembershipRole.COORDINATOR).distinct()


def my_actions(user, *, todo: str = "") -> list[Action]:
    """The follow-up actions ``user`` owns in the programmes they take part in, the open ones by due date (each with
    ``overdue``); ``todo="overdue"``: only the open ones past their due date."""
    today = timezone.localdate()
    actions = (Action.objects.filter(owner=user, programme__in=programmes_of(user))
               .select_related("lab", "meeting__group", "deep_dive", "question", "programme")
               .order_by("due_date", "pk"))
    if todo == TODO_OVERDUE:
        actions = actions.filter(status=ActionStatus.OPEN, due_date__lt=today)
    actions = list(actions)
    for action in actions:
        action.overdue = (action.status == ActionStatus.OPEN and action.due_date is not None
                          and action.due_date < today)
    return actions


def _list_url(name: str, **params) -> str:
    return f"{reverse(name)}?{urlencode(params)}"


def attention_items(user) -> list[AttentionItem]:
    """What needs ``user``'s attention in the labs app (see ``core.attention``): for coordinators, the next lab of
    each programme they coordinate with the open questions on its agenda, and the questions to triage; for everyone
    who takes part in a programme, their own overdue actions. Counted with the lists' own selectors and filters."""
    items = []
    coordinated = list(coordinated_programmes(user).order_by("name"))
    now = timezone.now()
    for programme in coordinated:
        lab = (KnowledgeLab.objects.filter(programme=programme, starts_at__gte=now, cancelled_at__isnull=True)
               .order_by("starts_at", "pk").first())
        if lab is None:
            continue
        filters = QuestionFilters(assigned=f"lab-{lab.pk}", status=OPEN)
        count = questions_for(user, filters).count()
        items.append(AttentionItem(
            key="next-lab", order=10, count=count, title=lab.title, title_url=lab.get_absolute_url(),
            when=lab.starts_at,
            text=ngettext("%(count)d open question on its agenda", "%(count)d open questions on its agenda",
                          count) % {"count": count},
            url=_list_url("labs:question-list", assigned=filters.assigned, status=filters.status)))
    if coordinated:
        count = questions_for(user, QuestionFilters(todo=TODO_TRIAGE)).count()
        items.append(AttentionItem(
            key="triage", order=20, count=count,
            text=ngettext("%(count)d question to triage", "%(count)d questions to triage", count) % {"count": count},
            url=_list_url("labs:question-list", todo=TODO_TRIAGE)))
    if programmes_of(user).exists():
        count = len(my_actions(user, todo=TODO_OVERDUE))
        items.append(AttentionItem(
            key="overdue", order=50, count=count,
            text=ngettext("%(count)d of my actions is overdue", "%(count)d of my actions are overdue",
                          count) % {"count": count},
            url=_list_url("labs:my-actions", todo=TODO_OVERDUE)))
    return items


def my_questions(user) -> QuerySet[KnowledgeQuestion]:
    """The questions `user` raised or follows (and may still see)."""
    mine = KnowledgeQuestion.objects.visible_to(user).filter(Q(raised_by=user) | Q(followers=user))
    return _with_list_data(mine).order_by("-last_progress_at", "-pk")


def questions_without_progress(programme_or_user, *, weeks: int = 6) -> QuerySet[KnowledgeQuestion]:
    """Open questions that have not moved (no transition, no edit) for `weeks` weeks, the longest silent first:
    of one programme, or all those a user may see."""
    since = timezone.now() - timedelta(weeks=weeks)
    if isinstance(programme_or_user, Programme):
        questions = KnowledgeQuestion.objects.filter(programme=programme_or_user)
    else:
        questions = KnowledgeQuestion.objects.visible_to(programme_or_user)
    questions = questions.open().filter(last_progress_at__lt=since)
    return _with_list_data(questions).order_by("last_progress_at", "pk")


def labs_with_counts(programmes) -> QuerySet[KnowledgeLab]:
    """The Kennislabs of `programmes`, per programme in date order, each with ``question_count`` (questions on its
    agenda) and ``registration_count``."""
    return (KnowledgeLab.objects.filter(programme__in=programmes).select_related("programme")
            .annotate(question_count=Count("agenda_items__questions", distinct=True),
                      registration_count=Count("registrations", distinct=True))
            .order_by("programme__name", "starts_at"))


def next_lab_ids(labs) -> set[int]:
    """The primary keys of the first lab still to come of each programme among `labs` (in date order)."""
    now = timezone.now()
    next_labs = {}
    for lab in labs:
        if lab.starts_at >= now and not lab.is_cancelled and lab.programme_id not in next_labs:
            next_labs[lab.programme_id] = lab.pk
    return set(next_labs.values())


def questions_awaiting_a_place(programme: Programme) -> QuerySet[KnowledgeQuestion]:
    """The programme's raised or triaged questions not assigned to a lab, group or deep dive: what a coordinator
    preparing a Kennislab may put on its agenda (triaged ones first, then by priority)."""
    return (KnowledgeQuestion.objects.filter(
        programme=programme, status__in=[QuestionStatus.RAISED, QuestionStatus.TRIAGED],
        assigned_lab__isnull=True, assigned_group__isnull=True, assigned_deep_dive__isnull=True)
        .select_related("experiment", "raised_by").prefetch_related("themes").order_by("status", "-priority", "pk"))


def agenda_with_questions(lab: KnowledgeLab) -> QuerySet[AgendaItem]:
    """The agenda items of `lab` in order, each with all its questions (for the coordinator's preparation)."""
    return lab.agenda_items.prefetch_related("questions")


def next_agenda_order(lab: KnowledgeLab) -> int:
    """The order number a new agenda item of `lab` gets by default: after the existing items, in steps of 10."""
    return 10 * (lab.agenda_items.count() + 1)


def upcoming_labs(programme: Programme) -> QuerySet[KnowledgeLab]:
    return KnowledgeLab.objects.filter(programme=programme, starts_at__gte=timezone.now(),
                                       cancelled_at__isnull=True).order_by("starts_at")


def merge_candidates(question: KnowledgeQuestion) -> QuerySet[KnowledgeQuestion]:
    """The questions `question` may be merged into: same programme, not itself, not merged, of the same experiment
    or of the whole programme (so that its followers may read it)."""
    return (KnowledgeQuestion.objects.filter(programme=question.programme)
            .exclude(pk=question.pk).exclude(status=QuestionStatus.MERGED)
            .filter(Q(experiment__isnull=True) | Q(experiment=question.experiment_id))
            .order_by("title"))


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    text: str
    detail: str = ""
    verb: str = ""


def _priority_label(stored: str | None) -> str:
    """The audit trail stores labels in the default language; show them in the reader's."""
    if not stored:
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        codes = {str(label): value for value, label in Priority.choices}
    return str(Priority(codes[stored]).label) if stored in codes else stored


def _new(event: AuditEvent, field: str):
    values = event.changes.get(field)
    return values[1] if isinstance(values, list) and len(values) == 2 else None


def _describe(event: AuditEvent) -> tuple[str, str]:
    verb = event.note
    if verb == Verb.RAISE or (event.action == "create" and not verb):
        return _("raised the question"), ""
    if verb == Verb.EDIT:
        return _("edited the question"), ", ".join(sorted(event.changes))
    if verb == Verb.TRIAGE:
        themes = _new(event, "themes")
        priority = _priority_label(_new(event, "priority"))
        parts = []
        if priority:
            parts.append(_("priority: %(priority)s") % {"priority": priority})
        if themes:
            parts.append(_("themes: %(themes)s") % {"themes": ", ".join(themes)})
        return _("triaged the question"), "; ".join(parts)
    if verb in {Verb.ASSIGN, Verb.REASSIGN}:
        target = next((_new(event, field) for field in ("assigned_lab", "assigned_group", "assigned_deep_dive")
                       if _new(event, field)), "")
        text = _("moved it to %(target)s") if verb == Verb.REASSIGN else _("assigned it to %(target)s")
        return text % {"target": target}, ""
    if verb == Verb.UNASSIGN:
        return _("took it off the agenda"), _new(event, "reason") or ""
    if verb == Verb.START:
        return _("started working on it"), ""
    if verb == Verb.ANSWER:
        return _("answered it"), _new(event, "answer_summary") or ""
    if verb == Verb.CLOSE:
        return _("closed it"), _new(event, "reason") or ""
    if verb == Verb.REOPEN:
        return _("reopened it: the answer did not settle it"), ""
    if verb == Verb.MERGE:
        return _("merged it into “%(title)s”") % {"title": _new(event, "duplicate_of") or ""}, ""
    if verb == Verb.ABSORB:
        title = _new(event, "duplicates") or ""
        return _("merged the duplicate “%(title)s” into this question") % {"title": title}, ""
    return str(event.get_action_display()), ", ".join(sorted(event.changes))


def question_timeline(question: KnowledgeQuestion) -> list[TimelineEntry]:
    """Who did what when, oldest first, in words, from the audit trail."""
    events = AuditEvent.objects.for_object(question).order_by("at", "pk")
    entries = []
    for event in events:
        text, detail = _describe(event)
        entries.append(TimelineEntry(at=event.at, actor=event.actor_label or _("system"), text=text,
                                     detail=detail, verb=event.note))
    return entries
