from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.models import Participation
from testing.base import BaseTestCase


class ParticipationCreateTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("programme:participation-create", args=[self.experiment.pk])

    def test_editor_adds_organisation(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"organisation": self.corporation.pk, "role": "partner"})
        self.assertRedirects(response, self.experiment.get_absolute_url() + "#participants")
        self.assertEqual(
            set(self.experiment.participations.values_list("organisation__name", "role")),
            {("Gemeente Rotterdam", "trekker"), ("Woonstichting Zuidrand", "partner")},
        )
        event = AuditEvent.objects.for_object(self.experiment).get()
        self.assertEqual((event.action, event.actor), ("create", self.editor))
        self.assertEqual(event.changes["organisation"], [None, "Woonstichting Zuidrand"])

    def test_duplicate_is_refused_with_message(self):
        self.login(self.editor)
        response = self.client.post(self.url, {"organisation": self.gemeente_org.pk, "role": "partner"}, follow=True)
        self.assertContains(response, "Deze organisatie doet al mee aan dit experiment.")
        self.assertEqual(self.experiment.participations.count(), 1)
        self.assertEqual(self.experiment.participations.get().role, "trekker")

    def test_reader_gets_403(self):
        self.login(self.reader)
        response = self.client.post(self.url, {"organisation": self.corporation.pk, "role": "partner"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.experiment.participations.count(), 1)

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        response = self.client.post(self.url, {"organisation": self.corporation.pk, "role": "partner"})
        self.assertEqual(response.status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.post(self.url, {"organisation": self.corporation.pk, "role": "partner"})
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 405)


class ParticipationDeleteTests(BaseTestCase):
    def setUp(self):
        self.participation = self.experiment.participations.get()
        self.url = reverse("programme:participation-delete", args=[self.experiment.pk, self.participation.pk])

    def test_coordinator_removes_participation_and_audit_keeps_it(self):
        self.login(self.coordinator)
        self.client.post(self.url)
        self.assertFalse(Participation.objects.filter(pk=self.participation.pk).exists())
        event = AuditEvent.objects.for_object(self.experiment).get()
        self.assertEqual(event.action, "delete")
        self.assertEqual(event.changes["organisation"], ["Gemeente Rotterdam", None])

    def test_participation_of_another_experiment_is_404(self):
        other = Participation.objects.create(experiment=self.other_experiment, organisation=self.corporation,
                                             role="partner")
        self.login(self.editor)
        url = reverse("programme:participation-delete", args=[self.experiment.pk, other.pk])
        self.assertEqual(self.client.post(url).status_code, 404)
        self.assertTrue(Participation.objects.filter(pk=other.pk).exists())

    def test_reader_gets_403(self):
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(Participation.objects.filter(pk=self.participation.pk).exists())

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.post(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 405)
