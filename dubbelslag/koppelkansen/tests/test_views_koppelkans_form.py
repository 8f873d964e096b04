from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import Indicator
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.programme.models import Theme
from testing.base import BaseTestCase


def rules_data(*rules, extra: int = 0, initial: int = 0) -> dict:
    """Formset fields for `rules` (each a dict of one row's values) plus `extra` empty rows."""
    data = {"rules-TOTAL_FORMS": str(len(rules) + extra), "rules-INITIAL_FORMS": str(initial),
            "rules-MIN_NUM_FORMS": "0", "rules-MAX_NUM_FORMS": "1000"}
    for number, rule in enumerate(rules):
        for name, value in rule.items():
            data[f"rules-{number}-{name}"] = value
    for number in range(len(rules), len(rules) + extra):
        # What a browser sends for an untouched empty row: the selects' initial values.
        data[f"rules-{number}-operator"] = "gte"
        data[f"rules-{number}-reference"] = "gemeente_percentile"
    return data


def rule(code="INK_SOCMIN", operator="gte", reference="gemeente_percentile", threshold="75", **extra) -> dict:
    return {"indicator": Indicator.objects.get(code=code).pk, "operator": operator, "reference": reference,
            "threshold": threshold, **extra}


class KoppelkansCreateTests(BaseTestCase):
    url = reverse("koppelkansen:koppelkans-create")

    def data(self, *rules, **overrides):
        data = {"code": "K18", "title_nl": "Groene daken", "title_en": "Green roofs", "orientation": "area",
                "description_nl": "Daken vergroenen tijdens de isolatie.", "description_en": "",
                "themes": [Theme.objects.get(slug="klimaatadaptatie").pk], "examples_nl": "- Voorbeeld",
                "evidence_note": "", "is_active": "on", **rules_data(*rules, extra=2)}
        data.update(overrides)
        return data

    def test_coordinator_creates_with_rules_and_audit(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(rule(), rule("LB_FYS", "lte", "absolute", "1,5",
                                                                      group="1")))
        koppelkans = Koppelkans.objects.get(code="K18")
        self.assertRedirects(response, koppelkans.get_absolute_url())
        self.assertEqual(list(koppelkans.rules.values_list("indicator__code", "reference", "threshold", "group")),
                         [("INK_SOCMIN", "gemeente_percentile", 75.0, None), ("LB_FYS", "absolute", 1.5, 1)])
        self.assertEqual([theme.slug for theme in koppelkans.themes.all()], ["klimaatadaptatie"])
        event = AuditEvent.objects.for_object(koppelkans).get()
        self.assertEqual((event.action, event.actor), ("create", self.coordinator))
        self.assertEqual(len(event.changes["rules"][1]), 2)

    def test_researcher_may_create(self):
        self.login(self.researcher)
        self.client.post(self.url, self.data())
        self.assertTrue(Koppelkans.objects.filter(code="K18", rules__isnull=True).exists())

    def test_form_is_shown_to_the_team(self):
        self.login(self.coordinator)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="rules-TOTAL_FORMS"')
        self.assertContains(response, 'name="code"')

    def test_others_get_403_and_anonymous_is_sent_to_login(self):
        for user in (self.outsider, self.reader, self.editor):
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, self.data()).status_code, 403)
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), reverse("accounts:login") + "?next=" + self.url)
        self.assertFalse(Koppelkans.objects.filter(code="K18").exists())

    def test_wrong_method_is_405(self):
        self.login(self.coordinator)
        self.assertEqual(self.client.delete(self.url).status_code, 405)

    def test_invalid_input_shows_messages_and_saves_nothing(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(rule(threshold="150"), code="K01", title_nl=""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Nothing has been saved yet")
        self.assertContains(response, "A percentile lies between 0 and 100, for example 75.")
        self.assertContains(response, "Coupling opportunity with this Code already exists.")
        self.assertEqual(Koppelkans.objects.count(), 17)
        self.assertFalse(AuditEvent.objects.exists())

    def test_bad_code_and_bad_number_are_refused(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(rule(threshold="veel"), code="X1"))
        self.assertContains(response, "Use a K followed by two or three digits, like K18.")
        self.assertContains(response, "Enter a number.")
        self.assertFalse(Koppelkans.objects.filter(code="X1").exists())


class KoppelkansUpdateTests(BaseTestCase):
    def setUp(self):
        self.koppelkans = Koppelkans.objects.get(code="K09")
        self.url = reverse("koppelkansen:koppelkans-update", args=["K09"])
        self.rules = list(self.koppelkans.rules.order_by("pk"))

    def data(self, *rules, **overrides):
        k = self.koppelkans
        data = {"title_nl": k.title_nl, "title_en": k.title_en, "orientation": k.orientation,
                "description_nl": k.description_nl, "description_en": k.description_en,
                # Browsers send line breaks as CRLF: an untouched text must not count as changed.
                "themes": [theme.pk for theme in k.themes.all()], "examples_nl": k.examples_nl.replace("\n", "\r\n"),
                "evidence_note": k.evidence_note, "is_active": "on",
                **rules_data(*rules, extra=2, initial=len(self.rules))}
        data.update(overrides)
        return data

    def existing(self, deleted: set[int] = frozenset()) -> list[dict]:
        rows = []
        for number, existing in enumerate(self.rules):
            row = rule(existing.indicator.code, existing.operator, existing.reference, str(existing.threshold),
                       absolute_limit="" if existing.absolute_limit is None else str(existing.absolute_limit))
            if number in deleted:
                row["DELETE"] = "on"
            rows.append(row)
        return rows

    def test_form_shows_current_rules(self):
        self.login(self.researcher)
        response = self.client.get(self.url)
        self.assertEqual(response.context["rules"].total_form_count(), len(self.rules) + 2)
        self.assertContains(response, f'value="{self.rules[0].indicator_id}" selected')
        self.assertContains(response, 'disabled')  # the code cannot be changed

    def test_coordinator_removes_a_rule_and_changes_the_title(self):
        self.login(self.coordinator)
        response = self.client.post(self.url, self.data(*self.existing(deleted={2}), title_nl="Buurtwarmte"))
        self.assertRedirects(response, self.koppelkans.get_absolute_url())
        koppelkans = Koppelkans.objects.get(pk=self.koppelkans.pk)
        self.assertEqual(koppelkans.title_nl, "Buurtwarmte")
        self.assertEqual(list(koppelkans.rules.values_list("indicator__code", flat=True)),
                         ["ET_HOOFDVERW_BLOK", "ET_HOOFDVERW_STVW"])
        event = AuditEvent.objects.for_object(koppelkans).get()
        self.assertEqual(set(event.changes), {"title_nl", "rules"})
        self.assertEqual((len(event.changes["rules"][0]), len(event.changes["rules"][1])), (3, 2))

    def test_adding_a_rule_in_an_empty_row(self):
        self.login(self.coordinator)
        rows = self.existing() + [rule("ET_KOOP", "gte", "absolute", "60")]
        data = self.data(*rows)
        data["rules-TOTAL_FORMS"] = str(len(rows) + 1)
        self.client.post(self.url, data)
        self.assertEqual(self.koppelkans.rules.count(), 4)

    def test_code_cannot_be_changed(self):
        self.login(self.coordinator)
        self.client.post(self.url, self.data(*self.existing(), code="K77"))
        self.assertTrue(Koppelkans.objects.filter(code="K09").exists())
        self.assertFalse(Koppelkans.objects.filter(code="K77").exists())

    def test_invalid_rule_changes_nothing(self):
        self.client.cookies["django_language"] = "en"
        self.login(self.coordinator)
        rows = self.existing()
        rows[0]["threshold"] = "0"
        response = self.client.post(self.url, self.data(*rows, title_nl="Anders"))
        self.assertContains(response, "A percentile lies between 0 and 100")
        self.assertEqual(Koppelkans.objects.get(pk=self.koppelkans.pk).title_nl, self.koppelkans.title_nl)
        self.assertEqual(list(self.koppelkans.rules.order_by("pk")), self.rules)
        self.assertFalse(AuditEvent.objects.exists())

    def test_grid(self):
        for user in (self.outsider, self.reader, self.editor):
            with self.subTest(user.email):
                self.login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, self.data(*self.existing())).status_code, 403)
        self.client.logout()
        self.assertRedirects(self.client.post(self.url, self.data(*self.existing())),
                             reverse("accounts:login") + "?next=" + self.url)
        self.login(self.coordinator)
        self.assertEqual(self.client.get(reverse("koppelkansen:koppelkans-update", args=["K99"])).status_code, 404)
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertFalse(AuditEvent.objects.exists())
