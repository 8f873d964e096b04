"""Gemeente, wijk and buurt outlines loaded from the CBS/PDOK "wijk- en buurtkaart" (GeoJSON).

``load_geometry`` reads a FeatureCollection as CBS and PDOK publish it (properties ``buurtcode``/``wijkcode``/
``gemeentecode`` or ``statcode``, names ``buurtnaam``/``wijknaam``/``gemeentenaam`` or ``statnaam``; Polygon and
MultiPolygon; WGS84 lon/lat or RD New, EPSG:28992, in metres), checks every feature against the areas of its
boundary year, and writes a normalised copy (code, name and geometry only, coordinates rounded to about a metre, the
CRS kept) to ``GEOMETRY_DIR/<level>_<year>.geojson``, atomically. A file with any problem is refused whole, with one
line per problem, and nothing is written. ``scan.maps`` reads the result.

Parsing turns each geometry into numpy rings as soon as the JSON parser has built it (``object_hook``), so a large
file does not sit in memory as millions of small Python lists; ``scan.maps`` reads the normalised files the same way.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from django.apps import apps
from django.conf import settings
from django.utils.translation import gettext as _

from .enums import AreaLevel
from .models import Area, level_for_code

MAX_FILE_BYTES = 200 * 1024 * 1024  # the full-resolution national buurt map is well below this
MAX_REPORTED = 100  # problems listed one by one; the rest are counted

WGS84, RD = "WGS84", "RD"
CRS_NAMES = {WGS84: "urn:ogc:def:crs:OGC:1.3:CRS84", RD: "urn:ogc:def:crs:EPSG::28992"}
CRS_LABELS = {WGS84: "WGS84 lon/lat", RD: "RD New (EPSG:28992)"}
# Where the European Netherlands (with its coastal waters) lies in each CRS: (min x, min y, max x, max y). The boxes
# cannot be confused: RD northings start at 289,000 m, latitudes end at 90.
BOUNDS = {WGS84: (2.5, 50.5, 7.6, 54.0), RD: (-7000.0, 289000.0, 300000.0, 629000.0)}
LATLON = "latlon"  # WGS84 with the axes swapped, as some WFS servers write EPSG:4326
BOUNDS[LATLON] = (BOUNDS[WGS84][1], BOUNDS[WGS84][0], BOUNDS[WGS84][3], BOUNDS[WGS84][2])
DECIMALS = {WGS84: 5, LATLON: 5, RD: 0}  # about a metre either way: far finer than any map the application draws

CODE_KEYS = {AreaLevel.GEMEENTE: ("gemeentecode", "statcode"), AreaLevel.WIJK: ("wijkcode", "statcode"),
             AreaLevel.BUURT: ("buurtcode", "statcode")}
NAME_KEYS = {AreaLevel.GEMEENTE: ("gemeentenaam", "statnaam"), AreaLevel.WIJK: ("wijknaam", "statnaam"),
             AreaLevel.BUURT: ("buurtnaam", "statnaam")}


class GeometryRefused(Exception):
    """The file has problems and nothing was written. ``report`` lists the problems, one line each (the first
    MAX_REPORTED, then how many more); ``total`` counts them all."""

    def __init__(self, problems: list[str]):
        self.total = len(problems)
        self.report = list(problems[:MAX_REPORTED])
        if self.total > MAX_REPORTED:
            self.report.append(_("… and %(count)d more problem(s).") % {"count": self.total - MAX_REPORTED})
        super().__init__(_("The geometry file was refused: %(count)d problem(s).") % {"count": self.total})


@dataclass
class Geometry:
    """A parsed Polygon or MultiPolygon: polygons of rings, each ring an (n, 2) float array; or why it is unusable."""

    kind: str
    polygons: list[list[np.ndarray]] = field(default_factory=list)
    problem: str = ""

    def bbox(self) -> tuple[float, float, float, float]:
        points = np.concatenate([ring for polygon in self.polygons for ring in polygon])
        return (float(points[:, 0].min()), float(points[:, 1].min()),
                float(points[:, 0].max()), float(points[:, 1].max()))


@dataclass(frozen=True)
class GeometryLoad:
    level: str
    year: int
    path: Path
    crs: str
    features: int
    areas: int  # areas of the level in the boundary year
    without_geometry: int  # of those, how many the file has no outline for
    shadowed_by: Path | None  # a shipped file of the same level and year, which the map reads instead


def geometry_dir() -> Path:
    return Path(settings.GEOMETRY_DIR)


def shipped_dir() -> Path:
    return Path(apps.get_app_config("areas").path) / "data" / "geometry"


def file_name(level: str, year: int) -> str:
    return f"{level}_{year}.geojson"


def load_command(level: str, year: int) -> str:
    """The command that loads the outlines of ``level`` in boundary year ``year``."""
    return f"python manage.py load_geometry <bestand.geojson> --level {level} --year {year}"


# --- parsing -----------------------------------------------------------------------------------------------------


def _number(value) -> bool:
    return type(value) in (int, float)


def _ring(raw) -> np.ndarray | str:
    """An (n, 2) array of a GeoJSON linear ring (a third ordinate is dropped), or what is wrong with it."""
    if not isinstance(raw, list):
        return _("a ring is not a list of positions")
    for position in raw:
        if not isinstance(position, list) or len(position) < 2:
            return _("a position is not a list of two numbers")
        if not (_number(position[0]) and _number(position[1])):
            return _("non-numeric coordinate %(value)s") % {"value": json.dumps(position[:2])[:60]}
    if len(raw) < 4:
        return _("a ring has fewer than 4 positions")
    ring = np.array([position[:2] for position in raw], dtype=float)
    if not np.isfinite(ring).all():
        return _("a coordinate is not a finite number")
    if not (ring[0] == ring[-1]).all():
        return _("a ring is not closed (its last position differs from its first)")
    return ring


def parse_geometry(raw: dict) -> Geometry:
    kind = raw.get("type")
    coordinates = raw.get("coordinates")
    if kind not in ("Polygon", "MultiPolygon"):
        return Geometry(str(kind), problem=_("unsupported geometry type %(type)s (only Polygon and MultiPolygon)")
                        % {"type": json.dumps(kind)[:40]})
    polygons_raw = [coordinates] if kind == "Polygon" else coordinates
    if not isinstance(polygons_raw, list) or not polygons_raw:
        return Geometry(kind, problem=_("the geometry has no coordinates"))
    polygons = []
    for polygon_raw in polygons_raw:
        if not isinstance(polygon_raw, list) or not polygon_raw:
            return Geometry(kind, problem=_("a polygon has no rings"))
        rings = []
        for ring_raw in polygon_raw:
            ring = _ring(ring_raw)
            if isinstance(ring, str):
                return Geometry(kind, problem=ring)
            rings.append(ring)
        polygons.append(rings)
    return Geometry(kind, polygons)


def _hook(obj: dict):
    """json object_hook: a geometry becomes a ``Geometry`` the moment it is parsed; other objects stay dicts."""
    if "coordinates" in obj and isinstance(obj.get("type"), str):
        return parse_geometry(obj)
    return obj


def parse_json(raw: bytes):
    """The parsed document with every geometry as ``Geometry``; ValueError when it is not JSON."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    return json.loads(raw, object_hook=_hook)


