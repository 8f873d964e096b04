"""Page data of the area pages: finding areas, and an area's figures with their references and provenance.

Every function here runs a fixed number of queries, whatever the number of indicators or figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import CODE_PATTERN, CURRENT_BOUNDARY_YEAR, Area
from dubbelslag.core.filters import Filter, FilterSet, choice, integer, matching, text
from dubbelslag.core.params import parse_int
from dubbelslag.indicators.enums import Domain, ObservationStatus, SpatialLevel
from dubbelslag.indicators.models import Indicator, Observation
from dubbelslag.indicators.periods import period_sort_key
from dubbelslag.indicators.references import ClassShare, Distribution, class_shares, distributions
from dubbelslag.indicators.selectors import figure_years
from dubbelslag.programme.models import Experiment

from .charts import BarChart, bar_chart

ENERGY_DOMAINS = (Domain.ENERGY, Domain.HOUSING, Domain.ENERGY_POVERTY)
LIVABILITY_DOMAINS = (Domain.SOCIO_ECONOMIC, Domain.LIVABILITY, Domain.PROCESS)
LEVEL_DEPTH = {AreaLevel.GEMEENTE: 0, AreaLevel.WIJK: 1, AreaLevel.BUURT: 2}
# Counts add up over areas, so a gemeente's own count (its total) is no reference for one of its wijken or buurten:
# those are compared with the median of the gemeente's areas instead.
COUNT_UNITS = {"aantal"}


# -- finding areas ------------------------------------------------------------------------------------------------

def parse_year(text: str | None) -> int | None:
    """A boundary year from a GET parameter, or None when it is absent or not a plausible year."""
    text = (text or "").strip()
    return parse_int(text) if len(text) == 4 else None  # ASCII digits only: not "²⁰²¹" nor "２０２１"


def years_with_figures(code: str) -> set[int]:
    """The boundary years in which the area with ``code`` has at least one figure. One query."""
    return set(Observation.objects.filter(area__code=code.upper()).values_list("area__boundary_year", flat=True)
               .order_by().distinct())


def area_for_code(code: str, year: int | None = None) -> tuple[Area, list[int]]:
    """The area with ``code`` in boundary ``year``, with its parents loaded, and every boundary year that has the
    code. Without ``year``: the latest year in which the code has figures, else the latest year that has the code.
    Raises Http404. One or two queries."""
    # Anything that is not even shaped like a code is unknown (and never reaches the database as such).
    shaped = CODE_PATTERN.fullmatch(code.upper())
    versions = list(Area.objects.filter(code=code.upper()).select_related("parent__parent")
                    .order_by("-boundary_year")) if shaped else []
    if not versions:
        raise Http404(_("No area has the code %(code)s.") % {"code": code})
    if year is None:
        with_figures = years_with_figures(code) if len(versions) > 1 else set()
        area = next((version for version in versions if version.boundary_year in with_figures), versions[0])
    else:
        area = next((version for version in versions if version.boundary_year == year), None)
        if area is None:
            raise Http404(_("The code %(code)s does not exist in the %(year)s boundaries.") % {"code": code,
                                                                                               "year": year})
    return area, [version.boundary_year for version in versions]


def breadcrumbs(area: Area) -> list[Area]:
    """Gemeente → wijk → the area itself (the parents as loaded by ``area_for_code``)."""
    chain = [area]
    while chain[0].parent_id is not None and chain[0].parent is not None:
        chain.insert(0, chain[0].parent)
    return chain


def gemeente_of(area: Area) -> Area | None:
    chain = breadcrumbs(area)
    return chain[0] if chain[0].level == AreaLevel.GEMEENTE else None


@dataclass(frozen=True)
class AreaSearch:
    """The area search page's filters, read leniently through ``AREA_FILTERS`` (shared with /api/v1/areas)."""

    values: dict = field(default_factory=dict)

    @classmethod
    def from_params(cls, params) -> AreaSearch:
        return cls(values=dict(AREA_FILTERS.from_page(params)))

    q = property(lambda self: self.values.get("q", ""))
    level = property(lambda self: self.values.get("level", ""))
    year = property(lambda self: self.values.get("year"))

    @property
    def is_default(self) -> bool:
        return not self.values


