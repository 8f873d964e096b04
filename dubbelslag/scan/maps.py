"""Area outlines as SVG paths: gemeenten from the shipped GeoJSON, wijken and buurten once loaded.

``area_map(level, year)`` reads ``<level>_<year>.geojson`` from the shipped folder (areas/data/geometry: gemeenten
2023 and 2025, WGS84, generalised to about 100 m) or else from ``GEOMETRY_DIR``, where ``manage.py load_geometry``
writes the outlines it loads (WGS84 or RD New). A file is read once per process and kept under its path, size and
modification time, so a newly loaded file is picked up at the next request.

Coordinates are first put on a plane: RD New is already one (metres east and north); WGS84 is projected
equirectangularly with longitude scaled by cos(latitude) at the middle of the file, which at the scale of the
Netherlands shows no visible distortion and needs no projection library. ``AreaGeometry.project`` then fits the
chosen outlines into the SVG view box, y flipped: the whole file for the national gemeente map, or the areas of one
gemeente, zoomed to their bounding box.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.geometry import (
    LATLON,
    RD,
    WGS84,
    Geometry,
    classify,
    declared_crs,
    file_name,
    geometry_dir,
    parse_json,
    shipped_dir,
)

logger = logging.getLogger(__name__)

MAP_WIDTH = 560.0
MAX_HEIGHT = 1.4 * MAP_WIDTH  # a tall, narrow gemeente is fitted into this height instead of MAP_WIDTH wide


@dataclass(frozen=True)
class MapOutline:
    code: str
    name: str
    d: str  # SVG path data


@dataclass(frozen=True)
class AreaMap:
    """Outlines fitted into a ``width`` × ``height`` view box."""

    year: int
    width: float
    height: float
    outlines: tuple[MapOutline, ...]
    level: str = AreaLevel.GEMEENTE


GemeenteMap = AreaMap  # the name before wijk and buurt maps existed


@dataclass(frozen=True, eq=False)
class Shape:
    code: str
    name: str
    rings: tuple[np.ndarray, ...]  # (n, 2) plane coordinates, x east, y north; outer rings and holes alike
    bbox: tuple[float, float, float, float]  # west, south, east, north on the plane


@dataclass(frozen=True, eq=False)
class AreaGeometry:
    """Every outline of one level and boundary year, on the plane, in file order."""

    level: str
    year: int
    crs: str
    path: Path
    shapes: tuple[Shape, ...]

    @cached_property
    def by_code(self) -> dict[str, Shape]:
        return {shape.code: shape for shape in self.shapes}

    @cached_property
    def whole(self) -> AreaMap | None:
        """Every outline of the file (the national gemeente map), projected once."""
        return self.project()

    def project(self, codes=None) -> AreaMap | None:
        """The outlines of ``codes`` (default: all), in file order, fitted to their bounding box; None when the file
        has none of them."""
        if codes is None:
            shapes = self.shapes
        else:
            wanted = set(codes)
            shapes = tuple(shape for shape in self.shapes if shape.code in wanted)
        if not shapes:
            return None
        west = min(shape.bbox[0] for shape in shapes)
        south = min(shape.bbox[1] for shape in shapes)
        east = max(shape.bbox[2] for shape in shapes)
        north = max(shape.bbox[3] for shape in shapes)
        span_x, span_y = max(east - west, 1e-9), max(north - south, 1e-9)
        scale = min(MAP_WIDTH / span_x, MAX_HEIGHT / span_y)
        origin, factor = np.array([west, north]), np.array([scale, -scale])
        outlines = tuple(MapOutline(code=shape.code, name=shape.name,
                                    d="".join(_ring_path((ring - origin) * factor) for ring in shape.rings))
                         for shape in shapes)
        return AreaMap(year=self.year, width=round(span_x * scale, 1), height=round(span_y * scale, 1),
                       outlines=outlines, level=self.level)


def _ring_path(points: np.ndarray) -> str:
    """SVG path data of one ring at 0.1 unit, without positions that repeat the one before at that precision."""
    points = np.round(points, 1) + 0.0  # + 0.0 turns -0.0 into 0.0
    keep = np.ones(len(points), dtype=bool)
    keep[1:] = np.any(points[1:] != points[:-1], axis=1)
    return "M" + " ".join(f"{x:.1f} {y:.1f}" for x, y in points[keep].tolist()) + "Z"


def geometry_file(level: str, year: int) -> Path | None:
    """The GeoJSON with the outlines of ``level`` in ``year``: shipped first, then loaded; None when there is none."""
    if level not in AreaLevel.values:
        return None
    for folder in (shipped_dir(), geometry_dir()):
        path = folder / file_name(level, int(year))
        if path.is_file():
            return path
    return None


def geometry_years(level: str) -> list[int]:
    """The boundary years that have outlines of ``level``, shipped or loaded."""
    pattern = re.compile(rf"^{re.escape(level)}_(\d{{4}})\.geojson$")
    years = set()
    for folder in (shipped_dir(), geometry_dir()):
        if folder.is_dir():
            years.update(int(match.group(1)) for path in folder.iterdir() if (match := pattern.match(path.name)))
    return sorted(years)


def area_map(level: str, year: int) -> AreaGeometry | None:
    """The outlines of ``level`` in boundary year ``year``, or None when no geometry of that level and year exists."""
    path = geometry_file(level, year)
    if path is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    return _read(str(path), stat.st_mtime_ns, stat.st_size, level, int(year))


def gemeente_map(year: int) -> AreaMap | None:
    """The gemeenten of boundary year ``year`` as SVG paths, or None when there is no gemeente geometry that year."""
    geometry = area_map(AreaLevel.GEMEENTE, year)
    return geometry.whole if geometry is not None else None


@lru_cache(maxsize=6)
def _read(path: str, mtime_ns: int, size: int, level: str, year: int) -> AreaGeometry | None:
    """The file at ``path`` on the plane; the modification time and size only key the cache."""
    try:
        with open(path, "rb") as handle:
            document = parse_json(handle.read())
        crs = declared_crs(document)
        features = [feature for feature in document["features"] if isinstance(feature.get("geometry"), Geometry)
                    and not feature["geometry"].problem]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        logger.warning("Cannot read the area geometry %s: %s", path, error)
        return None
    if not features:
        return None
    rings_of = [[ring for polygon in feature["geometry"].polygons for ring in polygon] for feature in features]
    points = np.concatenate([ring for rings in rings_of for ring in rings])
    if crs is None:  # the shipped files carry no crs member: tell by the coordinates (WGS84 when unsure)
        crs = classify((points[:, 0].min(), points[:, 1].min(), points[:, 0].max(), points[:, 1].max())) or WGS84
    if crs == LATLON:
        rings_of = [[ring[:, ::-1] for ring in rings] for rings in rings_of]
        points = points[:, ::-1]
    if crs == RD:
        factor = np.array([1.0, 1.0])
    else:
        middle = (points[:, 1].min() + points[:, 1].max()) / 2
        factor = np.array([math.cos(math.radians(middle)), 1.0])
    shapes = []
    for feature, rings in zip(features, rings_of, strict=True):
        plane = tuple(ring * factor for ring in rings)
        every = np.concatenate(plane)
        properties = feature.get("properties") or {}
        shapes.append(Shape(code=str(properties.get("statcode", "")), name=str(properties.get("statnaam", "")),
                            rings=plane, bbox=(float(every[:, 0].min()), float(every[:, 1].min()),
                                               float(every[:, 0].max()), float(every[:, 1].max()))))
    return AreaGeometry(level=level, year=year, crs=RD if crs == RD else WGS84, path=Path(path), shapes=tuple(shapes))
