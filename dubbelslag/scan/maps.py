"""Gemeente outlines as SVG paths, projected once per boundary year and kept for the life of the process.

The shipped GeoJSON (areas/data/geometry/gemeente_<year>.geojson, WGS84, generalised to about 100 m) is projected
equirectangularly with the x axis scaled by cos(latitude) at the middle of the Netherlands: at this scale the
distortion is invisible and no projection library is needed.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.apps import apps

MAP_WIDTH = 560.0


@dataclass(frozen=True)
class MapOutline:
    code: str
    name: str
    d: str  # SVG path data


@dataclass(frozen=True)
class GemeenteMap:
    year: int
    width: float
    height: float
    outlines: tuple[MapOutline, ...]


def geometry_path(year: int) -> Path:
    return Path(apps.get_app_config("areas").path) / "data" / "geometry" / f"gemeente_{year}.geojson"


@lru_cache(maxsize=4)
def gemeente_map(year: int) -> GemeenteMap | None:
    """The gemeenten of boundary year ``year`` as SVG paths, or None when no geometry of that year is shipped."""
    path = geometry_path(year)
    if not path.is_file():
        return None
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    polygons = [(feature["properties"], _polygons(feature["geometry"])) for feature in features]
    points = [point for _, rings in polygons for ring in rings for point in ring]
    if not points:
        return None
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    x_scale = math.cos(math.radians((south + north) / 2))
    scale = MAP_WIDTH / ((east - west) * x_scale)
    height = round((north - south) * scale, 1)

    def ring_path(ring: list[list[float]]) -> str:
        coordinates = " ".join(f"{(lon - west) * x_scale * scale:.1f} {(north - lat) * scale:.1f}"
                               for lon, lat in ring)
        return f"M{coordinates}Z"

    outlines = tuple(
        MapOutline(code=properties.get("statcode", ""), name=properties.get("statnaam", ""),
                   d="".join(ring_path(ring) for ring in rings))
        for properties, rings in polygons
    )
    return GemeenteMap(year=year, width=MAP_WIDTH, height=height, outlines=outlines)


def _polygons(geometry: dict) -> list[list[list[float]]]:
    """All rings (outer and holes) of a Polygon or MultiPolygon; holes are cut by the even-odd fill rule."""
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    return []
