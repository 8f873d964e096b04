from django.forms.models import model_to_dict
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.catalogue import INDICATOR_FIELDS
from dubbelslag.indicators.models import Indicator
from testing.base import BaseTestCase


class IndicatorUpdateTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.get(code="INK_LAAG")
        cls.url = reverse("indicators:indicator-update", args=["INK_LAAG"])

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def data(self, **overrides):
        data = model_to_dict(self.indicator, fields=INDICATOR_FIELDS)
        data["is_own_measurement"] = "on" if data["is_own_measurement"] else ""
        data.update(overrides)
        return {name: value for name, value in data.items() if value != ""}

    def saved(self) -> Indicator:
        return Indicator.objects.get(pk=self.indicator.pk)

    def test_programme_team_changes_the_sheet_and_the_audit_trail_records_it(self):
        for user, name in [(self.coordinator, "Lage inkomens (coördinator)"), (self.researcher, "Lage inkomens")]:
            with self.subTest(user=user):
                self.login(user)
                response = self.client.post(self.url, self.data(
                    name_nl=name, source_table="85984ned", source_key_stem=" HuishoudensMetEenLaagInkomen ",
                    source_note="KWB, elk jaar een nieuwe tabel"))
                self.assertRedirects(response, reverse("indicators:indicator-detail", args=["INK_LAAG"]))
                indicator = self.saved()
                self.assertEqual(indicator.name_nl, name)
                self.assertEqual(indicator.source_table, "85984NED")
                self.assertEqual(indicator.source_key_stem, "HuishoudensMetEenLaagInkomen")
                event = AuditEvent.objects.for_object(indicator).first()
                self.assertEqual(event.actor, user)
                self.assertEqual(event.action, "change")
        events = list(AuditEvent.objects.for_object(self.indicator).order_by("pk"))
        self.assertEqual(len(events), 2)
        self.assertEqual(set(events[0].changes), {"name_nl", "source_note"})
        self.assertEqual(events[0].changes["name_nl"], [self.indicator.name_nl, "Lage inkomens (coördinator)"])
        self.assertEqual(events[1].changes, {"name_nl": ["Lage inkomens (coördinator)", "Lage inkomens"]})

    def test_every_field_of_the_sheet_can_be_changed(self):
        self.login(self.coordinator)
        changes = {"name_en": "Low incomes", "definition_nl": "Nieuw.", "definition_en": "New.", "domain": "proces",
                   "unit": "‰", "direction": "context", "source_table": "", "source_key_stem": "",
                   "source_note": "Eigen meting", "spatial_level": "wijk", "licence": "CC0",
                   "is_own_measurement": "on"}
        self.assertEqual(self.client.post(self.url, self.data(**changes)).status_code, 302)
        indicator = self.saved()
        self.assertEqual(
            {name: getattr(indicator, name) for name in changes},
            {**changes, "is_own_measurement": True})
        self.assertEqual(indicator.code, "INK_LAAG")
        event = AuditEvent.objects.for_object(indicator).get()
        self.assertEqual(event.changes["is_own_measurement"], [False, True])
        self.assertEqual(event.changes["domain"], ["sociaal-economisch", "proces"])

    def test_form_shows_the_current_values(self):
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertContains(response, 'value="HuishoudensMetEenLaagInkomen"')
        self.assertContains(response, 'value="85984NED"')
        self.assertContains(response, self.indicator.definition_nl)
        self.assertContains(response, "Edit indicator INK_LAAG")

    def test_invalid_input_shows_the_error_and_saves_nothing(self):
        self.login(self.coordinator)
        cases = {
            "table": ({"source_table": "8598NED"}, "five digits followed by three letters or digits"),
            "table letters": ({"source_table": "ABCDENED"}, "five digits followed by three letters or digits"),
            "suffix": ({"source_key_stem": "HuishoudensMetEenLaagInkomen_72"},
                       "HuishoudensMetEenLaagInkomen instead of HuishoudensMetEenLaagInkomen_72"),
            "stem with space": ({"source_key_stem": "Laag inkomen"}, "A key stem is one word"),
            "stem taken": ({"source_key_stem": "Koopwoningen"}, "Another indicator already reads this key stem"),
            "own with table": ({"is_own_measurement": "on"}, "An own measurement has no CBS source table"),
            "no name": ({"name_nl": ""}, "This field is required."),
            "bad domain": ({"domain": "weer"}, "Select a valid choice."),
        }
        for label, (changes, message) in cases.items():
            with self.subTest(label):
                response = self.client.post(self.url, self.data(unit="procent", **changes))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, message)
                self.assertContains(response, 'class="field field-invalid"')
                self.assertEqual(model_to_dict(self.saved()), model_to_dict(self.indicator))
        self.assertFalse(AuditEvent.objects.exists())

    def test_submitting_twice_saves_once_and_records_one_change(self):
        self.login(self.coordinator)
        for _ in range(2):
            response = self.client.post(self.url, self.data(unit="procent"))
            self.assertEqual(response.status_code, 302)
        self.assertEqual(self.saved().unit, "procent")
        self.assertEqual(AuditEvent.objects.for_object(self.indicator).count(), 1)

    def test_submitting_an_unchanged_form_records_nothing(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.post(self.url, self.data()).status_code, 302)
        self.assertFalse(AuditEvent.objects.exists())

    def test_code_cannot_be_changed(self):
        self.login(self.coordinator)
        self.client.post(self.url, self.data(code="INK_ANDERS", unit="procent"))
        self.assertEqual(self.saved().code, "INK_LAAG")
        self.assertFalse(Indicator.objects.filter(code="INK_ANDERS").exists())

    def test_anonymous_is_sent_to_login(self):
        for response in [self.client.get(self.url), self.client.post(self.url, self.data(unit="procent"))]:
            with self.subTest(method=response.request["REQUEST_METHOD"]):
                self.assertRedirects(response, f"{reverse('accounts:login')}?next={self.url}",
                                     fetch_redirect_response=False)
        self.assertEqual(self.saved().unit, self.indicator.unit)

    def test_signed_in_without_a_programme_role_is_403(self):
        for user in [self.outsider, self.reader, self.editor]:
            with self.subTest(user=user):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, self.data(unit="procent")).status_code, 403)
        self.assertEqual(self.saved().unit, self.indicator.unit)
        self.assertFalse(AuditEvent.objects.exists())

    def test_unknown_code_is_404(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("indicators:indicator-update", args=["NOPE"])).status_code, 404)

    def test_wrong_method_is_405(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertEqual(self.client.delete(self.url).status_code, 405)
        self.assertTrue(Indicator.objects.filter(pk=self.indicator.pk).exists())
