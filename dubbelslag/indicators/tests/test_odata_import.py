"""The CBS OData importer (``indicators.odata`` and ``manage.py import_cbs_odata``) on captured CBS responses.

A ``CbsStub`` answers like the ODataApi from the samples in ``tests/data`` (see SOURCE.md) and records each URL; the
conftest's ``no_network`` fixture fails any test that would open a socket.
"""

from __future__ import annotations

import importlib.util
import shlex
import ssl
import urllib.error
from io import StringIO
from unittest import mock
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.utils import translation

from dubbelslag.areas.models import Area
from dubbelslag.indicators.management.commands._output import summary
from dubbelslag.indicators.models import ImportRun, Indicator, Observation
from dubbelslag.indicators.odata import (
    ImportProgress,
    ODataImportError,
    _indicators_by_stem,
    _map_columns,
    import_cbs_odata,
)
from dubbelslag.indicators.selectors import THIRD_PARTY_BASE_URL, fetch_command
from dubbelslag.indicators.services import ImportRefused
from dubbelslag.indicators.sources.cbs_odata import CbsODataClient, CbsODataError, parse_odata
from dubbelslag.indicators.sources.dataproperties import TableSchema
from testing.base import BaseTestCase, make_area

from .conftest import DATA, load_json
from .test_sources_samples import SHARED, needs_shared

# The captured 85984NED pages carry AantalInwoners_5, Bevolkingsdichtheid_34, Woningvoorraad_35 and
# OppervlakteLand_123 only, as a $select for those columns returns them. The DataProperties sample also describes
# columns of other indicators (Koopwoningen_47, income); served as they are, the importer would rightly ask for those
# columns and find them missing, so the stub serves the dictionary of the columns the pages hold.
NOT_IN_PAGES = {"Koopwoningen_47", "HuurwoningenTotaal_48", "GemGestandaardiseerdInkomenVanHuish_86",
                "HuishOnderOfRondSociaalMinimum_90"}

# The real KWB 2024 values of the captured rows (tests/data/SOURCE.md), by indicator; None is a CBS null.
EXPECTED_2024 = {
    ("GM0014", "BEV_INWONERS"): 243768.0, ("GM0014", "BEV_DICHTHEID"): 1314.0, ("GM0014", "WON_VOORRAAD"): 124258.0,
    ("WK001400", "BEV_INWONERS"): 24920.0, ("WK001400", "BEV_DICHTHEID"): 10907.0,
    ("WK001400", "WON_VOORRAAD"): 13809.0,
    ("WK001401", "BEV_INWONERS"): 22200.0, ("WK001401", "BEV_DICHTHEID"): 5461.0,
    ("WK001401", "WON_VOORRAAD"): 11935.0,
    ("WK003415", "BEV_INWONERS"): 0.0, ("WK003415", "BEV_DICHTHEID"): None, ("WK003415", "WON_VOORRAAD"): 0.0,
    ("WK030732", "BEV_INWONERS"): 0.0, ("WK030732", "BEV_DICHTHEID"): None, ("WK030732", "WON_VOORRAAD"): None,
}


def kwb_2024_properties():
    dp = load_json("odata_85984NED_DataProperties.json")
    dp["value"] = [row for row in dp["value"] if row["Key"] not in NOT_IN_PAGES]
    return dp


def kwb_2024_pages():
    return [load_json("odata_85984NED_TypedDataSet_page1.json"), load_json("odata_85984NED_TypedDataSet_page2.json")]


