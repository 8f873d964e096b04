from django.urls import reverse

from dubbelslag.koppelkansen import services
from dubbelslag.koppelkansen.models import Koppelkans
from testing.base import BaseTestCase


class KoppelkansDetailTests(BaseTestCase):
    def setUp(self):
        self.koppelkans = Koppelkans.objects.get(code="K08")
        self.url = reverse("koppelkansen:koppelkans-detail", args=["K08"])

    def test_anonymous_sees_description_examples_and_rules_in_words(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(self.url)
        self.assertContains(response, "A neighbourhood living room as energy desk and meeting place")
        # Examples are Markdown, rendered and sanitised.
        self.assertContains(response, "<strong>Rotterdam, Pendrecht: Huiskamer Aardgasvrij</strong>", html=True)
        self.assertContains(response, "Severely lonely")
        self.assertContains(response, "≥ p75 of the areas of the same level in the gemeente")
        self.assertContains(response, "suggest a coupling opportunity worth a closer look")
        self.assertEqual(len(response.context["rule_units"]), 4)
        self.assertIsNone(response.context["audit_events"])
        self.assertNotContains(response, reverse("koppelkansen:koppelkans-update", args=["K08"]))

    def test_and_groups_are_shown_together(self):
        response = self.client.get(reverse("koppelkansen:koppelkans-detail", args=["K06"]))
        first = response.context["rule_units"][0]
        self.assertEqual([rule.indicator.code for rule in first], ["ET_KOOP", "VERM_MED"])

    def test_unknown_code_is_404(self):
        self.assertEqual(self.client.get(reverse("koppelkansen:koppelkans-detail", args=["K99"])).status_code, 404)

    def test_switched_off_koppelkans_is_404_except_for_the_team(self):
        Koppelkans.objects.filter(code="K08").update(is_active=False)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.editor)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(response.context["koppelkans"], self.koppelkans)
        self.assertEqual(response.context["adoptable_experiments"], [])

    def test_adoptions_are_shown_only_to_those_who_may_see_the_experiment(self):
        services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor, note="Onze huiskamer")
        for user, visible in [(None, False), (self.outsider, False), (self.reader, True), (self.editor, True),
                              (self.researcher, True)]:
            with self.subTest(getattr(user, "email", "anonymous")):
                if user:
                    self.login(user)
                response = self.client.get(self.url)
                titles = [adoption.experiment.title for adoption in response.context["adoptions"]]
                self.assertEqual(titles, ["Huiskamer Aardgasvrij"] if visible else [])
                if visible:
                    self.assertContains(response, "Onze huiskamer")
                else:
                    self.assertNotContains(response, "Onze huiskamer")

    def test_editor_may_adopt_for_their_own_experiment_only(self):
        self.login(self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.context["adoptable_experiments"], [self.experiment])
        self.assertContains(response, reverse("koppelkansen:adoption-create", args=["K08"]))
        services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)
        response = self.client.get(self.url)
        self.assertEqual(response.context["adoptable_experiments"], [])
        adoption = response.context["adoptions"][0]
        self.assertEqual(response.context["removable_ids"], {adoption.pk})
        self.assertContains(response, reverse("koppelkansen:adoption-delete", args=[adoption.pk]))

    def test_reader_and_researcher_get_no_adopt_form_or_remove_button(self):
        adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)
        for user in (self.reader, self.researcher, self.outsider):
            with self.subTest(user.email):
                self.login(user)
                response = self.client.get(self.url)
                self.assertEqual(response.context["adoptable_experiments"], [])
                self.assertNotContains(response, reverse("koppelkansen:adoption-create", args=["K08"]))
                self.assertNotContains(response, reverse("koppelkansen:adoption-delete", args=[adoption.pk]))

    def test_coordinator_may_adopt_for_every_experiment_and_sees_history(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertEqual(set(response.context["adoptable_experiments"]), {self.experiment, self.other_experiment})
        self.assertIsNotNone(response.context["audit_events"])
        self.assertContains(response, reverse("koppelkansen:koppelkans-update", args=["K08"]))

    def test_post_is_not_allowed(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)
