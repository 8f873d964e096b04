from unittest import mock

from django.db import DatabaseError
from django.test import TestCase
from django.urls import reverse

from dubbelslag.core import audit
from dubbelslag.core.markdown import render_markdown
from dubbelslag.core.models import AuditEvent
from testing.base import BaseTestCase, make_organisation


class HealthzTests(TestCase):
    def test_ok_when_database_answers(self):
        response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.content), (200, b"ok\n"))

    def test_503_when_database_does_not(self):
        with mock.patch("dubbelslag.core.views.connection.cursor", side_effect=DatabaseError("down")):
            response = self.client.get("/healthz")
        self.assertEqual((response.status_code, response.content), (503, b"database unavailable\n"))

    def test_only_safe_methods(self):
        self.assertEqual(self.client.post("/healthz").status_code, 405)


class LanguageTests(BaseTestCase):
    def test_dutch_by_default_whatever_the_browser_asks(self):
        response = self.client.get(reverse("programme:home"), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, '<html lang="nl">')
        self.assertEqual(response["Content-Language"], "nl")

    def test_switch_to_english_and_back(self):
        response = self.client.post(reverse("set-language"), {"language": "en", "next": "/"}, follow=True)
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Log in")
        self.assertContains(response, "Programmes")
        response = self.client.post(reverse("set-language"), {"language": "nl", "next": "/"}, follow=True)
        self.assertContains(response, "Programma")

    def test_english_experiment_page(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.editor)
        response = self.client.get(self.experiment.get_absolute_url())
        self.assertContains(response, "Energy ambition")
        self.assertContains(response, "experiment editor")
        self.assertNotContains(response, "Energieambitie")


class SecurityHeaderTests(TestCase):
    def test_strict_csp_and_no_framing(self):
        response = self.client.get("/")
        self.assertIn("script-src 'self'", response["Content-Security-Policy"])
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertEqual(response["X-Frame-Options"], "DENY")


class AuditTests(BaseTestCase):
    def test_events_are_append_only(self):
        event = audit.record(self.experiment, by=self.editor, action="change", changes={"title": ["a", "b"]})
        event.note = "rewritten"
        with self.assertRaises(ValueError):
            event.save()
        with self.assertRaises(ValueError):
            event.delete()
        self.assertEqual(AuditEvent.objects.get().note, "")

    def test_trail_names_actor_after_account_is_gone(self):
        audit.record(self.experiment, by=self.outsider, action="change")
        self.outsider.delete()
        event = AuditEvent.objects.get()
        self.assertIsNone(event.actor)
        self.assertEqual(event.actor_label, "Olga Outsider")

    def test_for_object_includes_parts_and_nothing_else(self):
        participation = self.experiment.participations.get()
        audit.record_create(participation, by=self.editor, fields=["role"], parent=self.experiment)
        audit.record(self.experiment, by=self.editor, action="change")
        audit.record(self.other_experiment, by=self.editor, action="change")
        self.assertEqual(AuditEvent.objects.for_object(self.experiment).count(), 2)

    def test_snapshot_diff(self):
        before = audit.snapshot(self.experiment, ["title", "phase", "focus_areas"])
        self.assertEqual(before, {"title": "Huiskamer Aardgasvrij", "phase": "verkennen",
                                  "focus_areas": ["Pendrecht (WK059915)"]})
        self.experiment.phase = "uitvoering"
        self.assertEqual(audit.diff(before, audit.snapshot(self.experiment, ["title", "phase"])),
                         {"phase": ["verkennen", "uitvoeren"]})


class MarkdownTests(TestCase):
    def test_renders_and_sanitises(self):
        html = render_markdown("# Kop\n\n**vet** <img src=x onerror=alert(1)> [a](javascript:x) [b](https://x.nl)")
        self.assertIn("<strong>vet</strong>", html)
        self.assertNotIn("onerror", html)
        self.assertNotIn("javascript:", html)
        self.assertIn('href="https://x.nl"', html)
        self.assertNotIn("<h1>", html)


class NulInQueryTests(BaseTestCase):
    """PostgreSQL refuses text with NUL characters; a search box must not turn them into a server error."""

    def test_nul_characters_are_dropped_from_every_filter(self):
        make_organisation("Woonbron")
        for url in ("/organisaties/?q=Woon%00bron", "/experimenten/?q=%00&gemeente=GM%00", "/indicatoren/?q=%00gas",
                    "/gebieden/?q=%00", "/kennislabs/vragen/?q=%00"):
            with self.subTest(url=url):
                self.login(self.coordinator)
                self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get("/organisaties/?q=Woon%00bron")
        self.assertEqual(response.context["request"].GET["q"], "Woonbron")
        self.assertContains(response, "Woonbron")
