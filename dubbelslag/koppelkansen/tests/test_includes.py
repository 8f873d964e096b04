"""The two includes other pages use: suggestions on the area profile, adoptions on the experiment page."""

from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from dubbelslag.koppelkansen import services
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.koppelkansen.selectors import adoptions_for, suggestions_for
from testing.base import BaseTestCase, make_area
from testing.factories.koppelkansen import make_buurten, make_import_run, observe


class SuggestionsIncludeTests(BaseTestCase):
    def test_lists_suggestions_with_reasons_link_and_caveat(self):
        Koppelkans.objects.exclude(code="K11").update(is_active=False)
        _gemeente, buurten = make_buurten("GM0001", [1.0] * 6)
        observe("INK_SOCMIN", buurten, [1.0, 2.0, 3.0, 4.0, 5.0, 30.0], run=make_import_run())
        area = buurten[5]
        with translation.override("en"):
            html = render_to_string("koppelkansen/includes/suggestions.html",
                                    {"suggestions": suggestions_for(area), "area": area})
        self.assertIn(Koppelkans.objects.get(code="K11").get_absolute_url(), html)
        self.assertIn("Income support through contacts about energy", html)
        self.assertIn("30.0% (2021) ≥ p75 of the buurten in the gemeente", html)
        self.assertIn("These are suggestions, not decisions", html)
        self.assertIn("Not checked, figure missing:", html)
        self.assertIn("Difficulty making ends meet", html)

    def test_area_without_figures(self):
        area = make_area("GM0001", "Leegdorp")
        with translation.override("en"):
            html = render_to_string("koppelkansen/includes/suggestions.html",
                                    {"suggestions": suggestions_for(area), "area": area})
        self.assertIn("do not suggest a coupling opportunity", html)


class ExperimentAdoptionsIncludeTests(BaseTestCase):
    def render(self, **context):
        request = RequestFactory().get("/")
        with translation.override("en"):
            return render_to_string("koppelkansen/includes/experiment_adoptions.html",
                                    {"experiment": self.experiment, "adoptions": adoptions_for(self.experiment),
                                     **context}, request=request)

    def test_lists_adoptions_with_removal_for_those_who_may_change(self):
        adoption = services.adopt_koppelkans(self.experiment, Koppelkans.objects.get(code="K08"), by=self.editor,
                                             note="Huiskamer op dinsdag")
        html = self.render(can_change=True)
        self.assertIn("K08", html)
        self.assertIn("Huiskamer op dinsdag", html)
        self.assertIn(f"/koppelkansen/adopties/{adoption.pk}/verwijderen/", html)
        self.assertIn(f'value="{self.experiment.get_absolute_url()}#koppelkansen"', html)
        self.assertNotIn("verwijderen", self.render(can_change=False))

    def test_no_adoptions(self):
        self.assertIn("No coupling opportunities adopted yet.", self.render())

    def test_template_tag_for_the_experiment_page(self):
        adoption = services.adopt_koppelkans(self.experiment, Koppelkans.objects.get(code="K09"), by=self.editor)
        page = Template("{% load koppelkansen_tags %}{% experiment_adoptions experiment can_change %}")
        with translation.override("en"):
            html = page.render(Context({"experiment": self.experiment, "can_change": True}))
        self.assertIn("Adopted coupling opportunities", html)
        self.assertIn(adoption.koppelkans.get_absolute_url(), html)
        self.assertIn(f"/koppelkansen/adopties/{adoption.pk}/verwijderen/", html)

    def test_adoptions_for_is_one_query(self):
        for code in ("K01", "K08", "K09"):
            services.adopt_koppelkans(self.experiment, Koppelkans.objects.get(code=code), by=self.editor)
        with self.assertNumQueries(1):
            self.assertEqual([a.koppelkans.code for a in adoptions_for(self.experiment)], ["K01", "K08", "K09"])