def search_areas(search: AreaSearch) -> QuerySet[Area]:
    """Areas matching the filters (words of the name or a code, level, boundary year, gemeente), all levels and years
    unless narrowed; without a year or text, the current boundary year; without any filter, the gemeenten of the
    current boundary year. With text: areas with figures first, then exact names and codes, then gemeenten before
    wijken before buurten, then by name and latest boundary year first. Each area carries ``other_name``: the
    name its code has in another boundary year, for the years whose code lists give no names. Without a chosen
    year, an area is listed once: its years without figures are left out when it has figures in another year."""
    areas = Area.objects.select_related("parent__parent")
    if search.is_default:
        return areas.in_year(CURRENT_BOUNDARY_YEAR).gemeenten().order_by("name", "code")
    areas = AREA_FILTERS.apply(areas, search.values)
    if not search.year and not search.q:
        areas = areas.filter(boundary_year=CURRENT_BOUNDARY_YEAR)
    if not search.q:
        return areas.order_by("name", "code", "-boundary_year")
    words = search_words(search.q)
    exact = Q(name__iexact=search.q) | Q(code__iexact=search.q) | Q(name__iregex=_wijk_title(search.q))
    if len(words) > 1:  # "Overvecht Utrecht": the first words are the area's own name
        own = " ".join(words[:-1])
        exact |= Q(name__iexact=own) | Q(name__iregex=_wijk_title(own))
    areas = areas.annotate(has_figures=Exists(Observation.objects.filter(area=OuterRef("pk"))))
    if not search.year:
        # One row per neighbourhood: a year without figures is left out when the same area (same code and name, or
        # a year whose code list gives no names) has figures in another boundary year, which its row links to and
        # whose profile names the other years. A code reused for another area keeps its own row.
        same_area_with_figures = Area.objects.filter(
            Q(name=OuterRef("name")) | Q(code=OuterRef("name")) | Q(name=F("code")),
            code=OuterRef("code"), observations__isnull=False,
        ).exclude(pk=OuterRef("pk"))
        areas = areas.exclude(Q(has_figures=False) & Exists(same_area_with_figures))
    return areas.annotate(
        match=Case(When(exact, then=Value(0)), When(name__istartswith=words[0], then=Value(1)), default=Value(2)),
        depth=Case(*(When(level=level, then=Value(depth)) for level, depth in LEVEL_DEPTH.items())),
        other_name=Subquery(Area.objects.filter(code=OuterRef("code")).exclude(name=F("code")).exclude(name="")
                            .order_by("-boundary_year").values("name")[:1]),
    ).order_by("-has_figures", "match", "depth", "name", "code", "-boundary_year")


def search_words(text: str) -> list[str]:
    """The words of a search text: split on spaces and commas, at most eight."""
    return [word for word in re.split(r"[\s,]+", text) if word][:8]


def _wijk_title(name: str) -> str:
    """A regular expression for ``name`` as CBS titles a wijk: "Wijk 03 Overvecht"."""
    return r"^wijk ?[0-9a-z]{1,2} +" + re.escape(name) + "$"


def _matching_words(queryset: QuerySet[Area], text: str) -> QuerySet[Area]:
    """Areas of which every word of ``text`` is in the name, starts the code, or is in the name of the gemeente the
    area lies in ("Overvecht Utrecht"), and at least one word is the area's own: so "Utrecht" alone finds the
    gemeente and the areas named Utrecht, not every buurt inside it. An area whose code list gives no name (the
    wijken of 2021 and 2024) is found by the name its code has in another boundary year."""
    words = search_words(text)
    if not words:
        return queryset
    named = Area.objects.exclude(name=F("code")).exclude(name="")
    own_any = Q()
    for word in words:
        own = (Q(name__icontains=word) | Q(code__istartswith=word)
               | Q(name=F("code"), code__in=named.filter(name__icontains=word).values("code")))
        in_gemeente = (Q(level=AreaLevel.WIJK, parent__name__icontains=word)
                       | Q(level=AreaLevel.BUURT, parent__parent__name__icontains=word))
        queryset = queryset.filter(own | in_gemeente)
        own_any |= own
    return queryset.filter(own_any)


def boundary_years() -> list[int]:
    return list(Area.objects.values_list("boundary_year", flat=True).distinct().order_by("-boundary_year"))


# -- filters shared by the area search page and /api/v1/areas, /api/v1/observations -----------------------------

GEMEENTE_CODE = re.compile(r"GM[0-9]{4}")
INDICATOR_CODE = re.compile(r"[A-Z0-9_]{1,40}")
PERIOD = re.compile(r"[0-9A-Za-z]{1,10}")
LEVEL_SCHEMA = {"type": "string", "enum": list(AreaLevel.values)}
YEAR_SCHEMA = {"type": "integer", "minimum": 1900, "maximum": 2100}
GEMEENTE_SCHEMA = {"type": "string", "pattern": "^[Gg][Mm][0-9]{4}$"}


