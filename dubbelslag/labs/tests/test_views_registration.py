"""Registering for a Kennislab and recording attendance afterwards."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.models import Registration
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import in_days, make_lab


class RegisterTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, starts_at=in_days(10))
        self.url = reverse("labs:lab-register", args=[self.lab.pk])

    def test_register_and_unregister(self):
        self.login(self.reader)
        response = self.client.post(self.url)
        self.assertRedirects(response, self.lab.get_absolute_url() + "#registrations")
        self.assertEqual(list(Registration.objects.values_list("user", flat=True)), [self.reader.pk])
        self.client.post(self.url)  # twice changes nothing
        self.assertEqual(Registration.objects.count(), 1)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.lab.get_absolute_url())
        self.assertContains(response, "You are registered.")
        self.assertContains(response, "Lars Lezer")
        self.client.post(self.url, {"action": "unregister"})
        self.assertFalse(Registration.objects.exists())
        self.assertEqual([e.action for e in AuditEvent.objects.for_object(self.lab).order_by("pk")],
                         ["create", "delete"])

    def test_past_lab_refused_with_message(self):
        past = make_lab(programme=self.programme, number=2, starts_at=in_days(-10))
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(reverse("labs:lab-register", args=[past.pk]), follow=True)
        self.assertContains(response, "registration is closed")
        self.assertFalse(Registration.objects.exists())
        self.assertNotContains(response, "Register for this Kennislab")

    def test_grid(self):
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertFalse(Registration.objects.exists())
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.login(self.reader)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertFalse(Registration.objects.exists())
        with self.assertRaises(PermissionDenied):
            services.register_for_lab(self.lab, user=self.outsider)


class AttendanceTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme, starts_at=in_days(-2))
        self.first = Registration.objects.create(lab=self.lab, user=self.reader)
        self.second = Registration.objects.create(lab=self.lab, user=self.editor)
        self.url = reverse("labs:lab-attendance", args=[self.lab.pk])

    def test_coordinator_records_attendance(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(len(response.context["form"].rows()), 2)
        response = self.client.post(self.url, {f"attended_{self.first.pk}": "yes",
                                               f"attended_{self.second.pk}": "no"})
        self.assertRedirects(response, self.lab.get_absolute_url() + "#registrations")
        self.assertEqual(dict(Registration.objects.values_list("user", "attended")),
                         {self.reader.pk: True, self.editor.pk: False})
        self.assertEqual(AuditEvent.objects.filter(parent_object_id=str(self.lab.pk), action="change").count(), 2)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.lab.get_absolute_url())
        self.assertContains(response, '<span class="attendance-yes">attended</span>', html=True)
        # Back to unknown.
        self.client.post(self.url, {f"attended_{self.first.pk}": "", f"attended_{self.second.pk}": "no"})
        self.first.refresh_from_db()
        self.assertIsNone(self.first.attended)

    def test_bad_value_and_future_lab_save_nothing(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {f"attended_{self.first.pk}": "maybe"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        future = make_lab(programme=self.programme, number=2, starts_at=in_days(5))
        registration = Registration.objects.create(lab=future, user=self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(reverse("labs:lab-attendance", args=[future.pk]),
                                    {f"attended_{registration.pk}": "yes"})
        self.assertContains(response, "once the Kennislab has started")
        self.assertEqual(set(Registration.objects.values_list("attended", flat=True)), {None})
        with self.assertRaises(ValidationError):
            services.record_attendance(self.lab, by=self.coordinator, attendance={registration.pk: True})

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {f"attended_{self.first.pk}": "yes"}).status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
        self.assertEqual(set(Registration.objects.values_list("attended", flat=True)), {None})
