"""Reads of the research app that span models or build page data: the research overview and what a log entry's
page shows, the harvest register's list, a record's links and evidence trail, and the intervisie of a challenge.

Everything here starts from ``visible_to(user)``: a record, entry, excerpt, knowledge question or experiment the user
may not read is never returned, only counted where the page says "N more you have no access to".
"""

from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, QuerySet, Value
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import ngettext

from dubbelslag.core.attention import AttentionItem
from dubbelslag.core.params import as_pk
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment, Theme
from dubbelslag.programme.selectors import team_programmes

from .enums import AnchorStatus, Confidentiality, EvidenceLevel, LearningQuestionStatus, RecordKind, RecordStatus
from .models import Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry

LATEST_ENTRIES = 3
# The ``todo`` filter the dashboard's "records to validate" links to.
TODO_VALIDATE = "validate"


@dataclass(frozen=True)
class RecordFilters:
    """The filters of the record list and its exports. Unknown kinds, statuses and levels and malformed ids are
    ignored rather than refused; a theme or koppelkans that does not exist matches nothing."""

    q: str = ""
    kind: str = ""
    status: str = ""
    confidentiality: str = ""
    experiment: str = ""
    theme: str = ""
    koppelkans: str = ""
    question: str = ""
    evidence_level: str = ""
    # "validate": only the drafts the user may validate (the dashboard's "records to validate").
    todo: str = ""

    @classmethod
    def from_query(cls, params) -> "RecordFilters":
        return cls(**{name: params.get(name, "").strip()[:200] for name in cls.__dataclass_fields__})

    @property
    def active(self) -> bool:
        return any(getattr(self, name) for name in self.__dataclass_fields__)


def shown_experiments(user) -> QuerySet[Experiment]:
    """The experiments a record's page may name: those the user may read, and those listed publicly."""
    visible = Experiment.objects.visible_to(user).values("pk")
    return Experiment.objects.filter(Q(pk__in=visible) | Q(is_public=True))


def _with_list_data(records: QuerySet[HarvestRecord], user) -> QuerySet[HarvestRecord]:
    """`records` with what the list and the exports show, in a fixed number of queries. Only the experiments,
    knowledge questions and koppelkansen the user may see are loaded (as ``shown_*`` lists)."""
    return (
        HarvestRecord.objects.filter(pk__in=records.values("pk"))
        .select_related("programme")
        .annotate(evidence_entry_count=Count("evidence_entries", distinct=True),
                  evidence_excerpt_count=Count("evidence_excerpts", distinct=True))
        .prefetch_related(
            Prefetch("experiments", queryset=shown_experiments(user).order_by("title"),
                     to_attr="shown_experiments"),
            Prefetch("themes", queryset=Theme.objects.order_by("position", "name_nl"), to_attr="shown_themes"),
            Prefetch("koppelkansen", queryset=Koppelkans.objects.visible_to(user).order_by("code"),
                     to_attr="shown_koppelkansen"),
            Prefetch("knowledge_questions", queryset=KnowledgeQuestion.objects.visible_to(user).order_by("title"),
                     to_attr="shown_questions"),
        )
    )


def records_for(user, filters: RecordFilters = RecordFilters()) -> QuerySet[HarvestRecord]:
    """The records `user` may read, filtered, newest change first."""
    records = HarvestRecord.objects.visible_to(user)
    if filters.q:
        text = Q(title__icontains=filters.q) | Q(summary__icontains=filters.q)
        for name in ("outcome", "significance", "contribution", "story"):
            text |= Q(**{f"{name}__icontains": filters.q})
        records = records.filter(text)
    for name, values in (("kind", RecordKind.values), ("status", RecordStatus.values),
                         ("confidentiality", Confidentiality.values), ("evidence_level", EvidenceLevel.values)):
        value = getattr(filters, name)
        if value in values:
            records = records.filter(**{name: value})
    if as_pk(filters.experiment) is not None:
        records = records.filter(experiments=as_pk(filters.experiment))
    if filters.theme:
        records = records.filter(Q(themes__slug=filters.theme) | Q(themes__parent__slug=filters.theme))
    if filters.koppelkans:
        records = records.filter(koppelkansen__code=filters.koppelkans)
    if as_pk(filters.question) is not None:
        records = records.filter(knowledge_questions=as_pk(filters.question))
    if filters.todo == TODO_VALIDATE:
        records = records.filter(status=RecordStatus.DRAFT, programme__in=team_programmes(user))
    return _with_list_data(records, user).order_by("-updated_at", "-pk")


def attention_items(user) -> list[AttentionItem]:
    """What needs ``user``'s attention in the harvest register (see ``core.attention``): for the programme team, the
    draft records waiting for validation, counted with the record list's own selector and filter."""
    if not team_programmes(user).exists():
        return []
    count = records_for(user, RecordFilters(todo=TODO_VALIDATE)).count()
    return [AttentionItem(
        key="validate", order=30, count=count,
        text=ngettext("%(count)d record to validate", "%(count)d records to validate", count) % {"count": count},
        url=f"{reverse('research:record-list')}?{urlencode({'todo': TODO_VALIDATE})}")]


