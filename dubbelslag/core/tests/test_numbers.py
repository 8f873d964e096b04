"""The one number parser (``core.params``): ASCII digits only, in paths, page parameters and API filters alike.

Python's ``int()`` reads "３" (full-width) and "٣" (Arabic-Indic) as 3, and the regex ``\\d`` matches them; these
tests feed exactly those to every kind of place a number is read and expect what any other malformed value gets."""

from django.test import SimpleTestCase
from django.urls import reverse

from dubbelslag.api.base import document
from dubbelslag.areas.models import Area
from dubbelslag.core.filters import PAGING, BadParameter
from dubbelslag.core.params import as_pk, paginate, parse_decimal, parse_int
from dubbelslag.public.views import PER_PAGE
from dubbelslag.scan.tests.test_selectors import ScanFixture
from testing.base import BaseTestCase
from testing.factories.atlas import make_2021_areas
from testing.factories.publications import make_record

FOREIGN_DIGITS = ("３", "٣", "²", "۳", "३", "１２", "2０25", "𝟑")


def in_digits(number: int, zero: str) -> str:
    """``number`` written with the digits of another script, ``zero`` being its 0 ("０" full-width, "٠")."""
    return "".join(chr(ord(zero) + int(digit)) for digit in str(number))


class ParserTests(SimpleTestCase):
    def test_ascii_integers(self):
        self.assertEqual([parse_int(text) for text in ("0", "7", "2025", "000123")], [0, 7, 2025, 123])
        self.assertEqual(parse_int("-4", signed=True), -4)
        self.assertEqual(parse_int("9" * 18), int("9" * 18))

    def test_everything_else_is_none(self):
        for text in (*FOREIGN_DIGITS, "", " 1", "1 ", "+1", "-1", "1.0", "1e3", "0x1", "1_000", "٣٣", None, 3,
                     "9" * 19):
            with self.subTest(text=text):
                self.assertIsNone(parse_int(text))
        for text in (*FOREIGN_DIGITS, "--1", "-", "1-"):
            with self.subTest(text=text, signed=True):
                self.assertIsNone(parse_int(text, signed=True))

    def test_decimals(self):
        self.assertEqual([parse_decimal(text) for text in ("1", "1,5", "1.5", ".5", "2.", "-0,25")],
                         [1.0, 1.5, 1.5, 0.5, 2.0, -0.25])
        for text in (*FOREIGN_DIGITS, "", "1e3", "inf", "nan", "1,5,0", "+1", " 1", "１.5", "1.５"):
            with self.subTest(text=text):
                self.assertIsNone(parse_decimal(text))

    def test_primary_keys(self):
        self.assertEqual((as_pk("12"), as_pk("9" * 12)), (12, int("9" * 12)))
        for text in (*FOREIGN_DIGITS, "9" * 13, "-1", "", "1a"):
            with self.subTest(text=text):
                self.assertIsNone(as_pk(text))

    def test_paginate_reads_foreign_digits_like_any_other_malformed_page(self):
        items = list(range(45))
        self.assertEqual(list(paginate(items, 20, "2")), list(range(20, 40)))
        self.assertEqual(list(paginate(items, 20, "99")), list(range(40, 45)))  # past the end: the last page
        for text in (*FOREIGN_DIGITS, "abc", None, ""):
            with self.subTest(text=text):
                self.assertEqual(paginate(items, 20, text).number, 1)

    def test_api_paging_refuses_foreign_digits(self):
        for text in FOREIGN_DIGITS:
            with self.subTest(text=text), self.assertRaises(BadParameter) as raised:
                PAGING.from_api({"limit": text})
            self.assertEqual(raised.exception.name, "limit")


class ApiNumberTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)
        cls.record = make_record(programme=cls.programme, title="Openbare les")

    def test_a_path_number_in_other_digits_is_a_404_problem(self):
        self.client.cookies["django_language"] = "en"
        found = self.client.get(reverse("api:record", args=[self.record.pk]))
        self.assertEqual(found.json()["title"], "Openbare les")
        full_width = in_digits(self.record.pk, "０")
        for text in (full_width, in_digits(self.record.pk, "٠"), f"0{full_width}"):
            with self.subTest(text=text):
                response = self.client.get(f"/api/v1/records/{text}")
                self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))
                self.assertEqual(response.json(), {"status": 404, "title": "Not found", "detail": "No such item."})

    def test_every_integer_path_parameter_is_read_in_ascii_digits(self):
        integer_paths = [(path, parameter["name"]) for path, operations in document()["paths"].items()
                         for parameter in operations["get"].get("parameters", [])
                         if parameter["in"] == "path" and parameter["schema"].get("type") == "integer"]
        self.assertEqual(integer_paths, [("/api/v1/records/{id}", "id"),  # a new one gets this test too
                                         ("/api/v1/monitoring/indicators/{id}", "id")])
        for path, name in integer_paths:
            response = self.client.get(path.replace("{" + name + "}", "３"))
            self.assertEqual((response.status_code, response["Content-Type"]), (404, "application/problem+json"))

    def test_a_filter_number_in_other_digits_is_a_400_naming_the_parameter(self):
        self.client.cookies["django_language"] = "en"
        for url, name, value in ((reverse("api:observations"), "year", "２０２５"),
                                 (reverse("api:areas"), "year", "２０２１"),
                                 (reverse("api:area", args=["GM0599"]), "year", "２０２１"),
                                 (reverse("api:records"), "limit", "５"),
                                 (reverse("api:products"), "offset", "٣")):
            with self.subTest(url=url, name=name):
                response = self.client.get(url, {name: value})
                self.assertEqual((response.status_code, response["Content-Type"]), (400, "application/problem+json"))
                reason = f"“{value}” is not a whole number."
                self.assertEqual(response.json()["invalid_params"], [{"name": name, "reason": reason}])

    def test_ascii_filter_numbers_still_work(self):
        codes = {area["code"] for area in self.client.get(reverse("api:areas"), {"year": "2021", "limit": "500"})
                 .json()["results"]}
        self.assertEqual(codes, set(Area.objects.filter(boundary_year=2021).values_list("code", flat=True)))

    def test_a_code_with_other_digits_is_no_code(self):
        response = self.client.get(reverse("api:areas"), {"gemeente": "GM０５９９"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json()["invalid_params"][0]["name"], "gemeente")


class PageNumberTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        make_2021_areas(cls)

    def area_rows(self, response):
        return [(area.code, area.boundary_year) for area in response.context["page"]]

    def test_a_page_number_in_other_digits_is_read_like_any_malformed_one(self):
        Area.objects.bulk_create([Area(code=f"GM{n:04d}", name=f"Gemeente {n:03d}", level="gemeente",
                                       boundary_year=2025) for n in range(1, 61)])
        url = reverse("atlas:area-search")
        first, second = self.client.get(url), self.client.get(url, {"page": "2"})
        self.assertNotEqual(self.area_rows(first), self.area_rows(second))
        malformed = self.area_rows(self.client.get(url, {"page": "twee"}))
        self.assertEqual(malformed, self.area_rows(first))
        for text in ("２", "٢", "²"):
            with self.subTest(text=text):
                response = self.client.get(url, {"page": text})
                self.assertEqual((response.context["page"].number, self.area_rows(response)), (1, malformed))

    def test_public_list_pages_read_their_page_number_in_ascii(self):
        for url in (reverse("public:product-list"), reverse("public:record-list")):
            with self.subTest(url=url):
                response = self.client.get(url, {"page": "２"})
                self.assertEqual(response.context["page"].number, 1)
                self.assertEqual(response.context["page"].paginator.per_page, PER_PAGE)

    def test_a_year_in_other_digits_is_dropped_like_any_malformed_one(self):
        url = reverse("atlas:area-search")
        plain = self.area_rows(self.client.get(url, {"q": "pendrecht", "jaar": "twintig"}))
        response = self.client.get(url, {"q": "pendrecht", "jaar": "２０２１"})
        self.assertEqual(self.area_rows(response), plain)
        self.assertIn(("WK059915", 2025), plain)  # not narrowed to 2021

    def test_an_area_profile_year_in_other_digits_means_no_year(self):
        url = reverse("atlas:area-detail", args=["BU05991577"])
        response = self.client.get(url, {"jaar": "２０２１"})
        self.assertEqual(response.context["area"].boundary_year, 2025)
        self.assertEqual(self.client.get(url, {"jaar": "2021"}).context["area"].boundary_year, 2021)

    def test_a_path_number_in_other_digits_is_no_path(self):
        record = make_record(programme=self.programme, title="Openbare les")
        self.assertContains(self.client.get(reverse("public:record-detail", args=[record.pk])), "Openbare les")
        response = self.client.get(reverse("public:record-detail", args=[record.pk]).replace(
            str(record.pk), in_digits(record.pk, "０")))
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "Openbare les", status_code=404)

    def test_a_version_number_in_other_digits_is_no_version(self):
        from testing.factories.publications import make_product

        product = make_product(self.programme, slug="huiskamer", title="Huiskamer", body="Tekst.")
        url = reverse("public:product-pdf", args=[product.slug])
        for text in ("x", "１", "٠١", "-1"):  # "１" would be version 1 to int()
            with self.subTest(text=text):
                self.assertEqual(self.client.get(url, {"versie": text}).status_code, 404)


class ScanParameterTests(ScanFixture):
    """The scan reads its parameters leniently on the page, the CSV and the API alike: a number in other digits gets
    the notice any malformed value gets."""

    def test_a_year_or_weight_in_other_digits_is_named_and_not_used(self):
        self.client.cookies["django_language"] = "en"
        plain = self.client.get(reverse("api:scan"), {"niveau": "buurt", "jaar": "2021", "w_INK_SOCMIN": "2"})
        self.assertEqual(plain.json()["notices"], [])
        response = self.client.get(reverse("api:scan"), {"niveau": "buurt", "jaar": "２０２１", "w_INK_SOCMIN": "２"})
        notices = response.json()["notices"]
        self.assertEqual(len(notices), 2)
        self.assertIn("There is no scan for boundary year “２０２１”", notices[0])
        self.assertIn("The weight of INK_SOCMIN must be a number", notices[1])
