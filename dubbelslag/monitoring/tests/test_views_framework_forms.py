"""The framework pages' forms: what a valid post writes, and that every refusal shows next to its field and in the
error summary with nothing written (rows and audit events)."""

from datetime import date

from django.conf import settings
from django.urls import reverse

from dubbelslag.core.models import AuditAction, AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.enums import Dimension, IndicatorKind
from dubbelslag.monitoring.models import DisaggregationValue, Goal, ReportingPeriod, ResultIndicator, Target
from dubbelslag.monitoring.tests.test_views_framework_grid import database_state
from testing.base import BaseTestCase, make_programme
from testing.factories.monitoring import make_goal, make_indicator, make_period, make_update
from testing.factories.monitoring_framework import make_catalogue_indicator, make_framework


class Base(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.catalogue = make_catalogue_indicator()
        for name, value in make_framework(cls.programme, cls.experiment, catalogue=cls.catalogue).items():
            setattr(cls, name, value)

    def setUp(self):
        self.programme_url = reverse("monitoring:programme-framework", args=[self.programme.slug])
        self.experiment_url = reverse("monitoring:framework", args=[self.experiment.pk])
        self.periods_url = reverse("monitoring:periods", args=[self.programme.slug])

    def indicator_url(self, indicator):
        return reverse("monitoring:indicator", args=[indicator.pk])

    def assertRefused(self, response, before, field_id, message):
        """The message next to the field (its error paragraph) and in the summary (a link to the field)."""
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'id="{field_id}_error"')
        self.assertContains(response, f'<a href="#{field_id}">', html=False)
        self.assertContains(response, message)
        self.assertEqual(database_state(), before)

    def assertRefusedFormWide(self, response, before, message):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "error-summary")
        self.assertContains(response, message)
        self.assertEqual(database_state(), before)


class ProgrammeFrameworkFormTests(Base):
    def indicator_data(self, **overrides):
        data = {"action": "indicator", "indicator-goal": self.goal.pk, "indicator-title_nl": "Sfeer in de wijk",
                "indicator-title_en": "Atmosphere", "indicator-kind": "qualitative",
                "indicator-score_labels": "slecht\r\nmatig\r\n\r\ngoed\r\n", "indicator-direction": "higher",
                "indicator-rollup_rule": "mean", "indicator-catalogue_indicator": self.catalogue.pk,
                "indicator-is_public": "on"}
        data.update(overrides)
        return data

    def test_the_coordinator_adds_a_shared_indicator_with_its_score_scale_and_open_statistic(self):
        self.login(self.coordinator)
        response = self.client.post(self.programme_url, self.indicator_data())
        self.assertRedirects(response, self.programme_url)
        indicator = ResultIndicator.objects.get(title_nl="Sfeer in de wijk")
        self.assertEqual((indicator.experiment, indicator.kind, indicator.score_labels, indicator.catalogue_indicator,
                          indicator.rollup_rule, indicator.is_public),
                         (None, IndicatorKind.QUALITATIVE, ["slecht", "matig", "goed"], self.catalogue, "mean", True))
        self.assertEqual(AuditEvent.objects.for_object(indicator).get().action, AuditAction.CREATE)

    def test_the_catalogue_is_a_select_grouped_by_domain_and_the_link_is_shown(self):
        self.login(self.coordinator)
        response = self.client.get(self.programme_url)
        self.assertContains(response, '<optgroup label="Energietransitie">', html=False)
        self.assertContains(response, f'<option value="{self.catalogue.pk}">WON_AARDGASVRIJ – Aardgasvrije woningen'
                                      '</option>', html=True)
        # The framework table names the linked open statistic beside the indicator.
        self.assertContains(response, '<span class="code">WON_AARDGASVRIJ</span> Aardgasvrije woningen', html=True)
        response = self.client.get(self.indicator_url(self.shared))
        self.assertContains(response, reverse("indicators:indicator-detail", args=["WON_AARDGASVRIJ"]))

    def test_score_labels_on_a_number_are_refused_next_to_the_field(self):
        self.login(self.coordinator)
        before = database_state()
        response = self.client.post(self.programme_url, self.indicator_data(**{"indicator-kind": "number"}))
        self.assertRefused(response, before, "id_indicator-score_labels", "Alleen een kwalitatieve indicator")

    def test_a_goal_of_another_programme_and_a_missing_title_are_refused(self):
        other_goal = make_goal(make_programme(slug="ander"))
        self.login(self.coordinator)
        before = database_state()
        response = self.client.post(self.programme_url, self.indicator_data(
            **{"indicator-goal": other_goal.pk, "indicator-title_nl": ""}))
        self.assertRefused(response, before, "id_indicator-goal", "Kies een van de genoemde doelen.")
        self.assertContains(response, 'id="id_indicator-title_nl_error"')

    def test_a_shared_goal_is_added_and_an_unknown_side_refused(self):
        self.login(self.coordinator)
        self.client.post(self.programme_url, {"action": "goal", "goal-side": "process",
                                              "goal-title_nl": "Bewoners sturen mee"})
        self.assertTrue(Goal.objects.filter(title_nl="Bewoners sturen mee", experiment=None,
                                            side="process").exists())
        before = database_state()
        response = self.client.post(self.programme_url, {"action": "goal", "goal-side": "weather",
                                                         "goal-title_nl": "Zon"})
        self.assertRefused(response, before, "id_goal-side", "Selecteer een geldige keuze")

    def test_an_unknown_action_is_a_bad_request(self):
        self.login(self.coordinator)
        before = database_state()
        self.assertEqual(self.client.post(self.programme_url, {"action": "explode"}).status_code, 400)
        self.assertEqual(database_state(), before)

    def test_english_shows_english_titles_and_interface(self):
        self.login(self.coordinator)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.client.get(self.programme_url)
        self.assertContains(response, "Homes made natural-gas-free")
        self.assertContains(response, "Add a shared indicator")
        self.assertNotContains(response, "Woningen aardgasvrij gemaakt")
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
        response = self.client.get(self.programme_url)
        self.assertContains(response, "Woningen aardgasvrij gemaakt")
        self.assertContains(response, "Een gedeelde indicator toevoegen")


