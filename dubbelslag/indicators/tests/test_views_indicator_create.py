from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import Indicator
from testing.base import BaseTestCase


class IndicatorCreateTests(BaseTestCase):
    url = reverse("indicators:indicator-create")

    def setUp(self):
        self.client.cookies["django_language"] = "en"
        self.count = Indicator.objects.count()

    def data(self, **overrides):
        data = {"code": "BP_WARMTEPLAN", "name_nl": "Bewoners kennen het warmteplan",
                "name_en": "Residents know the heat plan", "definition_nl": "Aandeel bewoners dat het plan kent.",
                "domain": "proces", "unit": "%", "direction": "higher_better", "spatial_level": "wijk",
                "licence": "CC BY 4.0", "is_own_measurement": "on"}
        data.update(overrides)
        return {name: value for name, value in data.items() if value is not None}

    def test_programme_team_adds_an_own_measurement_and_the_audit_trail_records_it(self):
        for user, code in [(self.coordinator, "BP_WARMTEPLAN"), (self.researcher, "BP_KLANTREIS")]:
            with self.subTest(user=user):
                self.login(user)
                response = self.client.post(self.url, self.data(code=code))
                self.assertRedirects(response, reverse("indicators:indicator-detail", args=[code]))
                indicator = Indicator.objects.get(code=code)
                self.assertEqual(indicator.name_en, "Residents know the heat plan")
                self.assertEqual(indicator.domain, "proces")
                self.assertEqual(indicator.spatial_level, "wijk")
                self.assertTrue(indicator.is_own_measurement)
                event = AuditEvent.objects.for_object(indicator).get()
                self.assertEqual((event.action, event.actor), ("create", user))
                self.assertEqual(event.changes["code"], [None, code])
                self.assertEqual(event.changes["is_own_measurement"], [None, True])
                detail = self.client.get(response["Location"])
                self.assertContains(detail, "Residents know the heat plan")
                self.assertContains(detail, "python manage.py import_observations")
        self.assertEqual(Indicator.objects.count(), self.count + 2)

    def test_a_cbs_indicator_is_added_with_its_table_and_key_stem(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(
            code="won_leegstand", domain="woningvoorraad", source_table="85984NED",
            source_key_stem="PercentageLeegstaandeWoningen", is_own_measurement=None, spatial_level="buurt"))
        self.assertRedirects(response, reverse("indicators:indicator-detail", args=["WON_LEEGSTAND"]))
        indicator = Indicator.objects.get(code="WON_LEEGSTAND")
        self.assertEqual((indicator.source_table, indicator.source_key_stem),
                         ("85984NED", "PercentageLeegstaandeWoningen"))
        self.assertFalse(indicator.is_own_measurement)

    def test_the_form_is_shown_to_the_programme_team(self):
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="code"')
        self.assertContains(response, 'name="source_key_stem"')
        self.assertContains(response, "New indicator")

    def test_invalid_input_shows_the_error_and_saves_nothing(self):
        self.login(self.coordinator)
        cases = {
            "taken code": ({"code": "BP_BOB"}, "Indicator with this Code already exists."),
            "taken code in lower case": ({"code": "bp_bob"}, "Indicator with this Code already exists."),
            "space in code": ({"code": "BP NIEUW"}, "Use capital letters, digits and underscores"),
            "accent in code": ({"code": "BP_ÉÉN"}, "Use capital letters, digits and underscores"),
            "digit first": ({"code": "1BP"}, "starting with a letter"),
            "no code": ({"code": ""}, "This field is required."),
            "no name": ({"name_nl": ""}, "This field is required."),
            "table": ({"source_table": "85984", "is_own_measurement": None}, "five digits followed by three"),
            "suffix": ({"source_table": "85984NED", "source_key_stem": "Woningvoorraad_35",
                        "is_own_measurement": None}, "Woningvoorraad instead of Woningvoorraad_35"),
            "own with table": ({"source_table": "85984NED"}, "An own measurement has no CBS source table"),
        }
        for label, (changes, message) in cases.items():
            with self.subTest(label):
                response = self.client.post(self.url, self.data(**changes))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
        self.assertEqual(Indicator.objects.count(), self.count)
        self.assertFalse(Indicator.objects.filter(code__startswith="BP_W").exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_submitting_twice_creates_one_indicator(self):
        self.login(self.coordinator)
        first = self.client.post(self.url, self.data())
        second = self.client.post(self.url, self.data())
        self.assertEqual(first.status_code, 302)
        self.assertEqual(second.status_code, 200)
        self.assertContains(second, "Indicator with this Code already exists.")
        self.assertEqual(Indicator.objects.filter(code="BP_WARMTEPLAN").count(), 1)
        self.assertEqual(AuditEvent.objects.filter(action="create").count(), 1)

    def test_anonymous_is_sent_to_login(self):
        for response in [self.client.get(self.url), self.client.post(self.url, self.data())]:
            with self.subTest(method=response.request["REQUEST_METHOD"]):
                self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}",
                                     fetch_redirect_response=False)
        self.assertEqual(Indicator.objects.count(), self.count)

    def test_signed_in_without_a_programme_role_is_403(self):
        for user in [self.outsider, self.reader, self.editor]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.assertEqual(Indicator.objects.count(), self.count)
        self.assertFalse(AuditEvent.objects.exists())

    def test_wrong_method_is_405(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertEqual(Indicator.objects.count(), self.count)
