"""The notification settings page (/account/meldingen/): the language of one's mail and whether notifications are
e-mailed too; and the language switch, which remembers a signed-in person's choice."""

from django.test import Client
from django.urls import reverse

from dubbelslag.accounts.models import User
from testing.base import BaseTestCase

URL = reverse("accounts:preferences")


class PreferencesPageTests(BaseTestCase):
    def test_shows_the_current_choice(self):
        User.objects.filter(pk=self.reader.pk).update(language="en", notify_by_email=False)
        self.login(self.reader)
        response = self.client.get(URL)
        self.assertEqual(response.context["form"].initial, {"language": "en", "notify_by_email": False})
        self.assertContains(response, reverse("notifications:notification-list"))

    def test_without_a_choice_the_site_language_is_shown(self):
        self.login(self.reader)
        self.assertEqual(self.client.get(URL).context["form"].initial, {"language": "nl", "notify_by_email": True})

    def test_saves_ones_own_choice_only(self):
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(URL, {"language": "en"}, follow=True)  # an unticked box is not sent
        self.assertRedirects(response, URL)
        self.assertEqual(User.objects.values_list("language", "notify_by_email").get(pk=self.reader.pk),
                         ("en", False))
        self.assertEqual(User.objects.values_list("language", "notify_by_email").get(pk=self.editor.pk), ("", True))
        self.assertContains(response, "Your settings have been saved.")

    def test_an_unknown_language_is_refused_with_a_message_and_nothing_saved(self):
        self.login(self.reader)
        self.client.cookies["django_language"] = "en"
        response = self.client.post(URL, {"language": "de", "notify_by_email": "on"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Select a valid choice.")
        self.assertEqual(User.objects.values_list("language", flat=True).get(pk=self.reader.pk), "")

    def test_anonymous_logs_in_and_other_methods_are_refused(self):
        self.assertRedirects(self.client.get(URL), f"{reverse('accounts:login')}?next={URL}")
        self.assertRedirects(self.client.post(URL, {"language": "en"}), f"{reverse('accounts:login')}?next={URL}")
        self.login(self.reader)
        self.assertEqual(self.client.put(URL).status_code, 405)

    def test_needs_a_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.reader)
        self.assertEqual(client.post(URL, {"language": "en"}).status_code, 403)
        self.assertEqual(User.objects.values_list("language", flat=True).get(pk=self.reader.pk), "")


class LanguageSwitchTests(BaseTestCase):
    def switch(self, language):
        return self.client.post(reverse("set-language"), {"language": language, "next": "/"})

    def test_a_signed_in_switch_is_remembered_for_mail(self):
        self.login(self.reader)
        response = self.switch("en")
        self.assertEqual((response.status_code, response.cookies["django_language"].value), (302, "en"))
        self.assertEqual(User.objects.values_list("language", flat=True).get(pk=self.reader.pk), "en")
        self.switch("nl")
        self.assertEqual(User.objects.values_list("language", flat=True).get(pk=self.reader.pk), "nl")

    def test_an_unknown_language_is_not_remembered(self):
        self.login(self.reader)
        self.switch("de")
        self.assertEqual(User.objects.values_list("language", flat=True).get(pk=self.reader.pk), "")

    def test_signed_out_it_only_sets_the_cookie(self):
        response = self.switch("en")
        self.assertEqual(response.cookies["django_language"].value, "en")
        self.assertEqual(set(User.objects.values_list("language", flat=True)), {""})
