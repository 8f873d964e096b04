"""The services the admin saves programmes and people's roles through (no page offers them)."""

from datetime import date

from django.core.exceptions import ValidationError

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.programme import services
from dubbelslag.programme.models import Membership, Programme
from testing.base import BaseTestCase, make_user


class UpdateProgrammeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", is_staff=True, is_superuser=True)

    def test_a_change_is_saved_and_recorded(self):
        services.update_programme(self.programme, by=self.operator, end_date=date(2022, 6, 30),
                                  organisers=[self.institute])
        self.programme.refresh_from_db()
        self.assertEqual((self.programme.end_date, set(self.programme.organisers.all())),
                         (date(2022, 6, 30), {self.institute}))
        event = AuditEvent.objects.get()
        self.assertEqual((event.action, event.actor, event.changes), (AuditAction.CHANGE, self.operator, {
            "end_date": ["2021-12-31", "2022-06-30"], "organisers": [[], ["Kennisinstituut"]]}))

    def test_no_change_records_nothing(self):
        services.update_programme(self.programme, by=self.operator, name=self.programme.name)
        self.assertFalse(AuditEvent.objects.exists())

    def test_the_slug_is_fixed(self):
        with self.assertRaises(TypeError):
            services.update_programme(self.programme, by=self.operator, slug="ander-adres")
        self.assertEqual(Programme.objects.get(pk=self.programme.pk).slug, "kwetsbare-wijken")

    def test_an_end_before_the_start_is_refused_and_nothing_written(self):
        with self.assertRaises(ValidationError):
            services.update_programme(self.programme, by=self.operator, end_date=date(2018, 12, 31),
                                      organisers=[self.institute])
        self.programme.refresh_from_db()
        self.assertEqual((self.programme.end_date, list(self.programme.organisers.all())), (date(2021, 12, 31), []))
        self.assertFalse(AuditEvent.objects.exists())


class RevokeMembershipTests(BaseTestCase):
    def test_the_role_is_gone_and_recorded_under_its_experiment(self):
        membership = Membership.objects.get(user=self.reader)
        pk = membership.pk
        services.revoke_membership(membership, by=self.coordinator)
        self.assertFalse(Membership.objects.filter(user=self.reader).exists())
        event = AuditEvent.objects.get()
        self.assertEqual((event.action, event.actor, event.object_id, event.parent_object_id),
                         (AuditAction.DELETE, self.coordinator, str(pk), str(self.experiment.pk)))
        self.assertEqual(event.changes["role"], ["meelezer van het experiment", None])

    def test_a_programme_role_is_recorded_under_the_programme(self):
        membership = Membership.objects.get(user=self.researcher)
        services.revoke_membership(membership, by=self.coordinator)
        self.assertEqual(AuditEvent.objects.get().parent_object_id, str(self.programme.pk))
