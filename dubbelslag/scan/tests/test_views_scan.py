"""The scan page, its CSV and its JSON API, on the constructed dataset of test_selectors (scores worked out there)."""

import csv
import io
import json
import re
import tempfile
from unittest import mock

from django.test import TestCase, override_settings
from django.urls import reverse

from dubbelslag.api.base import document
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership
from testing.base import make_area, make_programme, make_user
from testing.factories.scan import add_figures, make_buurten, make_run

from .test_selectors import A1, A2, A3, A4, B1, B2, ScanFixture

URL = "/scan/"
API_URL = "/api/v1/scan"  # formerly /scan/api/, which redirects there
SCHEMAS = document()["components"]["schemas"]


def table_codes(content: bytes) -> list[str]:
    return re.findall(r'<tr data-code="([A-Z0-9]+)"', content.decode())


def scatter(content: bytes) -> str:
    match = re.search(r'<svg class="scan-scatter".*?</svg>', content.decode(), re.S)
    return match.group(0) if match else ""


def profile_url(code: str, year: int) -> str:
    return reverse("atlas:area-detail", args=[code]) + f"?jaar={year}"


class ScanPageTests(ScanFixture):
    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def test_urls(self):
        self.assertEqual((reverse("scan:scan"), reverse("scan:scan-csv"), reverse("api:scan")),
                         ("/scan/", "/scan/csv/", API_URL))

    def test_old_api_address_redirects_permanently_with_its_query(self):
        response = self.client.get("/scan/api/?gemeente=GM0001&niveau=buurt")
        self.assertEqual((response.status_code, response["Location"]),
                         (301, f"{API_URL}?gemeente=GM0001&niveau=buurt"))
        followed = self.client.get(API_URL, {"gemeente": "GM0001"}, follow=True)
        self.assertEqual(followed.json()["gemeente"], {"code": "GM0001", "name": "Alpha"})

    def test_many_areas_are_shown_as_counted_squares_not_points(self):
        # A national buurt scan has some 14,000 areas; above the limit the scatter counts areas per square.
        with mock.patch("dubbelslag.scan.charts.DENSE_ABOVE", 2), mock.patch("dubbelslag.scan.views.DENSE_ABOVE", 2):
            response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        svg = scatter(response.content)
        self.assertNotIn("<circle ", svg)
        cells = re.findall(r'<rect class="cell (q-[a-z-]+)"[^>]*><title>(\d+) areas', svg)
        # The same four areas as the point view, in the same quadrants.
        per_quadrant = {}
        for css, count in cells:
            per_quadrant[css] = per_quadrant.get(css, 0) + int(count)
        self.assertEqual(per_quadrant, {"q-both-high": 1, "q-energy-high": 2, "q-vulnerability-high": 1})
        self.assertContains(response, "each square shows how many areas lie there")

    def test_scatter_has_a_point_per_area_with_both_scores(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertEqual(response.status_code, 200)
        svg = scatter(response.content)
        self.assertIn('aria-hidden="true"', svg)
        self.assertNotIn('role="img"', svg)
        self.assertContains(response, '<p class="figure-title">Scatter of 4 areas: energy-transition task against '
                                      'vulnerability</p>', html=True)
        self.assertEqual(svg.count("<circle "), 4)
        self.assertEqual(len(re.findall(r"<circle [^>]*><title>", svg)), 4)
        self.assertEqual(svg.count('class="point q-both-high"'), 1)
        self.assertEqual(svg.count('class="point q-energy-high"'), 2)
        self.assertIn("Alpha buurt 02 (BU00010200): Energy-transition task 75, Vulnerability 59", svg)
        # A2: energy 75 → x = 64 + 0.75 × 440; vulnerability 59.4 → y = 16 + (100 − 59.4) / 100 × 440.
        self.assertIn('cx="394.0" cy="194.4"', svg)
        url = profile_url(A2, 2021)
        self.assertIn(f'<a href="{url}" tabindex="-1">', svg)

    def test_text_summary_counts_per_quadrant(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        text = re.sub(r"<[^>]+>", "", response.content.decode())
        self.assertIn("both high: 1", text)
        self.assertIn("high energy task, lower vulnerability: 2", text)
        self.assertIn("high vulnerability, lower energy task: 1", text)
        self.assertIn("both lower: 0", text)

    def test_table_order_combined_then_energy(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertEqual(table_codes(response.content), [A2, A3, B1, A1, A4, B2])
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021", "sorteer": "energie"})
        self.assertEqual(table_codes(response.content), [B1, A2, A1, A3, A4, B2])

    def test_not_scored_is_said_with_what_is_missing(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        row = re.search(rf'<tr data-code="{B2}">.*?</tr>', response.content.decode(), re.S).group(0)
        self.assertIn("not scored", row)
        self.assertIn("1/4 indicators; missing ET_HOOFDVERW_GAS", row)
        self.assertIn("2 without figures in this scan", row)  # the building year and label indicators

    def test_method_periods_and_attribution_without_shell_commands(self):
        # Issue 14: anonymous visitors read what is missing in words; commands live on the team's data page.
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertNotContains(response, "manage.py")
        self.assertNotContains(response, reverse("indicators:data-overview"))
        self.assertContains(response, "<td>none yet</td>", count=5)  # the five indicators without figures
        self.assertContains(response, "<td>2021</td>", count=6)  # the six indicators with figures
        self.assertContains(response, "Source: CBS, CC BY 4.0")
        self.assertContains(response, "(r − 1) / (n − 1) × 100")

    def test_weights_from_get_are_used_and_shown(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021", "w_ET_GAS_WON": "0"})
        self.assertContains(response, 'name="w_ET_GAS_WON" min="0" max="100" step="any"\n                 value="0"')
        self.assertContains(response, "(default 1)")
        # A3's energy is now its gas-heating rank alone, 25 (test_selectors).
        row = re.search(rf'<tr data-code="{A3}">.*?</tr>', response.content.decode(), re.S).group(0)
        self.assertIn("<strong>25</strong>", row)

    def test_invalid_weight_is_reset_with_a_message(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021", "w_ET_GAS_WON": "-3"})
        self.assertContains(response, "The weight of ET_GAS_WON must be a number from 0 to 100, not “-3”")
        self.assertContains(response, 'name="w_ET_GAS_WON" min="0" max="100" step="any"\n                 value="1"')

    def test_gemeente_scope(self):
        response = self.client.get(URL, {"gemeente": "Alpha"})
        self.assertEqual(sorted(table_codes(response.content)), [A1, A2, A3, A4])
        self.assertContains(response, "Alpha (GM0001): every buurt of boundary year 2021")

    def test_pagination(self):
        with mock.patch("dubbelslag.scan.views.PAGE_SIZE", 4):
            response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021", "pagina": "2"})
        self.assertEqual(table_codes(response.content), [A4, B2])
        self.assertContains(response, "Page 2 of 2")

    def test_score_on_loaded_indicators_link(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        query = re.search(r'<a href="\?([^"]+)">Score on the loaded indicators only', response.content.decode())
        self.assertIsNotNone(query)
        query = query.group(1).replace("&amp;", "&")
        for code in ("ET_BOUWJAAR_VOOR2000", "ET_LABEL_EFG", "INK_LAAG", "VERM_MED", "LB_TOTAAL"):
            self.assertIn(f"w_{code}=0", query)
        response = self.client.get(URL + "?" + query)
        self.assertContains(response, "(default 2)")
        self.assertNotContains(response, "Score on the loaded indicators only")

    def test_buurt_level_without_loaded_geometry_has_no_map(self):
        with tempfile.TemporaryDirectory() as empty, override_settings(GEOMETRY_DIR=empty):
            response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertNotContains(response, 'class="scan-map"')
        self.assertContains(response, "There is no buurt geometry of boundary year 2021.")
        self.assertNotContains(response, "load_geometry")
        self.client.force_login(programme_team_member())
        with tempfile.TemporaryDirectory() as empty, override_settings(GEOMETRY_DIR=empty):
            response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertContains(response, "load_geometry &lt;bestand.geojson&gt; --level buurt --year 2021")

    def test_the_programme_team_gets_a_link_to_the_data_page(self):
        self.client.force_login(programme_team_member())
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertContains(response, f'<a href="{reverse("indicators:data-overview")}?jaar=2021">'
                                      "What is loaded for this boundary year, and how to fetch the rest</a>",
                            html=True)
        self.assertNotContains(response, "import_cbs_odata")

    def test_the_page_explains_the_composites_coverage_and_quadrants(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        explainer = re.search(r'<dl class="scan-explainer">.*?</dl>', response.content.decode(), re.S).group(0)
        self.assertEqual(re.findall(r"<dt>([^<]+)</dt>", explainer),
                         ["Energy-transition task", "Vulnerability", "Score", "Coverage", "Quadrants"])
        self.assertIn("at least 50% of what goes into it", explainer)
        self.assertIn("a score of 50 or more on both", explainer)
        self.client.cookies["django_language"] = "nl"
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        explainer = re.search(r'<dl class="scan-explainer">.*?</dl>', response.content.decode(), re.S).group(0)
        self.assertEqual(re.findall(r"<dt>([^<]+)</dt>", explainer),
                         ["Energieopgave", "Kwetsbaarheid", "Score", "Dekking", "Kwadranten"])
        self.assertIn("ten minste 50%", explainer)

    def test_gemeente_level_without_geometry_of_that_year(self):
        response = self.client.get(URL, {"niveau": "gemeente", "jaar": "2021"})
        self.assertNotContains(response, 'class="scan-map"')
        self.assertContains(response, "There is no gemeente geometry of boundary year 2021")

    def test_garbage_parameters_never_fail(self):
        for query in ("niveau=%00&jaar=99999999999999999999999", "gemeente=%3Cscript%3E&sorteer=%27",
                      "w_ET_GAS_WON=1e999&w_INK_GEM=--1&pagina=-4", "pagina=abc&jaar=&niveau=", "gemeente=%00GM0001",
                      "w_ET_HOOFDVERW_GAS=0&w_ET_GAS_WON=0&w_ET_BOUWJAAR_VOOR2000=0&w_ET_LABEL_EFG=0"):
            for url in (URL, "/scan/csv/"):
                response = self.client.get(f"{url}?{query}")
                self.assertEqual(response.status_code, 200, (url, query))
            response = self.client.get(f"{API_URL}?{query}")
            self.assertIn(response.status_code, (200, 404), query)
            self.assertIn("notices", response.json())
        response = self.client.get(URL, {"gemeente": "<script>"})
        self.assertNotContains(response, "<script>")

    def test_only_get(self):
        for url in (URL, "/scan/csv/", API_URL):
            self.assertEqual(self.client.post(url).status_code, 405)


class ScanCsvTests(ScanFixture):
    def test_ranked_table_with_scores_coverage_and_parts(self):
        response = self.client.get("/scan/csv/", {"niveau": "buurt", "jaar": "2021"})
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="scan_buurt_2021.csv"', response["Content-Disposition"])
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        self.assertEqual([row["code"] for row in rows], [A2, A3, B1, A1, A4, B2])
        by_code = {row["code"]: row for row in rows}
        self.assertEqual(float(by_code[A3]["energy_score"]), 18.75)
        self.assertEqual(float(by_code[A3]["vulnerability_score"]), 92.5)
        self.assertEqual((by_code[A3]["vulnerability_present"], by_code[A3]["vulnerability_total"]), ("4", "7"))
        self.assertEqual(float(by_code[A3]["vulnerability_coverage"]), 0.6)
        self.assertEqual(by_code[A3]["quadrant"], "vulnerability_high")
        self.assertEqual(by_code[B2]["energy_score"], "")
        self.assertEqual(by_code[B2]["energy_missing"], "ET_HOOFDVERW_GAS ET_BOUWJAAR_VOOR2000 ET_LABEL_EFG")
        self.assertEqual((by_code[A1]["INK_GEM_value"], by_code[A1]["INK_GEM_period"], by_code[A1]["INK_GEM_rank"]),
                         ("40.0", "2021", "0.0"))
        self.assertEqual((by_code[B2]["INK_GEM_value"], by_code[B2]["INK_GEM_period"]), ("", ""))
        self.assertEqual(by_code[A1]["ET_HOOFDVERW_GAS_rank"], "50.0")
        self.assertEqual({row["source"] for row in rows}, {"CBS, CC BY 4.0"})

    def test_gemeente_scope_in_the_file_name(self):
        response = self.client.get("/scan/csv/", {"gemeente": "GM0001"})
        self.assertIn('filename="scan_buurt_2021_GM0001.csv"', response["Content-Disposition"])
        self.assertEqual(len(list(csv.DictReader(io.StringIO(response.content.decode())))), 4)


def check_schema(value, schema, path="$"):
    """Enough of JSON Schema for our own fragments: $ref, oneOf, type, enum, required, properties, items."""
    if "$ref" in schema:
        return check_schema(value, SCHEMAS[schema["$ref"].rsplit("/", 1)[1]], path)
    if "oneOf" in schema or "anyOf" in schema:
        errors = []
        for option in schema.get("oneOf", schema.get("anyOf")):
            try:
                check_schema(value, option, path)
                return None
            except AssertionError as error:
                errors.append(error)
        raise AssertionError(f"{path}: no option matches: {errors}")
    types = schema.get("type")
    if types:
        python = {"object": dict, "array": list, "string": str, "integer": int, "number": (int, float),
                  "boolean": bool, "null": type(None)}
        allowed = tuple(python[t] for t in ([types] if isinstance(types, str) else types))
        assert isinstance(value, allowed) and not (isinstance(value, bool) and bool not in allowed), (path, value)
    if "enum" in schema:
        assert value in schema["enum"], (path, value)
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, (path, key)
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                check_schema(value[key], sub, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check_schema(item, schema["items"], f"{path}[{index}]")
    return None


class ScanApiTests(ScanFixture):
    def test_result_as_json(self):
        response = self.client.get(API_URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual((data["level"], data["boundary_year"], data["gemeente"], data["sort"]),
                         ("buurt", 2021, None, "samen"))
        self.assertEqual([area["code"] for area in data["areas"]], [A2, A3, B1, A1, A4, B2])
        a3 = data["areas"][1]
        self.assertEqual((a3["energy"]["score"], a3["vulnerability"]["score"], a3["quadrant"]),
                         (18.75, 92.5, "vulnerability_high"))
        self.assertEqual((a3["vulnerability"]["present"], a3["vulnerability"]["total"]), (4, 7))
        b2 = data["areas"][5]
        self.assertEqual((b2["energy"]["score"], b2["combined"], b2["quadrant"]), (None, None, None))
        self.assertEqual(b2["energy"]["missing"], ["ET_HOOFDVERW_GAS", "ET_BOUWJAAR_VOOR2000", "ET_LABEL_EFG"])
        energy = data["method"]["composites"][0]
        self.assertEqual(energy["key"], "energy")
        gas = energy["indicators"][0]
        self.assertEqual((gas["code"], gas["weight"], gas["inverted"], gas["period"], gas["areas_with_value"]),
                         ("ET_HOOFDVERW_GAS", 3.0, False, "2021", 5))
        self.assertEqual(energy["indicators"][2]["fetch_command"], "python manage.py import_cbs_odata 85039NED")
        self.assertEqual(data["quadrant_counts"], {"both_high": 1, "energy_high": 2, "vulnerability_high": 1,
                                                   "both_low": 0})
        self.assertEqual(data["source"], "CBS, CC BY 4.0")
        check_schema(data, SCHEMAS["ScanResult"])

    def test_the_page_and_the_api_read_the_same_parameters(self):
        """One parameter definition (scan.forms.read_params) for the page, the CSV and the API: the same query gives
        the same areas in the same order, including values that fall back to their defaults."""
        answers = set()
        for params in ({"niveau": "buurt", "jaar": "2021"}, {"gemeente": "GM0001"}, {"gemeente": "Alpha"},
                       {"niveau": "buurt", "jaar": "2021", "sorteer": "energie"},
                       {"niveau": "buurt", "jaar": "2021", "sorteer": "kwetsbaarheid", "w_INK_GEM": "x"},
                       {"gemeente": "GM0002", "niveau": "buurt", "w_ET_GAS_WON": "0"}):
            with self.subTest(params=params):
                page = table_codes(self.client.get(URL, params).content)
                api = [area["code"] for area in self.client.get(API_URL, params).json()["areas"]]
                self.assertEqual(page, api)
                answers.add(tuple(api))
        self.assertGreaterEqual(len(answers), 4)

    def test_weights_and_scope(self):
        response = self.client.get(API_URL, {"gemeente": "GM0001", "w_ET_GAS_WON": "0", "w_INK_GEM": "x"})
        data = response.json()
        self.assertEqual(data["gemeente"], {"code": "GM0001", "name": "Alpha"})
        self.assertEqual(sorted(area["code"] for area in data["areas"]), [A1, A2, A3, A4])
        weights = {i["code"]: i["weight"] for c in data["method"]["composites"] for i in c["indicators"]}
        self.assertEqual((weights["ET_GAS_WON"], weights["INK_GEM"]), (0.0, 1.0))
        self.assertEqual(len(data["notices"]), 1)

    def test_unknown_gemeente_is_404(self):
        response = self.client.get(API_URL, {"gemeente": "GM9999"})
        self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))
        check_schema(response.json(), SCHEMAS["ScanError"])
        self.assertEqual(response.json()["error"], response.json()["detail"])

    def test_openapi_description(self):
        described = document()
        operation = described["paths"][API_URL]["get"]
        names = {parameter["name"] for parameter in operation["parameters"]}
        self.assertTrue({"gemeente", "niveau", "jaar", "sorteer", "w_ET_HOOFDVERW_GAS", "w_LB_TOTAAL"} <= names)
        self.assertEqual(operation["responses"]["404"]["content"]["application/problem+json"]["schema"]["$ref"],
                         "#/components/schemas/ScanError")
        references = set(re.findall(r'"#/components/schemas/(\w+)"', json.dumps(described)))
        self.assertLessEqual(references, set(SCHEMAS))


def programme_team_member():
    user = make_user("carla@example.org", name="Carla Coördinator")
    Membership.objects.create(user=user, programme=make_programme(), role=MembershipRole.COORDINATOR)
    return user


def row_cells(content: bytes, code: str) -> list[str]:
    row = re.search(rf'<tr data-code="{code}">(.*?)</tr>', content.decode(), re.S).group(1)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]


class OneSidedScanTests(TestCase):
    """Buurten with figures on one side only (issue 14: Rotterdam's buurt scan had no vulnerability scores and every
    row said "geen score")."""

    @classmethod
    def setUpTestData(cls):
        areas = make_buurten(2021)
        cls.import_run = make_run()
        cls.buurten = [areas[code] for code in (A1, A2, A3, A4, B1, B2)]

    def setUp(self):
        self.client.cookies["django_language"] = "en"

    def test_energy_only_ranks_on_energy_says_so_once_and_no_row_says_not_scored(self):
        gas = dict(zip(self.buurten, [90, 92, 80, 50, 95, 70], strict=True))
        add_figures(self.import_run, "ET_HOOFDVERW_GAS", gas)
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        content = response.content.decode()
        self.assertEqual(table_codes(response.content), [B1, A2, A1, A3, B2, A4])
        self.assertEqual(content.count("Only the energy-transition task can be scored here"), 1)
        self.assertNotIn('class="not-scored"', content)
        header = re.search(r'<table class="table scan-table">.*?</thead>', content, re.S).group(0)
        self.assertEqual(re.findall(r'<th scope="col"[^>]*>(?:<a [^>]+>)?([^<]+)', header),
                         ["#", "Area", "Energy-transition task"])
        self.assertEqual(row_cells(response.content, B1),
                         ["1", "Beta buurt 01 BU00020100", "100 1/4 indicators; 3 without figures in this scan"])
        self.client.cookies["django_language"] = "nl"
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        table = re.search(r'<table class="table scan-table">.*?</table>', response.content.decode(), re.S).group(0)
        self.assertNotIn("geen score", table)
        self.assertContains(response, "Alleen de energieopgave", count=1)

    def test_vulnerability_only_ranks_on_vulnerability(self):
        add_figures(self.import_run, "INK_SOCMIN", dict(zip(self.buurten, [5, 10, 15, 20, 8, 12], strict=True)))
        add_figures(self.import_run, "ARB_NETTO", dict(zip(self.buurten, [70, 65, 60, 50, 72, 66], strict=True)))
        add_figures(self.import_run, "GEZ_EENZ_ERN", dict(zip(self.buurten, [10, 12, 14, 16, 9, 11], strict=True)))
        add_figures(self.import_run, "INK_GEM", dict(zip(self.buurten, [40, 30, 25, 20, 35, 28], strict=True)))
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertEqual(table_codes(response.content)[0], A4)
        self.assertContains(response, "Only vulnerability can be scored here", count=1)
        self.assertNotContains(response, 'class="not-scored"')
        self.assertNotContains(response, "Combined</a>")

    def test_nothing_scored_is_said_once(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertContains(response, "No area can be scored here yet", count=1)
        self.assertNotContains(response, 'class="not-scored"')
        self.assertEqual(row_cells(response.content, A1)[2:], ["–", "–", "–", "–"])


class ScanMapTests(TestCase):
    """Gemeente level in 2023, the year of the shipped geometry, with three real gemeente codes."""

    @classmethod
    def setUpTestData(cls):
        run = make_run(2023)
        cls.gemeenten = [make_area(code, name, year=2023)
                         for code, name in (("GM0014", "Groningen"), ("GM0034", "Almere"), ("GM0037", "Stadskanaal"))]
        g, a, s = cls.gemeenten
        add_figures(run, "ET_HOOFDVERW_GAS", {g: 80, a: 60, s: 95})
        add_figures(run, "INK_SOCMIN", {g: 12, a: 8, s: 9}, period="2021")
        add_figures(run, "INK_GEM", {g: 30, a: 35, s: 31}, period="2021")
        add_figures(run, "ARB_NETTO", {g: 60, a: 70, s: 62}, period="2021")
        add_figures(run, "GEZ_EENZ_ERN", {g: 14, a: 10, s: 12}, period="2022")

    def test_map_paths_coloured_by_quadrant(self):
        self.client.cookies["django_language"] = "en"
        response = self.client.get(URL, {"niveau": "gemeente", "jaar": "2023"})
        content = response.content.decode()
        svg = re.search(r'<svg class="scan-map".*?</svg>', content, re.S).group(0)
        self.assertIn('aria-hidden="true"', svg)
        self.assertNotIn('role="img"', svg)
        self.assertEqual(svg.count('<path class="area '), 342)
        self.assertEqual(svg.count('<path class="area outside"'), 339)
        self.assertEqual(len(re.findall(r'<path class="area q-[a-z-]+" d="M[0-9. ]+', svg)), 3)
        self.assertIn("<title>Groningen (GM0014): Energy-transition task 50, Vulnerability", svg)
        url = profile_url("GM0014", 2023)
        self.assertIn(f'<a href="{url}" tabindex="-1"><path class="area q-', svg)
        self.assertContains(response, "not placed (a score is missing)")
        # The three gemeenten of the scan, not the 339 outlines around them, as links in words next to the map.
        listed = re.search(r'<details class="map-areas">(.*?)</details>', content, re.S).group(1)
        entry = r'<li><a href="([^"]+)">([^<]+)</a> <span class="code">(GM\d{4})</span>: '
        by_name = (("GM0034", "Almere"), ("GM0014", "Groningen"), ("GM0037", "Stadskanaal"))
        self.assertEqual(re.findall(entry, listed), [(profile_url(code, 2023), name, code) for code, name in by_name])
        self.assertIn("Groningen</a> <span class=\"code\">GM0014</span>: Energy-transition task 50, Vulnerability",
                      listed)

    def test_map_coloured_by_the_one_score_there_is(self):
        response = self.client.get(URL, {"niveau": "gemeente", "jaar": "2023", "w_ET_HOOFDVERW_GAS": "0",
                                         "w_ET_GAS_WON": "0", "w_ET_BOUWJAAR_VOOR2000": "0", "w_ET_LABEL_EFG": "1"})
        svg = re.search(r'<svg class="scan-map".*?</svg>', response.content.decode(), re.S).group(0)
        self.assertEqual(len(re.findall(r'<path class="area s-(?:0|20|40|60|80)"', svg)), 3)


class ScanQueryCountTests(ScanFixture):
    def count_queries(self, params) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(URL, params)  # fills the cache of boundary years for this state of the data
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(URL, params).status_code, 200)
        return len(queries)

    def test_the_page_runs_a_fixed_number_of_queries(self):
        params = {"niveau": "buurt", "jaar": "2021"}
        before = self.count_queries(params)
        gemeente = self.areas["GM0002"]
        more = {make_area(f"BU000203{n:02d}", f"Extra {n}", parent=gemeente, year=2021): 50.0 + n for n in range(5)}
        add_figures(make_run(), "ET_HOOFDVERW_GAS", more)
        add_figures(make_run(), "INK_SOCMIN", more)
        self.assertEqual(self.count_queries(params), before)

    def test_a_gemeente_without_areas_at_the_level(self):
        empty = make_area("GM0003", "Gamma", year=2021)
        response = self.client.get(URL, {"gemeente": empty.code, "niveau": "buurt"})
        self.assertEqual(table_codes(response.content), [])
        self.assertContains(response, "<strong>0</strong>", count=4)
        self.assertEqual(self.client.get(API_URL, {"gemeente": empty.code, "niveau": "buurt"}).json()["areas"],
                         [])

    def test_head_is_allowed(self):
        self.assertEqual(self.client.head(URL).status_code, 200)
