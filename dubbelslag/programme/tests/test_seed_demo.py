import io

from django.core.management import call_command
from django.test import TestCase

from dubbelslag.accounts.enums import OrganisationType
from dubbelslag.accounts.models import Organisation, User
from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.models import Experiment, Membership, Participation, Programme


class SeedDemoTests(TestCase):
    """The demo is seeded once for the class (a few seconds); each test reads it, and the idempotency test seeds it
    a second time on top."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=io.StringIO())

    def counts(self):
        return [model.objects.count() for model in
                (Programme, Experiment, Organisation, User, Membership, Participation, AuditEvent)]

    def test_seed_builds_the_demo_and_is_idempotent(self):
        first = self.counts()
        call_command("seed_demo", stdout=io.StringIO())
        self.assertEqual(self.counts(), first)

        programme = Programme.objects.get()
        self.assertTrue(programme.is_demo)
        self.assertEqual((programme.start_date.year, programme.end_date.year), (2019, 2021))
        self.assertGreaterEqual(programme.experiments.count(), 6)
        for experiment in programme.experiments.all():
            self.assertEqual(experiment.gemeente.level, "gemeente")
            self.assertTrue(experiment.focus_areas.exists(), experiment.title)
            self.assertTrue(all(area.gemeente_code == experiment.gemeente.code
                                for area in experiment.focus_areas.all()))
        self.assertEqual(set(Organisation.objects.values_list("type", flat=True)), set(OrganisationType.values))
        self.assertTrue(all(Organisation.objects.values_list("is_demo", flat=True)))
        self.assertEqual(set(Membership.objects.values_list("role", flat=True)),
                         {"coordinator", "researcher", "editor", "reader"})

    def test_demo_logins_work(self):
        from dubbelslag.programme.demo.content import PASSWORD, USERS

        for email, *_rest in USERS:
            with self.subTest(email=email):
                self.assertTrue(self.client.login(username=email, password=PASSWORD))
