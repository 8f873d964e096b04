import io

from django.core.management import call_command
from django.test import TestCase

from dubbelslag.core.models import AuditEvent
from dubbelslag.koppelkansen.demo import ADOPTIONS
from dubbelslag.koppelkansen.models import Adoption


class SeedDemoAdoptionsTests(TestCase):
    def test_seed_demo_lets_the_experiments_take_up_their_koppelkansen_once(self):
        call_command("seed_demo", stdout=io.StringIO())
        adopted = set(Adoption.objects.values_list("experiment__title", "koppelkans__code"))
        self.assertEqual(adopted, {(title, code) for title, code, _note in ADOPTIONS})
        pendrecht = Adoption.objects.get(experiment__title="Huiskamer Aardgasvrij Pendrecht", koppelkans__code="K08")
        self.assertIn("huiskamer", pendrecht.note)
        # Each adoption is in the audit trail, like one made on the page.
        self.assertEqual(AuditEvent.objects.filter(object_repr__contains="K08").count(), 1)

        audit_rows = AuditEvent.objects.count()
        call_command("seed_demo", stdout=io.StringIO())
        self.assertEqual(Adoption.objects.count(), len(ADOPTIONS))
        self.assertEqual(AuditEvent.objects.count(), audit_rows)