class CbsStub:
    """A ``fetch_json`` that answers like the CBS ODataApi for one table and records every URL it is asked for.

    ``pages`` are served by ``$skip`` offset (page 2 starts where page 1 ended), ``regions`` at the region
    dimension (None: that request fails), ``dimensions`` at other dimension endpoints. ``fail`` makes every request
    fail the way ``fetch_json_https`` reports a network problem.
    """

    def __init__(self, table_id, *, properties=None, pages=(), regions=None, dimensions=None, fail=None):
        self.table_id = table_id
        self.properties = properties
        self.pages = list(pages)
        self.regions = regions
        self.dimensions = dimensions or {}
        self.fail = fail
        self.calls: list[str] = []

    def __call__(self, url):
        self.calls.append(url)
        if self.fail:
            raise CbsODataError(self.fail)
        parts = urlsplit(url)
        table, entity = parts.path.rstrip("/").split("/")[-2:]
        assert table == self.table_id, url
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        if entity == "DataProperties":
            return self.properties
        if entity == "TypedDataSet":
            skip, offset = int(query.get("$skip", 0)), 0
            for page in self.pages:
                if offset == skip:
                    return page
                offset += len(page["value"])
            raise AssertionError(f"no page at $skip={skip}: {url}")
        if entity in ("WijkenEnBuurten", "RegioS") and entity not in self.dimensions:
            if self.regions is None:
                raise CbsODataError(f"CBS answered HTTP 404 for {url}")
            return self.regions
        return self.dimensions[entity]

    def requests(self, entity):
        return [url for url in self.calls if urlsplit(url).path.endswith("/" + entity)]

    def query(self, url):
        return {key: unquote(values[0]) for key, values in parse_qs(urlsplit(url).query).items()}


def kwb_2024_stub(**overrides):
    fields = {"properties": kwb_2024_properties(), "pages": kwb_2024_pages(),
              "regions": load_json("odata_85984NED_WijkenEnBuurten.json")}
    fields.update(overrides)
    return CbsStub("85984NED", **fields)


class Recorder(ImportProgress):
    def __init__(self):
        self.messages, self.pages, self.writes = [], [], []

    def info(self, message):
        self.messages.append(message)

    def fetched(self, entity, pages, rows):
        self.pages.append((entity, pages, rows))

    def written(self, done, total):
        self.writes.append((done, total))


class ODataImportTestCase(BaseTestCase):
    def stored(self, year=2024):
        return {(o.area.code, o.indicator.code): (o.value, o.status, o.period)
                for o in Observation.objects.filter(area__boundary_year=year).select_related("area", "indicator")}

    def run_command(self, *args, **options):
        stdout, stderr = StringIO(), StringIO()
        try:
            call_command("import_cbs_odata", *args, stdout=stdout, stderr=stderr, **options)
        finally:
            self.stdout, self.stderr = stdout.getvalue(), stderr.getvalue()


