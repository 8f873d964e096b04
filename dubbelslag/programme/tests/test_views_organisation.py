from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dubbelslag.accounts.models import Organisation
from dubbelslag.core import audit
from dubbelslag.programme.models import Participation
from testing.base import BaseTestCase, make_organisation


class OrganisationListTests(BaseTestCase):
    url = reverse("programme:organisation-list")

    def test_lists_organisations_with_filter(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual({o.name for o in response.context["page"]},
                         {"Gemeente Rotterdam", "Woonstichting Zuidrand", "Kennisinstituut"})
        response = self.client.get(self.url + "?type=woningcorporatie")
        self.assertEqual([o.name for o in response.context["page"]], ["Woonstichting Zuidrand"])
        response = self.client.get(self.url + "?q=kennis")
        self.assertEqual([o.name for o in response.context["page"]], ["Kennisinstituut"])

    def test_query_count_does_not_grow_with_items(self):
        Organisation.objects.exclude(pk=self.gemeente_org.pk).update(type="overig")
        self.login(self.reader)
        with CaptureQueriesContext(connection) as one:
            self.assertEqual(len(self.client.get(self.url + "?type=gemeente").context["page"]), 1)
        make_organisation("Gemeente Zoetermeer")
        make_organisation("Gemeente Soest")
        with self.assertNumQueries(len(one.captured_queries)):
            self.assertEqual(len(self.client.get(self.url + "?type=gemeente").context["page"]), 3)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 405)


class OrganisationDetailTests(BaseTestCase):
    def setUp(self):
        Participation.objects.create(experiment=self.other_experiment, organisation=self.gemeente_org,
                                     role="adviseur")
        self.url = reverse("programme:organisation-detail", args=[self.gemeente_org.slug])

    def test_shows_only_experiments_the_user_may_see(self):
        self.login(self.reader)
        response = self.client.get(self.url)
        self.assertEqual({p.experiment.title for p in response.context["participations"]}, {"Huiskamer Aardgasvrij"})
        self.assertNotContains(response, "Verhalen ophalen in Palenstein")
        self.assertEqual(response.context["hidden_count"], 1)

    def test_programme_team_sees_all_and_the_history(self):
        audit.record_create(self.gemeente_org, by=self.coordinator, fields=["name", "type"])
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertEqual({p.experiment.title for p in response.context["participations"]},
                         {"Huiskamer Aardgasvrij", "Verhalen ophalen in Palenstein"})
        self.assertContains(response, 'id="audit-heading"')
        self.assertContains(response, "Carla Coördinator")

    def test_participant_does_not_see_history(self):
        self.login(self.editor)
        self.assertNotContains(self.client.get(self.url), 'id="audit-heading"')

    def test_unknown_is_404(self):
        self.login(self.reader)
        url = reverse("programme:organisation-detail", args=["bestaat-niet"])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_anonymous_is_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)

    def test_wrong_method(self):
        self.login(self.reader)
        self.assertEqual(self.client.post(self.url).status_code, 405)
