from django.urls import reverse

from dubbelslag.core import audit
from testing.base import BaseTestCase


class ExperimentDetailTests(BaseTestCase):
    def setUp(self):
        self.url = reverse("programme:experiment-detail", args=[self.experiment.pk])

    def test_editor_sees_experiment_with_edit_link(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertContains(response, "Huiskamer Aardgasvrij")
        self.assertContains(response, "Pendrecht")
        self.assertContains(response, reverse("programme:experiment-update", args=[self.experiment.pk]))
        self.assertContains(response, "Gemeente Rotterdam")

    def test_reader_sees_experiment_without_edit_link(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertContains(response, "Huiskamer Aardgasvrij")
        self.assertNotContains(response, reverse("programme:experiment-update", args=[self.experiment.pk]))

    def test_programme_team_sees_audit_trail_participants_do_not(self):
        audit.record(self.experiment, by=self.coordinator, action="change", changes={"title": ["Oud", "Nieuw"]})
        for user, sees in [(self.coordinator, True), (self.researcher, True), (self.editor, False),
                           (self.reader, False)]:
            with self.subTest(user=user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual('id="audit-heading"' in response.content.decode(), sees)

    def test_outsider_gets_404(self):
        self.login(self.outsider)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_editor_of_other_experiment_gets_404(self):
        self.login(self.editor)
        url = reverse("programme:experiment-detail", args=[self.other_experiment.pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("accounts:login") + "?next=" + self.url)

    def test_post_is_not_allowed(self):
        self.login(self.editor)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_markdown_is_sanitised(self):
        self.experiment.approach = "**vet** <script>alert(1)</script> [x](javascript:alert(1))"
        self.experiment.save()
        self.login(self.editor)
        content = self.client.get(self.url).content.decode()
        self.assertIn("<strong>vet</strong>", content)
        self.assertNotIn("<script>alert(1)", content)
        self.assertNotIn("javascript:alert", content)
