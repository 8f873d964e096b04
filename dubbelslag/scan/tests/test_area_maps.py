"""Wijk and buurt maps from geometry loaded with load_geometry (into a temporary GEOMETRY_DIR), and area_map."""

import os
import re
import tempfile
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from dubbelslag.areas.geometry import load_geometry
from dubbelslag.scan.maps import MAP_WIDTH, MAX_HEIGHT, area_map, gemeente_map, geometry_years
from testing.factories.geometry import (
    AMELAND,
    HOLLUM,
    WGS84_GEOMETRY,
    buurt_feature,
    collection,
    make_islands,
    rd_geometry,
    write,
)
from testing.factories.scan import add_figures, make_run

from .test_views_scan import programme_team_member

URL = "/scan/"


def map_svg(content: bytes) -> str:
    match = re.search(r'<svg class="scan-map".*?</svg>', content.decode(), re.S)
    return match.group(0) if match else ""


def profile_url(code: str, year: int) -> str:
    return reverse("atlas:area-detail", args=[code]) + f"?jaar={year}"


def path_points(d: str) -> list[tuple[float, float]]:
    numbers = [float(n) for n in re.findall(r"-?\d+\.\d", d)]
    return list(zip(numbers[0::2], numbers[1::2], strict=True))


class GeometryDirMixin:
    def setUp(self):
        super().setUp()
        self.geometry_dir = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(GEOMETRY_DIR=str(self.geometry_dir)))
        self.source = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.client.cookies["django_language"] = "en"

    def load(self, features, *, level="buurt", year=2021, crs=None):
        path = write(self.source, f"{level}.geojson", collection(features, crs=crs))
        return load_geometry(path, level=level, year=year)


