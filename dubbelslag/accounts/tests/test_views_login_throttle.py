"""The login throttle as an attacker meets it: on every login path, per account and per (account, address), with
growing delays. Time passes by moving the recorded failures back (`wait`), so no test sleeps."""

import re
from datetime import timedelta
from unittest.mock import patch

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.backends import ModelBackend
from django.core import mail
from django.db.models import F
from django.test import RequestFactory, override_settings
from django.urls import reverse

from dubbelslag.accounts.models import LoginFailure
from testing.base import PASSWORD, BaseTestCase, make_user

OFFICE = "203.0.113.9"  # a municipal office: many people behind one NAT address
HOME = "198.51.100.1"
THROTTLED = "Te veel mislukte pogingen"


def wait(seconds: int) -> None:
    """Let time pass for the throttle: every failure recorded so far happened `seconds` earlier."""
    LoginFailure.objects.update(at=F("at") - timedelta(seconds=seconds))


def signed_in_user_id(client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id is not None else None


@override_settings(LOGIN_FAILURE_LIMIT=3, LOGIN_ACCOUNT_FAILURE_LIMIT=6, LOGIN_LOCKOUT_SECONDS=60,
                   LOGIN_LOCKOUT_MAX_SECONDS=3600, LOGIN_FAILURE_WINDOW=86400)
class LoginThrottleTests(BaseTestCase):
    site_login = reverse("accounts:login")
    admin_login = reverse("admin:login")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.operator = make_user("beheer@example.org", is_staff=True, is_superuser=True)

    def post(self, url, email, password, address=OFFICE, **data):
        return self.client.post(url, {"username": email, "password": password, **data}, REMOTE_ADDR=address)

    def fail(self, email, times, *, url=None, address=OFFICE):
        for _attempt in range(times):
            response = self.post(url or self.site_login, email, "wrong-password", address)
            self.assertIsNone(signed_in_user_id(self.client))
        return response

    # The admin login path

    def test_admin_login_refuses_the_right_password_of_an_account_throttled_on_the_site(self):
        self.fail("beheer@example.org", 3)
        response = self.post(self.admin_login, "beheer@example.org", PASSWORD, next="/beheer/")
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertContains(response, THROTTLED)
        self.assertContains(response, "Probeer het over 1 minuut opnieuw")

    def test_failures_on_the_admin_login_throttle_it_and_the_site_login(self):
        # The tester's attack: 8 wrong passwords on /beheer/login/, then the right one.
        self.fail("beheer@example.org", 8, url=self.admin_login)
        self.assertEqual(LoginFailure.objects.filter(email="beheer@example.org").count(), 3,
                         "attempts while throttled are refused before the password is checked")
        response = self.post(self.admin_login, "beheer@example.org", PASSWORD, next="/beheer/")
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertContains(response, THROTTLED)
        response = self.post(self.site_login, "beheer@example.org", PASSWORD)
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertContains(response, THROTTLED)
        self.assertEqual(self.client.get("/beheer/").status_code, 302)

    def test_admin_login_signs_staff_in_and_still_refuses_non_staff(self):
        response = self.post(self.admin_login, "outsider@example.org", PASSWORD, next="/beheer/")
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertContains(response, "wachtwoord")
        response = self.post(self.admin_login, "Beheer@Example.org", PASSWORD, next="/beheer/")
        self.assertRedirects(response, "/beheer/")
        self.assertEqual(signed_in_user_id(self.client), self.operator.pk)

    def test_authenticate_refuses_a_throttled_account_whatever_calls_it(self):
        # Any code that signs in with a password calls authenticate(), which the backend throttles, form or not.
        self.fail("editor@example.org", 3)
        request = RequestFactory().post("/elders/", REMOTE_ADDR=OFFICE)
        self.assertIsNone(authenticate(request, username="editor@example.org", password=PASSWORD))
        # Without a request (Client.login, a script) the attempts count as from an unknown address.
        for _attempt in range(3):
            self.assertFalse(self.client.login(username="reader@example.org", password="wrong-password"))
        self.assertFalse(self.client.login(username="reader@example.org", password=PASSWORD))
        self.assertIsNone(signed_in_user_id(self.client))
        wait(61)
        self.assertTrue(self.client.login(username="reader@example.org", password=PASSWORD))
        self.assertEqual(signed_in_user_id(self.client), self.reader.pk)
        self.assertEqual(authenticate(request, username="editor@example.org", password=PASSWORD), self.editor)

    def test_guesses_sent_in_parallel_cannot_all_slip_under_the_limit(self):
        # Ten guesses at once: each arrives while the password of the one before is still being hashed.
        request = RequestFactory().post("/account/login/", REMOTE_ADDR=OFFICE)
        checked = []
        check_password = ModelBackend.authenticate

        def slow_check(backend, request, username=None, password=None, **kwargs):
            checked.append(password)
            if len(checked) < 10:
                authenticate(request, username="editor@example.org", password=f"guess-{len(checked)}")
            return check_password(backend, request, username=username, password=password, **kwargs)

        with patch.object(ModelBackend, "authenticate", slow_check):
            self.assertIsNone(authenticate(request, username="editor@example.org", password="guess-0"))
        self.assertEqual(checked, ["guess-0", "guess-1", "guess-2"])
        self.assertEqual(LoginFailure.objects.filter(email="editor@example.org", ip_address=OFFICE).count(), 3)

    # Per (account, address): one address does not lock out other accounts, nor this account elsewhere

    def test_failures_for_one_account_at_an_address_do_not_lock_out_another_account_there(self):
        self.fail("outsider@example.org", 5)
        self.fail("unknown@example.org", 5)
        response = self.post(self.site_login, "editor@example.org", PASSWORD)
        self.assertRedirects(response, reverse("programme:dashboard"))
        self.assertEqual(signed_in_user_id(self.client), self.editor.pk)

    def test_the_account_locked_at_one_address_still_signs_in_from_another(self):
        self.fail("editor@example.org", 3)
        response = self.post(self.site_login, "editor@example.org", PASSWORD)
        self.assertContains(response, THROTTLED)
        self.assertIsNone(signed_in_user_id(self.client))
        response = self.post(self.site_login, "editor@example.org", PASSWORD, HOME)
        self.assertRedirects(response, reverse("programme:dashboard"))
        self.assertEqual(signed_in_user_id(self.client), self.editor.pk)

    # Per account: a guesser spread over many addresses

    def test_a_guesser_spread_over_many_addresses_locks_the_account_everywhere(self):
        for n in range(6):
            self.fail("editor@example.org", 2, address=f"192.0.2.{n + 1}")  # each below the per-address limit
        for address in ["192.0.2.200", HOME]:
            response = self.post(self.site_login, "editor@example.org", PASSWORD, address)
            self.assertContains(response, THROTTLED)
            self.assertIsNone(signed_in_user_id(self.client))
        # Only that account: another person signs in from the guesser's addresses.
        response = self.post(self.site_login, "reader@example.org", PASSWORD, "192.0.2.1")
        self.assertEqual(signed_in_user_id(self.client), self.reader.pk)

    # Growing delays

    def test_each_failure_past_the_limit_doubles_the_wait(self):
        self.fail("editor@example.org", 3)
        for seconds, minutes_text in [(60, "1 minuut"), (120, "2 minuten"), (240, "4 minuten")]:
            response = self.post(self.site_login, "editor@example.org", PASSWORD)
            self.assertContains(response, f"Probeer het over {minutes_text} opnieuw")
            wait(seconds - 1)
            response = self.post(self.site_login, "editor@example.org", PASSWORD)
            self.assertContains(response, "Probeer het over 1 minuut opnieuw")
            self.assertIsNone(signed_in_user_id(self.client))
            wait(2)
            # The wait is over: one more guess is checked (and recorded), and doubles the next wait.
            failures = LoginFailure.objects.count()
            self.fail("editor@example.org", 1)
            self.assertEqual(LoginFailure.objects.count(), failures + 1)
        self.assertContains(self.post(self.site_login, "editor@example.org", PASSWORD), "over 8 minuten")
        wait(8 * 60 + 1)
        response = self.post(self.site_login, "editor@example.org", PASSWORD)
        self.assertRedirects(response, reverse("programme:dashboard"))
        self.assertEqual(signed_in_user_id(self.client), self.editor.pk)
        self.assertFalse(LoginFailure.objects.filter(email="editor@example.org").exists())

    @override_settings(LOGIN_LOCKOUT_MAX_SECONDS=300)
    def test_the_wait_stops_growing_at_the_cap(self):
        self.fail("editor@example.org", 3)
        for _round in range(4):  # waits of 1, 2, 4 and then (capped) 5 minutes
            wait(300)
            self.fail("editor@example.org", 1)
        wait(299)
        self.assertContains(self.post(self.site_login, "editor@example.org", PASSWORD), "over 1 minuut")
        wait(2)
        self.post(self.site_login, "editor@example.org", PASSWORD)
        self.assertEqual(signed_in_user_id(self.client), self.editor.pk)

    # What the message says

    def test_the_message_does_not_tell_whether_the_account_exists(self):
        messages = []
        for email in ["editor@example.org", "nobody@example.org"]:
            self.fail(email, 3)
            response = self.post(self.site_login, email, PASSWORD)
            messages.append(re.search(r'<div class="form-errors" role="alert">(.*?)</div>', response.content.decode(),
                                      re.S).group(1))
        self.assertIn(THROTTLED, messages[0])
        self.assertEqual(messages[0], messages[1])

    def test_the_message_is_in_english_for_english_readers(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.fail("editor@example.org", 3)
        response = self.post(self.site_login, "editor@example.org", PASSWORD)
        self.assertContains(response, "Too many failed attempts.")
        self.assertContains(response, "try again in 1 minute or reset your password")

    # Password reset: never signs in, and lifts the throttle for whoever reads the account's mail

    def test_password_reset_lifts_the_throttle_without_signing_in(self):
        self.fail("reader@example.org", 3)
        self.assertContains(self.post(self.site_login, "reader@example.org", PASSWORD), THROTTLED)
        self.client.post(reverse("accounts:password-reset"), {"email": "reader@example.org"})
        link = re.search(r"https?://[^/]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
        response = self.client.get(link, follow=True)
        response = self.client.post(response.redirect_chain[-1][0], {
            "new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"})
        self.assertRedirects(response, reverse("accounts:password-reset-complete"))
        self.assertIsNone(signed_in_user_id(self.client))
        self.assertFalse(LoginFailure.objects.filter(email="reader@example.org").exists())
        response = self.post(self.site_login, "reader@example.org", "Nieuw-wachtwoord-42")
        self.assertEqual(signed_in_user_id(self.client), self.reader.pk)
