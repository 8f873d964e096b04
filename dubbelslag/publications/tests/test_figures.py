"""Figures from the neighbourhood data: the snapshot, missing values said in words, and freezing on publication."""

from django.template.loader import render_to_string
from django.utils import translation

from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.publications.enums import ProductType, SectionKey
from dubbelslag.publications.figures import STATUS_MISSING, FigureView, take_snapshot
from dubbelslag.publications.rendering import render_version
from dubbelslag.publications.services import workflow
from testing.base import BaseTestCase, make_area
from testing.factories.publications import make_record


class FigureTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.indicator = Indicator.objects.create(
            code="FIG_GAS", name_nl="Aandeel woningen op aardgas", name_en="Share of homes heated by gas",
            domain="energie", unit="%", source_table="85984NED", licence="CC BY 4.0")
        cls.import_run = ImportRun.objects.create(source="cbs_csv", table_id="85984NED", file_name="gas.csv")
        cls.observation = Observation.objects.create(area=cls.pendrecht, indicator=cls.indicator, period="2021",
                                                     value=41.5, import_run=cls.import_run)
        Observation.objects.create(area=cls.pendrecht, indicator=cls.indicator, period="2020", value=50.0,
                                   import_run=cls.import_run)
        for code, value in (("BU05991501", 10.0), ("BU05991502", 30.0)):
            area = make_area(code, f"Buurt {code}", parent=cls.charlois)
            Observation.objects.create(area=area, indicator=cls.indicator, period="2021", value=value,
                                       import_run=cls.import_run)


class SnapshotTests(FigureTestCase):
    def test_snapshot_of_the_latest_period(self):
        snapshot = take_snapshot(area=self.pendrecht, indicator=self.indicator)
        self.assertEqual({key: snapshot[key] for key in (
            "value", "status", "period", "unit", "indicator_code", "indicator_name_nl", "indicator_name_en",
            "area_code", "area_name", "area_level", "source_table", "import_run_id", "licence", "is_cbs",
            "median_nl", "median_count")}, {
            "value": 41.5, "status": "ok", "period": "2021", "unit": "%", "indicator_code": "FIG_GAS",
            "indicator_name_nl": "Aandeel woningen op aardgas", "indicator_name_en": "Share of homes heated by gas",
            "area_code": "BU05991577", "area_name": "Pendrecht", "area_level": "buurt", "source_table": "85984NED",
            "import_run_id": self.import_run.pk, "licence": "CC BY 4.0", "is_cbs": True, "median_nl": 30.0,
            "median_count": 3})

    def test_snapshot_of_a_given_period(self):
        snapshot = take_snapshot(area=self.pendrecht, indicator=self.indicator, period="2020")
        self.assertEqual((snapshot["value"], snapshot["period"]), (50.0, "2020"))

    def test_suppressed_is_no_value_and_said_in_words(self):
        self.observation.value, self.observation.status = None, "suppressed"
        self.observation.save()
        snapshot = take_snapshot(area=self.pendrecht, indicator=self.indicator, period="2021")
        self.assertEqual((snapshot["value"], snapshot["status"], snapshot["median_nl"]), (None, "suppressed", None))
        view = FigureView(number=1, caption="", snapshot=snapshot)
        with translation.override("en"):
            html = render_to_string("publications/includes/figure.html", {"figure": view})
        self.assertEqual(view.value_display, "")
        self.assertIn("not published by the source", html)
        self.assertNotIn("product-figure-number", html)
        self.assertNotIn(">0<", html)

    def test_missing_and_unknown(self):
        snapshot = take_snapshot(area=self.palenstein, indicator=self.indicator, period="2021")
        self.assertEqual((snapshot["value"], snapshot["status"], snapshot["import_run_id"]),
                         (None, STATUS_MISSING, None))
        with translation.override("en"):
            self.assertEqual(FigureView(1, "", snapshot).status_label,
                             "no figure available for this area and period")
            self.observation.value, self.observation.status = None, "unknown"
            self.observation.save()
            view = FigureView(1, "", take_snapshot(area=self.pendrecht, indicator=self.indicator, period="2021"))
            self.assertEqual(view.status_label, "unknown at the source")

    def test_figure_block_names_its_source(self):
        view = FigureView(number=2, caption="Gas in Pendrecht",
                          snapshot=take_snapshot(area=self.pendrecht, indicator=self.indicator))
        with translation.override("en"):
            html = render_to_string("publications/includes/figure.html", {"figure": view})
        self.assertIn('id="figuur-2"', html)
        self.assertIn("41.5%", html)
        self.assertIn("Share of homes heated by gas", html)
        self.assertIn("BU05991577", html)
        self.assertIn("median 30.0%", html)
        self.assertIn("Figure 2: Gas in Pendrecht", html)
        self.assertIn(">85984NED</a>", html)
        self.assertIn("CBS", html)
        self.assertIn("CC BY 4.0", html)
        self.assertIn(f"import {self.import_run.pk}", html)
        with translation.override("nl"):
            self.assertEqual(view.value_display, "41,5%")
            self.assertEqual(view.indicator_name, "Aandeel woningen op aardgas")