class KwbImportTests(ODataImportTestCase):
    def test_rows_are_stored_with_values_statuses_period_and_provenance(self):
        stub = kwb_2024_stub()
        progress = Recorder()

        run = import_cbs_odata("85984NED", by=self.researcher, client=CbsODataClient(fetch_json=stub),
                               progress=progress)

        self.assertEqual(self.stored(), {
            key: (value, "ok" if value is not None else "suppressed", "2024") for key, value in EXPECTED_2024.items()})
        self.assertEqual((run.source, run.table_id, run.boundary_year, run.by), ("cbs_odata", "85984NED", 2024,
                                                                                 self.researcher))
        self.assertEqual((run.rows_read, run.rows_created, run.rows_updated, run.rows_unchanged, run.rows_suppressed,
                          run.rows_rejected), (5, 15, 0, 0, 3, 0))
        expected = parse_odata(kwb_2024_properties()["value"], kwb_2024_pages(),
                               stems=["AantalInwoners", "Bevolkingsdichtheid", "Woningvoorraad"], period="2024")
        self.assertEqual(expected.errors, ())
        self.assertEqual(run.checksum, expected.checksum)
        self.assertIsNotNone(run.retrieved_at)
        self.assertFalse(Observation.objects.exclude(import_run=run).exists())
        self.assertIn("https://opendata.cbs.nl/ODataApi/odata/85984NED", run.note)
        self.assertIn("Woningvoorraad_35 → WON_VOORRAAD", run.note)
        # Only the mapped columns are asked for; OppervlakteLand_123 has no indicator.
        select = stub.query(stub.requests("TypedDataSet")[0])["$select"]
        self.assertEqual(select, "WijkenEnBuurten,AantalInwoners_5,Bevolkingsdichtheid_34,Woningvoorraad_35")
        self.assertEqual(progress.pages[-1], ("TypedDataSet", 2, 5))
        self.assertEqual(progress.writes[-1], (15, 15))

    def test_next_link_paging_reads_every_page(self):
        stub = kwb_2024_stub()
        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=stub))

        first, second = stub.requests("TypedDataSet")
        self.assertEqual(second, load_json("odata_85984NED_TypedDataSet_page1.json")["odata.nextLink"])
        self.assertEqual({code for code, _indicator in self.stored()},
                         {"GM0014", "WK001400", "WK001401", "WK003415", "WK030732"})

    def test_top_skip_paging_when_the_server_gives_no_next_link(self):
        pages = kwb_2024_pages()
        del pages[0]["odata.nextLink"]
        stub = kwb_2024_stub(pages=pages)

        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=stub, page_size=3))

        queries = [stub.query(url) for url in stub.requests("TypedDataSet")]
        self.assertEqual([(query["$top"], query.get("$skip")) for query in queries], [("3", None), ("3", "3")])
        self.assertEqual(len(self.stored()), 15)

    def test_reimport_changes_nothing(self):
        first = import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub()))
        areas = list(Area.objects.in_year(2024).values_list("code", "name", "parent__code"))

        second = import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub()))

        self.assertEqual((second.rows_created, second.rows_updated, second.rows_unchanged, second.rows_suppressed),
                         (0, 0, 15, 3))
        self.assertEqual(second.checksum, first.checksum)
        self.assertFalse(Observation.objects.exclude(import_run=first).exists())
        self.assertEqual(list(Area.objects.in_year(2024).values_list("code", "name", "parent__code")), areas)

    def test_a_changed_value_is_updated(self):
        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub()))
        pages = kwb_2024_pages()
        pages[1]["value"][1]["Woningvoorraad_35"] = 5  # WK030732: null becomes a figure

        run = import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub(pages=pages)))

        self.assertEqual((run.rows_created, run.rows_updated, run.rows_unchanged), (0, 1, 14))
        self.assertEqual(self.stored()[("WK030732", "WON_VOORRAAD")], (5.0, "ok", "2024"))

    def test_the_tables_areas_are_created_in_its_year_with_its_names(self):
        pages = kwb_2024_pages()
        # A KWB table starts with the Netherlands as a whole, which is not an area here.
        pages[0]["value"].insert(0, {"WijkenEnBuurten": "NL00      ", "AantalInwoners_5": None,
                                     "Bevolkingsdichtheid_34": None, "Woningvoorraad_35": None})
        pages[0]["odata.nextLink"] = pages[0]["odata.nextLink"].replace("$skip=3", "$skip=4")

        run = import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub(pages=pages)))

        areas = {area.code: (area.name, area.level, area.parent.code if area.parent else None)
                 for area in Area.objects.in_year(2024).select_related("parent")}
        self.assertEqual(areas, {
            "GM0014": ("Groningen", "gemeente", None),
            "WK001400": ("Centrum", "wijk", "GM0014"),
            "WK001401": ("Oud-Zuid", "wijk", "GM0014"),
            "GM0034": ("Almere", "gemeente", None),
            "WK003415": ("Stichtsekant", "wijk", "GM0034"),
            "GM0307": ("Amersfoort", "gemeente", None),
            "WK030732": ("Vathorst-Bovenduist", "wijk", "GM0307"),
        })
        self.assertEqual((run.rows_read, run.rows_created, run.rows_rejected), (6, 15, 0))
        self.assertIn("NL00", run.note)
        # The shipped 2025 areas of the test base are untouched.
        self.assertEqual(Area.objects.get(code="GM0599", boundary_year=2025).name, "Rotterdam")

    def test_existing_areas_of_the_year_are_kept(self):
        groningen = make_area("GM0014", "Gemeente Groningen", year=2024)

        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub()))

        self.assertEqual(Area.objects.get(code="GM0014", boundary_year=2024), groningen)
        self.assertEqual(Area.objects.get(code="GM0014", boundary_year=2024).name, "Gemeente Groningen")
        self.assertEqual(Observation.objects.get(area=groningen, indicator__code="BEV_INWONERS").value, 243768.0)

    def test_a_table_of_another_year_maps_the_same_stems_to_its_own_suffixes(self):
        stub = CbsStub("85618NED", properties=load_json("odata_2023style_DataProperties.json"),
                       pages=[load_json("odata_2023style_TypedDataSet.json")],
                       regions=load_json("odata_2023style_WijkenEnBuurten.json"))

        run = import_cbs_odata("85618NED", by=None, client=CbsODataClient(fetch_json=stub))

        self.assertEqual(run.boundary_year, 2023)
        stored = self.stored(2023)
        self.assertEqual(stored[("GM0014", "ET_KOOP")], (40.0, "ok", "2023"))
        self.assertEqual(stored[("GM0363", "ET_HUUR")], (70.0, "ok", "2023"))
        self.assertEqual(stored[("GM0034", "BEV_INWONERS")], (222825.0, "ok", "2023"))
        self.assertEqual(len(stored), 9)
        self.assertEqual(dict(Area.objects.in_year(2023).values_list("code", "name")),
                         {"GM0014": "Groningen", "GM0034": "Almere", "GM0363": "Amsterdam"})
        self.assertIn("Koopwoningen_40 → ET_KOOP", run.note)

    def test_level_filter_is_sent_to_the_server_and_applied_to_the_rows(self):
        stub = kwb_2024_stub()

        run = import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=stub), levels=["wijk"])

        self.assertEqual(stub.query(stub.requests("TypedDataSet")[0])["$filter"],
                         "(substringof('WK',WijkenEnBuurten))")
        # The stub ignores the filter and still sends GM0014; the importer leaves it out all the same.
        self.assertEqual({code for code, _indicator in self.stored()},
                         {"WK001400", "WK001401", "WK003415", "WK030732"})
        self.assertEqual(run.rows_created, 12)
        # The gemeenten the wijken lie in come from the region list too, with their names.
        self.assertEqual(Area.objects.get(code="GM0307", boundary_year=2024).name, "Amersfoort")

    def test_without_a_region_list_the_names_come_from_the_data(self):
        properties = load_json("odata_85984NED_DataProperties.json")
        properties["value"] = [row for row in properties["value"] if row["Key"] not in NOT_IN_PAGES]
        pages = kwb_2024_pages()
        for row in (row for page in pages for row in page["value"]):
            gemeente = {"GM0014": "Groningen", "WK001400": "Groningen", "WK001401": "Groningen",
                        "WK003415": "Almere", "WK030732": "Amersfoort"}[row["WijkenEnBuurten"].strip()]
            row["Gemeentenaam_1"] = gemeente.ljust(40)  # KWB pads its text columns
        stub = kwb_2024_stub(properties=properties, pages=pages, regions=None)
        progress = Recorder()

        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=stub), progress=progress)

        self.assertIn("Gemeentenaam_1", stub.query(stub.requests("TypedDataSet")[0])["$select"])
        self.assertEqual(Area.objects.get(code="GM0014", boundary_year=2024).name, "Groningen")
        # A wijk row's Gemeentenaam is its gemeente's name, not its own: the wijk gets its code as a label.
        self.assertEqual(Area.objects.get(code="WK001400", boundary_year=2024).name, "WK001400")
        self.assertTrue(any("WijkenEnBuurten" in message for message in progress.messages))
        self.assertEqual(len(self.stored()), 15)

    # Amsterdam's wijk and buurt codes carry letters (WK0363AA, BU0363AA01): real KWB 2024 row below. A code
    # check that only accepted digits once refused the whole national table over them.
    def test_amsterdam_codes_with_letters_are_imported(self):
        pages = kwb_2024_pages()
        pages[1]["value"].append({"WijkenEnBuurten": "WK0363AA  ", "AantalInwoners_5": 9180,
                                  "Bevolkingsdichtheid_34": 16948, "Woningvoorraad_35": 5686})
        regions = load_json("odata_85984NED_WijkenEnBuurten.json")
        regions["value"] += [{"Key": "GM0363    ", "Title": "Amsterdam"},
                             {"Key": "WK0363AA  ", "Title": "Haarlemmerbuurt"}]

        import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub(pages=pages,
                                                                                             regions=regions)))

        self.assertEqual(self.stored()[("WK0363AA", "BEV_INWONERS")], (9180.0, "ok", "2024"))

    def test_a_kwb_table_is_in_its_own_boundary_year(self):
        with self.assertRaisesMessage(ODataImportError, "2024"):
            import_cbs_odata("85984NED", by=None, client=CbsODataClient(fetch_json=kwb_2024_stub()),
                             boundary_year=2025)
        self.assertFalse(ImportRun.objects.exists())


