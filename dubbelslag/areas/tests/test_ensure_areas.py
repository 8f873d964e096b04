from django.test import TestCase

from dubbelslag.areas.models import Area
from dubbelslag.areas.services import ensure_areas, parent_code
from testing.base import make_area


class EnsureAreasTests(TestCase):
    def areas(self, year: int) -> dict[str, tuple[str, str, str | None]]:
        return {area.code: (area.name, area.level, area.parent.code if area.parent else None)
                for area in Area.objects.filter(boundary_year=year).select_related("parent")}

    def test_creates_the_named_areas_and_their_parents(self):
        created = ensure_areas(2021, {"BU05991571": "Tarwewijk", "BU05991572": "Carnisse"})
        self.assertEqual(created, 4)
        # Parents the table does not name, and no other year names either, are labelled with their code.
        self.assertEqual(self.areas(2021), {
            "GM0599": ("GM0599", "gemeente", None),
            "WK059915": ("WK059915", "wijk", "GM0599"),
            "BU05991571": ("Tarwewijk", "buurt", "WK059915"),
            "BU05991572": ("Carnisse", "buurt", "WK059915"),
        })

    def test_unnamed_areas_borrow_the_name_from_another_year(self):
        rotterdam = make_area("GM0599", "Rotterdam", year=2025)
        make_area("WK059915", "Charlois", parent=rotterdam, year=2025)
        ensure_areas(2024, {"WK059915": "", "BU05991571": "Tarwewijk"})
        self.assertEqual(self.areas(2024), {
            "GM0599": ("Rotterdam", "gemeente", None),
            "WK059915": ("Charlois", "wijk", "GM0599"),
            "BU05991571": ("Tarwewijk", "buurt", "WK059915"),
        })
        # The areas of the other year are not touched, and the new ones point at parents of their own year.
        self.assertEqual(self.areas(2025), {"GM0599": ("Rotterdam", "gemeente", None),
                                            "WK059915": ("Charlois", "wijk", "GM0599")})
        self.assertEqual(Area.objects.get(code="BU05991571").parent.boundary_year, 2024)

    def test_existing_areas_are_left_alone(self):
        rotterdam = make_area("GM0599", "Eigen naam", year=2024)
        charlois = make_area("WK059915", "Charlois", parent=rotterdam, year=2024)
        before = dict(Area.objects.values_list("pk", "name"))
        self.assertEqual(ensure_areas(2024, {"GM0599": "Rotterdam", "WK059915": "Anders", "BU05991571": "Tarwewijk"}),
                         1)
        self.assertEqual(dict(Area.objects.filter(pk__in=before).values_list("pk", "name")), before)
        self.assertEqual(Area.objects.get(code="BU05991571", boundary_year=2024).parent, charlois)
        self.assertEqual(ensure_areas(2024, {"GM0599": "", "BU05991571": ""}), 0)
        self.assertEqual(Area.objects.count(), 3)

    def test_parent_code(self):
        self.assertEqual([parent_code(code) for code in ("BU05991571", "WK059915", "GM0599")],
                         ["WK059915", "GM0599", None])