class FrozenOnPublicationTests(FigureTestCase):
    def test_published_figure_keeps_its_value_when_the_data_change(self):
        record = make_record(programme=self.programme)
        product = workflow.create_product(programme=self.programme, product_type=ProductType.FACTSHEET, slug="gas",
                                          title_nl="Gas in Pendrecht", authors="A. Auteur", by=self.researcher)
        version = product.versions.get()
        workflow.add_figure(version, by=self.researcher, area=self.pendrecht, indicator=self.indicator)
        version.refresh_from_db()
        workflow.update_version(version, by=self.researcher, expected_edit_version=version.edit_version,
                                lead_nl="Lead", sections={SectionKey.CONTEXT: (f"Zie [@R{record.pk}].\n\n[[figuur 1]]",
                                                                               "")})
        workflow.submit_for_review(version, by=self.researcher)
        version = workflow.publish_version(version, by=self.coordinator)

        self.observation.value = 99.0
        self.observation.save()
        with translation.override("en"):
            rendered = render_version(version, public=True)
        html = str(rendered.sections[0].html)
        self.assertIn('<figure class="product-figure" id="figuur-1">', html)
        self.assertIn("41.5%", html)
        self.assertNotIn("99.0%", html)
        self.assertEqual(version.figures.get().snapshot["value"], 41.5)
        self.assertEqual(rendered.unplaced_figures, [])

        # The next draft's preview shows the figure as it is now; publishing it would freeze that.
        draft = workflow.start_new_version(product, by=self.researcher)
        with translation.override("en"):
            preview = render_version(draft, viewer=self.researcher, public=False)
        self.assertIn("99.0%", str(preview.sections[0].html))
        with translation.override("en"):
            self.assertIn("41.5%", str(render_version(version, public=True).sections[0].html))

    def test_unplaced_figures_are_listed_after_the_text(self):
        product = workflow.create_product(programme=self.programme, product_type=ProductType.FACTSHEET, slug="gas2",
                                          title_nl="Gas", authors="A", by=self.researcher)
        version = product.versions.get()
        workflow.add_figure(version, by=self.researcher, area=self.pendrecht, indicator=self.indicator)
        rendered = render_version(version, viewer=self.researcher, public=False)
        self.assertEqual([figure.number for figure in rendered.unplaced_figures], [1])
        html = render_to_string("publications/includes/product_body.html", {"rendered": rendered})
        self.assertIn('id="figuur-1"', html)


class CategoricalSnapshotTests(FigureTestCase):
    def test_a_class_is_the_figure_in_words_in_both_languages_without_a_median(self):
        comfort = Indicator.objects.get(code="BE_COMFORT_ISOLATIE")
        Observation.objects.create(area=self.pendrecht, indicator=comfort, period="2021", import_run=self.import_run,
                                   value_class=comfort.classes.get(code="Hoog"))
        Observation.objects.create(area=self.charlois, indicator=comfort, period="2021", import_run=self.import_run,
                                   value_class=comfort.classes.get(code="Laag"))
        snapshot = take_snapshot(area=self.pendrecht, indicator=comfort)
        self.assertEqual((snapshot["value"], snapshot["class_nl"], snapshot["class_en"], snapshot["median_nl"]),
                         (None, "Hoog", "High", None))
        view = FigureView(1, "", snapshot)
        self.assertEqual((view.has_value, view.value_display, view.median_display), (True, "Hoog", ""))
        with translation.override("en"):
            self.assertEqual(view.value_display, "High")