class RefusalTests(ODataImportTestCase):
    def client_for(self, pages):
        return CbsODataClient(fetch_json=kwb_2024_stub(pages=pages))

    def nothing_written(self):
        self.assertFalse(ImportRun.objects.exists())
        self.assertFalse(Observation.objects.exists())
        self.assertFalse(Area.objects.in_year(2024).exists())

    def test_unknown_area_code_refuses_the_table_and_writes_nothing(self):
        pages = kwb_2024_pages()
        pages[1]["value"].append({"WijkenEnBuurten": "BU99999999", "AantalInwoners_5": 10,
                                  "Bevolkingsdichtheid_34": 1, "Woningvoorraad_35": 5})

        with self.assertRaises(CommandError):
            self.run_command("85984NED", client=self.client_for(pages))

        # The command speaks the default language, Dutch: the line prefix as well as the message.
        self.assertEqual(self.stderr.splitlines(), [
            "regel 6: onbekende gebiedscode BU99999999: niet in de regiolijst van de tabel en niet in de "
            "indeling 2024"])
        self.nothing_written()

    def test_malformed_number_refuses_the_table_and_writes_nothing(self):
        pages = kwb_2024_pages()
        pages[0]["value"][2]["Woningvoorraad_35"] = "11.935,0"

        with self.assertRaises(CommandError):
            self.run_command("85984NED", client=self.client_for(pages))

        # A parser message in the command's (Dutch) report.
        self.assertEqual(self.stderr.splitlines(), [
            "regel 3: WK001401: kolom Woningvoorraad_35: '11.935,0' is geen getal in de notatie van dit bestand "
            "(decimale punt, geen scheidingsteken voor duizendtallen)"])
        self.nothing_written()

    def test_service_raises_import_refused_with_a_report(self):
        pages = kwb_2024_pages()
        pages[0]["value"][1]["AantalInwoners_5"] = True

        with self.assertRaises(ImportRefused) as caught, translation.override("en"):
            import_cbs_odata("85984NED", by=None, client=self.client_for(pages))

        self.assertEqual(caught.exception.report, ["line 2: WK001400: column AantalInwoners_5: True is not a number"])
        self.nothing_written()

    def test_skip_invalid_imports_the_other_rows_and_reports_the_skipped_ones(self):
        pages = kwb_2024_pages()
        pages[1]["value"].append({"WijkenEnBuurten": "BU99999999", "AantalInwoners_5": 10,
                                  "Bevolkingsdichtheid_34": 1, "Woningvoorraad_35": 5})
        pages[0]["value"][2]["Woningvoorraad_35"] = "veel"

        self.run_command("85984NED", "--skip-invalid", client=self.client_for(pages))

        run = ImportRun.objects.get()
        self.assertEqual((run.rows_read, run.rows_created, run.rows_rejected), (6, 14, 2))
        self.assertEqual(len(self.stderr.splitlines()), 2)
        self.assertIn("BU99999999", self.stderr)
        self.assertIn(summary(run), self.stdout)
        self.assertNotIn(("WK001401", "WON_VOORRAAD"), self.stored())
        self.assertFalse(Area.objects.filter(code="BU99999999").exists())

    def test_a_table_no_indicator_names_is_refused_before_any_request(self):
        stub = CbsStub("83765NED")

        with self.assertRaisesMessage(CommandError, "83765NED"):
            self.run_command("83765NED", client=CbsODataClient(fetch_json=stub))

        self.assertEqual(stub.calls, [])
        self.assertFalse(ImportRun.objects.exists())

    def test_a_table_whose_columns_match_no_indicator_stem_is_refused(self):
        # GEZ_EENZ names 50120NED (key stem Eenzaam); a dictionary without that column maps to nothing.
        stub = CbsStub("50120NED", properties=kwb_2024_properties(), pages=kwb_2024_pages())

        with self.assertRaises(CommandError) as caught:
            self.run_command("50120NED", "--boundary-year", "2022", client=CbsODataClient(fetch_json=stub))

        self.assertIn("Eenzaam", str(caught.exception))
        self.assertEqual(stub.requests("TypedDataSet"), [])
        self.assertFalse(ImportRun.objects.exists())

    def test_a_network_error_is_a_clear_command_error(self):
        stub = CbsStub("85984NED", fail="could not read https://opendata.cbs.nl/ODataApi/odata/85984NED/"
                                        "DataProperties?$format=json: [Errno -3] Temporary failure in name resolution")

        with self.assertRaises(CommandError) as caught:
            self.run_command("85984NED", client=CbsODataClient(fetch_json=stub))

        self.assertIn("85984NED", str(caught.exception))
        self.assertIn("Temporary failure in name resolution", str(caught.exception))
        self.assertFalse(ImportRun.objects.exists())

    def test_a_tls_failure_of_the_real_fetcher_is_a_clear_command_error(self):
        class Opener:
            def open(self, request, timeout):
                raise urllib.error.URLError(ssl.SSLCertVerificationError(1, "certificate verify failed"))

        with mock.patch("urllib.request.build_opener", return_value=Opener()), \
                self.assertRaises(CommandError) as caught:
            self.run_command("85984NED")

        self.assertIn("certificate verify failed", str(caught.exception))
        self.assertFalse(ImportRun.objects.exists())

    def test_a_plain_http_base_url_is_refused_before_any_request(self):
        stub = CbsStub("85984NED")

        with self.assertRaisesMessage(CommandError, "https"):
            self.run_command("85984NED", "--base-url", "http://opendata.cbs.nl/ODataApi/odata/",
                             client=CbsODataClient(fetch_json=stub))

        self.assertEqual(stub.calls, [])

    def test_a_malformed_table_id_is_refused(self):
        with self.assertRaisesMessage(CommandError, "85984"):
            self.run_command("85984", client=CbsODataClient(fetch_json=CbsStub("85984")))


