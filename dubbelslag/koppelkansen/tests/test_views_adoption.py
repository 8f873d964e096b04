from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.koppelkansen import services
from dubbelslag.koppelkansen.models import Adoption, Koppelkans
from testing.base import BaseTestCase


class AdoptionCreateTests(BaseTestCase):
    def setUp(self):
        self.koppelkans = Koppelkans.objects.get(code="K08")
        self.url = reverse("koppelkansen:adoption-create", args=["K08"])

    def post(self, experiment=None, note="Huiskamer in de wijk"):
        return self.client.post(self.url, {"experiment": (experiment or self.experiment).pk, "note": note})

    def test_editor_adopts_for_their_experiment_and_audit_records_it(self):
        self.login(self.editor)
        response = self.post()
        self.assertRedirects(response, self.koppelkans.get_absolute_url() + "#adoptions")
        adoption = Adoption.objects.get()
        self.assertEqual((adoption.experiment, adoption.koppelkans, adoption.note, adoption.adopted_by),
                         (self.experiment, self.koppelkans, "Huiskamer in de wijk", self.editor))
        event = AuditEvent.objects.for_object(self.experiment).get()
        self.assertEqual((event.action, event.actor), ("create", self.editor))
        self.assertEqual(event.changes["note"], [None, "Huiskamer in de wijk"])

    def test_coordinator_adopts_for_any_experiment(self):
        self.login(self.coordinator)
        self.post(self.other_experiment)
        self.assertEqual(list(Adoption.objects.values_list("experiment__title", flat=True)),
                         ["Verhalen ophalen in Palenstein"])

    def test_editor_of_another_experiment_gets_404(self):
        self.login(self.editor)
        self.assertEqual(self.post(self.other_experiment).status_code, 404)
        self.assertFalse(Adoption.objects.exists())

    def test_reader_and_researcher_get_403(self):
        for user in (self.reader, self.researcher):
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.post().status_code, 403)
        self.assertFalse(Adoption.objects.exists())

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.post().status_code, 404)
        self.assertFalse(Adoption.objects.exists())

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.post(), reverse("accounts:login") + "?next=" + self.url)
        self.assertFalse(Adoption.objects.exists())

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_unknown_koppelkans_is_404(self):
        self.login(self.editor)
        url = reverse("koppelkansen:adoption-create", args=["K99"])
        self.assertEqual(self.client.post(url, {"experiment": self.experiment.pk}).status_code, 404)

    def test_switched_off_koppelkans_is_404(self):
        Koppelkans.objects.filter(code="K08").update(is_active=False)
        self.login(self.editor)
        self.assertEqual(self.post().status_code, 404)

    def test_missing_experiment_gives_a_message_and_saves_nothing(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.editor)
        response = self.client.post(self.url, {"experiment": "abc"}, follow=True)
        self.assertContains(response, "Choose one of your experiments.")
        self.assertFalse(Adoption.objects.exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_adopting_twice_gives_a_message(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.editor)
        self.post()
        response = self.client.post(self.url, {"experiment": self.experiment.pk, "note": "Nog eens"}, follow=True)
        self.assertContains(response, "This experiment has already adopted this coupling opportunity.")
        self.assertEqual(Adoption.objects.get().note, "Huiskamer in de wijk")
        self.assertEqual(AuditEvent.objects.count(), 1)


class AdoptionDeleteTests(BaseTestCase):
    def setUp(self):
        self.koppelkans = Koppelkans.objects.get(code="K08")
        self.adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor, note="Plan")
        self.url = reverse("koppelkansen:adoption-delete", args=[self.adoption.pk])

    def test_editor_removes_and_audit_keeps_it(self):
        self.login(self.editor)
        response = self.client.post(self.url)
        self.assertRedirects(response, self.koppelkans.get_absolute_url() + "#adoptions")
        self.assertFalse(Adoption.objects.exists())
        event = AuditEvent.objects.for_object(self.experiment).get(action="delete")
        self.assertEqual((event.actor, event.changes["note"]), (self.editor, ["Plan", None]))

    def test_returns_to_a_safe_next_page_only(self):
        self.login(self.coordinator)
        target = self.experiment.get_absolute_url() + "#koppelkansen"
        self.assertRedirects(self.client.post(self.url, {"next": target}), target, fetch_redirect_response=False)
        adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)
        url = reverse("koppelkansen:adoption-delete", args=[adoption.pk])
        response = self.client.post(url, {"next": "https://example.com/"})
        self.assertRedirects(response, self.koppelkans.get_absolute_url() + "#adoptions")

    def test_reader_gets_403(self):
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.assertTrue(Adoption.objects.exists())

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.post(self.url).status_code, 404)
        self.assertTrue(Adoption.objects.exists())

    def test_unknown_adoption_is_404(self):
        self.login(self.coordinator)
        url = reverse("koppelkansen:adoption-delete", args=[self.adoption.pk + 100])
        self.assertEqual(self.client.post(url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.post(self.url), reverse("accounts:login") + "?next=" + self.url)
        self.assertTrue(Adoption.objects.exists())

    def test_get_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 405)
        self.assertTrue(Adoption.objects.exists())
