"""The permission grid of the framework pages: every page read and every POST, for every persona. A read asserts
what the page shows (and which forms); a refused write asserts that nothing was written, audit trail included."""

from django.db import transaction
from django.urls import reverse

from dubbelslag.core.models import AuditEvent
from dubbelslag.monitoring import services
from dubbelslag.monitoring.models import (
    Baseline,
    Disaggregation,
    DisaggregationValue,
    Goal,
    ReportingPeriod,
    ResultIndicator,
    Target,
)
from testing.base import BaseTestCase
from testing.factories.monitoring import make_indicator
from testing.factories.monitoring_framework import make_framework, make_other_editor

READ, FORMS, NOT_FOUND, FORBIDDEN, LOGIN = "read", "forms", 404, 403, "login"


def database_state():
    return (list(Goal.objects.values_list("pk", "title_nl", "side")),
            list(ResultIndicator.objects.values_list("pk", "title_nl", "is_public", "version")),
            list(Baseline.objects.values_list("pk", "value")), list(Target.objects.values_list("pk", "value")),
            Disaggregation.objects.count(), list(DisaggregationValue.objects.values_list("pk", "target")),
            list(ReportingPeriod.objects.values_list("pk", "label", "is_locked", "is_public")),
            AuditEvent.objects.count())


class GridBase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.other_editor = make_other_editor(cls.other_experiment)
        for name, value in make_framework(cls.programme, cls.experiment).items():
            setattr(cls, name, value)

    def as_persona(self, persona):
        if persona != "anonymous":
            self.login(getattr(self, persona))

    def check(self, response, expected, url, *, shows=(), form_marker=None):
        if expected == LOGIN:
            self.assertRedirects(response, reverse("accounts:login") + "?next=" + url, fetch_redirect_response=False)
        elif expected in (NOT_FOUND, FORBIDDEN):
            self.assertEqual(response.status_code, expected)
        else:
            self.assertEqual(response.status_code, 200)
            for text in shows:
                self.assertContains(response, text)
            if form_marker:
                (self.assertContains if expected == FORMS else self.assertNotContains)(response, form_marker)


PERSONAS = ["anonymous", "outsider", "reader", "editor", "other_editor", "researcher", "coordinator"]


class PageReadGridTests(GridBase):
    def grid(self, url, expectations, *, shows, form_marker):
        for persona, expected in zip(PERSONAS, expectations, strict=True):
            with self.subTest(persona=persona):
                self.client.logout()
                self.as_persona(persona)
                self.check(self.client.get(url), expected, url, shows=shows, form_marker=form_marker)

    def test_programme_framework(self):
        self.grid(reverse("monitoring:programme-framework", args=[self.programme.slug]),
                  [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, READ, FORMS],
                  shows=["Woningen aardgasvrij gemaakt", "Huiskamer Aardgasvrij"],
                  form_marker='name="action" value="indicator"')

    def test_experiment_framework(self):
        self.grid(reverse("monitoring:framework", args=[self.experiment.pk]),
                  [LOGIN, NOT_FOUND, READ, FORMS, NOT_FOUND, READ, FORMS],
                  shows=["Woningen aardgasvrij gemaakt", "Bezoekers van de huiskamer",
                         reverse("monitoring:results", args=[self.experiment.pk])],
                  form_marker='name="action" value="goal"')

    def test_own_indicator(self):
        self.grid(reverse("monitoring:indicator", args=[self.own.pk]),
                  [LOGIN, NOT_FOUND, READ, FORMS, NOT_FOUND, READ, FORMS],
                  shows=["Bezoekers van de huiskamer"], form_marker='name="action" value="baseline"')

    def test_shared_indicator(self):
        # Everyone taking part in the programme reads the shared definition; only coordinators change it.
        self.grid(reverse("monitoring:indicator", args=[self.shared.pk]),
                  [LOGIN, NOT_FOUND, READ, READ, READ, READ, FORMS],
                  shows=["Woningen aardgasvrij gemaakt", "Huiskamer Aardgasvrij"],
                  form_marker='name="action" value="definition"')

    def test_own_goal(self):
        self.grid(reverse("monitoring:goal", args=[self.own_goal.pk]),
                  [LOGIN, NOT_FOUND, READ, FORMS, NOT_FOUND, READ, FORMS],
                  shows=["Ontmoeten in de wijk", "Bezoekers van de huiskamer"],
                  form_marker='name="action" value="goal"')

    def test_periods(self):
        self.grid(reverse("monitoring:periods", args=[self.programme.slug]),
                  [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, READ, FORMS],
                  shows=["2020-K1"], form_marker='name="action" value="quarters"')

    def test_period_lock_confirmation(self):
        self.grid(reverse("monitoring:period-lock", args=[self.period.pk]),
                  [LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, FORBIDDEN, FORMS],
                  shows=["2020-K1"], form_marker='name="locked" value="1"')

    def test_unknown_objects_are_404(self):
        self.login(self.coordinator)
        for url in (reverse("monitoring:programme-framework", args=["geen"]),
                    reverse("monitoring:framework", args=[999999]), reverse("monitoring:indicator", args=[999999]),
                    reverse("monitoring:goal", args=[999999]), reverse("monitoring:periods", args=["geen"]),
                    reverse("monitoring:period-lock", args=[999999])):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_wrong_method_is_405(self):
        self.login(self.coordinator)
        url = reverse("monitoring:periods", args=[self.programme.slug])
        self.assertEqual(self.client.put(url).status_code, 405)
        self.assertEqual(self.client.delete(reverse("monitoring:indicator", args=[self.own.pk])).status_code, 405)


