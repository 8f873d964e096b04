"""The area pages: search, profile and the profile's figures as CSV. Public open data: no login needed."""


from urllib.parse import urlencode

from django.shortcuts import render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from dubbelslag.core.params import paginate
from dubbelslag.core.spreadsheets import csv_response, spreadsheet_export
from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.programme.access import is_programme_team
from dubbelslag.scan.selectors import scan_link_for

from . import selectors

try:  # written by the koppelkansen helper; the profile shows suggestions once it exists
    from dubbelslag.koppelkansen.selectors import suggestions_for
except ImportError:  # pragma: no cover - depends on the koppelkansen app's progress
    suggestions_for = None

PAGE_SIZE = 50
SUGGESTIONS_TEMPLATE = "koppelkansen/includes/suggestions.html"


def _suggestions(area):
    """The koppelkansen suggested for the area, or None while the koppelkansen app cannot show them yet."""
    if suggestions_for is None:
        return None
    try:
        get_template(SUGGESTIONS_TEMPLATE)
    except TemplateDoesNotExist:
        return None
    return suggestions_for(area)


@require_safe
def area_search(request):
    search = selectors.AreaSearch.from_params(request.GET)
    page = paginate(selectors.search_areas(search), PAGE_SIZE, request.GET.get("page"))
    return render(request, "atlas/area_search.html", {
        "page": page, "search": search, "years": selectors.boundary_years(), "levels": selectors.AreaLevel.choices,
    })


@require_safe
def area_detail(request, code):
    area, years = selectors.area_for_code(code, selectors.parse_year(request.GET.get("jaar")))
    context = selectors.area_profile(area, user=request.user)
    gemeente = selectors.gemeente_of(area)
    return render(request, "atlas/area_detail.html", {
        "area": area, "breadcrumbs": selectors.breadcrumbs(area)[:-1], "gemeente": gemeente,
        "is_team": is_programme_team(request.user),
        "scan_query": urlencode(scan_link_for(gemeente) or {}) if gemeente else "",
        "other_years": [year for year in years if year != area.boundary_year],
        "years_with_figures": selectors.years_with_figures(area.code) if len(years) > 1 else set(),
        "suggestions": _suggestions(area), "suggestions_template": SUGGESTIONS_TEMPLATE,
        **context,
    })


def _number(value: float | None) -> int | float | None:
    """A figure for the CSV, to six decimals; a whole number without them (the writer puts the decimal sign)."""
    if value is None:
        return None
    rounded = round(value, 6)
    return int(rounded) if rounded.is_integer() else rounded


def _figure_rows(area, observations):
    yield [
        "area_code", "area_name", "boundary_year", "indicator_code", "indicator_name", "domain", "unit", "period",
        "value", "status", "gemeente_reference", "gemeente_reference_kind", "nl_median", "nl_percentile",
        "source_table", "import_run_id", "retrieved_at", "licence", "attribution",
    ]
    for observation in observations:
        figure, indicator, run = observation.figure, observation.indicator, observation.import_run
        yield [
            area.code, area.name, area.boundary_year, indicator.code, indicator.name, indicator.domain,
            indicator.unit, observation.period,
            observation.value_class.code if observation.value_class_id else _number(observation.value),
            ObservationStatus(observation.status).value,
            _number(figure.gemeente.value) if figure.gemeente else None,
            figure.gemeente.kind if figure.gemeente else None,
            _number(figure.nl.value) if figure.nl else None,
            _number(round(figure.percentile, 1)) if figure.percentile is not None else None,
            figure.source_table, run.pk, run.retrieved_at.isoformat() if run.retrieved_at else None,
            indicator.licence, figure.attribution,
        ]


@spreadsheet_export
@require_safe
def area_csv(request, code):
    """The area's figures, every period, with references and provenance. UTF-8 with a byte-order mark so that Excel
    reads the accents; semicolons and decimal commas in Dutch, as Dutch Excel (and CBS's own downloads) expect, and
    commas and decimal points in English."""
    area, _years = selectors.area_for_code(code, selectors.parse_year(request.GET.get("jaar")))
    dutch = (get_language() or "nl").startswith("nl")
    delimiter, decimal = (";", ",") if dutch else (",", ".")
    return csv_response(_figure_rows(area, selectors.area_figure_rows(area)),
                        filename=f"{area.code}_{area.boundary_year}.csv", delimiter=delimiter, decimal=decimal)

