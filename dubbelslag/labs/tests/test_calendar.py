"""The iCalendar feeds: parsed back with icalendar, as a calendar client would."""

from datetime import UTC, datetime, timedelta

import icalendar
from django.core.exceptions import ObjectDoesNotExist
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.labs.calendar import feed_for
from dubbelslag.labs.models import CalendarFeed, KnowledgeLab, Registration, WorkingGroupMeeting
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import BaseTestCase, make_programme, make_user
from testing.factories.labs import make_deep_dive, make_lab, make_working_group

SITE = "https://dubbelslag.example"
HOST = "dubbelslag.example"
ZOOM = "https://zoom.example/j/123456"
TEAMS = "https://teams.example/meet/987"


def parse(response) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(response.content)


def events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def page_url(name: str, pk: int) -> str:
    return SITE + reverse(name, args=[pk])


@override_settings(SITE_URL=SITE)
class CalendarTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        start = datetime(2020, 3, 5, 12, 0, tzinfo=UTC)  # 13:00 in Amsterdam
        cls.lab = make_lab(programme=cls.programme, number=1, title="Kennislab 1: wonen, werken; leven",
                           starts_at=start, ends_at=start + timedelta(hours=3), location="Huiskamer Pendrecht",
                           online_url=ZOOM)
        cls.online_lab = make_lab(programme=cls.programme, number=2, title="Kennislab 2", location="",
                                  online_url=TEAMS, starts_at=start + timedelta(days=91))
        cls.group = make_working_group(programme=cls.programme, name="Sociaal eigenaarschap",
                                       members=[cls.editor], chair=cls.researcher)
        cls.meeting = WorkingGroupMeeting.objects.create(
            group=cls.group, starts_at=start + timedelta(days=20), ends_at=start + timedelta(days=20, hours=2),
            location="Stadskantoor Utrecht", online_url="https://meet.example/werkgroep")
        cls.deep_dive = make_deep_dive(programme=cls.programme, topic="Instemmingspercentage 70%",
                                       presenter="Mr. Huurrecht", starts_at=start + timedelta(days=40),
                                       location="Utrecht")
        cls.other_programme = make_programme(name="Ander programma", slug="ander-programma")
        cls.other_lab = make_lab(programme=cls.other_programme, number=1, title="Geheim lab elders",
                                 starts_at=start, online_url="https://zoom.example/j/elders")

    def setUp(self):
        self.client.cookies["django_language"] = "en"