def record_filter_choices(user) -> dict:
    """What the list's filters offer: only what the user may see."""
    return {
        "kinds": RecordKind.choices,
        "statuses": RecordStatus.choices,
        "confidentialities": Confidentiality.choices,
        "evidence_levels": EvidenceLevel.choices,
        "experiments": [(str(pk), title) for pk, title in Experiment.objects.visible_to(user).order_by("title")
                        .values_list("pk", "title")],
        "themes": Theme.objects.filter(parent__isnull=False).select_related("parent")
        .order_by("parent__position", "position"),
        "koppelkansen": Koppelkans.objects.visible_to(user).order_by("code"),
        "questions": [(str(pk), title) for pk, title in KnowledgeQuestion.objects.visible_to(user)
                      .order_by("title").values_list("pk", "title")],
    }


# --- The research log ------------------------------------------------------------------------------------------

def research_overview(user) -> QuerySet[Experiment]:
    """The experiments ``user`` may read, by programme and title, each with ``open_questions`` (its open learning
    questions), ``all_cycles`` (by number), ``latest_entries`` (the ``LATEST_ENTRIES`` newest, with author) and
    ``entry_count``, in a fixed number of queries per page."""
    return (
        Experiment.objects.visible_to(user).select_related("programme", "gemeente")
        .prefetch_related(
            Prefetch("learning_questions", to_attr="open_questions",
                     queryset=LearningQuestion.objects.filter(status=LearningQuestionStatus.OPEN)),
            Prefetch("cycles", to_attr="all_cycles", queryset=Cycle.objects.order_by("number")),
            Prefetch("log_entries", to_attr="latest_entries",
                     queryset=LogEntry.objects.select_related("author").order_by("-occurred_on", "-pk")[
                         :LATEST_ENTRIES]),
        ).annotate(entry_count=Count("log_entries", distinct=True)).order_by("programme__name", "title")
    )


@dataclass
class EntryContents:
    """What a log entry's page shows besides the entry: its ``excerpts`` (each with ``code_labels``, sorted) split
    into those still anchored in the text and the ``lost`` ones, its attachments (with uploader), its learning
    questions, and the harvest records citing it or one of its excerpts that the user may read, by title."""

    excerpts: list
    lost: list
    attachments: QuerySet
    questions: QuerySet
    records: QuerySet[HarvestRecord]


def entry_contents(entry: LogEntry, user) -> EntryContents:
    """See ``EntryContents``; ``entry`` is one ``user`` may read (through ``access.get_entry_for_user``)."""
    excerpts = list(entry.excerpts.prefetch_related("codings__code", "codings__coder"))
    for excerpt in excerpts:
        excerpt.code_labels = sorted({coding.code.label for coding in excerpt.codings.all()})
    return EntryContents(
        excerpts=[excerpt for excerpt in excerpts if excerpt.anchor_status != AnchorStatus.LOST],
        lost=[excerpt for excerpt in excerpts if excerpt.anchor_status == AnchorStatus.LOST],
        attachments=entry.attachments.select_related("uploaded_by"),
        questions=entry.learning_questions.all(),
        records=HarvestRecord.objects.visible_to(user).filter(
            Q(evidence_entries=entry) | Q(evidence_excerpts__entry=entry)).distinct().order_by("title"),
    )


# --- One record ------------------------------------------------------------------------------------------------

@dataclass
class EvidenceTrail:
    """The evidence of a record that the user may read, and how many pieces they may not."""

    excerpts: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    hidden: int = 0

    @property
    def total(self) -> int:
        return len(self.excerpts) + len(self.entries) + self.hidden


def evidence_trail(record: HarvestRecord, user) -> EvidenceTrail:
    """Each cited excerpt (with its entry and its codes) and each cited log entry the user may read, oldest
    first; the rest only counted."""
    excerpt_ids = list(record.evidence_excerpts.values_list("pk", flat=True))
    entry_ids = list(record.evidence_entries.values_list("pk", flat=True))
    excerpts = list(
        Excerpt.objects.visible_to(user).filter(pk__in=excerpt_ids)
        .select_related("entry__experiment")
        .prefetch_related(Prefetch("codings", queryset=Coding.objects.select_related("code")))
        .order_by("entry__occurred_on", "entry_id", "start", "pk")
    )
    for excerpt in excerpts:
        codes = {coding.code_id: coding.code for coding in excerpt.codings.all()}
        excerpt.code_list = sorted(codes.values(), key=lambda code: code.label.lower())
    entries = list(LogEntry.objects.visible_to(user).filter(pk__in=entry_ids).select_related("experiment")
                   .order_by("occurred_on", "pk"))
    hidden = len(excerpt_ids) - len(excerpts) + len(entry_ids) - len(entries)
    return EvidenceTrail(excerpts=excerpts, entries=entries, hidden=hidden)


