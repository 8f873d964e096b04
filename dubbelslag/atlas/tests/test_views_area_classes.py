"""A categorical indicator on an area profile, in the API and in the area CSV: its class as a word, the shares of the
classes across the areas of the level, and never a median, percentile or chart
(docs/domain.md#categorical-indicators)."""

from django.core.cache import cache
from django.urls import reverse

from dubbelslag.indicators.models import Indicator, IndicatorClass, Observation
from dubbelslag.indicators.selectors import NUMERIC_VALUE
from dubbelslag.indicators.services import import_cbs_csv
from testing.base import BaseTestCase

COMFORT = "BE_COMFORT_ISOLATIE"
FILE = (b"regiocode,regionaam,comfort,huishoudens\n"
        b"GM0599,Rotterdam,Hoog,300000\n"
        b"WK059915,Charlois,Laag,30000\n"
        b"WK059901,Rotterdam Centrum,Midden,9000\n"
        b"WK059903,Delfshaven,Midden,5000\n"
        b"WK063703,Palenstein,.,4000\n")


class CategoricalProfileTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        import_cbs_csv(FILE, by=None, boundary_year=2025, period=2021,
                       mapping={"comfort": COMFORT, "huishoudens": "BEV_HUISHOUDENS"})

    def setUp(self):
        cache.clear()

    def figure(self, code, area="WK059915", language="nl"):
        self.client.cookies["django_language"] = language
        response = self.client.get(reverse("atlas:area-detail", args=[area]))
        figures = {figure.indicator.code: figure for side in response.context["sides"] for figure in side.figures}
        return response, figures[code]

    def test_the_class_is_shown_as_a_word_with_the_shares_of_every_class(self):
        response, figure = self.figure(COMFORT)
        self.assertEqual(figure.class_label, "Laag")
        self.assertEqual([(share.label, share.count, round(share.share)) for share in figure.shares],
                         [("Laag", 1, 33), ("Midden", 2, 67), ("Hoog", 0, 0)])
        self.assertEqual((figure.nl, figure.percentile, figure.chart), (None, None, None))
        self.assertEqual((figure.gemeente.label, figure.gemeente_class), ("Rotterdam", "Hoog"))
        html = response.content.decode()
        self.assertInHTML('<strong class="value">Laag</strong>', html)
        self.assertInHTML('<tr class="own-class"><th scope="row">Laag <span class="meta">(dit gebied)</span></th>'
                          '<td>1</td><td>33%</td></tr>', html)
        self.assertInHTML("<caption>Klassen over 3 gebieden van dit niveau</caption>", html)

    def test_english_readers_get_the_english_labels(self):
        response, _figure = self.figure(COMFORT, language="en")
        html = response.content.decode()
        self.assertInHTML('<strong class="value">Low</strong>', html)
        self.assertInHTML('<th scope="row">Middle</th>', html)
        self.assertInHTML("<caption>Classes across 3 areas of this level</caption>", html)

    def test_the_count_beside_it_is_still_a_number_with_a_median(self):
        _response, figure = self.figure("BEV_HUISHOUDENS")
        self.assertEqual(figure.observation.value, 30000.0)
        self.assertEqual(figure.nl.value, 7000.0)  # median of the four wijken
        self.assertEqual(figure.shares, [])

    def test_a_suppressed_class_takes_no_part_in_the_shares(self):
        _response, figure = self.figure(COMFORT, area="WK063703")
        self.assertEqual(figure.observation.status, "suppressed")
        self.assertEqual(sum(share.count for share in figure.shares), 3)

    def test_the_api_and_the_csv_give_the_class(self):
        body = self.client.get(reverse("api:observations") + f"?indicator={COMFORT}&area=WK059915").json()
        self.assertEqual([(row["value"], row["value_class"]) for row in body["results"]], [(None, "Laag")])
        indicator = self.client.get(reverse("api:indicator", args=[COMFORT])).json()
        self.assertEqual((indicator["value_type"], [value["code"] for value in indicator["classes"]]),
                         ("category", ["Laag", "Midden", "Hoog"]))
        rows = self.client.get(reverse("atlas:area-csv", args=["WK059915"])).content.decode("utf-8-sig").splitlines()
        comfort = next(row for row in rows if COMFORT in row).split(";")
        self.assertEqual(comfort[8], "Laag")

    def test_an_analysis_reads_a_class_only_through_its_calibrated_score(self):
        numbers = Observation.objects.filter(indicator__code=COMFORT).annotate(number=NUMERIC_VALUE)
        self.assertEqual(set(numbers.values_list("number", flat=True)), {None})
        IndicatorClass.objects.filter(indicator__code=COMFORT, code="Laag").update(score=0.0)
        IndicatorClass.objects.filter(indicator__code=COMFORT, code="Midden").update(score=0.5)
        self.assertEqual(dict(numbers.values_list("area__code", "number")),
                         {"GM0599": None, "WK059915": 0.0, "WK059901": 0.5, "WK059903": 0.5, "WK063703": None})
        self.assertTrue(Indicator.objects.get(code=COMFORT).is_categorical)