def in_gemeente(prefix: str = ""):
    """Narrow to a gemeente and the wijken and buurten inside it (their codes embed the gemeente's digits)."""
    def narrow(queryset, code: str):
        digits = code[2:]
        return queryset.filter(Q(**{f"{prefix}code": code}) | Q(**{f"{prefix}code__startswith": f"WK{digits}"})
                               | Q(**{f"{prefix}code__startswith": f"BU{digits}"}))

    return narrow


def _gemeente_reason() -> str:
    return _("“%(value)s” is not a gemeente code (GM####).")


def _level_filter(prefix: str = "") -> Filter:
    return Filter("level", choice(AreaLevel.values), lambda qs, value: qs.filter(**{f"{prefix}level": value}),
                  page="level", api="level", label=gettext_lazy("level"), schema=LEVEL_SCHEMA,
                  description="Only areas of this level.", example="buurt")


def _gemeente_filter(prefix: str = "") -> Filter:
    return Filter("gemeente", matching(GEMEENTE_CODE, _gemeente_reason, upper=True), in_gemeente(prefix),
                  page="gemeente", api="gemeente", label=gettext_lazy("municipality"), schema=GEMEENTE_SCHEMA,
                  description="Only this gemeente and the wijken and buurten inside it.", example="GM0599")


AREA_FILTERS = FilterSet(
    _level_filter(),
    Filter("year", integer(low=1900, high=2100), lambda qs, year: qs.filter(boundary_year=year), page="jaar",
           api="year", label=gettext_lazy("year"), schema=YEAR_SCHEMA,
           description="Only areas of this boundary year.", example=2021),
    _gemeente_filter(),
    Filter("q", text(max_length=100), _matching_words,
           page="q", api="q", schema={"type": "string", "maxLength": 100},
           description="Every word is in the name, starts the code, or is in the name of the area's gemeente "
                       "(\"Overvecht Utrecht\"); at least one word is the area's own.", example="Pendrecht"),
)

OBSERVATION_FILTERS = FilterSet(
    Filter("indicator", matching(INDICATOR_CODE, lambda: _("“%(value)s” is not an indicator code."), upper=True,
                                 many=True),
           lambda qs, codes: qs.filter(indicator__code__in=codes), api="indicator",
           description="Indicator code, or several separated by commas.", example="ET_HOOFDVERW_GAS"),
    Filter("area", matching(CODE_PATTERN, lambda: _("“%(value)s” is not a CBS area code."), upper=True, many=True),
           lambda qs, codes: qs.filter(area__code__in=codes), api="area",
           description="Area code, or several separated by commas.", example="BU05991577"),
    Filter("year", integer(low=1900, high=2100), lambda qs, year: qs.filter(area__boundary_year=year), api="year",
           schema=YEAR_SCHEMA, description="Boundary year of the areas.", example=2021),
    Filter("period", matching(PERIOD, lambda: _("“%(value)s” is not a period."), many=True),
           lambda qs, periods: qs.filter(period__in=periods), api="period",
           description="Period of the figure, or several separated by commas.", example="2021"),
    _level_filter("area__"),
    _gemeente_filter("area__"),
)


# -- an area's figures --------------------------------------------------------------------------------------------

@dataclass
class Reference:
    value: float | None
    label: str  # what the value is: "Rotterdam", "Rotterdam (median of 85 buurten)", "Netherlands (median …)"
    kind: str  # "gemeente", "gemeente_median" or "nl_median"
    count: int = 0  # areas the median is taken over


@dataclass
class Figure:
    indicator: Indicator
    observation: Observation
    gemeente: Reference | None = None
    nl: Reference | None = None
    percentile: float | None = None
    chart: BarChart | None = None
    # A categorical indicator: the shares of its classes across the areas of this level, and the gemeente's own
    # class; never a median, percentile or bar chart (docs/domain.md#categorical-indicators).
    shares: list[ClassShare] = field(default_factory=list)
    shares_count: int = 0
    gemeente_class: str = ""

    @property
    def is_ok(self) -> bool:
        return self.observation.status == ObservationStatus.OK

    @property
    def is_class(self) -> bool:
        return self.observation.value_class_id is not None

    @property
    def shares_count_text(self) -> str:
        return _count(self.shares_count)

    @property
    def class_label(self) -> str:
        return self.observation.value_class.label if self.is_class else ""

    @property
    def source_table(self) -> str:
        return self.observation.import_run.table_id or self.indicator.source_table

    @property
    def unit(self) -> str:
        """The unit as shown after a value: none for plain counts."""
        return "" if self.indicator.unit in COUNT_UNITS else self.indicator.unit

    @property
    def attribution(self) -> str:
        if self.source_table and not self.indicator.is_own_measurement:
            return _("Source: CBS, table %(table)s, %(licence)s") % {"table": self.source_table,
                                                                      "licence": self.indicator.licence}
        source = self.indicator.source_note.split("\n")[0][:120] or _("Dubbelslag programme (own measurement)")
        return _("Source: %(source)s, %(licence)s") % {"source": source, "licence": self.indicator.licence}