def declared_crs(document: dict) -> str | None:
    """WGS84 or RD from a GeoJSON ``crs`` member (the 2008 form CBS, PDOK and GDAL write), None when there is none;
    ValueError naming the CRS when it is neither."""
    crs = document.get("crs")
    if crs is None:
        return None
    name = crs.get("properties", {}).get("name") if isinstance(crs, dict) else None
    if not isinstance(name, str):
        raise ValueError(json.dumps(crs)[:120])
    upper = name.upper()
    if upper.endswith(("CRS84", ":4326", "::4326", "/4326")):
        return WGS84
    if upper.endswith((":28992", "::28992", "/28992")):
        return RD
    raise ValueError(name)


def within(bbox: tuple[float, float, float, float], crs: str) -> bool:
    west, south, east, north = BOUNDS[crs]
    return bbox[0] >= west and bbox[1] >= south and bbox[2] <= east and bbox[3] <= north


def classify(bbox: tuple[float, float, float, float]) -> str | None:
    """Which CRS coordinates in ``bbox`` fit in the Netherlands, if any."""
    return next((crs for crs in (WGS84, RD, LATLON) if within(bbox, crs)), None)


def _round_ring(ring: np.ndarray, decimals: int) -> np.ndarray | None:
    """The ring rounded, without repeated positions; None when it collapses below a triangle."""
    ring = np.round(ring, decimals)
    keep = np.ones(len(ring), dtype=bool)
    keep[1:] = np.any(ring[1:] != ring[:-1], axis=1)
    ring = ring[keep]
    if len(ring) < 4:
        return None
    return ring


def _coordinates(ring: np.ndarray, decimals: int) -> list:
    if decimals == 0:
        return ring.astype(np.int64).tolist()
    return ring.tolist()


# --- loading -----------------------------------------------------------------------------------------------------


@dataclass
class _Feature:
    index: int
    code: str
    name: str
    geometry: Geometry


