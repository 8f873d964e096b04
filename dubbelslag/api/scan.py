"""/api/v1/scan: the dubbelslag-scan as JSON (formerly /scan/api/, which now redirects here).

The scan reads its parameters as the scan page and its CSV do (``scan.forms.read_params``, the scan's one parameter
definition): leniently, since weights, level and year fall back to defaults that depend on the figures loaded, and
every fallback is named in ``notices``. Only a gemeente that does not exist in the boundary year, or a level without
areas, is an error: 404 problem+json, which keeps the ``error`` and ``notices`` members earlier clients read.
"""

from __future__ import annotations

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.scan import selectors as scan_selectors
from dubbelslag.scan.composites import ALL_PARTS, COMPOSITES, MAX_WEIGHT
from dubbelslag.scan.forms import WEIGHT_PREFIX, read_params
from dubbelslag.scan.method import QUADRANTS
from dubbelslag.scan.selectors import SORTS, chosen_sort, scan_for

from .base import ERRORS, Problem, problem

router = Router()

ATTRIBUTION = "CBS, CC BY 4.0"
Score = float | None
Quadrant = Literal["both_high", "energy_high", "vulnerability_high", "both_low"]


class ScanError(Problem):
    """Unknown gemeente, or no areas at this level: a problem, with the parameters that fell back to defaults."""

    error: str = Field(description="The same as `detail` (kept for earlier clients).")
    notices: list[str]


class ScanGemeente(Schema):
    code: str
    name: str


class ScanIndicator(Schema):
    code: str
    name: str
    weight: float = Field(ge=0)
    default_weight: float = Field(ge=0)
    inverted: bool = Field(description="True: a lower figure means a bigger task or more vulnerability, so the rank "
                                       "is turned round.")
    period: str | None = Field(description="The period read; null when no area has a figure.")
    areas_with_value: int = Field(ge=0)
    fetch_command: str | None = Field(description="The command that fetches the figures, when no area has one.")


class ScanComposite(Schema):
    key: Literal["energy", "vulnerability"]
    label: str
    indicators: list[ScanIndicator]


class ScanMethod(Schema):
    percentile_rank: str
    min_coverage: float = Field(ge=0, le=1)
    quadrant_split: float
    composites: list[ScanComposite]


class ScanScore(Schema):
    score: Score = Field(ge=0, le=100)
    present: int = Field(ge=0)
    total: int = Field(ge=0)
    coverage: float = Field(ge=0, le=1, description="Share of the composite's weight carried by the indicators "
                                                    "present.")
    missing: list[str]


class ScanArea(Schema):
    code: str
    name: str
    energy: ScanScore
    vulnerability: ScanScore
    combined: Score = Field(ge=0, le=100)
    quadrant: Quadrant | None


class QuadrantCounts(Schema):
    both_high: int = Field(ge=0)
    energy_high: int = Field(ge=0)
    vulnerability_high: int = Field(ge=0)
    both_low: int = Field(ge=0)


class ScanResult(Schema):
    level: Literal["gemeente", "wijk", "buurt"]
    boundary_year: int
    gemeente: ScanGemeente | None
    sort: Literal["samen", "energie", "kwetsbaarheid"]
    method: ScanMethod
    quadrant_counts: QuadrantCounts
    areas: list[ScanArea]
    notices: list[str] = Field(description="Parameters that were not understood and fell back to their defaults.")
    source: str = Field(examples=[ATTRIBUTION])


def _parameters() -> list[dict]:
    def query(name: str, description: str, schema: dict) -> dict:
        return {"name": name, "in": "query", "required": False, "description": description, "schema": schema}

    return [
        query("gemeente", "Gemeente code (GM0599) or name; empty or absent: the whole country. Looked up in the "
              "boundary year `jaar`; unknown → 404.", {"type": "string"}),
        query("niveau", "Level of the areas scored. Default: `buurt` with a gemeente, else `gemeente`.",
              {"type": "string", "enum": list(AreaLevel.values)}),
        query("jaar", "Boundary year (indeling). Default: the year with the most figures at this level. A year "
              "without figures falls back to the default, with a notice.", {"type": "integer"}),
        query("sorteer", "Order of `areas`: `samen` (mean of both scores), `energie` or `kwetsbaarheid`, highest "
              "first; areas without that score last.", {"type": "string", "enum": list(SORTS)}),
        *[query(f"{WEIGHT_PREFIX}{part.code}", f"Weight of {part.code} (default {part.weight:g}); 0 leaves it out. "
                "A bad value keeps the default, with a notice.",
                {"type": "number", "minimum": 0, "maximum": MAX_WEIGHT}) for part in ALL_PARTS],
    ]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def scan_data(result: scan_selectors.ScanResult, *, sort: str, notices: list[str]) -> dict:
    def score(value):
        return {"score": _round(value.score) if value.scored else None, "present": value.present,
                "total": value.total, "coverage": round(value.coverage, 4), "missing": list(value.missing)}

    areas = []
    for position in result.order(sort).tolist():
        row = result.row(position)
        areas.append({"code": row.code, "name": row.name, "energy": score(row.energy),
                      "vulnerability": score(row.vulnerability), "combined": _round(row.combined),
                      "quadrant": row.quadrant})
    return {
        "level": result.level, "boundary_year": result.boundary_year,
        "gemeente": {"code": result.gemeente.code, "name": result.gemeente.name} if result.gemeente else None,
        "sort": sort,
        "method": {
            "percentile_rank": "(r - 1) / (n - 1) * 100, r = average rank of ties among the n areas with a value; "
                               "50 when n = 1",
            "min_coverage": result.min_coverage, "quadrant_split": result.split,
            "composites": [{
                "key": composite.key, "label": str(composite.label),
                "indicators": [{"code": use.code, "name": use.name, "weight": use.weight,
                                "default_weight": use.default_weight, "inverted": use.inverted, "period": use.period,
                                "areas_with_value": use.areas_with_value, "fetch_command": use.fetch_command}
                               for use in result.indicators_of(composite.key)],
            } for composite in COMPOSITES],
        },
        "quadrant_counts": {key: result.quadrant_counts[key] for key in QUADRANTS},
        "areas": areas,
        "notices": notices,
        "source": ATTRIBUTION,
    }


def _not_found(detail: str, notices: list[str]):
    return problem(404, _("Not found"), detail, error=detail, notices=notices)


@router.get("/scan", response={200: ScanResult, 404: ScanError, **ERRORS}, url_name="scan",
            operation_id="scanResult", tags=["scan"],
            summary="The dubbelslag-scan: every area scored on energy-transition task and vulnerability",
            description="Each score is the weighted mean of the percentile ranks (0–100) of its indicators within the "
                        "scan's population (every area of the level in the boundary year, or inside one gemeente), "
                        "each indicator on its latest period there. An area whose figures carry less than "
                        "`method.min_coverage` of a composite's weight gets `score: null` and lists what it misses. "
                        "Parameters are read as on the scan page: a value that is not understood falls back to its "
                        "default, named in `notices`. Source: CBS, CC BY 4.0. Method: docs/scan.md.",
            openapi_extra={"parameters": _parameters()})
def scan(request):
    params = read_params(request.GET)
    if params.gemeente_text and params.gemeente is None:
        return _not_found(_("No such gemeente in this boundary year."), params.notices)
    result = scan_for(params)
    if result is None:
        return _not_found(_("There are no areas at this level."), params.notices)
    return scan_data(result, sort=chosen_sort(params, result), notices=params.notices)
