"""Working groups: list, create, update, detail, members; the permission grid."""

from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.enums import QuestionStatus
from dubbelslag.labs.models import WorkingGroup
from testing.base import BaseTestCase, make_programme
from testing.factories.labs import make_question, make_working_group


class WorkingGroupListTests(BaseTestCase):
    def test_lists_groups_of_own_programmes(self):
        group = make_working_group(programme=self.programme, chair=self.editor, members=[self.editor, self.reader])
        make_working_group(programme=make_programme(slug="ander"), name="Elders")
        make_question(programme=self.programme, status=QuestionStatus.ASSIGNED, assigned_group=group)
        self.login(self.reader)
        response = self.client.get(reverse("labs:working-group-list"))
        groups = list(response.context["groups"])
        self.assertEqual([g.name for g in groups], ["Werkgroep Betaalbaarheid"])
        self.assertEqual((groups[0].member_count, groups[0].question_count), (2, 1))
        self.assertFalse(response.context["may_create"])
        self.login(self.outsider)
        self.assertEqual(list(self.client.get(reverse("labs:working-group-list")).context["groups"]), [])
        self.client.logout()
        self.assertEqual(self.client.get(reverse("labs:working-group-list")).status_code, 302)


class WorkingGroupCreateUpdateTests(BaseTestCase):
    def test_coordinator_creates_and_updates(self):
        self.login(self.coordinator)
        url = reverse("labs:working-group-create")
        response = self.client.post(url, {"programme": self.programme.pk, "name": "Werkgroep Participatie",
                                          "description": "Over *bewoners*", "chair": self.editor.pk})
        group = WorkingGroup.objects.get()
        self.assertRedirects(response, group.get_absolute_url())
        self.assertEqual((group.programme, group.chair), (self.programme, self.editor))
        update = reverse("labs:working-group-update", args=[group.pk])
        self.assertEqual(self.client.get(update).context["form"].initial["name"], "Werkgroep Participatie")
        response = self.client.post(update, {"name": "Werkgroep Bewoners", "description": "", "chair": ""})
        self.assertRedirects(response, group.get_absolute_url())
        group.refresh_from_db()
        self.assertEqual((group.name, group.chair), ("Werkgroep Bewoners", None))
        self.assertEqual(AuditEvent.objects.filter(object_id=str(group.pk)).count(), 2)

    def test_bad_input_saves_nothing(self):
        self.login(self.coordinator)
        url = reverse("labs:working-group-create")
        response = self.client.post(url, {"programme": self.programme.pk, "name": "", "chair": self.outsider.pk})
        self.assertEqual(set(response.context["form"].errors), {"name", "chair"})
        make_working_group(programme=self.programme, name="Dubbel")
        self.client.cookies["django_language"] = "en"
        response = self.client.post(url, {"programme": self.programme.pk, "name": "Dubbel"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["form"].errors)
        self.assertEqual(WorkingGroup.objects.count(), 1)

    def test_grid(self):
        group = make_working_group(programme=self.programme, chair=self.editor)
        create, update = reverse("labs:working-group-create"), reverse("labs:working-group-update", args=[group.pk])
        self.assertEqual(self.client.get(create).status_code, 302)
        self.assertEqual(self.client.get(update).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(create).status_code, 403)
        self.assertEqual(self.client.get(update).status_code, 404)
        for person in (self.reader, self.researcher, self.editor):  # the chair keeps meetings, not the group itself
            self.login(person)
            self.assertEqual(self.client.get(create).status_code, 403)
            self.assertEqual(self.client.post(create, {"programme": self.programme.pk, "name": "x"}).status_code,
                             403)
            self.assertEqual(self.client.post(update, {"name": "x"}).status_code, 403)
        self.login(self.coordinator)
        self.assertEqual(self.client.put(create).status_code, 405)
        self.assertEqual(self.client.put(update).status_code, 405)
        self.assertEqual(list(WorkingGroup.objects.values_list("name", flat=True)), ["Werkgroep Betaalbaarheid"])


class WorkingGroupDetailTests(BaseTestCase):
    def setUp(self):
        self.group = make_working_group(programme=self.programme, chair=self.editor, members=[self.editor],
                                        description="Over **betaalbaarheid**")
        self.question = make_question(programme=self.programme, title="Wat kost het?",
                                      status=QuestionStatus.ASSIGNED, assigned_group=self.group)
        self.url = self.group.get_absolute_url()

    def test_detail(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertContains(response, "<strong>betaalbaarheid</strong>", html=True)
        self.assertContains(response, "Wat kost het?")
        self.assertContains(response, "Eva Editor")
        self.assertIsNone(response.context["member_form"])
        self.assertNotContains(response, reverse("labs:meeting-create", args=[self.group.pk]))

    def test_chair_and_coordinator_manage_members(self):
        add = reverse("labs:working-group-member-add", args=[self.group.pk])
        for person in (self.editor, self.coordinator):
            self.login(person)
            self.assertIsNotNone(self.client.get(self.url).context["member_form"])
        self.login(self.editor)
        self.assertRedirects(self.client.post(add, {"user": self.reader.pk}), self.url + "#members")
        self.assertEqual(set(self.group.members.all()), {self.editor, self.reader})
        response = self.client.post(add, {"user": self.outsider.pk}, follow=True)
        self.assertEqual([m.level_tag for m in response.context["messages"]], ["error"])
        self.login(self.coordinator)
        remove = reverse("labs:working-group-member-remove", args=[self.group.pk, self.reader.pk])
        self.assertRedirects(self.client.post(remove), self.url + "#members")
        self.assertEqual(set(self.group.members.all()), {self.editor})
        self.assertEqual(AuditEvent.objects.filter(object_id=str(self.group.pk), action="change").count(), 2)

    def test_grid(self):
        add = reverse("labs:working-group-member-add", args=[self.group.pk])
        remove = reverse("labs:working-group-member-remove", args=[self.group.pk, self.editor.pk])
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.client.post(add, {"user": self.outsider.pk}).status_code, 404)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.post(add, {"user": person.pk}).status_code, 403)
            self.assertEqual(self.client.post(remove).status_code, 403)
        self.assertEqual(self.client.post(self.url).status_code, 405)
        self.assertEqual(self.client.get(add).status_code, 405)
        self.assertEqual(list(self.group.members.all()), [self.editor])
        self.assertEqual(self.client.get(reverse("labs:working-group-detail", args=[99999])).status_code, 404)
