import re

from django.conf import settings
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from dubbelslag.accounts.models import LoginFailure
from testing.base import PASSWORD, BaseTestCase


class LoginTests(BaseTestCase):
    url = reverse("accounts:login")

    def post(self, email, password, **extra):
        return self.client.post(self.url, {"username": email, "password": password}, **extra)

    def test_login_with_email_case_insensitively_goes_to_dashboard(self):
        response = self.post("Editor@Example.org", PASSWORD)
        self.assertRedirects(response, reverse("programme:dashboard"))
        self.assertEqual(int(self.client.session["_auth_user_id"]), self.editor.pk)

    def test_wrong_password_gets_a_dutch_message(self):
        response = self.post("editor@example.org", "wrong")
        self.assertContains(response, "wachtwoord")
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertEqual(LoginFailure.objects.filter(email="editor@example.org").count(), 1)

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_throttled_after_repeated_failures_even_with_right_password(self):
        for _ in range(3):
            self.post("editor@example.org", "wrong")
        response = self.post("editor@example.org", PASSWORD)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("_auth_user_id", self.client.session)
        self.assertContains(response, "Te veel mislukte pogingen")

    @override_settings(LOGIN_FAILURE_LIMIT=3)
    def test_success_clears_earlier_failures(self):
        self.post("editor@example.org", "wrong")
        self.post("editor@example.org", PASSWORD)
        self.assertFalse(LoginFailure.objects.filter(email="editor@example.org").exists())

    def test_inactive_user_cannot_log_in(self):
        self.editor.is_active = False
        self.editor.save()
        self.post("editor@example.org", PASSWORD)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_logout_needs_post(self):
        self.login(self.editor)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 405)
        response = self.client.post(reverse("accounts:logout"))
        self.assertRedirects(response, reverse("programme:home"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_sessions_expire(self):
        self.post("editor@example.org", PASSWORD)
        self.assertTrue(self.client.session.get_expire_at_browser_close())
        self.assertEqual(self.client.session.get_expiry_age(), settings.SESSION_COOKIE_AGE)
        self.assertLessEqual(settings.SESSION_COOKIE_AGE, 12 * 60 * 60)


class PasswordTests(BaseTestCase):
    def test_password_reset_by_email(self):
        response = self.client.post(reverse("accounts:password-reset"), {"email": "reader@example.org"})
        self.assertRedirects(response, reverse("accounts:password-reset-done"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["reader@example.org"])
        link = re.search(r"https?://[^/]+(/account/password/reset/\S+/)", mail.outbox[0].body).group(1)
        response = self.client.get(link, follow=True)
        self.assertContains(response, "Kies een nieuw wachtwoord")
        response = self.client.post(response.redirect_chain[-1][0],
                                    {"new_password1": "Nieuw-wachtwoord-42", "new_password2": "Nieuw-wachtwoord-42"})
        self.assertRedirects(response, reverse("accounts:password-reset-complete"))
        self.assertTrue(self.client.login(username="reader@example.org", password="Nieuw-wachtwoord-42"))

    def test_reset_for_unknown_address_sends_nothing_and_does_not_tell(self):
        response = self.client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
        self.assertRedirects(response, reverse("accounts:password-reset-done"))
        self.assertEqual(mail.outbox, [])

    def test_password_change(self):
        self.login(self.editor)
        response = self.client.post(reverse("accounts:password-change"), {
            "old_password": PASSWORD, "new_password1": "Ander-wachtwoord-77", "new_password2": "Ander-wachtwoord-77"})
        self.assertRedirects(response, reverse("accounts:password-change-done"))
        self.editor.refresh_from_db()
        self.assertTrue(self.editor.check_password("Ander-wachtwoord-77"))

    def test_password_change_needs_login(self):
        url = reverse("accounts:password-change")
        self.assertRedirects(self.client.get(url), reverse("accounts:login") + "?next=" + url)
