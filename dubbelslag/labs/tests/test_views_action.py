"""Follow-up actions: create from a session, change status, "my actions"."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import ActionStatus
from dubbelslag.labs.models import Action
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import make_deep_dive, make_lab


class ActionCreateTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)
        self.url = reverse("labs:action-create", args=["kennislab", self.lab.pk])

    def test_coordinator_adds_action(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"title": "Notitie schrijven", "owner": self.editor.pk,
                                               "due_date": "2031-05-01"})
        self.assertRedirects(response, self.lab.get_absolute_url() + "#actions")
        action = Action.objects.get()
        self.assertEqual((action.programme, action.lab, action.owner, str(action.due_date), action.status),
                         (self.programme, self.lab, self.editor, "2031-05-01", ActionStatus.OPEN))
        self.assertTrue(AuditEvent.objects.filter(object_id=str(action.pk), parent_object_id=str(self.lab.pk))
                        .exists())

    def test_owner_must_take_part(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"title": "x", "owner": self.outsider.pk})
        self.assertEqual(response.status_code, 200)
        self.assertIn("owner", response.context["form"].errors)
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            services.create_action(by=self.coordinator, title="x", owner=self.outsider, lab=self.lab)
        self.assertFalse(Action.objects.exists())

    def test_deep_dive_and_unknown_kind(self):
        deep_dive = make_deep_dive(programme=self.programme)
        self.login(self.coordinator)
        url = reverse("labs:action-create", args=["verdiepingssessie", deep_dive.pk])
        self.assertRedirects(self.client.post(url, {"title": "Lezen", "owner": self.reader.pk}),
                             deep_dive.get_absolute_url() + "#actions")
        self.assertEqual(Action.objects.get().deep_dive, deep_dive)
        self.assertEqual(self.client.get(reverse("labs:action-create", args=["iets", 1])).status_code, 404)

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"title": "x", "owner": person.pk}).status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertFalse(Action.objects.exists())


class ActionUpdateTests(BaseTestCase):
    def setUp(self):
        self.lab = make_lab(programme=self.programme)
        self.action = services.create_action(by=None, title="Notitie", owner=self.reader, lab=self.lab)
        self.url = reverse("labs:action-update", args=[self.action.pk])

    def test_owner_changes_status_only(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual(set(response.context["form"].fields), {"status"})
        self.client.post(self.url, {"status": "done", "title": "Anders"})
        self.action.refresh_from_db()
        self.assertEqual((self.action.status, self.action.title), (ActionStatus.DONE, "Notitie"))
        with self.assertRaises(PermissionDenied):
            services.update_action(self.action, by=self.reader, title="Anders")

    def test_coordinator_changes_everything(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, {"title": "Notitie v2", "owner": self.editor.pk, "due_date": "",
                                               "status": "cancelled"})
        self.assertRedirects(response, self.lab.get_absolute_url() + "#actions")
        self.action.refresh_from_db()
        self.assertEqual((self.action.title, self.action.owner, self.action.status),
                         ("Notitie v2", self.editor, ActionStatus.CANCELLED))

    def test_bad_status_saves_nothing(self):
        self.login(self.reader)
        response = self.client.post(self.url, {"status": "gone"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("status", response.context["form"].errors)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, ActionStatus.OPEN)

    def test_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for person in (self.editor, self.researcher):  # take part, neither owner nor coordinator
            self.login(person)
            self.assertEqual(self.client.get(self.url).status_code, 403)
            self.assertEqual(self.client.post(self.url, {"status": "done"}).status_code, 403)
        self.login(self.reader)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertEqual(self.client.get(reverse("labs:action-update", args=[99999])).status_code, 404)
        self.action.refresh_from_db()
        self.assertEqual(self.action.status, ActionStatus.OPEN)


class MyActionsTests(BaseTestCase):
    def test_open_first_overdue_marked(self):
        lab = make_lab(programme=self.programme)
        today = timezone.localdate()
        overdue = services.create_action(by=None, title="Te laat", owner=self.reader, lab=lab,
                                         due_date=today - timedelta(days=3))
        later = services.create_action(by=None, title="Later", owner=self.reader, lab=lab,
                                       due_date=today + timedelta(days=30))
        undated = services.create_action(by=None, title="Ooit", owner=self.reader, lab=lab)
        done = services.create_action(by=None, title="Klaar", owner=self.reader, lab=lab,
                                      due_date=today - timedelta(days=10))
        services.set_action_status(done, by=None, status=ActionStatus.DONE)
        services.create_action(by=None, title="Van een ander", owner=self.editor, lab=lab)
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.get(reverse("labs:my-actions"))
        self.assertEqual([a.pk for a in response.context["open_actions"]], [overdue.pk, later.pk, undated.pk])
        self.assertEqual([a.pk for a in response.context["closed_actions"]], [done.pk])
        self.assertEqual([a.overdue for a in response.context["open_actions"]], [True, False, False])
        self.assertContains(response, '<span class="badge badge-overdue">overdue</span>', count=1, html=True)
        self.assertNotContains(response, "Van een ander")
        # The quick status form works for the owner and returns here.
        response = self.client.post(reverse("labs:action-update", args=[later.pk]),
                                    {"status": "done", "quick": "1", "next": "mine"})
        self.assertRedirects(response, reverse("labs:my-actions"))
        later.refresh_from_db()
        self.assertEqual(later.status, ActionStatus.DONE)

    def test_coordinator_quick_status(self):
        lab = make_lab(programme=self.programme)
        action = services.create_action(by=None, title="Agenda rondsturen", owner=self.coordinator, lab=lab)
        self.login(self.coordinator)
        self.client.post(reverse("labs:action-update", args=[action.pk]), {"status": "done", "quick": "1"})
        action.refresh_from_db()
        self.assertEqual(action.status, ActionStatus.DONE)

    def test_anonymous_and_method(self):
        url = reverse("labs:my-actions")
        self.assertEqual(self.client.get(url).status_code, 302)
        self.login(self.outsider)
        response = self.client.get(url)
        self.assertEqual((response.context["open_actions"], response.context["closed_actions"]), ([], []))
        self.assertEqual(self.client.post(url).status_code, 405)