def _label(index: int, code: str = "") -> str:
    return _("feature %(number)d (%(code)s)") % {"number": index + 1, "code": code} if code else \
        _("feature %(number)d") % {"number": index + 1}


def _read_features(document, level: str, year: int) -> tuple[list[_Feature], list[str]]:
    """Every feature with its code, name and geometry, and the problems of the file and of each feature."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        found = (document.get("type") if isinstance(document, dict)
                 else getattr(document, "kind", type(document).__name__))
        return [], [_("The file is not a GeoJSON FeatureCollection (found %(found)s).")
                    % {"found": json.dumps(found)[:40]}]
    raw_features = document.get("features")
    if not isinstance(raw_features, list):
        return [], [_("The FeatureCollection has no list of features.")]
    if not raw_features:
        return [], [_("The FeatureCollection has no features.")]
    known = dict(Area.objects.filter(boundary_year=year, level=level).values_list("code", "name"))
    problems = []
    if not known:
        problems.append(_("There are no %(level)s areas of boundary year %(year)d in the database; load the areas "
                          "of that year first.") % {"level": level, "year": year})
    features, seen = [], Counter()
    for index, raw in enumerate(raw_features):
        if not isinstance(raw, dict) or raw.get("type") != "Feature":
            problems.append(_("%(feature)s: not a GeoJSON Feature") % {"feature": _label(index)})
            continue
        properties = raw.get("properties") if isinstance(raw.get("properties"), dict) else {}
        code = next((properties[key] for key in CODE_KEYS[level] if properties.get(key) not in (None, "")), None)
        code = code.strip().upper() if isinstance(code, str) else code
        label = _label(index, code if isinstance(code, str) else "")
        if not isinstance(code, str) or level_for_code(code) != level:
            found = ", ".join(f"{key}={json.dumps(properties[key])[:30]}" for key in CODE_KEYS[level]
                              if key in properties) or _("none")
            problems.append(_("%(feature)s: no %(level)s code (%(keys)s; found: %(found)s)")
                            % {"feature": label, "level": level, "keys": " / ".join(CODE_KEYS[level]),
                               "found": found})
            code = None
        elif known and code not in known:
            problems.append(_("%(feature)s: %(code)s is not a %(level)s of boundary year %(year)d")
                            % {"feature": label, "code": code, "level": level, "year": year})
        geometry = raw.get("geometry")
        if not isinstance(geometry, Geometry):
            what = _("no geometry") if geometry is None else _("unsupported geometry %(type)s") % {
                "type": json.dumps(geometry.get("type") if isinstance(geometry, dict) else geometry)[:40]}
            problems.append(f"{label}: {what}")
            continue
        if geometry.problem:
            problems.append(f"{label}: {geometry.problem}")
            continue
        if code is None:
            continue
        seen[code] += 1
        name = next((properties[key] for key in NAME_KEYS[level] if isinstance(properties.get(key), str)
                     and properties[key].strip()), "") or known.get(code, "")
        features.append(_Feature(index, code, name.strip(), geometry))
    for code, count in sorted(seen.items()):
        if count > 1:
            numbers = ", ".join(str(feature.index + 1) for feature in features if feature.code == code)
            problems.append(_("%(code)s occurs %(count)d times (features %(numbers)s)")
                            % {"code": code, "count": count, "numbers": numbers})
    return features, problems


def _detect_crs(document: dict, features: list[_Feature]) -> tuple[str | None, list[str]]:
    """The CRS of the coordinates (WGS84, RD, or LATLON for swapped WGS84) and the features that do not fit it."""
    try:
        declared = declared_crs(document)
    except ValueError as error:
        return None, [_("Unsupported coordinate reference system %(crs)s: use WGS84 lon/lat or RD New "
                        "(EPSG:28992).") % {"crs": str(error)}]
    kinds = {feature.index: classify(feature.geometry.bbox()) for feature in features}
    if declared == RD:
        crs = RD
    elif declared == WGS84:
        # EPSG:4326 officially orders latitude first; some servers write it that way.
        counts = Counter(kind for kind in kinds.values() if kind in (WGS84, LATLON))
        crs = LATLON if counts[LATLON] > counts[WGS84] else WGS84
    else:
        counts = Counter(kind for kind in kinds.values() if kind)
        if not counts:
            return None, [_("The coordinates are neither WGS84 lon/lat nor RD New (EPSG:28992) in the Netherlands.")]
        crs = counts.most_common(1)[0][0]
    problems = []
    for feature in features:
        if kinds[feature.index] != crs:
            west, south, east, north = feature.geometry.bbox()
            problems.append(_("%(feature)s: coordinates outside the Netherlands in %(crs)s (x %(west)s to %(east)s, "
                              "y %(south)s to %(north)s)")
                            % {"feature": _label(feature.index, feature.code),
                               "crs": CRS_LABELS[WGS84 if crs == LATLON else crs], "west": f"{west:g}",
                               "east": f"{east:g}", "south": f"{south:g}", "north": f"{north:g}"})
    return crs, problems


def _normalise(feature: _Feature, crs: str) -> dict | None:
    decimals = DECIMALS[crs]
    polygons = []
    for rings in feature.geometry.polygons:
        rounded = []
        for position, ring in enumerate(rings):
            ring = _round_ring(ring[:, ::-1] if crs == LATLON else ring, decimals)
            if ring is None and position == 0:
                break  # the outer ring vanishes at this precision: so does the polygon with its holes
            if ring is not None:
                rounded.append(_coordinates(ring, decimals))
        if rounded:
            polygons.append(rounded)
    if not polygons:
        return None
    geometry = ({"type": "Polygon", "coordinates": polygons[0]} if len(polygons) == 1
                else {"type": "MultiPolygon", "coordinates": polygons})
    return {"type": "Feature", "properties": {"statcode": feature.code, "statnaam": feature.name},
            "geometry": geometry}


def load_geometry(path: str | os.PathLike, *, level: str, year: int,
                  directory: str | os.PathLike | None = None) -> GeometryLoad:
    """Check the GeoJSON at ``path`` and write its normalised outlines to ``<directory>/<level>_<year>.geojson``
    (default: the ``GEOMETRY_DIR`` setting). Raises ``GeometryRefused`` (nothing written) when anything is wrong."""
    if level not in AreaLevel.values:
        raise GeometryRefused([_("Unknown level %(level)s.") % {"level": level}])
    source = Path(path)
    try:
        size = source.stat().st_size
    except OSError as error:
        raise GeometryRefused([_("Cannot read %(path)s: %(error)s") % {"path": source, "error": error.strerror}]) \
            from error
    if size > MAX_FILE_BYTES:
        raise GeometryRefused([_("The file is %(size)d MB; files above %(limit)d MB are refused.")
                               % {"size": size // 2**20, "limit": MAX_FILE_BYTES // 2**20}])
    try:
        document = parse_json(source.read_bytes())
    except OSError as error:
        raise GeometryRefused([_("Cannot read %(path)s: %(error)s") % {"path": source, "error": error.strerror}]) \
            from error
    except (ValueError, RecursionError) as error:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise GeometryRefused([_("The file is not JSON: %(error)s") % {"error": str(error)[:200]}]) from error
    features, problems = _read_features(document, level, year)
    if problems and not features:
        raise GeometryRefused(problems)
    crs, crs_problems = _detect_crs(document, features)
    problems += crs_problems
    normalised = []
    if crs is not None:
        for feature in features:
            result = _normalise(feature, crs)
            if result is None:
                problems.append(_("%(feature)s: the geometry is smaller than the rounding (about 1 m)")
                                % {"feature": _label(feature.index, feature.code)})
            normalised.append(result)
    if problems:
        raise GeometryRefused(problems)

    crs = WGS84 if crs == LATLON else crs
    target_dir = Path(directory) if directory is not None else geometry_dir()
    target = target_dir / file_name(level, year)
    loaded_at = datetime.now(UTC).isoformat(timespec="seconds")
    collection = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": CRS_NAMES[crs]}},
                  "dubbelslag": {"level": level, "boundary_year": year, "crs": CRS_LABELS[crs],
                                 "source_file": source.name, "loaded_at": loaded_at,
                                 "licence": "CBS / Kadaster (PDOK), CC BY 4.0"}}
    _write_atomically(target, collection, normalised)
    areas = Area.objects.filter(boundary_year=year, level=level).count()
    shipped = shipped_dir() / file_name(level, year)
    return GeometryLoad(level=level, year=year, path=target, crs=CRS_LABELS[crs], features=len(normalised),
                        areas=areas, without_geometry=areas - len(normalised),
                        shadowed_by=shipped if shipped.is_file() and shipped.resolve() != target.resolve() else None)


def _write_atomically(target: Path, collection: dict, features: list[dict]) -> None:
    """Write to a temporary file beside ``target`` and move it into place: readers see the old or the new file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    head = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))[:-1]
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(head + ',"features":[\n')
            handle.write(",\n".join(json.dumps(feature, ensure_ascii=False, separators=(",", ":"))
                                    for feature in features))
            handle.write("\n]}\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
