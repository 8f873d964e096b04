"""Deep-dive sessions: list, create, update, detail; the permission grid."""

from django.urls import reverse

from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import DeepDive
from testing.base import BaseTestCase, make_programme
from testing.factories.labs import make_deep_dive, make_question

DATA = {"topic": "Warmtepompen in portiekflats", "presenter": "Ir. Koud", "starts_at": "2031-06-05T14:00",
        "ends_at": "2031-06-05T16:00", "location": "", "online_url": "https://meet.example.org/dd", "report": ""}


class DeepDiveTests(BaseTestCase):
    def test_list(self):
        deep_dive = make_deep_dive(programme=self.programme)
        make_deep_dive(programme=make_programme(slug="ander"), topic="Elders")
        make_question(programme=self.programme, status=QuestionStatus.ASSIGNED, assigned_deep_dive=deep_dive)
        self.login(self.reader)
        response = self.client.get(reverse("labs:deep-dive-list"))
        self.assertEqual([(d.topic, d.question_count) for d in response.context["deep_dives"]],
                         [("Warmtenetten in de praktijk", 1)])
        self.assertFalse(response.context["may_create"])
        self.client.logout()
        self.assertEqual(self.client.get(reverse("labs:deep-dive-list")).status_code, 302)

    def test_coordinator_creates_updates_and_everyone_reads(self):
        self.login(self.coordinator)
        response = self.client.post(reverse("labs:deep-dive-create"), {**DATA, "programme": self.programme.pk})
        deep_dive = DeepDive.objects.get()
        self.assertRedirects(response, deep_dive.get_absolute_url())
        self.assertEqual((deep_dive.programme, deep_dive.presenter), (self.programme, "Ir. Koud"))
        update = reverse("labs:deep-dive-update", args=[deep_dive.pk])
        response = self.client.post(update, {**DATA, "report": "## Bevindingen\nWerkt *goed*."})
        self.assertRedirects(response, deep_dive.get_absolute_url())
        question = make_question(programme=self.programme, title="Past een warmtepomp?",
                                 status=QuestionStatus.ASSIGNED, assigned_deep_dive=deep_dive)
        self.login(self.reader)
        response = self.client.get(deep_dive.get_absolute_url())
        self.assertContains(response, "<h2>Bevindingen</h2>", html=True)
        self.assertContains(response, question.title)
        self.assertContains(response, "Ir. Koud")
        self.assertNotContains(response, update)

    def test_bad_input_saves_nothing(self):
        self.login(self.coordinator)
        response = self.client.post(reverse("labs:deep-dive-create"),
                                    {**DATA, "programme": self.programme.pk, "topic": "", "starts_at": "morgen"})
        self.assertEqual(set(response.context["form"].errors), {"topic", "starts_at"})
        other = make_programme(slug="ander")
        response = self.client.post(reverse("labs:deep-dive-create"), {**DATA, "programme": other.pk})
        self.assertIn("programme", response.context["form"].errors)  # not a programme they coordinate
        self.assertFalse(DeepDive.objects.exists())

    def test_grid(self):
        deep_dive = make_deep_dive(programme=self.programme)
        create = reverse("labs:deep-dive-create")
        detail = deep_dive.get_absolute_url()
        update = reverse("labs:deep-dive-update", args=[deep_dive.pk])
        for url in (create, detail, update):
            self.client.logout()
            self.assertEqual(self.client.get(url).status_code, 302, url)
        self.login(self.outsider)
        self.assertEqual(self.client.get(create).status_code, 403)
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertEqual(self.client.get(update).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(detail).status_code, 200)
            self.assertEqual(self.client.get(create).status_code, 403)
            self.assertEqual(self.client.post(create, {**DATA, "programme": self.programme.pk}).status_code, 403)
            self.assertEqual(self.client.post(update, DATA).status_code, 403)
        self.assertEqual(self.client.post(detail).status_code, 405)
        self.login(self.coordinator)
        self.assertEqual(self.client.put(update).status_code, 405)
        self.assertEqual(list(DeepDive.objects.values_list("topic", flat=True)), ["Warmtenetten in de praktijk"])
