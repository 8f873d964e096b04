"""Cross-model reads of the indicators app."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.models import Area
from dubbelslag.core.filters import Filter, FilterSet, choice, text

from .enums import Domain
from .models import Indicator, Observation
from .references import data_version
from .sources.tables import load_kwb_tables

# Tables that are not on the open data portal but on CBS's portal for third-party data.
THIRD_PARTY_TABLES = {"50120NED"}
THIRD_PARTY_BASE_URL = "https://dataderden.cbs.nl/ODataApi/odata/"


def fetch_command(indicator: Indicator, area: Area | None = None, *, boundary_year: int | None = None) -> str:
    """The one command that fetches a missing figure of ``indicator`` (for ``area``'s boundary year, or
    ``boundary_year``) from CBS.

    A KWB indicator is fetched from the KWB table of the area's boundary year, since a table's figures are given in
    its own year's boundaries; other CBS tables by their id; own measurements and non-CBS sources by a long-format
    import. A CBS indicator without a key stem (one taken from a CBS export rather than an OData column) can only
    come in through a long-format file too.
    """
    if indicator.is_own_measurement or not indicator.source_table or not indicator.source_key_stem:
        return "python manage.py import_observations <bestand.csv>"
    table_id = indicator.source_table
    kwb = load_kwb_tables()
    if area is not None:
        boundary_year = area.boundary_year
    if boundary_year is not None and table_id in {table.table_id for table in kwb.values()}:
        year = boundary_year if boundary_year in kwb else max(kwb)
        table_id = kwb[year].table_id
    command = f"python manage.py import_cbs_odata {table_id}"
    if table_id in THIRD_PARTY_TABLES:
        command += f" --base-url {THIRD_PARTY_BASE_URL}"
    return command


def _matching_text(indicators, q: str):
    return indicators.filter(Q(code__icontains=q) | Q(name_nl__icontains=q) | Q(name_en__icontains=q)
                             | Q(source_key_stem__icontains=q) | Q(source_table__icontains=q))


# The catalogue's filters, shared by the indicator list page and /api/v1/indicators.
INDICATOR_FILTERS = FilterSet(
    Filter("domain", choice(Domain.values), lambda qs, domain: qs.filter(domain=domain), page="domain", api="domain",
           label=_("domain"), schema={"type": "string", "enum": list(Domain.values)},
           description="Only indicators of this domain.", example="energie"),
    Filter("q", text(max_length=100), _matching_text, page="q", api="q", schema={"type": "string", "maxLength": 100},
           description="Code, names, CBS key stem or table id contain this text.", example="gas"),
)


# A figure as a number for an analysis (docs/domain.md#categorical-indicators): its value, or for a categorical
# indicator the calibrated score of its class; NULL for a class without a score, which then takes no part.
NUMERIC_VALUE = Coalesce(F("value"), F("value_class__score"))


FIGURE_YEARS_SECONDS = 24 * 60 * 60


def figure_years() -> dict[str, tuple[int, ...]]:
    """Area code → the boundary years in which the area with that code has at least one figure, latest first.

    Every link to an area page asks this, so it is read once (one query over the figures) and cached until the next
    import: figures change only through imports, each of which records an ``ImportRun`` (``data_version``)."""
    key = f"indicators:figure-years:{data_version()}"
    found = cache.get(key)
    if found is None:
        years: dict[str, set[int]] = {}
        for code, year in (Observation.objects.values_list("area__code", "area__boundary_year")
                           .distinct().order_by()):
            years.setdefault(code, set()).add(year)
        found = {code: tuple(sorted(found_years, reverse=True)) for code, found_years in years.items()}
        cache.set(key, found, FIGURE_YEARS_SECONDS)
    return found


def link_year(code: str, boundary_year: int, *, years: dict[str, tuple[int, ...]] | None = None) -> int:
    """The boundary year a link to the area ``code`` of ``boundary_year`` should open: that year when the area has
    figures in it, else the latest year in which the same code has figures, else ``boundary_year`` itself (whose
    page then says in words that there are no figures yet). ``years``: ``figure_years()``, when already read."""
    found = (figure_years() if years is None else years).get(code.upper(), ())
    if not found or boundary_year in found:
        return boundary_year
    return found[0]


def area_url(area: Area, *, years: dict[str, tuple[int, ...]] | None = None) -> str:
    """The profile address of ``area``, in the boundary year ``link_year`` chooses."""
    year = link_year(area.code, area.boundary_year, years=years)
    return f"{reverse('atlas:area-detail', args=[area.code])}?jaar={year}"
