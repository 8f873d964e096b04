"""The scan page and its CSV download: public open data, no sign-in needed. Its JSON is /api/v1/scan
(``dubbelslag.api.scan``), read through the same parameters (``scan.forms.read_params``)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.geometry import load_command
from dubbelslag.areas.models import Area
from dubbelslag.core.params import paginate
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export
from dubbelslag.programme.access import is_programme_team

from .charts import (
    DENSE_ABOVE,
    SCORE_CLASSES,
    area_url_maker,
    map_areas,
    map_colouring,
    map_svg,
    quadrant_class,
    scatter_svg,
)
from .composites import COMPOSITES, DEFAULT_WEIGHTS, ENERGY, MAX_WEIGHT, MIN_COVERAGE, QUADRANT_SPLIT, VULNERABILITY
from .forms import WEIGHT_PREFIX, ScanParams, read_params
from .maps import area_map, geometry_years
from .method import BOTH_HIGH, QUADRANT_LABELS, QUADRANTS
from .selectors import ALL_CODES, SORT_COMBINED, SORT_ENERGY, SORT_VULNERABILITY, ScanResult, chosen_sort, scan_for

PAGE_SIZE = 50
ATTRIBUTION = "CBS, CC BY 4.0"


@require_safe
def scan(request):
    params = read_params(request.GET)
    result = scan_for(params)
    # Shell commands and the data page are for the programme team only; everyone else reads what is missing in words.
    context = {"params": params, "result": result, "levels": AreaLevel.choices, "max_weight": MAX_WEIGHT,
               "is_team": is_programme_team(request.user),
               "explained_split": f"{QUADRANT_SPLIT:g}", "explained_coverage": f"{MIN_COVERAGE * 100:g}",
               "gemeenten": Area.objects.filter(boundary_year=params.boundary_year, level=AreaLevel.GEMEENTE)
               .order_by("name").values_list("code", "name") if params.boundary_year else []}
    if result is not None:
        context.update(_result_context(params, result, request.GET.get("pagina")))
        context.update(_map_context(params, result, context["gemeenten"]))
    return render(request, "scan/scan.html", context)


def _result_context(params: ScanParams, result: ScanResult, page_number: str | None) -> dict:
    sort = chosen_sort(params, result)
    page = paginate(result.order(sort).tolist(), PAGE_SIZE, page_number)
    area_url = area_url_maker(result.boundary_year)
    # Per row only the gaps of that area; indicators without figures anywhere in the scan are listed once above.
    nowhere = {use.code for use in result.indicators if not use.areas_with_value}
    scored = {key: result.scored_count(key) for key in (ENERGY, VULNERABILITY)}
    rows = []
    for offset, position in enumerate(page.object_list):
        row = result.row(position)
        # A composite that no area of the scan is scored on says so once above the table, not on every row.
        scores = [{"score": score, "missing": [code for code in score.missing if code not in nowhere],
                   "nowhere": len([code for code in score.missing if code in nowhere]), "blank": not scored[key]}
                  for key, score in ((ENERGY, row.energy), (VULNERABILITY, row.vulnerability))]
        rows.append({"rank": page.start_index() + offset, "row": row, "url": area_url(row.code),
                     "quadrant": QUADRANT_LABELS.get(row.quadrant, ""), "scores": scores})
    composites = [{"composite": composite, "uses": result.indicators_of(composite.key),
                   "scored": result.scored_count(composite.key), "not_scored": result.not_scored(composite.key)}
                  for composite in COMPOSITES]
    one_side = scored_side(result)
    if one_side is not None:
        # Only one composite has scores: the table ranks on it alone and shows only its column, so that no row says
        # "not scored" for the other side; the page says so once, above the table.
        shown = {ENERGY: 0, VULNERABILITY: 1}[one_side]
        for item in rows:
            item["scores"] = [item["scores"][shown]]
    missing = [use for use in result.indicators if not use.areas_with_value and use.weight > 0]
    loaded_only = None
    if missing and len(missing) < len([use for use in result.indicators if use.weight > 0]):
        # Every composite must keep a weighted indicator with figures, or the link would only bring a notice.
        keeps = all(any(use.areas_with_value and use.weight > 0 for use in result.indicators_of(c.key))
                    for c in COMPOSITES)
        if keeps:
            loaded_only = params.query(**{WEIGHT_PREFIX + use.code: 0 for use in missing}, pagina=None).urlencode()
    scatter_label = _("Scatter of %(n)s areas: energy-transition task against vulnerability") % {"n": result.placed}
    # The pictures are aria-hidden (links may not sit inside role="img"), so their label is the figure's caption.
    context = {
        "sort": sort, "page": page, "rows": rows, "composites": composites, "missing": missing,
        "one_side": one_side, "none_scored": not any(scored.values()),
        "loaded_only_query": loaded_only,
        "quadrant_counts": [(quadrant_class(key), QUADRANT_LABELS[key], result.quadrant_counts[key])
                            for key in QUADRANTS],
        "score_classes": list(zip(SCORE_CLASSES, [*SCORE_CLASSES[1:], 100], strict=True)),
        "scatter": scatter_svg(result, area_url) if result.placed else None, "scatter_label": scatter_label,
        "scatter_dense": result.placed > DENSE_ABOVE,
        "sort_links": {key: params.query(sorteer=key, pagina=None).urlencode()
                       for key in (SORT_COMBINED, SORT_ENERGY, SORT_VULNERABILITY)},
        "query": params.query(sorteer=sort).urlencode(), "reset_weights_query": _reset_weights(params),
        "attribution": ATTRIBUTION,
    }
    return context


def _map_context(params: ScanParams, result: ScanResult, gemeenten) -> dict:
    """The map, or why there is none. Gemeente level: the whole country, the scan's gemeenten coloured. Wijk and buurt
    level, once their geometry is loaded: only the areas of a gemeente scan, zoomed to them; a national scan would draw
    thousands of outlines, so it suggests gemeenten instead."""
    level, year = result.level, result.boundary_year
    geometry = area_map(level, year)
    context = {"map_state": "missing", "map_command": load_command(level, year)}  # shown to the programme team
    if geometry is None:
        context["map_years"] = geometry_years(level)
        return context
    if level == AreaLevel.GEMEENTE:
        outlines = geometry.whole
        label = _("Map of the gemeenten in %(year)s coloured by the scan") % {"year": year}
    elif result.gemeente is None:
        context.update(map_state="national", map_suggestions=_map_suggestions(params, result, gemeenten))
        return context
    else:
        outlines = geometry.project(result.codes)
        values = {"name": result.gemeente.name, "year": year}
        label = (_("Map of the wijken of %(name)s in %(year)s coloured by the scan") if level == AreaLevel.WIJK
                 else _("Map of the buurten of %(name)s in %(year)s coloured by the scan")) % values
    if outlines is None:
        context["map_state"] = "scope_empty"
        return context
    colouring = map_colouring(result)
    areas = map_areas(result, outlines, area_url_maker(year), colouring=colouring)
    context.update(map_state="drawn", map_colouring=colouring, map_label=label, map=map_svg(outlines, areas),
                   map_list=sorted(areas, key=lambda area: (area.name, area.code)),
                   map_without=len(result) - len(outlines.outlines) if level != AreaLevel.GEMEENTE else 0)
    return context


def scored_side(result: ScanResult) -> str | None:
    """The one composite with scores when the other has none at all (ENERGY or VULNERABILITY), else None."""
    energy, vulnerability = result.scored_count(ENERGY), result.scored_count(VULNERABILITY)
    if bool(energy) == bool(vulnerability):
        return None
    return ENERGY if energy else VULNERABILITY


def _map_suggestions(params: ScanParams, result: ScanResult, gemeenten, limit: int = 5) -> list[dict]:
    """The gemeenten with the most areas high on both composites, each a link to the scan of that gemeente."""
    counts: dict[str, int] = {}
    for code, quadrant in zip(result.codes, result.quadrants, strict=True):
        if quadrant == BOTH_HIGH:
            counts["GM" + code[2:6]] = counts.get("GM" + code[2:6], 0) + 1
    names = dict(gemeenten)
    top = sorted((code for code in counts if code in names), key=lambda code: (-counts[code], code))[:limit]
    return [{"code": code, "name": names[code], "count": counts[code],
             "query": params.query(gemeente=code, pagina=None).urlencode()} for code in top]


def _reset_weights(params: ScanParams) -> str:
    return params.query(**dict.fromkeys((WEIGHT_PREFIX + code for code in DEFAULT_WEIGHTS), None),
                        pagina=None).urlencode()


@spreadsheet_export
@require_safe
def scan_csv(request):
    params = read_params(request.GET)
    result = scan_for(params)
    if result is None:
        raise Http404(_("There are no areas at this level."))
    scope = f"_{result.gemeente.code}" if result.gemeente else ""
    return csv_response(_scan_rows(params, result), bom=False,
                        filename=f"scan_{result.level}_{result.boundary_year}{scope}.csv")


def _scan_rows(params: ScanParams, result: ScanResult):
    header = ["rank", "code", "name", "boundary_year"]
    for key in (ENERGY, VULNERABILITY):
        header += [f"{key}_score", f"{key}_present", f"{key}_total", f"{key}_coverage", f"{key}_missing"]
    header += ["combined", "quadrant"]
    for code in ALL_CODES:
        header += [f"{code}_value", f"{code}_period", f"{code}_rank"]
    yield [*header, "source"]
    periods = {use.code: use.period or "" for use in result.indicators}
    for rank, position in enumerate(result.order(chosen_sort(params, result)).tolist(), start=1):
        row = result.row(position)
        line = [rank, row.code, row.name, result.boundary_year]
        for score in (row.energy, row.vulnerability):
            line += [_round(score.score), score.present, score.total, round(score.coverage, 4),
                     " ".join(score.missing)]
        line += [_round(row.combined), row.quadrant or ""]
        for code in ALL_CODES:
            value = row.values[code]
            line += [_plain(value), periods[code] if value is not None else "", _round(row.ranks[code])]
        yield [*line, ATTRIBUTION]


def _round(value: float | None) -> float | str:
    return "" if value is None else round(value, 4)


def _plain(value: float | None) -> float | str:
    return "" if value is None else value
