"""Every CSV and XLSX the application serves is formula-safe: one writer (``core.spreadsheets``), every export view
found in the URL configuration, each fed formula-like text in every field a user controls, every cell read back.

A new export view is marked ``@spreadsheet_export`` and needs a scenario here (``covers``), else
``test_every_export_view_has_a_scenario`` fails; a CSV or XLSX written without the writer fails
``test_only_the_writer_writes_spreadsheets``."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
from django.core.cache import cache
from django.test import SimpleTestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dubbelslag.areas.models import Area
from dubbelslag.core.spreadsheets import FORMULA_STARTS
from dubbelslag.indicators.models import Indicator
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.monitoring.enums import UpdateStatus
from dubbelslag.monitoring.models import DisaggregationValue, Goal, ResultIndicator, Update
from dubbelslag.programme.models import Experiment, Programme
from dubbelslag.publications.models import ProductVersion
from dubbelslag.research.models import Code, Cycle, HarvestRecord, LearningQuestion, LogEntry
from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas, make_run, observe
from testing.factories.monitoring import make_update
from testing.factories.monitoring_exports import adopt, approved, make_periods, make_qualitative, make_shared, split
from testing.factories.publications import make_product
from testing.factories.publications import make_record as make_published_record
from testing.factories.research import make_entry, make_excerpt, make_record
from testing.factories.scan import add_figures, make_buurten
from testing.factories.scan import make_run as make_scan_run

PACKAGE = Path(__file__).resolve().parents[2] / "dubbelslag"
# Each prefix a spreadsheet may run as a formula; a tab or carriage return before "=" too.
PREFIXES = ("=", "+", "-", "@", "\t=", "\r=")
# A cell that starts like a formula is allowed only when it is a number written as a number (a negative figure).
NUMBER = re.compile(r"-?[0-9]+(?:[.,][0-9]+)?")
SCENARIOS: dict[str, type] = {}


def payload(prefix: str, field: str) -> str:
    return f'{prefix}HYPERLINK("http://evil.example/","{field}")'


def covers(*url_names: str):
    """Register a test class as the scenario of the export views ``url_names``."""
    def register(cls):
        for name in url_names:
            SCENARIOS[name] = cls
        return cls
    return register


def export_views(resolver=None, namespace: str = "") -> dict[str, object]:
    """Every view in the URL configuration marked ``@spreadsheet_export``, by its namespaced URL name."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(export_views(pattern, inner))
        elif isinstance(pattern, URLPattern) and getattr(pattern.callback, "spreadsheet_export", False):
            found[f"{namespace}{pattern.name}"] = pattern.callback
    return found


class ExportRegistryTests(SimpleTestCase):
    def test_every_export_view_has_a_scenario(self):
        self.assertEqual(set(export_views()), set(SCENARIOS))
        self.assertEqual(len(SCENARIOS), 10)

    def test_only_the_writer_writes_spreadsheets(self):
        """No module but ``core/spreadsheets.py`` makes a CSV writer, a workbook or a CSV/XLSX response. Reading
        uploads (the indicator importers, the upload check) is not writing and is allowed."""
        writing = re.compile(r"csv\.writer\(|csv\.DictWriter\(|openpyxl\.Workbook\(|Workbook\(\)|"
                             r"content_type=\"text/csv|spreadsheetml\.sheet\"\)")
        offenders = []
        for path in PACKAGE.rglob("*.py"):
            relative = path.relative_to(PACKAGE).as_posix()
            if "/tests/" in f"/{relative}" or relative == "core/spreadsheets.py":
                continue
            if writing.search(path.read_text(encoding="utf-8")):
                offenders.append(relative)
        self.assertEqual(offenders, [])

    def test_modules_that_answer_with_spreadsheets_mark_their_views(self):
        for path in PACKAGE.rglob("*.py"):
            source = path.read_text(encoding="utf-8")
            if "/tests/" in path.as_posix() or path.name == "spreadsheets.py":
                continue
            if re.search(r"\b(csv_response|xlsx_response)\(", source):
                with self.subTest(path=path.name):
                    self.assertIn("@spreadsheet_export", source)


