"""The services the admin saves organisations through (no page creates or changes them)."""

from django.core.exceptions import ValidationError

from dubbelslag.accounts import services
from dubbelslag.accounts.models import Organisation
from dubbelslag.core.models import AuditAction, AuditEvent
from testing.base import BaseTestCase


class UpdateOrganisationTests(BaseTestCase):
    def test_a_change_is_saved_and_recorded_and_the_slug_kept(self):
        services.update_organisation(self.corporation, by=self.coordinator, name="Woonstichting Zuid",
                                     website="https://zuid.example.org")
        self.corporation.refresh_from_db()
        self.assertEqual((self.corporation.name, self.corporation.slug), ("Woonstichting Zuid",
                                                                          "woonstichting-zuidrand"))
        event = AuditEvent.objects.get()
        self.assertEqual((event.action, event.actor, event.changes), (AuditAction.CHANGE, self.coordinator, {
            "name": ["Woonstichting Zuidrand", "Woonstichting Zuid"], "website": ["", "https://zuid.example.org"]}))

    def test_the_slug_and_demo_flag_are_not_changed_here(self):
        for field, value in [("slug", "elders"), ("is_demo", True)]:
            with self.subTest(field=field), self.assertRaises(TypeError):
                services.update_organisation(self.corporation, by=self.coordinator, **{field: value})
        self.assertEqual(Organisation.objects.get(pk=self.corporation.pk).slug, "woonstichting-zuidrand")

    def test_an_invalid_change_is_refused_and_nothing_written(self):
        with self.assertRaises(ValidationError):
            services.update_organisation(self.corporation, by=self.coordinator, website="geen adres")
        self.assertEqual(Organisation.objects.get(pk=self.corporation.pk).website, "")
        self.assertFalse(AuditEvent.objects.exists())