class OtherTableTests(ODataImportTestCase):
    """A non-KWB table with a period dimension and a further dimension, made from the 2024 samples: the captured
    dictionary with a Perioden and a Marges dimension added (as the RIVM health monitor 50120NED has them)."""

    TABLE = "80001NED"

    def setUp(self):
        Indicator.objects.create(code="TST_INWONERS", name_nl="Inwoners", name_en="Residents", domain="proces",
                                 source_table=self.TABLE, source_key_stem="AantalInwoners")

    def properties(self, map_year=2024):
        dp = kwb_2024_properties()
        geo = dp["value"][0]
        geo["MapYear"] = map_year
        dp["value"][1:1] = [
            {"odata.type": "Cbs.OData.Dimension", "ID": 900, "Position": 1, "ParentID": None, "Type": "Dimension",
             "Key": "Marges", "Title": "Marges", "Description": ""},
            {"odata.type": "Cbs.OData.TimeDimension", "ID": 901, "Position": 2, "ParentID": None,
             "Type": "TimeDimension", "Key": "Perioden", "Title": "Perioden", "Description": ""},
        ]
        return dp

    def pages(self):
        rows = []
        for row in kwb_2024_pages()[0]["value"]:
            rows.append({**row, "Marges": "MW00000", "Perioden": "2024JJ00"})
            rows.append({**row, "Marges": "MOG0095", "Perioden": "2024JJ00", "AantalInwoners_5": 1})
        return [{"odata.metadata": "test", "value": rows}]

    def stub(self, **overrides):
        fields = {"properties": self.properties(), "pages": self.pages(),
                  "regions": load_json("odata_85984NED_WijkenEnBuurten.json"),
                  "dimensions": {"Marges": {"value": [{"Key": "MW00000", "Title": "Waarde"},
                                                     {"Key": "MOG0095", "Title": "Ondergrens 95%"}]}}}
        fields.update(overrides)
        return CbsStub(self.TABLE, **fields)

    def test_period_comes_from_the_table_and_further_dimensions_are_fixed_to_their_first_key(self):
        stub = self.stub()

        self.run_command(self.TABLE, client=CbsODataClient(fetch_json=stub))

        run = ImportRun.objects.get()
        self.assertEqual(run.boundary_year, 2024)  # the MapYear of its region dimension
        self.assertEqual(self.stored(), {("GM0014", "TST_INWONERS"): (243768.0, "ok", "2024"),
                                         ("WK001400", "TST_INWONERS"): (24920.0, "ok", "2024"),
                                         ("WK001401", "TST_INWONERS"): (22200.0, "ok", "2024")})
        query = stub.query(stub.requests("TypedDataSet")[0])
        self.assertEqual(query["$filter"], "Marges eq 'MW00000'")
        self.assertEqual(query["$select"], "WijkenEnBuurten,Perioden,Marges,AantalInwoners_5")
        self.assertIn("Marges", self.stdout)
        self.assertIn("Marges = MW00000 (Waarde)", run.note)

    def test_another_dimension_key_can_be_chosen(self):
        self.run_command(self.TABLE, "--dimension", "Marges=MOG0095", client=CbsODataClient(fetch_json=self.stub()))

        self.assertEqual({value for value, _status, _period in self.stored().values()}, {1.0})

    def test_an_unknown_dimension_or_key_is_refused(self):
        with self.assertRaisesMessage(CommandError, "MW00000 (Waarde)"):
            self.run_command(self.TABLE, "--dimension", "Marges=XX", client=CbsODataClient(fetch_json=self.stub()))
        with self.assertRaisesMessage(CommandError, "Marges"):
            self.run_command(self.TABLE, "--dimension", "Leeftijd=1", client=CbsODataClient(fetch_json=self.stub()))
        self.assertFalse(ImportRun.objects.exists())

    def test_boundary_year_is_required_when_the_table_does_not_state_it(self):
        stub = self.stub(properties=self.properties(map_year=None))

        with self.assertRaisesMessage(CommandError, "--boundary-year"):
            self.run_command(self.TABLE, client=CbsODataClient(fetch_json=stub))
        self.assertEqual(stub.requests("TypedDataSet"), [])

        self.run_command(self.TABLE, "--boundary-year", "2024", client=CbsODataClient(fetch_json=stub))
        self.assertEqual(ImportRun.objects.get().boundary_year, 2024)


