"""Small GeoJSON files shaped like the CBS/PDOK wijk- en buurtkaart, for the load_geometry and scan map tests.

The areas are real CBS codes and names of boundary year 2021 (Ameland GM0060, Schiermonnikoog GM0088, Vlieland
GM0096); the outlines are simplified by hand around the real villages (lon/lat), so that they lie where the buurten
lie but are not the CBS shapes. ``to_rd`` turns them into RD New with the usual polynomial approximation (accurate to
about a metre), as the PDOK downloads come.
"""

from __future__ import annotations

import json
from pathlib import Path

from dubbelslag.areas.models import Area
from testing.base import make_area

AMELAND = {"BU00600000": "Nes", "BU00600001": "Buren", "BU00600002": "Ballum", "BU00600003": "Hollum"}
SCHIERMONNIKOOG = {"BU00880000": "Schiermonnikoog", "BU00880009": "Verspreide huizen Schiermonnikoog"}
VLIELAND = {"BU00960000": "Oost-Vlieland", "BU00960009": "Verspreide huizen Vlieland"}
GEMEENTEN = {"GM0060": "Ameland", "GM0088": "Schiermonnikoog", "GM0096": "Vlieland"}

# lon/lat rings (closed), with more decimals than the loader keeps.
HOLLUM = [[5.62512345, 53.43301], [5.64823, 53.43112], [5.65201, 53.44087], [5.64034, 53.44811],
          [5.62655, 53.44532], [5.62512345, 53.43301]]
BALLUM = [[5.67402, 53.43398], [5.69511, 53.43205], [5.69902, 53.44296], [5.68110, 53.44689],
          [5.67402, 53.43398]]
NES = [[5.75603, 53.43702], [5.78511, 53.43598], [5.78903, 53.45001], [5.76802, 53.45512], [5.75401, 53.44803],
       [5.75603, 53.43702]]
NES_HOLE = [[5.77001, 53.44201], [5.77502, 53.44199], [5.77498, 53.44498], [5.77003, 53.44502], [5.77001, 53.44201]]
BUREN = [[5.79502, 53.44401], [5.81503, 53.44303], [5.81802, 53.45398], [5.79801, 53.45602], [5.79502, 53.44401]]
BUREN_STRAND = [[5.80012, 53.46101], [5.83011, 53.46302], [5.83002, 53.46603], [5.80003, 53.46399],
                [5.80012, 53.46101]]
SCHIER = [[6.15803, 53.47702], [6.17811, 53.47598], [6.18402, 53.48501], [6.16498, 53.48803], [6.15803, 53.47702]]
SCHIER_REST = [[6.10502, 53.45903], [6.33511, 53.47805], [6.30102, 53.50398], [6.12003, 53.49201],
               [6.10502, 53.45903]]

WGS84_GEOMETRY = {
    "BU00600003": {"type": "Polygon", "coordinates": [HOLLUM]},
    "BU00600002": {"type": "Polygon", "coordinates": [BALLUM]},
    "BU00600000": {"type": "Polygon", "coordinates": [NES, NES_HOLE]},
    "BU00600001": {"type": "MultiPolygon", "coordinates": [[BUREN], [BUREN_STRAND]]},
    "BU00880000": {"type": "Polygon", "coordinates": [SCHIER]},
    "BU00880009": {"type": "Polygon", "coordinates": [SCHIER_REST]},
}
NAMES = {**AMELAND, **SCHIERMONNIKOOG, **VLIELAND}


def make_islands(year: int = 2021) -> dict[str, Area]:
    """The three gemeenten, one wijk each (WK..00, "Wijk 00") and their buurten, in ``year``."""
    areas = {}
    for gemeente_code, buurten in (("GM0060", AMELAND), ("GM0088", SCHIERMONNIKOOG), ("GM0096", VLIELAND)):
        gemeente = areas[gemeente_code] = make_area(gemeente_code, GEMEENTEN[gemeente_code], year=year)
        wijk_code = f"WK{gemeente_code[2:]}00"
        wijk = areas[wijk_code] = make_area(wijk_code, "Wijk 00", parent=gemeente, year=year)
        for code, name in buurten.items():
            areas[code] = make_area(code, name, parent=wijk, year=year)
    return areas


def to_rd(lon: float, lat: float) -> list[float]:
    """WGS84 → RD New (EPSG:28992), the approximation of Schreutelkamp and Strang van Hees; millimetres kept."""
    dphi, dlam = 0.36 * (lat - 52.15517440), 0.36 * (lon - 5.38720621)
    x = (155000 + 190094.945 * dlam - 11832.228 * dphi * dlam - 114.221 * dphi ** 2 * dlam - 32.391 * dlam ** 3
         - 0.705 * dphi - 2.340 * dphi ** 3 * dlam - 0.608 * dphi * dlam ** 3 - 0.008 * dlam ** 2
         + 0.148 * dphi ** 2 * dlam ** 3)
    y = (463000 + 309056.544 * dphi + 3638.893 * dlam ** 2 + 73.077 * dphi ** 2 - 157.984 * dphi * dlam ** 2
         + 59.788 * dphi ** 3 + 0.433 * dlam - 6.439 * dphi ** 2 * dlam ** 2 - 0.032 * dphi * dlam
         + 0.092 * dlam ** 4 - 0.054 * dphi * dlam ** 4)
    return [round(x, 3), round(y, 3)]


def rd_geometry(geometry: dict) -> dict:
    def ring(points):
        return [to_rd(lon, lat) for lon, lat in points]

    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": [ring(r) for r in geometry["coordinates"]]}
    return {"type": "MultiPolygon", "coordinates": [[ring(r) for r in polygon] for polygon in geometry["coordinates"]]}


def buurt_feature(code: str, geometry: dict | None = None, **extra) -> dict:
    """A feature as in the PDOK "buurten" layer: code, name, the codes of wijk and gemeente and a few figures."""
    properties = {"buurtcode": code, "buurtnaam": NAMES.get(code, ""), "wijkcode": f"WK{code[2:8]}",
                  "gemeentecode": f"GM{code[2:6]}", "gemeentenaam": GEMEENTEN.get(f"GM{code[2:6]}", ""),
                  "water": "NEE", "aantal_inwoners": 1234, **extra}
    return {"type": "Feature", "id": f"buurten.{code}", "properties": properties,
            "geometry": geometry if geometry is not None else WGS84_GEOMETRY[code]}


def collection(features: list[dict], *, crs: str | None = None) -> dict:
    document = {"type": "FeatureCollection", "name": "buurten", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return document


def write(folder: Path, name: str, document) -> Path:
    path = Path(folder) / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path
