import io

from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase

from dubbelslag.areas.models import Area
from dubbelslag.areas.services import load_areas, name_areas_from_other_years
from testing.base import make_area


class LoadAreasTests(TestCase):
    def test_loads_the_bundled_2025_code_lists_once(self):
        result = load_areas(year=2025)
        self.assertEqual((result.created, result.updated), (result.read, 0))
        counts = {level: Area.objects.filter(level=level).count() for level in ("gemeente", "wijk", "buurt")}
        # The CBS 2025 lists minus the pseudo-gemeente "Buitenland" (GM0998 with one wijk and one buurt).
        self.assertEqual(counts, {"gemeente": 342, "wijk": 3504, "buurt": 14822})
        pendrecht = Area.objects.get(code="BU05991577")
        self.assertEqual((pendrecht.name, pendrecht.parent.code, pendrecht.parent.parent.code),
                         ("Pendrecht", "WK059915", "GM0599"))
        self.assertEqual(pendrecht.parent.parent.name, "Rotterdam")
        self.assertFalse(Area.objects.filter(code="GM0998").exists())

        again = load_areas(year=2025)
        self.assertEqual((again.created, again.updated), (0, 0))
        self.assertEqual(Area.objects.count(), result.read)

    def test_command_reports_missing_files(self):
        with self.assertRaises(CommandError):
            call_command("load_areas", "--year", "1999", stdout=io.StringIO())
        self.assertFalse(Area.objects.exists())

    def test_code_validation(self):
        with self.assertRaises(ValidationError):
            Area(code="XX1234", name="x", level="gemeente").full_clean()
        with self.assertRaises(ValidationError):
            Area(code="WK059915", name="x", level="gemeente").full_clean()
        Area(code="GM0599", name="Rotterdam", level="gemeente").full_clean()
        # Amsterdam's codes carry letters after the gemeente digits, in the real 2025 code lists too.
        Area(code="WK0363AA", name="Haarlemmerbuurt", level="wijk").full_clean()
        Area(code="BU0363AA01", name="Planciusbuurt-Noord", level="buurt").full_clean()
        with self.assertRaises(ValidationError):
            Area(code="BU03AA0101", name="x", level="buurt").full_clean()


class LoadedAreasTests(TestCase):
    """Tests on the bundled 2025 code lists as loaded once for the class (18,000 areas: about a second)."""

    @classmethod
    def setUpTestData(cls):
        load_areas(year=2025)

    def test_a_renamed_area_is_updated(self):
        Area.objects.filter(code="GM0599").update(name="Oude naam")
        self.assertEqual(load_areas(year=2025).updated, 1)
        self.assertEqual(Area.objects.get(code="GM0599").name, "Rotterdam")

    def test_within(self):
        rotterdam = Area.objects.get(code="GM0599")
        inside = Area.objects.within(rotterdam)
        self.assertTrue(inside.filter(code="BU05991577").exists())
        self.assertFalse(inside.filter(code__startswith="GM").exists())
        self.assertFalse(inside.exclude(code__regex=r"^(WK|BU)0599").exists())


class NamesFromOtherYearsTests(TestCase):
    """Issue 14: the 2024 and 2021 wijk lists ship without names, and load_open_data loads them before seed_demo loads
    the named 2025 lists, so "Overvecht Utrecht" led to a page headed "WK034403"."""

    def test_an_area_named_by_its_code_takes_the_name_of_the_nearest_year_that_names_it(self):
        make_area("WK034403", "WK034403", year=2021)
        make_area("WK034403", "WK034403", year=2024)
        make_area("WK034403", "Wijk 03 Overvecht (oud)", year=2019)
        make_area("WK034403", "Wijk 03 Overvecht", year=2025)
        make_area("WK099999", "WK099999", year=2024)  # no year names it: it keeps its code
        self.assertEqual(name_areas_from_other_years(), 2)
        self.assertEqual(dict(Area.objects.filter(code="WK034403").values_list("boundary_year", "name")),
                         {2019: "Wijk 03 Overvecht (oud)", 2021: "Wijk 03 Overvecht (oud)",
                          2024: "Wijk 03 Overvecht", 2025: "Wijk 03 Overvecht"})
        self.assertEqual(Area.objects.get(code="WK099999").name, "WK099999")

    def test_loading_a_named_year_later_names_the_earlier_unnamed_ones(self):
        load_areas(year=2024)
        self.assertEqual(Area.objects.get(code="WK034403", boundary_year=2024).name, "WK034403")
        load_areas(year=2025)
        self.assertEqual(Area.objects.get(code="WK034403", boundary_year=2024).name, "Wijk 03 Overvecht")
