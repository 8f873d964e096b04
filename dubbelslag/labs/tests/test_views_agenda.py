"""Agenda items of a Kennislab: create, update, delete, with the permission grid."""

from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.models import AgendaItem
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase, make_programme
from testing.factories.labs import make_lab, make_question


class AgendaItemViewTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)
        self.question = make_question(programme=self.programme)
        self.item = services.create_agenda_item(self.lab, by=None, title="Opening", order=1)

    def test_create(self):
        self.login(self.coordinator)
        url = reverse("labs:agenda-item-create", args=[self.lab.pk])
        response = self.client.post(url, {"order": "20", "title": "Bewoners bereiken", "duration_minutes": "45",
                                          "presenter": "Eva", "questions": [self.question.pk], "outcome": ""})
        self.assertRedirects(response, reverse("labs:lab-prepare", args=[self.lab.pk]))
        item = AgendaItem.objects.get(title="Bewoners bereiken")
        self.assertEqual((item.order, item.duration_minutes, list(item.questions.all())), (20, 45, [self.question]))
        self.assertTrue(AuditEvent.objects.filter(object_id=str(item.pk), parent_object_id=str(self.lab.pk)).exists())

    def test_bad_input_saves_nothing(self):
        self.login(self.coordinator)
        foreign = make_question(programme=make_programme(slug="ander"))
        url = reverse("labs:agenda-item-create", args=[self.lab.pk])
        response = self.client.post(url, {"order": "-1", "title": "", "questions": [foreign.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].errors), {"order", "title", "questions"})
        self.assertEqual(AgendaItem.objects.count(), 1)

    def test_update_records_outcome(self):
        self.login(self.coordinator)
        url = reverse("labs:agenda-item-update", args=[self.item.pk])
        self.assertEqual(self.client.get(url).context["form"].initial["title"], "Opening")
        response = self.client.post(url, {"order": "1", "title": "Opening", "outcome": "Iedereen *welkom*"})
        self.assertRedirects(response, reverse("labs:lab-prepare", args=[self.lab.pk]))
        self.item.refresh_from_db()
        self.assertEqual(self.item.outcome, "Iedereen *welkom*")
        response = self.client.get(self.lab.get_absolute_url())
        self.assertContains(response, "Iedereen <em>welkom</em>")

    def test_delete(self):
        self.login(self.coordinator)
        url = reverse("labs:agenda-item-delete", args=[self.item.pk])
        self.assertContains(self.client.get(url), "Opening")
        self.assertRedirects(self.client.post(url), reverse("labs:lab-prepare", args=[self.lab.pk]))
        self.assertFalse(AgendaItem.objects.exists())

    def test_grid(self):
        urls = [reverse("labs:agenda-item-create", args=[self.lab.pk]),
                reverse("labs:agenda-item-update", args=[self.item.pk]),
                reverse("labs:agenda-item-delete", args=[self.item.pk])]
        for url in urls:
            self.client.logout()
            self.assertEqual(self.client.get(url).status_code, 302, url)
            self.login(self.outsider)
            self.assertEqual(self.client.get(url).status_code, 404, url)
            self.assertEqual(self.client.post(url, {"title": "x", "order": "1"}).status_code, 404, url)
            for person in (self.reader, self.researcher):
                self.login(person)
                self.assertEqual(self.client.get(url).status_code, 403, url)
                self.assertEqual(self.client.post(url, {"title": "x", "order": "1"}).status_code, 403, url)
            self.login(self.coordinator)
            self.assertEqual(self.client.put(url).status_code, 405, url)
        self.assertEqual(list(AgendaItem.objects.values_list("title", flat=True)), ["Opening"])
        self.assertEqual(self.client.get(reverse("labs:agenda-item-update", args=[99999])).status_code, 404)