class CommandTests(ODataImportTestCase):
    def test_progress_lines_and_summary(self):
        self.run_command("85984NED", client=CbsODataClient(fetch_json=kwb_2024_stub()))

        run = ImportRun.objects.get()
        lines = self.stdout.splitlines()
        self.assertIn("85984NED", lines[0])
        self.assertTrue(any("TypedDataSet" in line and "2" in line and "5" in line for line in lines), lines)
        self.assertEqual(lines[-1], summary(run))
        self.assertEqual(self.stderr, "")

    def test_levels_option(self):
        self.run_command("85984NED", "--level", "gemeente", "wijk", client=CbsODataClient(fetch_json=kwb_2024_stub()))
        self.assertEqual(ImportRun.objects.get().rows_created, 15)

    def test_fetch_command_of_a_kwb_indicator_runs(self):
        groningen = make_area("GM0014", "Groningen", year=2024)
        command = fetch_command(Indicator.objects.get(code="BEV_INWONERS"), groningen)
        program, manage, name, *args = shlex.split(command)
        self.assertEqual((manage, name), ("manage.py", "import_cbs_odata"))

        self.run_command(*args, client=CbsODataClient(fetch_json=kwb_2024_stub()))

        self.assertEqual(Observation.objects.get(area=groningen, indicator__code="BEV_INWONERS").value, 243768.0)

    def test_fetch_command_of_a_third_party_table_parses_and_asks_the_third_party_portal(self):
        command = fetch_command(Indicator.objects.get(code="GEZ_EENZ"))
        _program, _manage, name, *args = shlex.split(command)
        stub = CbsStub("50120NED", fail="offline test")

        with self.assertRaisesMessage(CommandError, "offline test"):
            self.run_command(*args, client=CbsODataClient(fetch_json=stub))

        self.assertEqual(name, "import_cbs_odata")
        self.assertTrue(stub.calls[0].startswith(f"{THIRD_PARTY_BASE_URL}50120NED/DataProperties?"), stub.calls)

    @override_settings(CBS_ODATA_BASE_URL="https://mirror.example.org/ODataApi/odata/")
    def test_the_setting_gives_the_default_base_url(self):
        stub = CbsStub("85984NED", fail="offline test")

        with mock.patch("dubbelslag.indicators.odata.fetch_json_https", stub), self.assertRaises(CommandError):
            self.run_command("85984NED")

        self.assertTrue(stub.calls[0].startswith("https://mirror.example.org/ODataApi/odata/85984NED/"), stub.calls)