@dataclass
class Missing:
    indicator: Indicator


@dataclass
class DomainGroup:
    domain: str
    label: str
    figures: list[Figure] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)


@dataclass
class Side:
    key: str  # "energy" or "livability"
    label: str
    domains: list[DomainGroup]

    @property
    def figures(self) -> list[Figure]:
        return [figure for group in self.domains for figure in group.figures]

    @property
    def missing(self) -> list[Missing]:
        return [missing for group in self.domains for missing in group.missing]


def level_plural(level: str) -> str:
    return {AreaLevel.GEMEENTE: _("gemeenten"), AreaLevel.WIJK: _("wijken"), AreaLevel.BUURT: _("buurten")}[level]


def fits_level(indicator: Indicator, area: Area) -> bool:
    """Whether figures of ``indicator`` can exist for areas of ``area``'s level: its finest level is as fine or finer.
    Figures per postcode or another division can only be summed up to gemeenten."""
    depth = {SpatialLevel.GEMEENTE: 0, SpatialLevel.WIJK: 1, SpatialLevel.BUURT: 2}.get(indicator.spatial_level)
    if depth is None:
        return area.level == AreaLevel.GEMEENTE
    return depth >= LEVEL_DEPTH[area.level]


def _count(number: int) -> str:
    return number_format(number, force_grouping=True)


def _references(area: Area, gemeente: Area | None, observations: list[Observation],
                indicators: dict[int, Indicator]) -> None:
    """Fill in the gemeente and NL references, the NL percentile and the chart of every figure. Two or three queries:
    the gemeente's own observations, and the distributions (see ``references``)."""
    keys = {(observation.indicator_id, observation.period) for observation in observations}
    categorical = {key for key in keys if indicators[key[0]].is_categorical}
    dists = distributions(keys - categorical, boundary_year=area.boundary_year, level=area.level)
    shares = class_shares(categorical, boundary_year=area.boundary_year, level=area.level)
    own: dict[tuple[int, str], float] = {}
    own_class: dict[tuple[int, str], str] = {}
    if gemeente is not None and gemeente.pk != area.pk:
        for indicator_id, period, value, class_id in Observation.objects.filter(
            area=gemeente, indicator_id__in={key[0] for key in keys}, period__in={key[1] for key in keys},
            status=ObservationStatus.OK,
        ).values_list("indicator_id", "period", "value", "value_class_id").order_by():
            if class_id is not None:
                own_class[(indicator_id, period)] = class_id
            else:
                own[(indicator_id, period)] = value
    plural = level_plural(area.level)
    for observation in observations:
        key = (observation.indicator_id, observation.period)
        indicator = indicators[observation.indicator_id]
        dist: Distribution | None = dists.get(key)
        figure = observation.figure
        if key in categorical:
            figure.shares = shares.get(key, [])
            figure.shares_count = sum(share.count for share in figure.shares)
            if key in own_class:
                figure.gemeente = Reference(None, gemeente.name, "gemeente")
                figure.gemeente_class = next((share.label for share in figure.shares
                                              if share.class_id == own_class[key]), "")
            continue
        if gemeente is not None and gemeente.pk != area.pk:
            if key in own and indicator.unit not in COUNT_UNITS:
                figure.gemeente = Reference(own[key], gemeente.name, "gemeente")
            elif dist is not None and area.code[2:6] in dist.gemeenten:
                median, count = dist.gemeenten[area.code[2:6]]
                figure.gemeente = Reference(median, _("%(gemeente)s (median of %(count)s %(areas)s)") % {
                    "gemeente": gemeente.name, "count": _count(count), "areas": plural}, "gemeente_median", count)
        if dist is not None and dist.count:
            figure.nl = Reference(dist.median, _("Netherlands (median of %(count)s %(areas)s)") % {
                "count": _count(dist.count), "areas": plural}, "nl_median", dist.count)
            if figure.is_ok:
                figure.percentile = dist.percentile(observation.value)
        if figure.is_ok:
            figure.chart = bar_chart([
                (area.name, observation.value, "area"),
                (gemeente.name if figure.gemeente else "", figure.gemeente.value if figure.gemeente else None,
                 "gemeente"),
                (_("Netherlands"), figure.nl.value if figure.nl else None, "nl"),
            ], unit=indicator.unit)