class ExperimentFrameworkFormTests(Base):
    def test_the_editor_adopts_a_shared_indicator_with_its_disaggregation(self):
        extra = make_indicator(self.goal, title_nl="Huishoudens bereikt door energiecoaches")
        services.add_disaggregation(extra, by=None, dimension=Dimension.AGE_GROUP)
        self.login(self.editor)
        response = self.client.get(self.experiment_url)
        self.assertContains(response, f'<input type="hidden" name="indicator" value="{extra.pk}">', html=True)
        response = self.client.post(self.experiment_url, {"action": "adopt", "indicator": extra.pk})
        self.assertRedirects(response, self.experiment_url + "#adopt")
        adoption = ResultIndicator.objects.get(adopted_from=extra)
        self.assertEqual((adoption.experiment, list(adoption.disaggregations.values_list("dimension", flat=True))),
                         (self.experiment, [Dimension.AGE_GROUP]))
        # The shared indicator's page lists who adopted it.
        self.login(self.coordinator)
        self.assertContains(self.client.get(self.indicator_url(extra)),
                            f'<a href="{self.experiment_url}">Huiskamer Aardgasvrij</a>', html=True)

    def test_adopting_twice_or_another_programme_s_indicator_writes_nothing(self):
        foreign = make_indicator(make_goal(make_programme(slug="ander")))
        self.login(self.editor)
        before = database_state()
        for pk, message in ((self.shared.pk, "Het experiment heeft deze indicator al overgenomen."),
                            (foreign.pk, "Kies een van de gedeelde indicatoren"), ("x", "Kies een van de gedeelde")):
            with self.subTest(pk):
                response = self.client.post(self.experiment_url, {"action": "adopt", "indicator": pk}, follow=True)
                self.assertContains(response, message)
                self.assertEqual(database_state(), before)

    def test_the_editor_adds_an_own_indicator_without_public_or_roll_up(self):
        self.login(self.editor)
        response = self.client.get(self.experiment_url)
        self.assertNotContains(response, 'name="indicator-is_public"')
        self.assertNotContains(response, 'name="indicator-rollup_rule"')
        response = self.client.post(self.experiment_url, {
            "action": "indicator", "indicator-goal": self.own_goal.pk, "indicator-title_nl": "Activiteiten",
            "indicator-kind": "number", "indicator-direction": "higher", "indicator-is_public": "on"})
        self.assertRedirects(response, self.experiment_url)
        own = ResultIndicator.objects.get(title_nl="Activiteiten")
        self.assertEqual((own.experiment, own.is_public), (self.experiment, False))

    def test_an_own_indicator_on_a_shared_goal_is_refused(self):
        self.login(self.editor)
        before = database_state()
        response = self.client.post(self.experiment_url, {
            "action": "indicator", "indicator-goal": self.goal.pk, "indicator-title_nl": "Activiteiten",
            "indicator-kind": "number", "indicator-direction": "higher"})
        self.assertRefused(response, before, "id_indicator-goal", "Kies een van de genoemde doelen.")