class WriteGridTests(GridBase):
    """Each POST: who may write changes the database; everyone else gets their refusal with nothing written."""

    def posts(self):
        slug, experiment = self.programme.slug, self.experiment.pk
        category = DisaggregationValue.objects.filter(disaggregation__indicator=self.adoption).first()
        goal_data = {"goal-side": "process", "goal-title_nl": "Bewoners sturen mee"}
        return [
            # (name, url, data, who may, readers' refusal)
            ("shared goal", reverse("monitoring:programme-framework", args=[slug]), {"action": "goal", **goal_data},
             {"coordinator"}, {"researcher": FORBIDDEN}),
            ("shared indicator", reverse("monitoring:programme-framework", args=[slug]),
             {"action": "indicator", "indicator-goal": self.goal.pk, "indicator-title_nl": "Gedeeld nieuw",
              "indicator-kind": "number", "indicator-direction": "higher", "indicator-rollup_rule": "sum"},
             {"coordinator"}, {"researcher": FORBIDDEN}),
            ("own goal", reverse("monitoring:framework", args=[experiment]), {"action": "goal", **goal_data},
             {"editor", "coordinator"}, {"reader": FORBIDDEN, "researcher": FORBIDDEN}),
            ("adopt", reverse("monitoring:framework", args=[experiment]),
             {"action": "adopt", "indicator": self.extra_shared.pk},
             {"editor", "coordinator"}, {"reader": FORBIDDEN, "researcher": FORBIDDEN}),
            ("own baseline", reverse("monitoring:indicator", args=[self.own.pk]),
             {"action": "baseline", "baseline-value": "7", "baseline-measured_on": "2019-01-01"},
             {"editor", "coordinator"}, {"reader": FORBIDDEN, "researcher": FORBIDDEN}),
            ("category target", reverse("monitoring:indicator", args=[self.adoption.pk]),
             {"action": "category", "category": category.pk, "target": "4"},
             {"editor", "coordinator"}, {"reader": FORBIDDEN, "researcher": FORBIDDEN}),
            ("shared definition", reverse("monitoring:indicator", args=[self.shared.pk]),
             {"action": "definition", "definition-title_nl": "Nieuwe titel", "definition-kind": "number",
              "definition-direction": "higher", "definition-rollup_rule": "sum", "definition-version": 1},
             {"coordinator"}, {"reader": FORBIDDEN, "editor": FORBIDDEN, "other_editor": FORBIDDEN,
                               "researcher": FORBIDDEN}),
            ("own goal edit", reverse("monitoring:goal", args=[self.own_goal.pk]),
             {"action": "goal", **goal_data, "goal-version": self.own_goal_version},
             {"editor", "coordinator"}, {"reader": FORBIDDEN, "researcher": FORBIDDEN}),
            ("quarters", reverse("monitoring:periods", args=[slug]), {"action": "quarters"},
             {"coordinator"}, {"researcher": FORBIDDEN}),
            ("period public", reverse("monitoring:periods", args=[slug]),
             {"action": "public", "period": self.period.pk, "is_public": "1"},
             {"coordinator"}, {"researcher": FORBIDDEN}),
            ("lock", reverse("monitoring:period-lock", args=[self.period.pk]), {"locked": "1"},
             {"coordinator"}, {"researcher": FORBIDDEN}),
        ]

    def setUp(self):
        self.extra_shared = make_indicator(self.goal, title_nl="Huishoudens bereikt")
        self.own_goal_version = services.goal_version(self.own_goal)

    def test_every_post_for_every_persona(self):
        for name, url, data, allowed, refusals in self.posts():
            for persona in PERSONAS:
                # Each write is rolled back, so every persona starts from the same framework.
                with self.subTest(name, persona=persona), transaction.atomic():
                    self.client.logout()
                    self.as_persona(persona)
                    before = database_state()
                    response = self.client.post(url, data)
                    if persona in allowed:
                        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
                        self.assertNotEqual(database_state(), before)
                    else:
                        expected = LOGIN if persona == "anonymous" else refusals.get(persona, NOT_FOUND)
                        self.check(response, expected, url)
                        self.assertEqual(database_state(), before)
                    transaction.set_rollback(True)