class BuurtMapPageTests(GeometryDirMixin, TestCase):
    """Ameland's four buurten of 2021, of which three have outlines (Buren has none), and Schiermonnikoog's two."""

    @classmethod
    def setUpTestData(cls):
        cls.areas = areas = make_islands(2021)
        buurten = {code: areas[code] for code in (*AMELAND, "BU00880000", "BU00880009")}
        nes, buren, ballum, hollum, schier, schier_rest = buurten.values()
        run = make_run(2021)
        add_figures(run, "ET_HOOFDVERW_GAS", {nes: 92, buren: 90, ballum: 95, hollum: 60, schier: 85, schier_rest: 97})
        add_figures(run, "INK_SOCMIN", {nes: 12, buren: 8, ballum: 6, hollum: 10, schier: 9, schier_rest: 5})
        add_figures(run, "INK_GEM", {nes: 30, buren: 34, ballum: 36, hollum: 31, schier: 33, schier_rest: 38})
        add_figures(run, "ARB_NETTO", {nes: 60, buren: 70, ballum: 72, hollum: 62, schier: 66, schier_rest: 75})
        add_figures(run, "GEZ_EENZ_ERN", {nes: 14, buren: 10, ballum: 9, hollum: 12, schier: 11, schier_rest: 8})

    def setUp(self):
        super().setUp()
        codes = ["BU00600000", "BU00600002", "BU00600003", "BU00880000", "BU00880009"]
        self.load([buurt_feature(code) for code in codes])

    def test_a_gemeente_scan_draws_the_outlines_of_its_buurten(self):
        response = self.client.get(URL, {"gemeente": "GM0060", "niveau": "buurt", "jaar": "2021"})
        svg = map_svg(response.content)
        # A decorative picture (axe nested-interactive: no links inside role="img"); its caption names it.
        self.assertIn('aria-hidden="true"', svg)
        self.assertNotIn('role="img"', svg)
        self.assertContains(response, '<p class="figure-title">Map of the buurten of Ameland in 2021 coloured by the '
                                      'scan</p>', html=True)
        # One path per buurt of the scope with an outline: Nes, Ballum, Hollum; not Buren, not Schiermonnikoog.
        self.assertEqual(svg.count('<path class="area '), 3)
        self.assertEqual(svg.count('class="area outside"'), 0)
        titles = re.findall(r"<title>([^<]+) \((BU\d{8})\):", svg)
        self.assertEqual(sorted(code for _name, code in titles), ["BU00600000", "BU00600002", "BU00600003"])
        self.assertIn(("Nes", "BU00600000"), titles)
        for code in ("BU00600000", "BU00600002", "BU00600003"):
            url = profile_url(code, 2021)
            self.assertIn(f'<a href="{url}" tabindex="-1"><path class="area ', svg)
        self.assertEqual(len(re.findall(r'<path class="area (?:q-[a-z-]+|s-\w+)" d="M[0-9. ]+', svg)), 3)
        # The same three buurten as real links in the list next to the map, by name.
        listed = re.search(r'<details class="map-areas">(.*?)</details>', response.content.decode(), re.S).group(1)
        self.assertIn("The 3 areas on the map, in words", listed)
        self.assertEqual(re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', listed),
                         [(profile_url(code, 2021), name) for name, code in sorted(titles)])
        self.assertContains(response, "1 area of this scan has no outline in the loaded geometry.")
        self.assertContains(response, "Outlines: CBS / Kadaster (PDOK), CC BY 4.0.")

    def test_the_map_is_zoomed_to_the_gemeente(self):
        svg = map_svg(self.client.get(URL, {"gemeente": "GM0060", "niveau": "buurt", "jaar": "2021"}).content)
        width, height = (float(n) for n in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
        self.assertEqual(width, MAP_WIDTH)  # Ameland's villages lie east–west: wider than tall
        self.assertLess(height, width / 2)
        pattern = r'<path class="area [^"]+" d="([^"]+)"[^>]*><title>[^(]+\((BU\d{8})\)'
        paths = {code: d for d, code in re.findall(pattern, svg)}
        xs = {code: [x for x, _y in path_points(d)] for code, d in paths.items()}
        # Hollum is the westernmost buurt, at the left edge; Nes the easternmost, at the right edge.
        self.assertEqual(min(xs["BU00600003"]), 0.0)
        self.assertEqual(max(xs["BU00600000"]), MAP_WIDTH)
        self.assertLess(max(xs["BU00600003"]), min(xs["BU00600002"]))
        # Nes keeps its hole: two rings in one path, cut out by the even-odd rule.
        self.assertEqual(paths["BU00600000"].count("M"), 2)

    def test_a_national_buurt_scan_asks_for_a_gemeente(self):
        response = self.client.get(URL, {"niveau": "buurt", "jaar": "2021"})
        self.assertNotContains(response, 'class="scan-map"')
        self.assertContains(response, "The buurt map is shown for one gemeente at a time")
        self.assertContains(response, '<a href="#s-gemeente">Choose a gemeente in the form above.</a>', html=True)
        # Suggestions: the gemeenten with areas high on both composites, each a link to its scan.
        # Nes (Ameland) is the one buurt high on both.
        suggestions = re.findall(r'<li><a href="\?([^"]+)">([^<]+)</a> <span class="code">(GM\d{4})</span> \((\d+)\)',
                                 response.content.decode())
        self.assertEqual([(name, code, count) for _query, name, code, count in suggestions],
                         [("Ameland", "GM0060", "1")])
        self.assertIn("gemeente=GM0060", suggestions[0][0])
        self.assertIn("niveau=buurt", suggestions[0][0])

    def test_a_gemeente_without_outlines_says_so(self):
        response = self.client.get(URL, {"gemeente": "GM0096", "niveau": "buurt", "jaar": "2021"})
        self.assertNotContains(response, 'class="scan-map"')
        self.assertContains(response, "The loaded buurt geometry of boundary year 2021 has no outlines for the "
                                      "areas of this gemeente.")

    def test_wijk_level_without_geometry_names_the_command_to_the_programme_team_only(self):
        response = self.client.get(URL, {"gemeente": "GM0060", "niveau": "wijk", "jaar": "2021"})
        self.assertNotContains(response, 'class="scan-map"')
        self.assertContains(response, "There is no wijk geometry of boundary year 2021.")
        self.assertNotContains(response, "manage.py")
        self.client.force_login(programme_team_member())
        response = self.client.get(URL, {"gemeente": "GM0060", "niveau": "wijk", "jaar": "2021"})
        self.assertContains(response, "<code>python manage.py load_geometry &lt;bestand.geojson&gt; --level wijk "
                                      "--year 2021</code>", html=True)

    def test_wijk_map_from_rd_geometry(self):
        wijk = {"type": "Feature", "geometry": rd_geometry(WGS84_GEOMETRY["BU00600000"]),
                "properties": {"wijkcode": "WK006000", "wijknaam": "Wijk 00"}}
        self.load([wijk], level="wijk", crs="urn:ogc:def:crs:EPSG::28992")
        add_figures(make_run(2021), "ET_HOOFDVERW_GAS", {self.areas["WK006000"]: 80})
        svg = map_svg(self.client.get(URL, {"gemeente": "GM0060", "niveau": "wijk", "jaar": "2021"}).content)
        self.assertEqual(svg.count('<path class="area '), 1)
        self.assertIn("<title>Wijk 00 (WK006000):", svg)

    def test_other_years_with_geometry_are_named(self):
        make_islands(2023)
        self.load([buurt_feature("BU00600000")], year=2023)
        self.assertEqual(geometry_years("buurt"), [2021, 2023])
        (self.geometry_dir / "buurt_2021.geojson").unlink()
        response = self.client.get(URL, {"gemeente": "GM0060", "niveau": "buurt", "jaar": "2021"})
        self.assertContains(response, "There is no buurt geometry of boundary year 2021.")
        self.assertContains(response, "Outlines at this level are available for boundary years 2023.")

    def test_gemeente_level_keeps_the_shipped_national_map(self):
        self.assertEqual(geometry_years("gemeente"), [2023, 2025])
        self.assertEqual(len(gemeente_map(2025).outlines), 342)


class AreaMapTests(GeometryDirMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        make_islands(2021)

    def test_rd_outlines_are_drawn_north_up(self):
        self.load([buurt_feature(code, rd_geometry(WGS84_GEOMETRY[code])) for code in ("BU00600003",)])
        geometry = area_map("buurt", 2021)
        self.assertEqual(geometry.crs, "RD")
        drawn = geometry.project()
        points = path_points(drawn.outlines[0].d)
        # Hollum's northernmost corner (the 4th) is at the top of the picture, its southernmost (the 2nd) at the foot.
        north = max(range(len(HOLLUM) - 1), key=lambda i: HOLLUM[i][1])
        south = min(range(len(HOLLUM) - 1), key=lambda i: HOLLUM[i][1])
        self.assertEqual(points[north][1], 0.0)
        self.assertEqual(points[south][1], drawn.height)
        self.assertLessEqual(drawn.height, MAX_HEIGHT)

    def test_wgs84_and_rd_give_the_same_picture(self):
        codes = ("BU00600000", "BU00600002", "BU00600003")
        self.load([buurt_feature(code) for code in codes])
        wgs84 = area_map("buurt", 2021).project()
        self.load([buurt_feature(code, rd_geometry(WGS84_GEOMETRY[code])) for code in codes])
        os.utime(self.geometry_dir / "buurt_2021.geojson", ns=(1, 1))  # a different file: another cache key
        rd = area_map("buurt", 2021).project()
        self.assertEqual(rd.width, wgs84.width)
        self.assertAlmostEqual(rd.height, wgs84.height, delta=wgs84.height * 0.02)
        for a, b in zip(wgs84.outlines, rd.outlines, strict=True):
            for (xa, ya), (xb, yb) in zip(path_points(a.d), path_points(b.d), strict=True):
                self.assertAlmostEqual(xa, xb, delta=3)
                self.assertAlmostEqual(ya, yb, delta=3)

    def test_a_newly_loaded_file_is_picked_up(self):
        self.assertIsNone(area_map("buurt", 2021))
        self.load([buurt_feature("BU00600000")])
        first = area_map("buurt", 2021)
        self.assertEqual([shape.code for shape in first.shapes], ["BU00600000"])
        self.assertIs(area_map("buurt", 2021), first)  # read once
        self.load([buurt_feature("BU00600000"), buurt_feature("BU00600002")])
        os.utime(self.geometry_dir / "buurt_2021.geojson", ns=(2, 2))
        self.assertEqual([shape.code for shape in area_map("buurt", 2021).shapes], ["BU00600000", "BU00600002"])

    def test_selection_and_unknown_levels(self):
        self.load([buurt_feature(code) for code in ("BU00600000", "BU00600002")])
        geometry = area_map("buurt", 2021)
        self.assertEqual([o.code for o in geometry.project(["BU00600002", "BU09990000"]).outlines], ["BU00600002"])
        self.assertIsNone(geometry.project(["BU09990000"]))
        self.assertIsNone(area_map("../buurt", 2021))
        self.assertIsNone(area_map("wijk", 2021))

    def test_a_damaged_file_means_no_map_not_an_error(self):
        (self.geometry_dir / "buurt_2021.geojson").write_text('{"type": "FeatureCollection", "feat', encoding="utf-8")
        self.assertIsNone(area_map("buurt", 2021))
