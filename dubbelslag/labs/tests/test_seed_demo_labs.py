"""seed_demo_labs: the demo programme's sessions and questions, built through the services, idempotent."""

from datetime import date
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone, translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import (
    Action,
    AgendaItem,
    DeepDive,
    KnowledgeLab,
    KnowledgeQuestion,
    Registration,
    WorkingGroup,
    WorkingGroupMeeting,
)
from dubbelslag.programme.demo import content
from dubbelslag.programme.enums import ThemeKind
from dubbelslag.programme.models import Membership, Theme
from testing.base import make_area, make_experiment, make_programme, make_user

MODELS = [KnowledgeLab, AgendaItem, Registration, Action, WorkingGroup, WorkingGroupMeeting, DeepDive,
          KnowledgeQuestion, AuditEvent]


class SeedDemoLabsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The demo programme as seed_demo leaves it: its experiments and its people (areas kept to one gemeente).
        cls.programme = make_programme(**{key: value for key, value in content.PROGRAMME.items()
                                          if key != "description"}, is_demo=True)
        gemeente = make_area("GM0599", "Rotterdam")
        experiments = {spec["title"]: make_experiment(programme=cls.programme, gemeente=gemeente, title=spec["title"])
                       for spec in content.EXPERIMENTS}
        for email, name, _organisation, role, experiment in content.USERS:
            user = make_user(email, name=name)
            if role:
                Membership.objects.create(user=user, programme=cls.programme, role=role,
                                          experiment=experiments.get(experiment))
        cls.other_programme = make_programme(name="Echt programma", slug="echt-programma")

    def seed(self) -> str:
        out = StringIO()
        with translation.override("en"):
            call_command("seed_demo_labs", stdout=out)
        return out.getvalue()

    def counts(self) -> dict[str, int]:
        return {model.__name__: model.objects.count() for model in MODELS}

    def test_builds_the_demo_sessions(self):
        self.seed()
        # The quarterly series, all past (the single upcoming lab, number 13, is checked below).
        labs = list(KnowledgeLab.objects.filter(programme=self.programme, number__lte=12).order_by("number"))
        self.assertEqual([lab.number for lab in labs], list(range(1, 13)))
        self.assertEqual({(lab.starts_at.year, (lab.starts_at.month - 1) // 3 + 1) for lab in labs},
                         {(year, quarter) for year in (2019, 2020, 2021) for quarter in (1, 2, 3, 4)})
        self.assertTrue(all(lab.is_past and lab.minutes and lab.outcomes and lab.themes.exists() for lab in labs))
        self.assertEqual(labs[0].title, "Kennislab 1: Aftrap – de dubbelslag in achttien wijken")
        self.assertTrue(all(lab.agenda_items.count() >= 2 for lab in labs))
        self.assertTrue(all(lab.location or lab.online_url for lab in labs))
        self.assertFalse(KnowledgeLab.objects.filter(programme=self.other_programme).exists())

        # One single lab still to come, with two people registered and an open question on its agenda, so the
        # coordinator's dashboard has a next lab.
        upcoming = KnowledgeLab.objects.get(programme=self.programme, number=13)
        self.assertEqual(upcoming.title, "Kennislab extra: wat blijft er na het programma?")
        self.assertFalse(upcoming.is_past or upcoming.is_cancelled)
        self.assertEqual(upcoming.registrations.count(), 2)
        # Its two agenda items, and the one the question was put on the agenda with.
        self.assertEqual(upcoming.agenda_items.count(), 3)
        self.assertEqual([q.status for q in upcoming.assigned_questions.all()], [QuestionStatus.ASSIGNED])

        registrations = Registration.objects.filter(lab__programme=self.programme)
        self.assertGreater(registrations.filter(attended=True).count(), 20)
        self.assertTrue(registrations.filter(attended=False).exists())
        self.assertTrue(registrations.filter(attended=None).exists())

        groups = {group.name: group for group in WorkingGroup.objects.filter(programme=self.programme)}
        self.assertEqual(set(groups), {"Sociaal eigenaarschap en bewonersparticipatie",
                                       "Koppelkansen energiearmoede en schulden"})
        for group in groups.values():
            self.assertIsNotNone(group.chair)
            self.assertGreaterEqual(group.members.count(), 2)
            self.assertEqual(group.meetings.count(), 1)
            self.assertTrue(group.meetings.get().minutes)
        deep_dive = DeepDive.objects.get(programme=self.programme)
        self.assertEqual(deep_dive.topic, "Instemmingspercentage 70% bij renovatie")
        self.assertTrue(deep_dive.presenter and deep_dive.report)

        actions = Action.objects.filter(programme=self.programme)
        self.assertEqual({action.status for action in actions}, {"open", "done", "cancelled"})
        self.assertTrue(actions.filter(lab__isnull=False).exists())
        self.assertTrue(actions.filter(meeting__isnull=False).exists())
        self.assertTrue(actions.filter(deep_dive__isnull=False).exists())
        self.assertEqual(len(mail.outbox), 0)

    def test_questions_in_every_state(self):
        self.seed()
        questions = KnowledgeQuestion.objects.filter(programme=self.programme)
        self.assertEqual({question.status for question in questions}, set(QuestionStatus.values))
        # The four standing questions, for the whole programme, each with its theme.
        for theme in Theme.objects.filter(kind=ThemeKind.STANDING_QUESTION):
            question = questions.get(title=theme.description_nl)
            self.assertIsNone(question.experiment)
            self.assertEqual(list(question.themes.all()), [theme])
        experiment_questions = questions.filter(experiment__isnull=False)
        self.assertGreaterEqual(experiment_questions.count(), 5)
        self.assertGreaterEqual(len({question.experiment_id for question in experiment_questions}), 5)
        self.assertTrue(questions.filter(status=QuestionStatus.ASSIGNED, assigned_lab__isnull=False).exists())
        self.assertTrue(questions.filter(status=QuestionStatus.ASSIGNED, assigned_group__isnull=False).exists())
        self.assertTrue(questions.filter(assigned_deep_dive__isnull=False, status=QuestionStatus.ANSWERED).exists())
        for question in questions.filter(status__in=[QuestionStatus.ANSWERED, QuestionStatus.CLOSED]):
            self.assertTrue(question.answer_summary)
            self.assertIn(question.answered_at.year, (2020, 2021))
        merged = questions.get(status=QuestionStatus.MERGED)
        self.assertEqual(merged.duplicate_of.status, QuestionStatus.RAISED)
        # A question assigned to a lab is on that lab's agenda.
        for question in questions.filter(assigned_lab__isnull=False):
            self.assertTrue(AgendaItem.objects.filter(lab=question.assigned_lab, questions=question).exists())
        # The story's dates, and each question's path in the audit trail.
        self.assertTrue(all(date(2019, 1, 1) <= timezone.localdate(question.raised_at) <= date(2021, 12, 31)
                            for question in questions))
        answered = questions.get(status=QuestionStatus.CLOSED)
        self.assertEqual([event.note for event in AuditEvent.objects.for_object(answered).order_by("pk")
                          if event.note in {"raise", "triage", "assign", "answer", "close"}],
                         ["raise", "triage", "assign", "answer", "close"])
        self.assertEqual(len(mail.outbox), 0)

    def test_is_idempotent(self):
        first_output = self.seed()
        self.assertIn("Kennislabs: 13", first_output)
        before = self.counts()
        second_output = self.seed()
        self.assertEqual(self.counts(), before)
        self.assertIn("added nothing", second_output)

    def test_gives_the_coordinator_something_on_every_line_of_the_dashboard(self):
        from dubbelslag.accounts.models import User
        from dubbelslag.core.attention import attention_for
        from dubbelslag.labs.demo import COORDINATOR

        self.seed()
        items = {item.key: item for item in attention_for(User.objects.get(email=COORDINATOR))}
        # The records and product versions come from seed_demo_research and seed_demo_publications (their tests).
        self.assertEqual(items["next-lab"].title, "Kennislab extra: wat blijft er na het programma?")
        self.assertEqual(items["next-lab"].count, 1)
        self.assertGreaterEqual(items["triage"].count, 1)
        self.assertGreaterEqual(items["overdue"].count, 1)

    def test_without_the_demo_programme_it_does_nothing(self):
        self.programme.is_demo = False
        self.programme.save()
        output = self.seed()
        self.assertFalse(KnowledgeLab.objects.exists())
        self.assertIn("seed_demo", output)
