"""The demo programme's action research: for each demo experiment a learning agenda, one cycle, log entries with
coded excerpts, and harvest records of every kind (``seed_demo_research``).

Rows are written with the ORM in one transaction, owned by the demo users; the search index is brought up to date at
the end. Running it again changes nothing: everything is looked up first (learning questions by their text, the
cycle by its number, entries and records by their title, excerpts by their quote). The texts are in
``demo_content.py``.

One chain is complete on purpose, so the demo shows that a lesson can be followed back to what it rests on: the
Pendrecht lesson draws on an insight whose excerpts sit in log entries (lesson → insight → excerpts → entries).
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from dubbelslag.accounts.models import User
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment, Programme, Theme

from .demo_content import (
    COORDINATOR,
    EDITOR,
    EXPERIMENTS,
    PROGRAMME_SLUG,
    RECORDS,
    RESEARCHER,
    EntrySpec,
    ExperimentSpec,
    RecordSpec,
)
from .enums import RecordKind, RecordStatus
from .models import Code, Coding, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo
from .services.excerpts import span_for
from .services.search_index import index_entry, index_record

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


class Seeder:
    """Loads the data above into the demo programme; ``run`` returns what it created, per kind."""

    def __init__(self, programme: Programme):
        self.programme = programme
        self.users = {user.email: user for user in User.objects.filter(email__in=[COORDINATOR, RESEARCHER, EDITOR])}
        self.experiments = {experiment.title: experiment for experiment in programme.experiments.all()}
        self.codes = {code.theme.slug: code for code in Code.objects.filter(theme__isnull=False, is_codable=True)
                      .select_related("theme")}
        self.entries: dict[str, LogEntry] = {}
        self.excerpts: dict[str, Excerpt] = {}
        self.records: dict[str, HarvestRecord] = {}
        self.created: dict[str, int] = {}

    def count(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1

    def run(self) -> dict[str, int]:
        for title, spec in EXPERIMENTS.items():
            experiment = self.experiments.get(title)
            if experiment is not None:
                self.experiment(experiment, spec)
        for spec in RECORDS:
            if spec.experiment in self.experiments:
                self.record(spec)
        for spec in RECORDS:
            if spec.title in self.records:
                self.link_records(spec)
        self.memos()
        for entry in self.entries.values():
            index_entry(entry)
        for record in self.records.values():
            index_record(record)
        return self.created

    def knowledge_question(self, reference) -> KnowledgeQuestion | None:
        return find_knowledge_question(self.programme, reference)

    def experiment(self, experiment: Experiment, spec: ExperimentSpec) -> None:
        author = self.users.get(spec.author) or self.users.get(RESEARCHER)
        questions = []
        for position, (text, reference) in enumerate(spec.questions):
            question = LearningQuestion.objects.filter(experiment=experiment, question=text).first()
            if question is None:
                question = LearningQuestion.objects.create(
                    experiment=experiment, question=text, position=position, opened_on=spec.cycle.dates[0],
                    knowledge_question=self.knowledge_question(reference), created_by=author)
                self.count("learning questions")
            questions.append(question)
        cycle = Cycle.objects.filter(experiment=experiment, number=1).first()
        if cycle is None:
            plan, act, observe, reflect, ends = spec.cycle.dates
            cycle = Cycle.objects.create(
                experiment=experiment, number=1, title=spec.cycle.title, plan=spec.cycle.plan, act=spec.cycle.act,
                observe=spec.cycle.observe, reflect=spec.cycle.reflect, plan_starts_on=plan, act_starts_on=act,
                observe_starts_on=observe, reflect_starts_on=reflect, ends_on=ends, created_by=author)
            cycle.learning_questions.set(questions)
            self.count("cycles")
        for number, entry_spec in enumerate(spec.entries):
            self.entry(experiment, entry_spec, author=author, cycle=cycle,
                       questions=[questions[number % len(questions)]])

    def entry(self, experiment: Experiment, spec: EntrySpec, *, author, cycle, questions) -> None:
        entry = LogEntry.objects.filter(experiment=experiment, title=spec.title).first()
        if entry is None:
            entry = LogEntry.objects.create(
                experiment=experiment, cycle=cycle, kind=spec.kind, title=spec.title, occurred_on=spec.day,
                author=author, text=spec.text, consent=spec.consent)
            entry.learning_questions.set(questions)
            self.count("log entries")
        self.entries[spec.title] = entry
        coder = self.users.get(RESEARCHER) or author
        for quote, slugs in spec.excerpts:
            excerpt = entry.excerpts.filter(quote=quote).first()
            if excerpt is None:
                anchor = span_for(entry, quote=quote)
                excerpt = Excerpt.objects.create(
                    entry=entry, start=anchor.start, end=anchor.end, quote=anchor.quote, prefix=anchor.prefix,
                    suffix=anchor.suffix, anchor_status=anchor.status, created_by=coder, created_at=at(spec.day, 17))
                self.count("excerpts")
            self.excerpts[quote] = excerpt
            for slug in slugs:
                code = self.codes.get(slug)
                if code is None:
                    continue
                _coding, created = Coding.objects.get_or_create(
                    excerpt=excerpt, code=code, coder=coder, defaults={"coded_at": at(spec.day, 17)})
                if created:
                    self.count("codings")

    def record(self, spec: RecordSpec) -> None:
        record = HarvestRecord.objects.filter(programme=self.programme, title=spec.title).first()
        researcher, coordinator = self.users.get(RESEARCHER), self.users.get(COORDINATOR)
        if record is None:
            validated = spec.status in (RecordStatus.VALIDATED, RecordStatus.PUBLISHED)
            published = spec.status == RecordStatus.PUBLISHED
            record = HarvestRecord.objects.create(
                programme=self.programme, kind=spec.kind, title=spec.title, summary=spec.summary, status=spec.status,
                confidentiality=spec.confidentiality, evidence_level=spec.evidence_level, confidence=spec.confidence,
                created_by=researcher,
                validated_by=researcher if validated else None, validated_at=at(spec.day) if validated else None,
                published_by=coordinator if published else None, published_at=at(spec.day, 15) if published else None,
                **spec.fields)
            record.experiments.set([self.experiments[spec.experiment]])
            record.themes.set(Theme.objects.filter(slug__in=spec.themes))
            record.koppelkansen.set(Koppelkans.objects.filter(code__in=spec.koppelkansen))
            record.knowledge_questions.set(
                [question for question in map(self.knowledge_question, spec.knowledge_questions) if question])
            record.evidence_entries.set([self.entries[title] for title in spec.entries if title in self.entries])
            record.evidence_excerpts.set([self.excerpts[quote] for quote in spec.excerpts if quote in self.excerpts])
            self.count("records")
        self.records[spec.title] = record

    def memos(self) -> None:
        """A few analytic memos, as researchers leave them: on a code, on an excerpt and on a lesson."""
        researcher = self.users.get(RESEARCHER)
        targets = [
            (self.codes.get("draagvlak-betrokkenheid-vertrouwen"), "Definitie aangescherpt",
             "Alleen coderen als bewoners zelf iets zeggen of doen dat op vertrouwen wijst, niet als een professional "
             "het over bewoners zegt."),
            (next(iter(self.excerpts.values()), None), "Terugkerend patroon",
             "Ditzelfde zien we in Palenstein en Overvecht: geld is de ingang, aardgasvrij komt later. Vergelijken "
             "in het volgende Kennislab."),
            (next((record for record in self.records.values() if record.kind == RecordKind.LESSON), None),
             "Onderbouwing nog dun", "Twee experimenten; de derde bevestiging komt uit de schuldhulpdata van 2021."),
        ]
        for target, title, text in targets:
            if target is None:
                continue
            content_type = ContentType.objects.get_for_model(target)
            if not Memo.objects.filter(content_type=content_type, object_id=target.pk, title=title).exists():
                Memo.objects.create(content_type=content_type, object_id=target.pk, author=researcher, title=title,
                                    text=text)
                self.count("memos")

    def link_records(self, spec: RecordSpec) -> None:
        record = self.records[spec.title]
        challenges = [self.records[title] for title in spec.responds_to if title in self.records]
        insights = [self.records[title] for title in spec.draws_on if title in self.records]
        if challenges and not record.responds_to.exists():
            record.responds_to.set(challenges)
        if insights and not record.draws_on.exists():
            record.draws_on.set(insights)


@transaction.atomic
def seed_demo_research() -> dict[str, int] | None:
    """Load the demo programme's action research; None when there is no demo programme (run ``seed_demo``)."""
    programme = Programme.objects.filter(slug=PROGRAMME_SLUG, is_demo=True).first()
    if programme is None:
        return None
    return Seeder(programme).run()


def find_knowledge_question(programme: Programme, reference) -> KnowledgeQuestion | None:
    """The demo's knowledge question for a reference: ("standing", theme slug) for one of the four standing
    questions, ("title", title) for another; None when absent (the labs demo was not seeded)."""
    if reference is None:
        return None
    how, value = reference
    if how == "standing":
        theme = Theme.objects.filter(slug=value).first()
        titles = [theme.description_nl, theme.name_nl] if theme else []
    else:
        titles = [value]
    return KnowledgeQuestion.objects.filter(programme=programme, title__in=titles).first()