def record_links(record: HarvestRecord, user) -> dict:
    """The records, knowledge questions, koppelkansen, themes and experiments a record links to or is linked from,
    as far as the user may see them."""
    visible = HarvestRecord.objects.visible_to(user)

    def records(queryset):
        return list(queryset.filter(pk__in=visible.values("pk")).order_by("title", "pk"))

    experiments = list(record.experiments.order_by("title"))
    shown_ids = set(shown_experiments(user).filter(pk__in=[e.pk for e in experiments]).values_list("pk", flat=True))
    readable_ids = set(Experiment.objects.visible_to(user).filter(pk__in=shown_ids).values_list("pk", flat=True))
    for experiment in experiments:
        experiment.readable = experiment.pk in readable_ids
    return {
        "responds_to": records(record.responds_to.all()),
        "solutions": records(record.solutions.all()),
        "draws_on": records(record.draws_on.all()),
        "lessons": records(record.lessons.all()),
        "knowledge_questions": list(KnowledgeQuestion.objects.visible_to(user)
                                    .filter(pk__in=record.knowledge_questions.values("pk")).order_by("title")),
        "koppelkansen": list(Koppelkans.objects.visible_to(user).filter(pk__in=record.koppelkansen.values("pk"))),
        "themes": list(record.themes.select_related("parent").order_by("parent__position", "position")),
        "experiments": [experiment for experiment in experiments if experiment.pk in shown_ids],
        "hidden_experiments": len(experiments) - len(shown_ids),
    }


# --- Intervisie ------------------------------------------------------------------------------------------------

def _by_overlap(records: QuerySet[HarvestRecord], *, themes: set[int],
                koppelkansen: set[int]) -> QuerySet[HarvestRecord]:
    """The records sharing at least one theme or koppelkans, the most shared first, annotated with
    ``shared_themes``, ``shared_koppelkansen`` and ``overlap``."""
    if not themes and not koppelkansen:
        return records.none()
    records = HarvestRecord.objects.filter(pk__in=records.values("pk")).select_related("programme")
    records = records.annotate(
        shared_themes=Count("themes", filter=Q(themes__in=themes), distinct=True) if themes else Value(0),
        shared_koppelkansen=(Count("koppelkansen", filter=Q(koppelkansen__in=koppelkansen), distinct=True)
                             if koppelkansen else Value(0)),
    )
    return (records.filter(Q(shared_themes__gt=0) | Q(shared_koppelkansen__gt=0))
            .annotate(overlap=F("shared_themes") + F("shared_koppelkansen"))
            .order_by("-overlap", "-updated_at", "-pk"))


@dataclass
class Intervisie:
    solutions: list
    challenges: list  # related challenges of other experiments, each with .shown_solutions
    insights: list  # related insights, each with .shown_lessons
    themes: list
    koppelkansen: list

    @property
    def lessons(self) -> list:
        seen, lessons = set(), []
        for insight in self.insights:
            for lesson in insight.shown_lessons:
                if lesson.pk not in seen:
                    seen.add(lesson.pk)
                    lessons.append(lesson)
        return lessons


def intervisie(record: HarvestRecord, user) -> Intervisie:
    """For a challenge: what others tried and learned. The solutions that answer it; the challenges of other
    experiments that share a theme or a koppelkans with it, with their solutions; and the lessons drawing on the
    insights that share a theme or koppelkans with it. Ranked by how much they share; only what `user` may read."""
    visible = HarvestRecord.objects.visible_to(user)
    visible_ids = visible.values("pk")
    themes = set(record.themes.values_list("pk", flat=True))
    koppelkansen = set(record.koppelkansen.values_list("pk", flat=True))
    own_experiments = set(record.experiments.values_list("pk", flat=True))

    solutions_of = Prefetch("solutions", to_attr="shown_solutions",
                            queryset=HarvestRecord.objects.filter(pk__in=visible_ids).order_by("title"))
    lessons_of = Prefetch("lessons", to_attr="shown_lessons",
                          queryset=HarvestRecord.objects.filter(pk__in=visible_ids).order_by("title"))

    solutions = list(HarvestRecord.objects.filter(pk__in=visible_ids, kind=RecordKind.SOLUTION, responds_to=record)
                     .order_by("-updated_at", "-pk"))
    challenges = visible.filter(kind=RecordKind.CHALLENGE).exclude(pk=record.pk)
    if own_experiments:
        challenges = challenges.exclude(experiments__in=own_experiments)
    challenges = list(_by_overlap(challenges, themes=themes, koppelkansen=koppelkansen)
                      .prefetch_related(solutions_of, "themes"))
    insights = list(_by_overlap(visible.filter(kind=RecordKind.INSIGHT), themes=themes, koppelkansen=koppelkansen)
                    .prefetch_related(lessons_of, "themes"))
    return Intervisie(
        solutions=solutions, challenges=challenges, insights=insights,
        themes=list(Theme.objects.filter(pk__in=themes)),
        koppelkansen=list(Koppelkans.objects.visible_to(user).filter(pk__in=koppelkansen)),
    )