class ProgrammeFeedTests(CalendarTestCase):
    def get(self, slug=None):
        return self.client.get(reverse("labs:calendar-programme", args=[slug or self.programme.slug]))

    def test_every_session_of_the_programme_with_times_places_and_stable_uids(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(response["Content-Disposition"], 'inline; filename="kennislabs-kwetsbare-wijken.ics"')
        calendar = parse(response)
        self.assertEqual(str(calendar["VERSION"]), "2.0")
        self.assertTrue(str(calendar["PRODID"]))
        found = events(calendar)
        self.assertEqual(set(found), {f"lab-{self.lab.pk}@{HOST}", f"lab-{self.online_lab.pk}@{HOST}",
                                      f"meeting-{self.meeting.pk}@{HOST}", f"deepdive-{self.deep_dive.pk}@{HOST}"})
        lab = found[f"lab-{self.lab.pk}@{HOST}"]
        self.assertEqual(str(lab["SUMMARY"]), "Kennislab 1: wonen, werken; leven")
        self.assertEqual(lab.decoded("DTSTART"), datetime(2020, 3, 5, 12, 0, tzinfo=UTC))
        self.assertEqual(lab.decoded("DTEND"), datetime(2020, 3, 5, 15, 0, tzinfo=UTC))
        self.assertEqual(str(lab["LOCATION"]), "Huiskamer Pendrecht")
        self.assertEqual(lab["SEQUENCE"], 0)
        self.assertIsInstance(lab.decoded("DTSTAMP"), datetime)
        self.assertIn("DTSTART:20200305T120000Z", response.content.decode())
        expected_url = page_url("labs:lab-detail", self.lab.pk)
        self.assertEqual(str(lab["URL"]), expected_url)
        self.assertIn(expected_url, str(lab["DESCRIPTION"]))
        meeting = found[f"meeting-{self.meeting.pk}@{HOST}"]
        self.assertEqual(str(meeting["SUMMARY"]), "Working group: Sociaal eigenaarschap")
        self.assertEqual(str(meeting["LOCATION"]), "Stadskantoor Utrecht")
        deep_dive = found[f"deepdive-{self.deep_dive.pk}@{HOST}"]
        self.assertEqual(str(deep_dive["SUMMARY"]), "Deep dive: Instemmingspercentage 70%")
        self.assertEqual(deep_dive.decoded("DTSTART"), self.deep_dive.starts_at)

    def test_leaves_out_online_links_and_names(self):
        body = self.get().content.decode()
        unfolded = body.replace("\r\n ", "")
        for secret in (ZOOM, TEAMS, "meet.example", "Mr. Huurrecht", "Geheim lab elders"):
            self.assertNotIn(secret, unfolded)
        online_only = events(icalendar.Calendar.from_ical(body))[f"lab-{self.online_lab.pk}@{HOST}"]
        self.assertEqual(str(online_only["LOCATION"]), "Online")

    def test_sequence_follows_the_labs_version(self):
        KnowledgeLab.objects.filter(pk=self.lab.pk).update(version=3)
        lab = events(parse(self.get()))[f"lab-{self.lab.pk}@{HOST}"]
        self.assertEqual(lab["SEQUENCE"], 2)

    def test_folds_long_lines_and_escapes_commas_and_semicolons(self):
        title = ("Kennislab 9: koppelkansen; energiearmoede, schulden en gezondheid – een titel die lang genoeg "
                 "is om over meerdere regels gevouwen te worden")
        lab = make_lab(programme=self.programme, number=9, title=title)
        response = self.get()
        raw = response.content
        self.assertIn(b"koppelkansen\\; energiearmoede\\, schulden", raw.replace(b"\r\n ", b""))
        lines = raw.split(b"\r\n")
        self.assertTrue(all(len(line) <= 75 for line in lines))
        self.assertTrue(any(line.startswith(b" ") for line in lines))
        self.assertFalse(raw.replace(b"\r\n", b"").count(b"\n"))  # every line ends in CRLF
        self.assertEqual(str(events(parse(response))[f"lab-{lab.pk}@{HOST}"]["SUMMARY"]), title)

    def test_is_public(self):
        self.client.force_login(self.outsider)
        self.assertEqual(len(events(parse(self.get()))), 4)
        self.client.logout()
        self.assertEqual(len(events(parse(self.get()))), 4)

    def test_unknown_programme_is_404(self):
        self.assertEqual(self.get("bestaat-niet").status_code, 404)

    def test_other_methods_are_refused(self):
        response = self.client.post(reverse("labs:calendar-programme", args=[self.programme.slug]))
        self.assertEqual(response.status_code, 405)

    def test_query_count_does_not_grow_with_sessions(self):
        with CaptureQueriesContext(connection) as few:
            self.get()
        for number in range(10, 13):
            make_lab(programme=self.programme, number=number)
        with CaptureQueriesContext(connection) as more:
            response = self.get()
        self.assertEqual(len(events(parse(response))), 7)
        self.assertEqual(len(few), len(more))


class UserFeedTests(CalendarTestCase):
    def get(self, token):
        return self.client.get(reverse("labs:calendar-user", args=[token]))

    def test_the_users_programmes_with_online_links_and_their_own_sessions_marked(self):
        Registration.objects.create(lab=self.lab, user=self.editor)
        token = feed_for(self.editor).token
        response = self.get(token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertTrue(response["Content-Disposition"].startswith("inline; filename="))
        self.assertNotIn(token, response["Content-Disposition"])
        self.assertIn("no-store", response["Cache-Control"])
        found = events(parse(response))
        self.assertEqual(set(found), {f"lab-{self.lab.pk}@{HOST}", f"lab-{self.online_lab.pk}@{HOST}",
                                      f"meeting-{self.meeting.pk}@{HOST}", f"deepdive-{self.deep_dive.pk}@{HOST}"})
        lab = found[f"lab-{self.lab.pk}@{HOST}"]
        self.assertEqual(str(lab["SUMMARY"]), "✓ Kennislab 1: wonen, werken; leven")
        self.assertEqual(str(lab["TRANSP"]), "OPAQUE")
        self.assertIn(ZOOM, str(lab["DESCRIPTION"]))
        self.assertIn("You registered", str(lab["DESCRIPTION"]))
        online_only = found[f"lab-{self.online_lab.pk}@{HOST}"]
        self.assertEqual(str(online_only["LOCATION"]), TEAMS)
        self.assertEqual(str(online_only["TRANSP"]), "TRANSPARENT")
        self.assertFalse(str(online_only["SUMMARY"]).startswith("✓"))
        meeting = found[f"meeting-{self.meeting.pk}@{HOST}"]
        self.assertTrue(str(meeting["SUMMARY"]).startswith("✓ "))
        self.assertIn("https://meet.example/werkgroep", str(meeting["DESCRIPTION"]))
        self.assertIn("Mr. Huurrecht", str(found[f"deepdive-{self.deep_dive.pk}@{HOST}"]["DESCRIPTION"]))

    def test_chair_sees_their_groups_meetings_marked(self):
        found = events(parse(self.get(feed_for(self.researcher).token)))
        self.assertTrue(str(found[f"meeting-{self.meeting.pk}@{HOST}"]["SUMMARY"]).startswith("✓ "))
        self.assertFalse(str(found[f"lab-{self.lab.pk}@{HOST}"]["SUMMARY"]).startswith("✓"))

    def test_only_the_users_programmes(self):
        # The other programme's lab exists (setUpTestData) and the coordinator takes part in it, the editor not.
        Membership.objects.create(user=self.coordinator, programme=self.other_programme,
                                  role=MembershipRole.COORDINATOR)
        editor_uids = set(events(parse(self.get(feed_for(self.editor).token))))
        self.assertNotIn(f"lab-{self.other_lab.pk}@{HOST}", editor_uids)
        coordinator_uids = set(events(parse(self.get(feed_for(self.coordinator).token))))
        self.assertEqual(coordinator_uids - editor_uids, {f"lab-{self.other_lab.pk}@{HOST}"})

    def test_someone_without_a_programme_gets_an_empty_calendar(self):
        calendar = parse(self.get(feed_for(self.outsider).token))
        self.assertEqual(events(calendar), {})
        self.assertEqual(str(calendar["VERSION"]), "2.0")

    def test_unknown_token_is_404(self):
        feed_for(self.editor)
        self.assertEqual(self.get("niet-het-token").status_code, 404)

    def test_inactive_user_is_404(self):
        user = make_user("weg@example.org", is_active=False)
        Membership.objects.create(user=user, programme=self.programme, role=MembershipRole.RESEARCHER)
        self.assertEqual(self.get(feed_for(user).token).status_code, 404)

    def test_other_methods_are_refused(self):
        response = self.client.post(reverse("labs:calendar-user", args=[feed_for(self.editor).token]))
        self.assertEqual(response.status_code, 405)


class CalendarSettingsTests(CalendarTestCase):
    url = reverse("labs:calendar-settings")

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
        self.assertEqual(self.client.post(self.url).status_code, 302)
        self.assertFalse(CalendarFeed.objects.exists())

    def test_first_visit_creates_the_feed_and_shows_its_addresses(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        feed = CalendarFeed.objects.get(user=self.editor)
        # Subscription addresses are on SITE_URL, which this class sets (core.addresses; without it, the request's
        # host: test_views_addresses in public).
        personal = SITE + reverse("labs:calendar-user", args=[feed.token])
        self.assertContains(response, f'value="{personal}"')
        self.assertContains(response, "webcal://dubbelslag.example" + reverse("labs:calendar-user", args=[feed.token]))
        self.assertContains(response, SITE + reverse("labs:calendar-programme", args=[self.programme.slug]))
        self.assertNotContains(response, reverse("labs:calendar-programme", args=[self.other_programme.slug]))
        self.assertContains(response, "Google Calendar")
        self.assertContains(response, "Subscribe from web")
        # A second visit shows the same address.
        self.client.get(self.url)
        self.assertEqual(CalendarFeed.objects.get(user=self.editor).token, feed.token)
        self.assertEqual(AuditEvent.objects.for_object(feed).count(), 1)

    def test_outsider_has_a_personal_feed_but_no_programme_feeds(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertContains(response, "You do not take part in a programme yet.")
        self.assertTrue(CalendarFeed.objects.filter(user=self.outsider).exists())

    def test_renewal_invalidates_the_old_address(self):
        self.login(self.editor)
        old = feed_for(self.editor).token
        self.assertEqual(self.client.get(reverse("labs:calendar-user", args=[old])).status_code, 200)
        response = self.client.post(self.url, follow=True)
        self.assertRedirects(response, self.url)
        new = CalendarFeed.objects.get(user=self.editor).token
        self.assertNotEqual(old, new)
        self.assertContains(response, "The old address no longer works")
        self.assertContains(response, reverse("labs:calendar-user", args=[new]))
        self.assertEqual(self.client.get(reverse("labs:calendar-user", args=[old])).status_code, 404)
        self.assertEqual(self.client.get(reverse("labs:calendar-user", args=[new])).status_code, 200)
        event = AuditEvent.objects.for_object(CalendarFeed.objects.get(user=self.editor)).latest("pk")
        self.assertEqual(event.action, "change")
        self.assertNotIn(old, str(event.changes) + event.note)
        self.assertNotIn(new, str(event.changes) + event.note)

    def test_renewal_only_touches_ones_own_feed(self):
        other = feed_for(self.reader).token
        self.login(self.editor)
        self.client.post(self.url)
        self.assertEqual(CalendarFeed.objects.get(user=self.reader).token, other)

    def test_other_methods_are_refused(self):
        self.login(self.editor)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        with self.assertRaises(ObjectDoesNotExist):
            CalendarFeed.objects.get(user=self.editor)
