from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from dubbelslag.core.models import AuditEvent
from dubbelslag.indicators.models import Indicator
from dubbelslag.koppelkansen import services
from dubbelslag.koppelkansen.models import Adoption, Koppelkans
from dubbelslag.programme.models import Theme
from testing.base import BaseTestCase
from testing.factories.koppelkansen import make_koppelkans


def rule(code="INK_SOCMIN", operator="gte", reference="gemeente_percentile", threshold=75.0, absolute_limit=None,
         group=None):
    return {"indicator": Indicator.objects.get(code=code), "operator": operator, "reference": reference,
            "threshold": threshold, "absolute_limit": absolute_limit, "group": group}


FIELDS = {"code": "K90", "title_nl": "Proef", "title_en": "Test", "description_nl": "Beschrijving",
          "description_en": "", "orientation": "area", "examples_nl": "", "evidence_note": "", "is_active": True}


class CatalogueServiceTests(BaseTestCase):
    def test_create_saves_rules_themes_and_audit(self):
        theme = Theme.objects.get(slug="gezondheid")
        koppelkans = services.create_koppelkans(by=self.coordinator, themes=[theme],
                                                rules=[rule(), rule("VERM_MED", "lte", "nl_percentile", 25)],
                                                **FIELDS)
        self.assertEqual(koppelkans.rules.count(), 2)
        self.assertEqual(list(koppelkans.themes.all()), [theme])
        event = AuditEvent.objects.for_object(koppelkans).get()
        self.assertEqual((event.action, event.actor), ("create", self.coordinator))
        self.assertEqual(event.changes["code"], [None, "K90"])
        self.assertEqual(len(event.changes["rules"][1]), 2)
        self.assertTrue(event.changes["rules"][1][0].startswith("Huishoudens onder of rond sociaal minimum ≥ p75"))

    def test_researcher_may_create(self):
        services.create_koppelkans(by=self.researcher, **FIELDS)
        self.assertTrue(Koppelkans.objects.filter(code="K90").exists())

    def test_others_may_not_change_the_catalogue(self):
        for user in (self.editor, self.reader, self.outsider):
            with self.subTest(user.email), self.assertRaises(PermissionDenied):
                services.create_koppelkans(by=user, **FIELDS)
        koppelkans = Koppelkans.objects.get(code="K01")
        with self.assertRaises(PermissionDenied):
            services.update_koppelkans(koppelkans, by=self.editor, title_nl="Anders")
        self.assertFalse(AuditEvent.objects.exists())

    def test_invalid_rule_is_refused_and_nothing_saved(self):
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            services.create_koppelkans(by=self.coordinator, rules=[rule(), rule(threshold=150)], **FIELDS)
        self.assertEqual(caught.exception.messages,
                         ["Rule 2: A percentile lies between 0 and 100, for example 75."])
        self.assertFalse(Koppelkans.objects.filter(code="K90").exists())
        self.assertFalse(AuditEvent.objects.exists())

    def test_update_replaces_rules_and_records_them_in_words(self):
        koppelkans = make_koppelkans(rules=[("INK_SOCMIN", "gte", "gemeente_percentile", 75)])
        services.update_koppelkans(koppelkans, by=self.coordinator, title_nl="Nieuw",
                                   rules=[rule("ARB_NETTO", "lte", "absolute", 60)])
        self.assertEqual(list(koppelkans.rules.values_list("indicator__code", "threshold")), [("ARB_NETTO", 60)])
        event = AuditEvent.objects.for_object(koppelkans).get()
        self.assertEqual(set(event.changes), {"title_nl", "rules"})
        self.assertEqual(event.changes["rules"][1], ["Nettoarbeidsparticipatie ≤ 60%"])

    def test_update_without_changes_records_nothing_and_keeps_rules(self):
        koppelkans = make_koppelkans(rules=[("INK_SOCMIN", "gte", "gemeente_percentile", 75)])
        rule_ids = list(koppelkans.rules.values_list("pk", flat=True))
        services.update_koppelkans(koppelkans, by=self.coordinator, title_nl=koppelkans.title_nl, rules=[rule()])
        self.assertEqual(list(koppelkans.rules.values_list("pk", flat=True)), rule_ids)
        self.assertFalse(AuditEvent.objects.exists())

    def test_update_refuses_unknown_fields(self):
        with self.assertRaises(TypeError):
            services.update_koppelkans(Koppelkans.objects.get(code="K01"), by=self.coordinator, colour="red")


class AdoptionServiceTests(BaseTestCase):
    def setUp(self):
        self.koppelkans = Koppelkans.objects.get(code="K08")

    def test_editor_adopts_and_audit_is_under_the_experiment(self):
        adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor, note=" Huiskamer ")
        self.assertEqual((adoption.note, adoption.adopted_by), ("Huiskamer", self.editor))
        event = AuditEvent.objects.for_object(self.experiment).get()
        self.assertEqual((event.action, event.actor), ("create", self.editor))
        self.assertEqual(event.changes["koppelkans"][1], str(self.koppelkans))

    def test_adopting_twice_is_refused_with_a_message(self):
        services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.coordinator)
        self.assertEqual(caught.exception.messages, ["This experiment has already adopted this coupling opportunity."])
        self.assertEqual(Adoption.objects.count(), 1)

    def test_switched_off_koppelkans_cannot_be_adopted(self):
        self.koppelkans.is_active = False
        self.koppelkans.save()
        with self.assertRaises(ValidationError):
            services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)

    def test_reader_researcher_and_outsider_may_not_adopt(self):
        for user in (self.reader, self.researcher, self.outsider):
            with self.subTest(user.email), self.assertRaises(PermissionDenied):
                services.adopt_koppelkans(self.experiment, self.koppelkans, by=user)
        self.assertFalse(Adoption.objects.exists())

    def test_drop_adoption_keeps_it_in_the_audit_trail(self):
        adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor, note="Plan")
        services.drop_adoption(adoption, by=self.coordinator)
        self.assertFalse(Adoption.objects.exists())
        delete = AuditEvent.objects.for_object(self.experiment).get(action="delete")
        self.assertEqual((delete.actor, delete.changes["note"]), (self.coordinator, ["Plan", None]))

    def test_reader_may_not_drop(self):
        adoption = services.adopt_koppelkans(self.experiment, self.koppelkans, by=self.editor)
        with self.assertRaises(PermissionDenied):
            services.drop_adoption(adoption, by=self.reader)
        self.assertTrue(Adoption.objects.filter(pk=adoption.pk).exists())
