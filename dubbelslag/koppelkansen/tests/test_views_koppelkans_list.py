from django.urls import reverse

from dubbelslag.koppelkansen.models import Koppelkans
from testing.base import BaseTestCase
from testing.factories.koppelkansen import make_koppelkans


class KoppelkansListTests(BaseTestCase):
    url = reverse("koppelkansen:koppelkans-list")

    def codes(self, response) -> list[str]:
        return [koppelkans.code for koppelkans in response.context["koppelkansen"]]

    def test_anonymous_sees_the_catalogue(self):
        response = self.client.get(self.url)
        self.assertEqual(self.codes(response), [f"K{number:02d}" for number in range(1, 18)])
        self.assertContains(response, "Huiskamer als energieloket en ontmoetingsplek")
        self.assertContains(response, reverse("koppelkansen:koppelkans-detail", args=["K08"]))
        self.assertNotContains(response, reverse("koppelkansen:koppelkans-create"))

    def test_english_titles(self):
        self.client.cookies["django_language"] = "en"
        self.assertContains(self.client.get(self.url), "A neighbourhood living room as energy desk and meeting place")

    def test_filter_by_orientation_includes_both(self):
        response = self.client.get(self.url, {"orientation": "area"})
        expected = list(Koppelkans.objects.filter(orientation__in=["area", "both"]).values_list("code", flat=True))
        self.assertEqual(self.codes(response), expected)
        self.assertIn("K09", expected)
        self.assertNotIn("K01", expected)

    def test_filter_by_theme(self):
        response = self.client.get(self.url, {"theme": "veiligheid"})
        self.assertEqual(self.codes(response), ["K02", "K13"])

    def test_filter_by_theme_group(self):
        response = self.client.get(self.url, {"theme": "kennisvragen"})
        self.assertEqual(self.codes(response), ["K08", "K09", "K14"])

    def test_unknown_filter_values_are_ignored(self):
        response = self.client.get(self.url, {"orientation": "sideways", "theme": "nonsense"})
        self.assertEqual(len(self.codes(response)), 17)
        self.assertEqual((response.context["filters"].orientation, response.context["filters"].theme), ("", ""))

    def test_switched_off_koppelkans_is_shown_to_the_team_only(self):
        Koppelkans.objects.filter(code="K12").update(is_active=False)
        self.assertNotIn("K12", self.codes(self.client.get(self.url)))
        for user in (self.outsider, self.editor):
            self.login(user)
            self.assertNotIn("K12", self.codes(self.client.get(self.url)))
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertIn("K12", self.codes(response))
        self.assertContains(response, reverse("koppelkansen:koppelkans-create"))

    def test_post_is_not_allowed(self):
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_query_count_does_not_grow_with_the_list(self):
        Koppelkans.objects.all().delete()
        make_koppelkans("K90", rules=[("INK_SOCMIN", "gte", "absolute", 5)])
        with self.assertNumQueries(3) as one:
            self.client.get(self.url)
        make_koppelkans("K91", rules=[("INK_SOCMIN", "gte", "absolute", 5)]).themes.set([1, 2])
        make_koppelkans("K92")
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(self.codes(response), ["K90", "K91", "K92"])