@needs_shared
def test_captured_region_lists_are_what_the_builder_writes(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("build_dimension_samples", DATA / "build_dimension_samples.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    monkeypatch.setattr(builder, "HERE", tmp_path)

    builder.main(SHARED)

    for name in ("odata_85984NED_WijkenEnBuurten.json", "odata_2023style_WijkenEnBuurten.json"):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


class KeyStemAliasTests(BaseTestCase):
    """CBS renamed the electricity column in KWB 2024; one indicator reads either name."""

    def test_an_alias_maps_to_the_same_indicator_and_is_not_reported_absent(self):
        electricity = Indicator.objects.get(code="ET_ELEK_WON")
        self.assertEqual(electricity.key_stems,
                         ["GemiddeldElektriciteitsverbruikTotaal", "GemiddeldeElektriciteitsleveringTotaal"])
        by_stem = _indicators_by_stem("85984NED", kwb_ids={"85984NED", "85039NED"}, progress=Recorder())
        self.assertEqual(by_stem["GemiddeldeElektriciteitsleveringTotaal"], electricity)
        self.assertEqual(by_stem["GemiddeldElektriciteitsverbruikTotaal"], electricity)

        schema = TableSchema.from_rows([{"ID": 1, "ParentID": None, "Type": "Topic", "Datatype": "Double",
                                         "Key": "GemiddeldeElektriciteitsleveringTotaal_53",
                                         "Title": "Gemiddelde elektriciteitslevering totaal"}])
        recorder = Recorder()
        columns = _map_columns("85984NED", schema, {stem: by_stem[stem] for stem in electricity.key_stems},
                               recorder)
        self.assertEqual([c.key for c in columns.values()], ["GemiddeldeElektriciteitsleveringTotaal_53"])
        self.assertFalse(any("ET_ELEK_WON" in message for message in recorder.messages))
