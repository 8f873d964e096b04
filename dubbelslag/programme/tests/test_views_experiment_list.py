from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.programme.models import Experiment, Participation, Theme
from testing.base import BaseTestCase, make_experiment


class ExperimentListTests(BaseTestCase):
    url = reverse("programme:experiment-list")

    def titles(self, response):
        return {experiment.title for experiment in response.context["page"]}

    def test_programme_team_sees_all_experiments(self):
        for user in [self.coordinator, self.researcher]:
            self.login(user)
            self.assertEqual(self.titles(self.client.get(self.url)),
                             {"Huiskamer Aardgasvrij", "Verhalen ophalen in Palenstein"})

    def test_members_see_only_their_experiment(self):
        for user in [self.editor, self.reader]:
            self.login(user)
            self.assertEqual(self.titles(self.client.get(self.url)), {"Huiskamer Aardgasvrij"})

    def test_outsider_sees_nothing(self):
        self.login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(self.titles(response), set())
        self.assertNotContains(response, "Huiskamer Aardgasvrij")

    def test_filters(self):
        theme = Theme.objects.get(slug="werk")
        self.other_experiment.themes.add(theme)
        Participation.objects.create(experiment=self.other_experiment, organisation=self.corporation,
                                     role="partner")
        self.login(self.coordinator)
        cases = {
            "?gemeente=GM0637": {"Verhalen ophalen in Palenstein"},
            "?q=huiskamer": {"Huiskamer Aardgasvrij"},
            "?q=pendrecht": {"Huiskamer Aardgasvrij"},
            "?theme=werk": {"Verhalen ophalen in Palenstein"},
            "?theme=koppelthemas": {"Verhalen ophalen in Palenstein"},
            "?organisation=woonstichting-zuidrand": {"Verhalen ophalen in Palenstein"},
            "?phase=uitvoering": set(),
            "?phase=verkennen&gemeente=GM0599": {"Huiskamer Aardgasvrij"},
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(self.client.get(self.url + query)), expected)

    def test_query_count_does_not_grow_with_items(self):
        Experiment.objects.exclude(pk=self.experiment.pk).delete()
        self.login(self.coordinator)
        with CaptureQueriesContext(connection) as one:
            self.assertEqual(len(self.titles(self.client.get(self.url))), 1)
        for n in range(2):
            experiment = make_experiment(programme=self.programme, gemeente=self.zoetermeer, title=f"Extra {n}")
            experiment.focus_areas.set([self.palenstein])
            experiment.themes.set(Theme.objects.filter(slug__in=["werk", "gezondheid"]))
        with self.assertNumQueries(len(one.captured_queries)):
            response = self.client.get(self.url)
        self.assertEqual(len(self.titles(response)), 3)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url).status_code, 405)
