"""Working-group meetings: create, update (with minutes), detail; the chair keeps them."""

from django.urls import reverse

from dubbelslag.labs.models import WorkingGroupMeeting
from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import in_days, make_working_group

DATA = {"starts_at": "2031-04-02T10:00", "ends_at": "2031-04-02T12:00", "location": "Gemeentehuis",
        "online_url": "", "minutes": ""}


class MeetingTests(BaseTestCase):
    def setUp(self):
        self.group = make_working_group(programme=self.programme, chair=self.editor)

    def test_chair_plans_and_records_minutes(self):
        self.login(self.editor)
        response = self.client.post(reverse("labs:meeting-create", args=[self.group.pk]), DATA)
        meeting = WorkingGroupMeeting.objects.get()
        self.assertRedirects(response, reverse("labs:meeting-detail", args=[meeting.pk]))
        self.assertEqual(meeting.location, "Gemeentehuis")
        url = reverse("labs:meeting-update", args=[meeting.pk])
        response = self.client.post(url, {**DATA, "minutes": "- besluit **A**"})
        self.assertRedirects(response, reverse("labs:meeting-detail", args=[meeting.pk]))
        services.create_action(by=self.editor, title="Offerte opvragen", owner=self.reader, meeting=meeting)
        self.login(self.reader)
        response = self.client.get(reverse("labs:meeting-detail", args=[meeting.pk]))
        self.assertContains(response, "<strong>A</strong>", html=True)
        self.assertContains(response, "Offerte opvragen")
        self.assertFalse(response.context["may_keep"])
        response = self.client.get(self.group.get_absolute_url())
        self.assertContains(response, "Offerte opvragen")
        self.assertContains(response, reverse("labs:meeting-detail", args=[meeting.pk]))

    def test_bad_input_saves_nothing(self):
        self.login(self.coordinator)
        self.client.cookies["django_language"] = "en"
        url = reverse("labs:meeting-create", args=[self.group.pk])
        response = self.client.post(url, {**DATA, "ends_at": "2031-04-01T10:00"})
        self.assertContains(response, "The end cannot be before the start.")
        response = self.client.post(url, {**DATA, "starts_at": "", "online_url": "not a url"})
        self.assertEqual(set(response.context["form"].errors), {"starts_at", "online_url"})
        self.assertFalse(WorkingGroupMeeting.objects.exists())

    def test_grid(self):
        meeting = WorkingGroupMeeting.objects.create(group=self.group, starts_at=in_days(5), location="Hier")
        create = reverse("labs:meeting-create", args=[self.group.pk])
        detail = reverse("labs:meeting-detail", args=[meeting.pk])
        update = reverse("labs:meeting-update", args=[meeting.pk])
        for url in (create, detail, update):
            self.client.logout()
            self.assertEqual(self.client.get(url).status_code, 302, url)
            self.login(self.outsider)
            self.assertEqual(self.client.get(url).status_code, 404, url)
        for person in (self.reader, self.researcher):
            self.login(person)
            self.assertEqual(self.client.get(detail).status_code, 200)
            self.assertEqual(self.client.get(create).status_code, 403)
            self.assertEqual(self.client.post(create, DATA).status_code, 403)
            self.assertEqual(self.client.post(update, DATA).status_code, 403)
        self.assertEqual(self.client.post(detail).status_code, 405)
        self.login(self.coordinator)
        self.assertEqual(self.client.put(update).status_code, 405)
        self.assertEqual(self.client.get(reverse("labs:meeting-detail", args=[99999])).status_code, 404)
        self.assertEqual(list(WorkingGroupMeeting.objects.values_list("location", flat=True)), ["Hier"])