class FormulaSafeMixin:
    """``plant(prefix)`` writes ``payload(prefix, field)`` into every user-controlled field and returns the fields;
    ``downloads()`` gives (URL name, URL, kind, delimiter, the fields that file holds; None: all)."""

    def cells(self, url: str, kind: str, delimiter: str) -> list[tuple[str, object]]:
        """Every cell as (data type, value): "s" for text, "n" for a number, "f" for a formula (XLSX)."""
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        if kind == "xlsx":
            self.assertEqual(response["Content-Type"],
                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            book = openpyxl.load_workbook(io.BytesIO(response.content))
            return [(cell.data_type, cell.value) for sheet in book.worksheets for row in sheet.iter_rows()
                    for cell in row if cell.value is not None]
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        text = response.content.decode("utf-8-sig")
        return [("s", value) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
                for value in row]

    def test_every_cell_is_formula_safe(self):
        for prefix in PREFIXES:
            planted = self.plant(prefix)
            cache.clear()  # the public pages, scan results and references are cached per data version
            for name, url, kind, delimiter, fields in self.downloads():
                with self.subTest(prefix=prefix, export=name):
                    cells = self.cells(url, kind, delimiter)
                    self.assertNotIn("f", {data_type for data_type, _value in cells})
                    unsafe = [value for data_type, value in cells if data_type == "s" and isinstance(value, str)
                              and value.startswith(FORMULA_STARTS) and not NUMBER.fullmatch(value)]
                    self.assertEqual(unsafe, [])
                    texts = {value for _data_type, value in cells if isinstance(value, str)}
                    # Each planted text is in the file, neutralised: so the fields really are exported.
                    expected = [payload(prefix, field) for field in planted if fields is None or field in fields]
                    # (A field the export strips, like the lines of authors, may lose its tab or CR: still safe.)
                    missing = [text for text in expected
                               if not any(cell.startswith(("'" + text, "'" + text.strip())) for cell in texts)]
                    self.assertEqual(missing, [])


@covers("atlas:area-csv")
class AreaCsvExportTests(FormulaSafeMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        run = make_run()
        for area, value in zip(cls.rotterdam_buurten, [-2.5, 90.0, 70.0, 95.0], strict=True):
            observe(area, "ET_HOOFDVERW_GAS", value, run=run)

    def plant(self, prefix):
        Area.objects.filter(pk=self.pendrecht_2021.pk).update(name=payload(prefix, "area"))
        Indicator.objects.filter(code="ET_HOOFDVERW_GAS").update(
            name_nl=payload(prefix, "name"), name_en=payload(prefix, "name"), unit=payload(prefix, "unit"),
            licence=payload(prefix, "licence"))
        return ["area", "name", "unit", "licence"]

    def downloads(self):
        url = reverse("atlas:area-csv", args=["BU05991577"]) + "?jaar=2021"
        return [("atlas:area-csv", url, "csv", ";", None)]

    def test_a_negative_figure_stays_a_number(self):
        rows = list(csv.DictReader(io.StringIO(self.client.get(
            reverse("atlas:area-csv", args=["BU05991577"]) + "?jaar=2021").content.decode("utf-8-sig")),
            delimiter=";"))
        self.assertEqual([row["value"] for row in rows if row["indicator_code"] == "ET_HOOFDVERW_GAS"], ["-2,5"])


@covers("scan:scan-csv")
class ScanCsvExportTests(FormulaSafeMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.areas = make_buurten(2021)
        buurten = [area for code, area in cls.areas.items() if code.startswith("BU")]
        run = make_scan_run()
        add_figures(run, "ET_HOOFDVERW_GAS", dict(zip(buurten, [90, 92, 80, 50, 95, 70], strict=True)))
        add_figures(run, "INK_SOCMIN", dict(zip(buurten, [5, 10, 15, 20, 8, 12], strict=True)))

    def plant(self, prefix):
        Area.objects.filter(code__startswith="BU", boundary_year=2021).update(name=payload(prefix, "area"))
        return ["area"]

    def downloads(self):
        return [("scan:scan-csv", reverse("scan:scan-csv") + "?niveau=buurt&jaar=2021", "csv", ",", None)]


@covers("public:products-csv", "public:records-csv")
class PublicCsvExportTests(FormulaSafeMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.experiment.is_public = True
        cls.experiment.save()
        cls.record = make_published_record(programme=cls.programme, experiments=[cls.experiment])
        cls.product = make_product(cls.programme, slug="huiskamer", title="Huiskamer", body="Tekst.",
                                   records=[cls.record])
        cls.product.published_version.experiments.set([cls.experiment])

    def plant(self, prefix):
        version_fields = ("title_nl", "title_en", "subtitle_nl", "subtitle_en", "lead_nl", "lead_en", "period",
                          "partners", "funding", "scale", "authors")
        ProductVersion.objects.filter(pk=self.product.published_version_id).update(
            **{field: payload(prefix, field) for field in version_fields})
        HarvestRecord.objects.filter(pk=self.record.pk).update(title=payload(prefix, "record title"),
                                                               summary=payload(prefix, "summary"))
        Programme.objects.filter(pk=self.programme.pk).update(name=payload(prefix, "programme"))
        Experiment.objects.filter(pk=self.experiment.pk).update(title=payload(prefix, "experiment"))
        return [*version_fields, "record title", "summary", "programme", "experiment"]

    def downloads(self):
        products = {"title_nl", "title_en", "subtitle_nl", "subtitle_en", "lead_nl", "lead_en", "period",
                    "partners", "funding", "scale", "authors", "programme", "experiment"}
        return [("public:products-csv", reverse("public:products-csv"), "csv", ";", products),
                ("public:records-csv", reverse("public:records-csv"), "csv", ";",
                 {"record title", "summary", "programme", "experiment"})]


@covers("research:record-export-csv", "research:record-export-xlsx", "research:experiment-log-export",
        "research:code-matrix-csv")
class ResearchExportTests(FormulaSafeMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.question = KnowledgeQuestion.objects.create(programme=cls.programme, title="Vraag")
        cls.record = make_record(programme=cls.programme, experiments=[cls.experiment],
                                 knowledge_questions=[cls.question])
        cls.cycle = Cycle.objects.create(experiment=cls.experiment, number=1, title="Cyclus",
                                         plan_starts_on="2020-01-01", plan="Plan.")
        cls.learning_question = LearningQuestion.objects.create(experiment=cls.experiment, question="Leervraag")
        cls.entry = make_entry(cls.experiment, author=cls.editor, cycle=cls.cycle)
        cls.entry.learning_questions.set([cls.learning_question])
        cls.code = Code.objects.create(name="Thuisgevoel")
        make_excerpt(cls.entry, "de huiskamer", codes=[cls.code], coder=cls.researcher)

    def setUp(self):
        self.login(self.coordinator)

    def plant(self, prefix):
        HarvestRecord.objects.filter(pk=self.record.pk).update(title=payload(prefix, "record title"))
        KnowledgeQuestion.objects.filter(pk=self.question.pk).update(title=payload(prefix, "question"))
        Programme.objects.filter(pk=self.programme.pk).update(name=payload(prefix, "programme"))
        Experiment.objects.filter(pk=self.experiment.pk).update(title=payload(prefix, "experiment"))
        Cycle.objects.filter(pk=self.cycle.pk).update(title=payload(prefix, "cycle"))
        LearningQuestion.objects.filter(pk=self.learning_question.pk).update(
            question=payload(prefix, "learning question"))
        text = payload(prefix, "entry text") + " de huiskamer"
        LogEntry.objects.filter(pk=self.entry.pk).update(title=payload(prefix, "entry title"), text=text)
        type(self.editor).objects.filter(pk=self.editor.pk).update(full_name=payload(prefix, "author"))
        Code.objects.filter(pk=self.code.pk).update(name=payload(prefix, "code"))
        return ["record title", "question", "programme", "experiment", "cycle", "learning question", "entry text",
                "entry title", "author", "code"]

    def downloads(self):
        records = {"record title", "question", "programme", "experiment"}
        log = reverse("research:experiment-log-export", args=[self.experiment.pk]) + "?format=csv"
        return [("research:record-export-csv", reverse("research:record-export-csv"), "csv", ",", records),
                ("research:record-export-xlsx", reverse("research:record-export-xlsx"), "xlsx", "", records),
                ("research:experiment-log-export", log, "csv", ",",
                 {"cycle", "learning question", "entry text", "entry title", "author"}),
                ("research:code-matrix-csv", reverse("research:code-matrix-csv"), "csv", ",", {"code", "experiment"})]


@covers("monitoring:experiment-export", "monitoring:programme-export")
class MonitoringExportTests(FormulaSafeMixin, BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        (cls.period,) = make_periods(cls.programme, 1)
        cls.homes = adopt(make_shared(cls.programme), cls.experiment)
        cls.update = approved(cls.homes, cls.period, value=5, submitted_by=cls.editor)
        split(cls.update, owner=2)
        cls.support = make_qualitative(cls.experiment)
        cls.returned = make_update(cls.support, cls.period, status=UpdateStatus.RETURNED, value=None, score=1)

    def setUp(self):
        self.login(self.coordinator)

    def plant(self, prefix):
        Experiment.objects.filter(pk=self.experiment.pk).update(title=payload(prefix, "experiment"))
        Goal.objects.filter(programme=self.programme).update(title_nl=payload(prefix, "goal"))
        ResultIndicator.objects.filter(pk=self.homes.pk).update(title_nl=payload(prefix, "indicator"),
                                                                unit=payload(prefix, "unit"))
        ResultIndicator.objects.filter(pk=self.support.pk).update(score_labels=[payload(prefix, "score label")])
        Update.objects.filter(pk=self.update.pk).update(narrative=payload(prefix, "narrative"))
        Update.objects.filter(pk=self.returned.pk).update(return_reason=payload(prefix, "return reason"))
        DisaggregationValue.objects.filter(disaggregation__indicator=self.homes).update(
            label_nl=payload(prefix, "category"))
        type(self.editor).objects.filter(pk=self.editor.pk).update(full_name=payload(prefix, "reporter"))
        return ["experiment", "goal", "indicator", "unit", "score label", "narrative", "return reason", "category",
                "reporter"]

    def downloads(self):
        downloads = []
        # The CSV names a category only inside its column's header ("tenure: <label>"), never at a cell's start.
        csv_fields = {"experiment", "goal", "indicator", "unit", "score label", "narrative", "return reason",
                      "reporter"}
        for fmt, fields in (("xlsx", None), ("csv", csv_fields)):
            downloads += [
                ("monitoring:experiment-export", reverse("monitoring:experiment-export",
                                                         args=[self.experiment.pk, fmt]), fmt, ",", fields),
                ("monitoring:programme-export", reverse("monitoring:programme-export",
                                                        args=[self.programme.slug, fmt]), fmt, ",", fields),
            ]
        return downloads
