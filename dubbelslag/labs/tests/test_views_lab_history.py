"""The history panel of a Kennislab in words: field labels in the reader's language, localised dates and values,
people's names, and a creation shown as "created" with what was filled in, never raw field names or values."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from dubbelslag.labs.services import sessions as services
from testing.base import BaseTestCase
from testing.factories.labs import in_days

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


class LabHistoryTests(BaseTestCase):
    def setUp(self):
        self.lab = services.create_lab(
            self.programme, by=self.coordinator, title="Kennislab warmte", number=7,
            starts_at=datetime(2026, 3, 12, 13, 30, tzinfo=AMSTERDAM),
            ends_at=datetime(2026, 3, 12, 17, 0, tzinfo=AMSTERDAM), location="Utrecht")
        self.url = reverse("labs:lab-detail", args=[self.lab.pk])

    def history(self, language: str) -> str:
        self.login(self.coordinator)
        self.client.cookies["django_language"] = language
        response = self.client.get(self.url)
        html = response.content.decode()
        return html[html.index('id="audit-heading"'):]

    def test_an_edit_names_fields_and_dates_in_the_readers_language(self):
        services.update_lab(self.lab, by=self.coordinator, version=self.lab.version,
                            starts_at=datetime(2026, 3, 19, 14, 0, tzinfo=AMSTERDAM),
                            ends_at=datetime(2026, 3, 19, 17, 0, tzinfo=AMSTERDAM),
                            online_url="https://example.org/lab")
        english = self.history("en")
        self.assertIn("<dt>Starts at</dt>", english)
        self.assertIn("<dt>Online link</dt>", english)
        self.assertIn("<del>March 12, 2026, 1:30 p.m.</del> → <ins>March 19, 2026, 2 p.m.</ins>", english)
        self.assertIn("<summary>starts at, ends at, online link</summary>", english)
        self.assertNotIn("starts_at", english)
        self.assertNotIn("online_url", english)
        self.assertNotIn("2026-03-19", english)
        dutch = self.history("nl")
        self.assertIn("<dt>Begint om</dt>", dutch)
        self.assertIn("<del>12 maart 2026 13:30</del> → <ins>19 maart 2026 14:00</ins>", dutch)

    def test_attendance_reads_yes_or_no_with_the_participants_name(self):
        lab = services.create_lab(self.programme, by=self.coordinator, title="Kennislab voorbij", number=8,
                                  starts_at=in_days(-3), ends_at=in_days(-3, hour=17))
        registration = services.register_participant(lab, user=self.reader, by=self.coordinator, walk_in=True)
        services.record_attendance(lab, by=self.coordinator, attendance={registration.pk: False})
        self.url = reverse("labs:lab-detail", args=[lab.pk])
        english = self.history("en")
        self.assertIn("<em>registration Lars Lezer – Kennislab voorbij</em>", english)
        self.assertIn("<dt>Attended</dt><dd><del>yes</del> → <ins>no</ins></dd>", english)
        self.assertIn("<dt>Participant</dt><dd><ins>Lars Lezer</ins></dd>", english)
        self.assertIn("<dt>Attended</dt><dd><ins>yes</ins></dd>", english)
        self.assertNotIn("True", english)
        self.assertNotIn("False", english)
        dutch = self.history("nl")
        self.assertIn("<dt>Aanwezig</dt><dd><del>ja</del> → <ins>nee</ins></dd>", dutch)

    def test_a_creation_says_created_and_lists_what_was_filled_in(self):
        english = self.history("en")
        self.assertIn("<strong>Carla Coördinator</strong> created", english)
        self.assertIn("<summary>details</summary>", english)
        self.assertIn("<dt>Title</dt><dd><ins>Kennislab warmte</ins></dd>", english)
        self.assertIn("<dt>Number</dt><dd><ins>7</ins></dd>", english)
        # Empty fields are not listed and no count of fields is shown.
        self.assertNotIn("<dt>Minutes</dt>", english)
        self.assertNotIn(" fields</summary>", english)