class IndicatorPageFormTests(Base):
    def percentage(self):
        return make_indicator(self.own_goal, title_nl="Aandeel bereikt", kind=IndicatorKind.PERCENTAGE)

    def test_a_percentage_baseline_from_numerator_and_denominator(self):
        indicator = self.percentage()
        self.login(self.editor)
        response = self.client.post(self.indicator_url(indicator), {
            "action": "baseline", "baseline-numerator": "30", "baseline-denominator": "120",
            "baseline-measured_on": "2019-01-01", "baseline-source": "Enquête"})
        self.assertRedirects(response, self.indicator_url(indicator) + "#baseline")
        indicator.baseline.refresh_from_db()
        self.assertEqual((str(indicator.baseline.value), indicator.baseline.source), ("25.00", "Enquête"))

    def test_a_numerator_above_its_denominator_is_refused(self):
        indicator = self.percentage()
        self.login(self.editor)
        before = database_state()
        response = self.client.post(self.indicator_url(indicator), {
            "action": "baseline", "baseline-numerator": "130", "baseline-denominator": "120",
            "baseline-measured_on": "2019-01-01"})
        self.assertRefused(response, before, "id_baseline-numerator", "kan niet groter zijn dan de noemer")

    def test_targets_per_period_and_at_the_end(self):
        self.login(self.editor)
        url = self.indicator_url(self.own)
        self.client.post(url, {"action": "target", "target-period": self.period.pk, "target-value": "20"})
        self.client.post(url, {"action": "target", "target-period": "", "target-value": "90", "target-note": "Eind"})
        self.assertEqual(set(Target.objects.filter(indicator=self.own).values_list("period__label", "value", "note")),
                         {("2020-K1", 20, ""), (None, 90, "Eind")})
        self.assertContains(self.client.get(url), "2020-K1")

    def test_a_target_period_outside_the_programme_is_refused_with_a_clear_message(self):
        foreign = make_period(make_programme(slug="ander"))
        self.login(self.editor)
        before = database_state()
        response = self.client.post(self.indicator_url(self.own), {
            "action": "target", "target-period": foreign.pk, "target-value": "20"})
        self.assertRefused(response, before, "id_target-period",
                           "Kies een van de perioden van dit programma; een streefwaarde kan niet buiten het "
                           "programma liggen.")

    def test_a_negative_target_and_a_missing_one_are_refused(self):
        self.login(self.editor)
        before = database_state()
        response = self.client.post(self.indicator_url(self.own), {"action": "target", "target-value": "-1"})
        self.assertRefused(response, before, "id_target-value", "minstens 0")
        response = self.client.post(self.indicator_url(self.own), {"action": "target", "target-value": ""})
        self.assertRefused(response, before, "id_target-value", "Geef de streefwaarde.")

    def test_a_disaggregation_twice_is_refused_and_category_targets_are_set(self):
        self.login(self.coordinator)
        url = self.indicator_url(self.shared)
        before = database_state()
        response = self.client.post(url, {"action": "disaggregation", "disaggregation-dimension": "tenure"})
        self.assertRefused(response, before, "id_disaggregation-dimension", "al naar deze dimensie uitgesplitst")
        category = DisaggregationValue.objects.get(disaggregation__indicator=self.shared, code="corporation")
        self.client.post(url, {"action": "category", "category": category.pk, "target": "40"})
        category.refresh_from_db()
        self.assertEqual(category.target, 40)

    def test_a_negative_category_target_or_a_stranger_s_category_is_refused(self):
        self.login(self.coordinator)
        url = self.indicator_url(self.shared)
        category = DisaggregationValue.objects.get(disaggregation__indicator=self.shared, code="owner")
        foreign = DisaggregationValue.objects.get(disaggregation__indicator=self.adoption, code="owner")
        before = database_state()
        response = self.client.post(url, {"action": "category", "category": category.pk, "target": "-5"})
        self.assertRefused(response, before, f"id_category{category.pk}_target", "minstens 0")
        response = self.client.post(url, {"action": "category", "category": foreign.pk, "target": "5"})
        self.assertRefusedFormWide(response, before, "Deze categorie is niet een van deze indicator.")

    def test_a_stale_definition_edit_names_who_changed_it(self):
        self.login(self.coordinator)
        url = self.indicator_url(self.shared)
        data = {"action": "definition", "definition-title_nl": "Nieuw", "definition-kind": "number",
                "definition-direction": "higher", "definition-rollup_rule": "sum", "definition-version": 1}
        self.assertRedirects(self.client.post(url, data), url + "#definition")
        before = database_state()
        response = self.client.post(url, {**data, "definition-title_nl": "Nog nieuwer"})
        self.assertRefusedFormWide(response, before, "heeft Carla Coördinator dit (indicator) gewijzigd")
        self.assertEqual(ResultIndicator.objects.get(pk=self.adoption.pk).title_nl, "Nieuw")

    def test_an_adoption_shows_no_definition_form(self):
        self.login(self.editor)
        response = self.client.get(self.indicator_url(self.adoption))
        self.assertNotContains(response, 'value="definition"')
        self.assertContains(response, 'value="baseline"')
        before = database_state()
        response = self.client.post(self.indicator_url(self.adoption), {"action": "definition"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(database_state(), before)

    def test_the_coordinator_makes_an_indicator_public(self):
        self.login(self.coordinator)
        self.client.post(self.indicator_url(self.own), {"action": "public", "is_public": "on"})
        self.assertTrue(ResultIndicator.objects.get(pk=self.own.pk).is_public)
        self.login(self.editor)
        self.assertNotContains(self.client.get(self.indicator_url(self.own)), 'value="public"')

    def test_removing_needs_the_confirmation_and_no_updates(self):
        self.login(self.editor)
        url = self.indicator_url(self.own)
        before = database_state()
        response = self.client.post(url, {"action": "remove"})
        self.assertRefused(response, before, "id_remove-confirm", "Vink het vakje aan")
        make_update(self.own, self.period)
        response = self.client.post(url, {"action": "remove", "remove-confirm": "on"})
        self.assertRefusedFormWide(response, before, "Deze indicator heeft rapportages")
        self.own.updates.all().delete()
        response = self.client.post(url, {"action": "remove", "remove-confirm": "on"})
        self.assertRedirects(response, self.experiment_url)
        self.assertFalse(ResultIndicator.objects.filter(pk=self.own.pk).exists())


class GoalPageFormTests(Base):
    def test_a_stale_goal_edit_names_who_and_a_goal_with_indicators_stays(self):
        url = reverse("monitoring:goal", args=[self.own_goal.pk])
        self.login(self.editor)
        data = {"action": "goal", "goal-side": "process", "goal-title_nl": "Samen beslissen",
                "goal-version": services.goal_version(self.own_goal)}
        self.assertRedirects(self.client.post(url, data), url)
        before = database_state()
        response = self.client.post(url, {**data, "goal-title_nl": "Nog eens"})
        self.assertRefusedFormWide(response, before, "heeft Eva Editor dit (doel) gewijzigd")
        response = self.client.post(url, {"action": "remove", "remove-confirm": "on"})
        self.assertRefusedFormWide(response, before, "Dit doel heeft nog indicatoren")

    def test_an_empty_goal_is_removed(self):
        goal = make_goal(self.programme, experiment=self.experiment, title_nl="Leeg")
        self.login(self.editor)
        response = self.client.post(reverse("monitoring:goal", args=[goal.pk]),
                                    {"action": "remove", "remove-confirm": "on"})
        self.assertRedirects(response, self.experiment_url)
        self.assertFalse(Goal.objects.filter(pk=goal.pk).exists())


class PeriodsPageFormTests(Base):
    def test_creating_the_quarters_twice(self):
        self.login(self.coordinator)
        response = self.client.post(self.periods_url, {"action": "quarters"}, follow=True)
        self.assertContains(response, "11 kwartalen zijn aangemaakt.")
        self.assertEqual(ReportingPeriod.objects.filter(programme=self.programme).count(), 12)
        before = database_state()
        response = self.client.post(self.periods_url, {"action": "quarters"}, follow=True)
        self.assertContains(response, "Elk kwartaal van het programma bestaat al.")
        self.assertEqual(database_state(), before)
        self.assertContains(response, "<th scope=\"row\">2021-K4</th>", html=True)

    def test_a_period_is_added_and_bad_ones_refused(self):
        self.login(self.coordinator)
        data = {"action": "period", "period-label": "2020-K2", "period-start": "2020-04-01",
                "period-end": "2020-06-30"}
        self.assertRedirects(self.client.post(self.periods_url, data), self.periods_url)
        before = database_state()
        response = self.client.post(self.periods_url, {**data, "period-start": "2020-07-01"})
        self.assertRefused(response, before, "id_period-end", "De einddatum kan niet vóór de startdatum liggen.")
        response = self.client.post(self.periods_url, {**data, "period-label": "Later", "period-start": "2023-01-01",
                                                       "period-end": "2023-03-31"})
        self.assertRefusedFormWide(response, before, "Een periode moet binnen het programma vallen")
        response = self.client.post(self.periods_url, {**data, "period-start": "2020-04-02"})
        self.assertRefused(response, before, "id_period-label", "Het programma heeft al een periode met deze naam.")
        response = self.client.post(self.periods_url, {**data, "period-label": "Tweede"})
        self.assertRefused(response, before, "id_period-start",
                           "Het programma heeft al een periode die op deze datum begint.")

    def test_the_counts_per_status(self):
        make_update(self.adoption, self.period, status="approved")
        make_update(self.own, self.period, status="returned")
        self.login(self.researcher)
        response = self.client.get(self.periods_url)
        self.assertContains(response, "0 concept, 0 ingediend, 1 goedgekeurd, 1 teruggestuurd")

    def test_locking_after_confirmation_audited_and_unlocking(self):
        self.login(self.coordinator)
        url = reverse("monitoring:period-lock", args=[self.period.pk])
        self.assertContains(self.client.get(url), "2020-K1 vergrendelen?")
        self.assertFalse(ReportingPeriod.objects.get(pk=self.period.pk).is_locked)
        self.assertRedirects(self.client.post(url, {"locked": "1"}), self.periods_url + "#periods")
        self.assertTrue(ReportingPeriod.objects.get(pk=self.period.pk).is_locked)
        event = AuditEvent.objects.for_object(self.period).get()
        self.assertEqual((event.actor, event.changes["is_locked"]), (self.coordinator, [False, True]))
        # A repeated post of the same confirmation changes nothing more.
        before = database_state()
        self.client.post(url, {"locked": "1"})
        self.assertEqual(database_state(), before)
        self.assertContains(self.client.get(url), "2020-K1 ontgrendelen?")
        self.client.post(url, {"locked": "0"})
        self.assertFalse(ReportingPeriod.objects.get(pk=self.period.pk).is_locked)

    def test_public_and_private_and_a_stranger_s_period(self):
        self.login(self.coordinator)
        self.client.post(self.periods_url, {"action": "public", "period": self.period.pk, "is_public": "1"})
        self.assertTrue(ReportingPeriod.objects.get(pk=self.period.pk).is_public)
        self.client.post(self.periods_url, {"action": "public", "period": self.period.pk, "is_public": "0"})
        self.assertFalse(ReportingPeriod.objects.get(pk=self.period.pk).is_public)
        foreign = make_period(make_programme(slug="ander"))
        before = database_state()
        response = self.client.post(self.periods_url, {"action": "public", "period": foreign.pk, "is_public": "1"},
                                    follow=True)
        self.assertContains(response, "Kies een van de perioden van het programma.")
        self.assertEqual(database_state(), before)
        self.assertEqual(date(2020, 1, 1), foreign.start)
