"""seed_demo_research: each demo experiment's learning agenda, cycle, log, coded excerpts and harvest records,
idempotent, searchable, with one complete evidence chain."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from dubbelslag.programme.demo import content
from dubbelslag.programme.models import Membership
from dubbelslag.research.demo_content import EXPERIMENTS
from dubbelslag.research.enums import Confidentiality, RecordKind, RecordStatus
from dubbelslag.research.models import (
    Coding,
    Cycle,
    Excerpt,
    HarvestRecord,
    LearningQuestion,
    LogEntry,
    SearchEntry,
    SearchKind,
)
from dubbelslag.research.search import search
from testing.base import make_area, make_experiment, make_programme, make_user

MODELS = [LearningQuestion, Cycle, LogEntry, Excerpt, Coding, HarvestRecord, SearchEntry]


class DemoProgrammeTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The demo programme as seed_demo leaves it (areas kept to one gemeente), with its knowledge questions.
        cls.programme = make_programme(**{key: value for key, value in content.PROGRAMME.items()
                                          if key != "description"}, is_demo=True)
        gemeente = make_area("GM0599", "Rotterdam")
        cls.experiments = {spec["title"]: make_experiment(programme=cls.programme, gemeente=gemeente,
                                                          title=spec["title"]) for spec in content.EXPERIMENTS}
        cls.users = {}
        for email, name, _organisation, role, experiment in content.USERS:
            cls.users[email] = make_user(email, name=name)
            if role:
                Membership.objects.create(user=cls.users[email], programme=cls.programme, role=role,
                                          experiment=cls.experiments.get(experiment))
        with translation.override("en"):
            call_command("seed_demo_labs", stdout=StringIO())
        cls.other_programme = make_programme(name="Echt programma", slug="echt-programma")

    @staticmethod
    def seed() -> str:
        out = StringIO()
        with translation.override("en"):
            call_command("seed_demo_research", stdout=out)
        return out.getvalue()

    def counts(self) -> dict[str, int]:
        return {model.__name__: model.objects.count() for model in MODELS}


class SeededDemoResearchTests(DemoProgrammeTestCase):
    """What one run of the seed leaves; seeded once for the class, since these tests only read it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.seed()

    def test_every_demo_experiment_gets_its_action_research(self):
        self.assertEqual(set(EXPERIMENTS), set(self.experiments))
        for title, experiment in self.experiments.items():
            with self.subTest(experiment=title):
                questions = experiment.learning_questions.all()
                self.assertIn(questions.count(), (2, 3))
                cycle = experiment.cycles.get()
                self.assertTrue(cycle.plan and cycle.act and cycle.observe and cycle.reflect)
                self.assertTrue(cycle.plan_starts_on.year >= 2019 and cycle.ends_on.year <= 2021)
                self.assertLess(cycle.plan_starts_on, cycle.act_starts_on)
                self.assertLess(cycle.observe_starts_on, cycle.reflect_starts_on)
                entries = experiment.log_entries.all()
                self.assertTrue(3 <= entries.count() <= 5)
                self.assertGreaterEqual(len({entry.kind for entry in entries}), 2)
                self.assertTrue(all(entry.cycle == cycle and entry.author for entry in entries))
                excerpts = Excerpt.objects.filter(entry__experiment=experiment)
                self.assertTrue(2 <= excerpts.count() <= 4)
                for excerpt in excerpts:
                    self.assertEqual(excerpt.entry.text[excerpt.start:excerpt.end], excerpt.quote)
                    self.assertTrue(excerpt.codings.exists())
                records = HarvestRecord.objects.filter(experiments=experiment)
                self.assertEqual({record.kind for record in records}, set(RecordKind.values))
                self.assertTrue(all(record.evidence_entries.exists() or record.evidence_excerpts.exists()
                                    for record in records))
                self.assertTrue(records.filter(koppelkansen__isnull=False).exists())
        self.assertTrue(LearningQuestion.objects.filter(knowledge_question__isnull=False).exists())
        self.assertFalse(HarvestRecord.objects.filter(programme=self.other_programme).exists())

    def test_records_in_every_status_and_their_links(self):
        records = HarvestRecord.objects.filter(programme=self.programme)
        self.assertEqual({record.status for record in records}, set(RecordStatus.values))
        for record in records.filter(status=RecordStatus.PUBLISHED):
            self.assertEqual(record.confidentiality, Confidentiality.PUBLIC)
            self.assertIsNotNone(record.published_by)
            self.assertIsNotNone(record.validated_at)
        self.assertTrue(records.filter(status=RecordStatus.VALIDATED, confidentiality=Confidentiality.PROGRAMME)
                        .exists())
        for solution in records.filter(kind=RecordKind.SOLUTION):
            self.assertTrue(solution.responds_to.exists())
            self.assertTrue(all(challenge.kind == RecordKind.CHALLENGE for challenge in solution.responds_to.all()))
        for lesson in records.filter(kind=RecordKind.LESSON):
            self.assertTrue(all(insight.kind == RecordKind.INSIGHT for insight in lesson.draws_on.all()))
        self.assertTrue(records.exclude(outcome="").exclude(social_actor="").exists())
        self.assertTrue(records.exclude(story="").exclude(story_teller_role="").exists())
        self.assertTrue(records.filter(themes__isnull=False).exists())
        self.assertTrue(records.filter(knowledge_questions__isnull=False).exists())

    def test_a_published_lesson_leads_back_to_its_entries(self):
        lesson = HarvestRecord.objects.get(title="Begin het warmtegesprek bij de portemonnee, niet bij de techniek")
        self.assertEqual((lesson.status, lesson.kind), (RecordStatus.PUBLISHED, RecordKind.LESSON))
        insight = lesson.draws_on.get()
        self.assertEqual(insight.kind, RecordKind.INSIGHT)
        excerpts = insight.evidence_excerpts.select_related("entry")
        self.assertGreaterEqual(excerpts.count(), 2)
        for excerpt in excerpts:
            self.assertEqual(excerpt.entry.experiment.title, "Huiskamer Aardgasvrij Pendrecht")
            self.assertIn(excerpt.quote, excerpt.entry.text)
        self.assertTrue(lesson.evidence_excerpts.exists())

    def test_owned_by_the_demo_users(self):
        demo_users = set(self.users.values())
        self.assertTrue(all(entry.author in demo_users for entry in LogEntry.objects.all()))
        self.assertTrue(all(record.created_by in demo_users for record in HarvestRecord.objects.all()))
        editor = self.users["redacteur@demo.dubbelslag.nl"]
        self.assertEqual({entry.author for entry in LogEntry.objects.filter(
            experiment__title="Huiskamer Aardgasvrij Pendrecht")}, {editor})

    def test_the_demo_is_searchable_within_access(self):
        self.assertEqual(SearchEntry.objects.filter(kind=SearchKind.ENTRY).count(), LogEntry.objects.count())
        self.assertEqual(SearchEntry.objects.filter(kind=SearchKind.RECORD).count(), HarvestRecord.objects.count())
        researcher = self.users["onderzoeker@demo.dubbelslag.nl"]
        editor = self.users["redacteur@demo.dubbelslag.nl"]
        outsider = self.users["buitenstaander@demo.dubbelslag.nl"]
        self.assertTrue(any(hit.kind == "entry" for hit in search(researcher, "warmtenet", limit=50).hits))
        editor_hits = search(editor, "warmtenet", limit=50).hits
        pendrecht = self.experiments["Huiskamer Aardgasvrij Pendrecht"].pk
        self.assertTrue(all(hit.experiment_id == pendrecht for hit in editor_hits if hit.kind == "entry"))
        outsider_hits = search(outsider, "warmtenet", limit=50).hits
        self.assertTrue(outsider_hits)
        self.assertTrue(all(hit.kind == "record" and hit.status == RecordStatus.PUBLISHED for hit in outsider_hits))


