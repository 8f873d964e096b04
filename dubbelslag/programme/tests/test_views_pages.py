"""Home, programme overview and the personal dashboard."""

from django.urls import reverse

from dubbelslag.programme.models import Programme
from testing.base import BaseTestCase


class HomeTests(BaseTestCase):
    def test_anonymous_sees_programme_in_dutch(self):
        self.programme.is_demo = True
        self.programme.save()
        response = self.client.get(reverse("programme:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        self.assertContains(response, "Verduurzaming Kwetsbare Wijken")
        self.assertContains(response, '<html lang="nl">')
        self.assertContains(response, "Inloggen")
        self.assertContains(response, 'class="badge badge-demo"')

    def test_wrong_method(self):
        self.assertEqual(self.client.post(reverse("programme:home")).status_code, 405)


class ProgrammeDetailTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("programme:programme-detail", args=[self.programme.slug])
        self.other_experiment.is_public = True
        self.other_experiment.save()

    def test_anonymous_sees_only_public_experiments_without_links(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Verhalen ophalen in Palenstein")
        self.assertNotContains(response, "Huiskamer Aardgasvrij")
        self.assertNotContains(response, self.other_experiment.get_absolute_url())
        self.assertNotContains(response, reverse("programme:experiment-create", args=[self.programme.slug]))

    def test_member_sees_own_experiment_linked(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertContains(response, self.experiment.get_absolute_url())
        self.assertNotContains(response, self.other_experiment.get_absolute_url())

    def test_coordinator_gets_new_experiment_button(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, reverse("programme:experiment-create", args=[self.programme.slug]))
        self.assertContains(response, self.experiment.get_absolute_url())

    def test_history_only_for_the_programme_team(self):
        from dubbelslag.core import audit

        audit.record_create(self.programme, by=self.coordinator, fields=["name"])
        for user, sees in [(None, False), (self.outsider, False), (self.editor, False), (self.researcher, True),
                           (self.coordinator, True)]:
            with self.subTest(user=user and user.email):
                self.client.logout()
                if user:
                    self.login(user)
                self.assertEqual('id="audit-heading"' in self.client.get(self.url).content.decode(), sees)

    def test_unknown_programme_is_404(self):
        self.assertEqual(self.client.get(reverse("programme:programme-detail", args=["nope"])).status_code, 404)

    def test_wrong_method(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)


class DashboardTests(BaseTestCase):
    url = reverse("programme:dashboard")

    def test_editor_sees_own_experiment_and_role(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual([e.title for e in response.context["experiments"]], ["Huiskamer Aardgasvrij"])
        self.assertContains(response, self.experiment.get_absolute_url())
        self.assertNotContains(response, self.other_experiment.get_absolute_url())

    def test_members_get_shortcuts_to_their_questions_actions_and_calendar(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        for name in ("labs:my-questions", "labs:my-actions", "labs:calendar-settings"):
            self.assertContains(response, f'href="{reverse(name)}"')
        self.login(self.outsider)
        self.assertNotContains(self.client.get(self.url), f'href="{reverse("labs:my-questions")}"')

    def test_coordinator_sees_programme_experiments(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual({e.title for e in response.context["experiments"]},
                         {"Huiskamer Aardgasvrij", "Verhalen ophalen in Palenstein"})
        self.assertTrue(response.context["is_programme_team"])

    def test_outsider_sees_no_experiments(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response.context["experiments"], [])
        self.assertNotContains(response, "Huiskamer Aardgasvrij")

    def test_superuser_sees_everything(self):
        admin = type(self.coordinator).objects.create_superuser("admin@example.org", "x" * 12, full_name="Admin")
        Programme.objects.create(name="Tweede programma", slug="tweede", start_date="2023-01-01",
                                 end_date="2024-12-31")
        self.login(admin)
        self.assertEqual(len(self.client.get(self.url).context["experiments"]), 2)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.editor)
        self.assertEqual(self.client.post(self.url).status_code, 405)
