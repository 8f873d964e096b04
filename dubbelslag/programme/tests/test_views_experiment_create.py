from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.programme.models import Experiment
from testing.base import BaseTestCase


class ExperimentCreateTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("programme:experiment-create", args=[self.programme.slug])

    def data(self, **overrides):
        data = {"title": "Energiefixers Palenstein", "gemeente_code": "gm0637", "focus_codes": "WK063703",
                "summary": "Bewoners helpen buren.", "phase": "verkennen", "start_date": "2020-01-01"}
        data.update(overrides)
        return data

    def test_coordinator_creates_experiment(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data())
        experiment = Experiment.objects.get(title="Energiefixers Palenstein")
        self.assertRedirects(response, experiment.get_absolute_url())
        self.assertEqual(experiment.gemeente, self.zoetermeer)
        self.assertEqual(list(experiment.focus_areas.all()), [self.palenstein])
        self.assertEqual(experiment.programme, self.programme)
        event = AuditEvent.objects.for_object(experiment).get()
        self.assertEqual((event.action, event.actor), ("create", self.coordinator))
        self.assertEqual(event.changes["title"], [None, "Energiefixers Palenstein"])

    def test_form_offers_gemeente_codes(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, '<option value="GM0599">Rotterdam</option>', html=True)

    def test_invalid_input_creates_nothing(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(gemeente_code="GM0000", summary=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "GM0000")
        self.assertFalse(Experiment.objects.filter(title="Energiefixers Palenstein").exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_editor_researcher_reader_outsider_get_403(self):
        for user in [self.editor, self.researcher, self.reader, self.outsider]:
            with self.subTest(user=user.email):
                self.login(user)
                self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertFalse(Experiment.objects.filter(title="Energiefixers Palenstein").exists())

    def test_unknown_programme_is_404(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("programme:experiment-create", args=["nope"])).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