class SeedDemoResearchTests(DemoProgrammeTestCase):
    """Running the seed itself: from nothing, twice, and without the demo programme."""

    def test_is_idempotent(self):
        first_output = self.seed()
        self.assertIn("harvest records: 28", first_output)
        before = self.counts()
        second_output = self.seed()
        self.assertEqual(self.counts(), before)
        self.assertIn("added nothing", second_output)

    def test_without_the_demo_programme_it_does_nothing(self):
        self.programme.is_demo = False
        self.programme.save()
        output = self.seed()
        self.assertFalse(LogEntry.objects.exists())
        self.assertIn("seed_demo", output)


class RebuildSearchIndexTests(TestCase):
    def test_rebuilds_from_the_rows(self):
        programme = make_programme()
        experiment = make_experiment(programme=programme, gemeente=make_area("GM0599", "Rotterdam"))
        entry = LogEntry.objects.create(experiment=experiment, title="Huiskamer", text="Over de zonneboiler.")
        SearchEntry.objects.create(kind=SearchKind.ENTRY, object_id=999, programme=programme, title="Weg",
                                   body="Verouderd")
        out = StringIO()
        with translation.override("en"):
            call_command("rebuild_search_index", stdout=out)
        self.assertIn("1 log entries and records", out.getvalue())
        self.assertEqual(list(SearchEntry.objects.values_list("kind", "object_id")), [("entry", entry.pk)])
        admin = make_user("admin@example.org", is_superuser=True)
        self.assertEqual([hit.object_id for hit in search(admin, "zonneboiler").hits], [entry.pk])
        self.assertEqual(search(admin, "verouderd").hits, [])
