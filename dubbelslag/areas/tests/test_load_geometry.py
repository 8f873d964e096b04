"""manage.py load_geometry: CBS/PDOK GeoJSON checked whole, normalised and written atomically, or refused whole."""

import io
import json
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from django.utils import translation

from dubbelslag.areas.geometry import GeometryRefused, load_command, load_geometry
from testing.factories.geometry import (
    AMELAND,
    NES,
    WGS84_GEOMETRY,
    buurt_feature,
    collection,
    make_islands,
    rd_geometry,
    write,
)

AMELAND_WGS84 = [buurt_feature(code) for code in ("BU00600003", "BU00600002", "BU00600000", "BU00600001")]


def positions(geometry: dict) -> list[list[float]]:
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [position for polygon in polygons for ring in polygon for position in ring]


class LoadGeometryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.areas = make_islands(2021)

    def setUp(self):
        self.source = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.target = Path(self.enterContext(tempfile.TemporaryDirectory()))
        self.enterContext(override_settings(GEOMETRY_DIR=str(self.target)))
        self.enterContext(translation.override("en"))  # the reports are asserted in English

    def run_command(self, path, level="buurt", year=2021):
        out, err = io.StringIO(), io.StringIO()
        call_command("load_geometry", str(path), level=level, year=year, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def refuse(self, document, level="buurt", year=2021) -> str:
        """Run the command on ``document``, expect a refusal, return the report; nothing may have been written."""
        path = write(self.source, "input.geojson", document)
        err = io.StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("load_geometry", str(path), level=level, year=year, stdout=io.StringIO(), stderr=err)
        self.assertIn("Nothing was written", str(caught.exception))
        self.assertEqual(list(self.target.iterdir()), [])
        return err.getvalue()

    def written(self, level="buurt", year=2021) -> dict:
        return json.loads((self.target / f"{level}_{year}.geojson").read_text(encoding="utf-8"))

    def test_wgs84_buurten_are_normalised(self):
        # Ameland's four buurten plus Schiermonnikoog's village; Schiermonnikoog's rest and Vlieland have none.
        path = write(self.source, "buurten.geojson", collection([*AMELAND_WGS84, buurt_feature("BU00880000")]))
        out, err = self.run_command(path)
        self.assertIn("buurt 2021: 5 outlines (WGS84 lon/lat)", out)
        self.assertIn("3 of 8 areas of that year without geometry", out)
        self.assertEqual(err, "")
        document = self.written()
        self.assertEqual(document["type"], "FeatureCollection")
        self.assertEqual(document["crs"]["properties"]["name"], "urn:ogc:def:crs:OGC:1.3:CRS84")
        self.assertEqual(document["dubbelslag"]["level"], "buurt")
        self.assertEqual(document["dubbelslag"]["boundary_year"], 2021)
        self.assertEqual(document["dubbelslag"]["source_file"], "buurten.geojson")
        features = {feature["properties"]["statcode"]: feature for feature in document["features"]}
        self.assertEqual(set(features), {*AMELAND, "BU00880000"})
        # Only code and name survive of the properties.
        self.assertEqual(features["BU00600000"]["properties"], {"statcode": "BU00600000", "statnaam": "Nes"})
        # Rounded to 5 decimals (about a metre); the hole of Nes and both parts of Buren are kept.
        hollum = features["BU00600003"]["geometry"]
        self.assertEqual(hollum["type"], "Polygon")
        self.assertEqual(hollum["coordinates"][0][0], [5.62512, 53.43301])
        self.assertEqual(len(features["BU00600000"]["geometry"]["coordinates"]), 2)
        self.assertEqual(features["BU00600001"]["geometry"]["type"], "MultiPolygon")
        self.assertEqual(len(features["BU00600001"]["geometry"]["coordinates"]), 2)
        for feature in document["features"]:
            for lon, lat in positions(feature["geometry"]):
                self.assertEqual((lon, lat), (round(lon, 5), round(lat, 5)))
        # The temporary file was moved into place, not left beside it.
        self.assertEqual([p.name for p in self.target.iterdir()], ["buurt_2021.geojson"])

    def test_rd_with_a_crs_member_is_kept_in_rd_in_whole_metres(self):
        features = [buurt_feature(code, rd_geometry(WGS84_GEOMETRY[code])) for code in AMELAND]
        path = write(self.source, "buurten_rd.json", collection(features, crs="urn:ogc:def:crs:EPSG::28992"))
        out, _err = self.run_command(path)
        self.assertIn("4 outlines (RD New (EPSG:28992))", out)
        document = self.written()
        self.assertEqual(document["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::28992")
        nes = next(f for f in document["features"] if f["properties"]["statcode"] == "BU00600000")
        x, y = nes["geometry"]["coordinates"][0][0]
        self.assertEqual((type(x), type(y)), (int, int))
        # Nes lies some 25 km east and 143 km north of Amersfoort, the origin of RD (155,000 / 463,000).
        self.assertTrue(178_000 < x < 182_000 and 604_000 < y < 608_000, (x, y))

    def test_rd_is_recognised_from_the_coordinates_alone(self):
        features = [buurt_feature(code, rd_geometry(WGS84_GEOMETRY[code])) for code in ("BU00600000", "BU00600002")]
        path = write(self.source, "buurten.geojson", collection(features))
        out, _err = self.run_command(path)
        self.assertIn("RD New", out)
        self.assertEqual(self.written()["crs"]["properties"]["name"], "urn:ogc:def:crs:EPSG::28992")

    def test_epsg_4326_written_latitude_first_is_turned_round(self):
        swapped = {"type": "Polygon", "coordinates": [[[lat, lon] for lon, lat in NES]]}
        path = write(self.source, "buurten.geojson",
                     collection([buurt_feature("BU00600000", swapped)], crs="urn:ogc:def:crs:EPSG::4326"))
        self.run_command(path)
        ring = self.written()["features"][0]["geometry"]["coordinates"][0]
        self.assertEqual(ring[0], [round(NES[0][0], 5), round(NES[0][1], 5)])

    def test_wijk_and_gemeente_levels_read_their_own_codes(self):
        wijk = {"type": "Feature", "geometry": WGS84_GEOMETRY["BU00600000"],
                "properties": {"wijkcode": "WK006000", "wijknaam": "Wijk 00", "gemeentecode": "GM0060"}}
        out, _err = self.run_command(write(self.source, "wijken.geojson", collection([wijk])), level="wijk")
        self.assertIn("wijk 2021: 1 outlines", out)
        self.assertIn("2 of 3 areas", out)
        self.assertEqual(self.written("wijk")["features"][0]["properties"], {"statcode": "WK006000",
                                                                              "statnaam": "Wijk 00"})
        # The PDOK gebiedsindelingen style: statcode / statnaam.
        gemeente = {"type": "Feature", "properties": {"statcode": "GM0088", "statnaam": "Schiermonnikoog"},
                    "geometry": WGS84_GEOMETRY["BU00880009"]}
        self.run_command(write(self.source, "gemeenten.geojson", collection([gemeente])), level="gemeente")
        self.assertEqual(self.written("gemeente")["features"][0]["properties"]["statcode"], "GM0088")

    def test_a_missing_name_is_taken_from_the_areas(self):
        feature = buurt_feature("BU00600002", buurtnaam=None)
        self.run_command(write(self.source, "buurten.geojson", collection([feature])))
        self.assertEqual(self.written()["features"][0]["properties"]["statnaam"], "Ballum")

    def test_the_service_writes_where_it_is_told_and_names_the_command(self):
        other = Path(self.enterContext(tempfile.TemporaryDirectory()))
        result = load_geometry(write(self.source, "b.geojson", collection(AMELAND_WGS84)), level="buurt", year=2021,
                               directory=other)
        self.assertEqual(result.path, other / "buurt_2021.geojson")
        self.assertEqual((result.features, result.areas, result.without_geometry), (4, 8, 4))
        self.assertIsNone(result.shadowed_by)
        self.assertEqual(list(self.target.iterdir()), [])
        self.assertEqual(load_command("buurt", 2021),
                         "python manage.py load_geometry <bestand.geojson> --level buurt --year 2021")

    # --- refusals: nothing is written ---------------------------------------------------------------------------

    def test_not_json(self):
        report = self.refuse('{"type": "FeatureCollection", "features": [')
        self.assertIn("The file is not JSON", report)

    def test_not_a_feature_collection(self):
        self.assertIn("not a GeoJSON FeatureCollection (found \"Feature\")", self.refuse(AMELAND_WGS84[0]))
        self.assertIn("not a GeoJSON FeatureCollection (found \"Polygon\")",
                      self.refuse(WGS84_GEOMETRY["BU00600000"]))
        self.assertIn("no features", self.refuse(collection([])))

    def test_every_problem_is_reported_per_feature(self):
        no_code = buurt_feature("BU00600002")
        del no_code["properties"]["buurtcode"]  # only wijkcode and gemeentecode are left: not buurt codes
        unknown = buurt_feature("BU00600004", WGS84_GEOMETRY["BU00600002"])  # a real Ameland code, not an area here
        point = buurt_feature("BU00600003", {"type": "Point", "coordinates": [5.64, 53.44]})
        text = buurt_feature("BU00600000", {"type": "Polygon", "coordinates": [[[5.75, "53.43"], *NES[1:]]]})
        open_ring = buurt_feature("BU00880000", {"type": "Polygon", "coordinates": [NES[:-1]]})
        report = self.refuse(collection([AMELAND_WGS84[3], no_code, unknown, point, text, open_ring,
                                         buurt_feature("BU00600001")]))
        lines = report.strip().splitlines()
        self.assertIn("feature 2: no buurt code (buurtcode / statcode; found: none)", lines)
        self.assertIn("feature 3 (BU00600004): BU00600004 is not a buurt of boundary year 2021", lines)
        self.assertIn('feature 4 (BU00600003): unsupported geometry type "Point" (only Polygon and MultiPolygon)',
                      lines)
        self.assertIn('feature 5 (BU00600000): non-numeric coordinate [5.75, "53.43"]', lines)
        self.assertIn("feature 6 (BU00880000): a ring is not closed (its last position differs from its first)",
                      lines)
        self.assertIn("BU00600001 occurs 2 times (features 1, 7)", lines)
        self.assertEqual(len(lines), 6)

    def test_a_code_of_another_level_or_year(self):
        wijk_as_buurt = buurt_feature("BU00600000")
        wijk_as_buurt["properties"] = {"statcode": "WK006000", "statnaam": "Wijk 00"}
        report = self.refuse(collection([wijk_as_buurt]))
        self.assertIn('feature 1 (WK006000): no buurt code (buurtcode / statcode; found: statcode="WK006000")', report)
        report = self.refuse(collection(AMELAND_WGS84), year=2025)
        self.assertIn("There are no buurt areas of boundary year 2025 in the database", report)

    def test_coordinates_that_are_not_in_the_netherlands(self):
        # One feature in web-mercator metres among WGS84 ones, then a whole file in web mercator.
        mercator = {"type": "Polygon", "coordinates": [[[640000.0, 7060000.0], [641000.0, 7060000.0],
                                                         [641000.0, 7061000.0], [640000.0, 7060000.0]]]}
        report = self.refuse(collection([AMELAND_WGS84[0], buurt_feature("BU00600000", mercator)]))
        self.assertIn("feature 2 (BU00600000): coordinates outside the Netherlands in WGS84 lon/lat", report)
        report = self.refuse(collection([buurt_feature("BU00600000", mercator)]))
        self.assertIn("neither WGS84 lon/lat nor RD New", report)
        report = self.refuse(collection(AMELAND_WGS84, crs="urn:ogc:def:crs:EPSG::3857"))
        self.assertIn("Unsupported coordinate reference system urn:ogc:def:crs:EPSG::3857", report)
        # Declared RD, but the coordinates are degrees.
        report = self.refuse(collection(AMELAND_WGS84[:1], crs="EPSG:28992"))
        self.assertIn("feature 1 (BU00600003): coordinates outside the Netherlands in RD New", report)

    def test_a_file_above_the_size_limit(self):
        with mock.patch("dubbelslag.areas.geometry.MAX_FILE_BYTES", 100):
            report = self.refuse(collection(AMELAND_WGS84))
        self.assertIn("files above 0 MB are refused", report)

    def test_a_refused_file_leaves_the_loaded_one_alone(self):
        self.run_command(write(self.source, "good.geojson", collection(AMELAND_WGS84)))
        before = (self.target / "buurt_2021.geojson").read_bytes()
        unknown = buurt_feature("BU00600004", WGS84_GEOMETRY["BU00600002"])
        bad = write(self.source, "bad.geojson", collection([*AMELAND_WGS84, unknown]))
        with self.assertRaises(CommandError):
            self.run_command(bad)
        self.assertEqual((self.target / "buurt_2021.geojson").read_bytes(), before)
        self.assertEqual([p.name for p in self.target.iterdir()], ["buurt_2021.geojson"])

    def test_many_problems_are_counted_after_the_first_hundred(self):
        features = [buurt_feature("BU00600000", {"type": "Point", "coordinates": [5.7, 53.4]})
                    for _ in range(130)]
        path = write(self.source, "many.geojson", collection(features))
        with self.assertRaises(GeometryRefused) as caught:
            load_geometry(path, level="buurt", year=2021)
        self.assertEqual(caught.exception.total, 130)
        self.assertEqual(len(caught.exception.report), 101)
        self.assertEqual(caught.exception.report[-1], "… and 30 more problem(s).")

    def test_a_missing_file(self):
        with self.assertRaises(CommandError):
            self.run_command(self.source / "nothing.geojson")
        self.assertEqual(list(self.target.iterdir()), [])

    def test_a_shipped_file_of_the_same_level_and_year_is_named(self):
        make_islands(2023)
        gemeente = {"type": "Feature", "properties": {"statcode": "GM0060", "statnaam": "Ameland"},
                    "geometry": WGS84_GEOMETRY["BU00600000"]}
        _out, err = self.run_command(write(self.source, "g.geojson", collection([gemeente])), level="gemeente",
                                     year=2023)
        self.assertIn("gemeente_2023.geojson has the same level and year; the map keeps using that one", err)