def area_observations(area: Area, indicators: dict[int, Indicator], *, latest_only: bool) -> list[Observation]:
    """The area's observations with their import run, each carrying a ``figure`` with its references; only the
    latest period of each indicator when ``latest_only``. Ordered as the indicator catalogue, then by period."""
    observations = list(Observation.objects.filter(area=area).select_related("import_run", "value_class")
                        .order_by())
    if latest_only:
        latest: dict[int, Observation] = {}
        for observation in observations:
            current = latest.get(observation.indicator_id)
            if current is None or period_sort_key(observation.period) > period_sort_key(current.period):
                latest[observation.indicator_id] = observation
        observations = list(latest.values())
    order = {indicator_id: position for position, indicator_id in enumerate(indicators)}
    observations.sort(key=lambda observation: (order[observation.indicator_id], period_sort_key(observation.period)))
    for observation in observations:
        observation.indicator = indicators[observation.indicator_id]
        observation.figure = Figure(indicator=observation.indicator, observation=observation)
    _references(area, gemeente_of(area), observations, indicators)
    return observations


def _indicators() -> dict[int, Indicator]:
    return {indicator.pk: indicator for indicator in Indicator.objects.order_by("domain", "code")}


def area_profile(area: Area, *, user) -> dict:
    """Everything the profile page shows besides the area itself: children, the figures of both sides with their
    references, the indicators still without a figure (said in words; the team's data page tells how to fetch
    them), and the experiments
    in the area that ``user`` may see."""
    indicators = _indicators()
    observations = area_observations(area, indicators, latest_only=True)
    with_figure = {observation.indicator_id for observation in observations}
    domain_labels = dict(Domain.choices)
    groups = {domain: DomainGroup(domain, domain_labels[domain]) for domain in (*ENERGY_DOMAINS, *LIVABILITY_DOMAINS)}
    for observation in observations:
        groups[observation.indicator.domain].figures.append(observation.figure)
    for indicator in indicators.values():
        if indicator.pk in with_figure or not fits_level(indicator, area) or indicator.domain not in groups:
            continue
        groups[indicator.domain].missing.append(Missing(indicator))
    sides = [
        Side("energy", _("Energy task and housing"), [groups[domain] for domain in ENERGY_DOMAINS]),
        Side("livability", _("Livability and vulnerability"), [groups[domain] for domain in LIVABILITY_DOMAINS]),
    ]
    experiments = (Experiment.objects.visible_to(user).filter(Q(gemeente=area) | Q(focus_areas=area))
                   .distinct().order_by("title").only("pk", "title"))
    children, children_year = children_of(area)
    return {"sides": sides, "has_figures": bool(observations), "children": children, "children_year": children_year,
            "experiments": list(experiments) if user.is_authenticated else []}


def children_of(area: Area) -> tuple[list[Area], int]:
    """The areas inside ``area`` and their boundary year. A wijk of a year whose code list has no buurten (2024)
    lists the buurten of the same wijk code in another year: the one where most of them have figures, else the
    latest. One query, two for such a wijk."""
    fields = ("code", "name", "level", "boundary_year")
    children = list(area.children.order_by("name", "code").only(*fields))
    if children or area.level != AreaLevel.WIJK:
        return children, area.boundary_year
    by_year: dict[int, list[Area]] = {}
    for child in (Area.objects.filter(level=AreaLevel.BUURT, parent__code=area.code).order_by("name", "code")
                  .only(*fields)):
        by_year.setdefault(child.boundary_year, []).append(child)
    if not by_year:
        return [], area.boundary_year
    years = figure_years()
    best = max(by_year, key=lambda year: (sum(year in years.get(child.code, ()) for child in by_year[year]), year))
    return by_year[best], best


def area_figure_rows(area: Area) -> list[Observation]:
    """Every observation of the area (all periods) with its references, for the CSV download."""
    return area_observations(area, _indicators(), latest_only=False)
