"""The indicator catalogue and import provenance pages: their reads, and the write paths that create and change an
indicator.

The writes follow the service conventions (object first, ``by=``, ``full_clean()``, one transaction, an audit record)
and the reads the selector conventions; they are kept together here, apart from the import services.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.core import audit
from dubbelslag.programme.access import is_programme_team

from . import stats
from .enums import Domain, ImportSource, ObservationStatus, ValueType
from .models import ImportRun, Indicator, IndicatorClass, Observation
from .periods import period_sort_key
from .selectors import INDICATOR_FILTERS, THIRD_PARTY_BASE_URL, THIRD_PARTY_TABLES, fetch_command
from .sources.common import key_stem

# Fields the programme team may change; the code is fixed once created, since files and links refer to it.
INDICATOR_FIELDS = [
    "name_nl", "name_en", "definition_nl", "definition_en", "domain", "unit", "direction", "source_table",
    "source_key_stem", "source_key_stem_aliases", "source_note", "spatial_level", "licence", "is_own_measurement",
]
INDICATOR_AUDIT_FIELDS = ["code", *INDICATOR_FIELDS]

# Upper case and starting with a letter, so a long-format upload can name it (see sources/long_format.py).
CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]*$")
# The same rule as sources/tables.py: five digits and three capitals or digits (85984NED, 50120NED).
TABLE_ID_PATTERN = re.compile(r"^[0-9]{5}[A-Z0-9]{3}$")
KEY_STEM_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
STATLINE_URL = "https://opendata.cbs.nl/statline/#/CBS/nl/dataset/{table}/table"

LEVEL_ORDER = {AreaLevel.GEMEENTE: 0, AreaLevel.WIJK: 1, AreaLevel.BUURT: 2}
CBS_SOURCES = {ImportSource.CBS_ODATA, ImportSource.CBS_CSV, ImportSource.BUNDLED}


# Reads --------------------------------------------------------------------------------------------------------------


def source_link(table_id: str) -> tuple[str, bool] | None:
    """Where a person reads a CBS table: (url, is_third_party). StatLine for CBS's own tables; the OData service of
    CBS's portal for third-party data (such as the health monitor) otherwise. None for anything that is no table id."""
    if not TABLE_ID_PATTERN.match(table_id or ""):
        return None
    if table_id in THIRD_PARTY_TABLES:
        return f"{THIRD_PARTY_BASE_URL}{table_id}", True
    return STATLINE_URL.format(table=table_id), False


@dataclass(frozen=True)
class DomainGroup:
    domain: str
    label: str
    indicators: list[Indicator]


def catalogue(*, domain: str = "", q: str = "") -> list[DomainGroup]:
    """The indicators per domain (in the domains' own order), each with ``observation_count``; one query.

    ``domain`` narrows to one domain (an unknown value is ignored); ``q`` matches code, names, key stem and table.
    """
    # A correlated count per indicator walks the (indicator, period) index; a join with GROUP BY over every indicator
    # column is about three times slower on the national data.
    counts = (Observation.objects.filter(indicator=OuterRef("pk")).order_by().values("indicator")
              .annotate(count=Count("pk")).values("count"))
    indicators = (Indicator.objects.annotate(observation_count=Coalesce(Subquery(counts), 0))
                  .order_by("code"))
    # The same narrowing as /api/v1/indicators (INDICATOR_FILTERS); an unknown domain is ignored, as on the page.
    indicators = INDICATOR_FILTERS.apply(indicators, {key: value for key, value in (("domain", domain), ("q", q))
                                                      if value and (key != "domain" or value in Domain.values)})
    grouped: dict[str, list[Indicator]] = defaultdict(list)
    for indicator in indicators:
        grouped[indicator.domain].append(indicator)
    return [DomainGroup(value, label, grouped[value]) for value, label in Domain.choices if grouped[value]]


@dataclass(frozen=True)
class Holding:
    """What we hold of one indicator for one boundary year, period and level."""

    boundary_year: int
    period: str
    level: str
    level_label: str
    with_value: int
    suppressed: int
    unknown: int
    minimum: float | None
    median: float | None
    maximum: float | None

    @property
    def total(self) -> int:
        return self.with_value + self.suppressed + self.unknown


def holdings(indicator: Indicator) -> list[Holding]:
    """Per boundary year, period and area level: how many areas have a value, are suppressed or unknown, and the
    minimum, median and maximum of the values. Newest first; one query. Levels are kept apart because a median over
    buurten and gemeenten together means nothing."""
    rows = (Observation.objects.filter(indicator=indicator).order_by()
            .values_list("area__boundary_year", "period", "area__level", "status", "value"))
    groups: dict[tuple[int, str, str], dict] = {}
    for year, period, level, status, value in rows:
        group = groups.setdefault((year, period, level), {"values": [], "suppressed": 0, "unknown": 0})
        if status == ObservationStatus.OK and value is not None:
            group["values"].append(value)
        elif status == ObservationStatus.SUPPRESSED:
            group["suppressed"] += 1
        else:
            group["unknown"] += 1
    labels = dict(AreaLevel.choices)
    result = []
    for (year, period, level), group in groups.items():
        values = sorted(group["values"])
        result.append(Holding(
            boundary_year=year, period=period, level=level, level_label=labels.get(level, level),
            with_value=len(values), suppressed=group["suppressed"], unknown=group["unknown"],
            minimum=values[0] if values else None, median=stats.quantile(values, 0.5),
            maximum=values[-1] if values else None,
        ))
    # Stable sorts, least significant key first: level, then period and year newest first.
    result.sort(key=lambda h: LEVEL_ORDER.get(h.level, len(LEVEL_ORDER)))
    result.sort(key=lambda h: period_sort_key(h.period), reverse=True)
    result.sort(key=lambda h: h.boundary_year, reverse=True)
    return result


def import_runs_for(indicator: Indicator) -> list[ImportRun]:
    """The import runs the indicator's current observations come from, newest first, each with
    ``observation_count``: how many of them. Two queries (counting first walks the indicator's index, which is
    several times faster than grouping a join of runs and observations)."""
    counts = dict(Observation.objects.filter(indicator=indicator).order_by()
                  .values_list("import_run_id").annotate(count=Count("pk")))
    runs = list(ImportRun.objects.filter(pk__in=counts).select_related("by").order_by("-started_at", "-pk"))
    for run in runs:
        run.observation_count = counts[run.pk]
    return runs


def import_runs() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("by").order_by("-started_at", "-pk")


@dataclass(frozen=True)
class TouchedIndicator:
    indicator: Indicator
    total: int
    with_value: int
    suppressed: int
    unknown: int


def indicators_of_run(run: ImportRun) -> list[TouchedIndicator]:
    """The indicators whose current observations come from ``run``, with how many (by status); two queries.

    An observation re-imported later with a changed value points at the later run; unchanged rows keep pointing
    here. So these counts are what the run still provides, not what it once wrote."""
    counts = list(
        Observation.objects.filter(import_run=run).order_by().values("indicator_id").annotate(
            total=Count("pk"),
            with_value=Count("pk", filter=Q(status=ObservationStatus.OK)),
            suppressed=Count("pk", filter=Q(status=ObservationStatus.SUPPRESSED)),
            unknown=Count("pk", filter=Q(status=ObservationStatus.UNKNOWN)),
        )
    )
    indicators = Indicator.objects.in_bulk([row["indicator_id"] for row in counts])
    touched = [TouchedIndicator(indicators[row["indicator_id"]], row["total"], row["with_value"], row["suppressed"],
                                row["unknown"]) for row in counts]
    return sorted(touched, key=lambda t: t.indicator.code)


def attribution(run: ImportRun, touched: list[TouchedIndicator]) -> dict:
    """Who to credit for a run's figures and under which licence: the licences and source notes of the indicators
    it provides, and the CBS table it came from."""
    return {
        "licences": sorted({t.indicator.licence for t in touched if t.indicator.licence}),
        "source_notes": sorted({t.indicator.source_note for t in touched if t.indicator.source_note}),
        "is_cbs": run.source in CBS_SOURCES or bool(run.table_id),
        "table_link": source_link(run.table_id),
    }


# Writes -------------------------------------------------------------------------------------------------------------


def _check_permission(by) -> None:
    if by is not None and not is_programme_team(by):
        raise PermissionDenied


def _check_rules(indicator: Indicator) -> None:
    """The catalogue's own rules on top of the model's: formats the importers rely on."""
    errors: dict[str, list[str]] = defaultdict(list)
    if not CODE_PATTERN.match(indicator.code):
        errors["code"].append(_("Use capital letters, digits and underscores, starting with a letter "
                                "(for example BP_DRAAGVLAK)."))
    if indicator.source_table and not TABLE_ID_PATTERN.match(indicator.source_table):
        errors["source_table"].append(_("A CBS table id is five digits followed by three letters or digits, "
                                        "for example 85984NED."))
    stem = indicator.source_key_stem
    if stem:
        if not KEY_STEM_PATTERN.match(stem):
            errors["source_key_stem"].append(_("A key stem is one word of letters, digits and underscores, "
                                               "for example Woningvoorraad."))
        elif key_stem(stem) != stem:
            errors["source_key_stem"].append(
                _("Leave out the numeric suffix, which changes every year: %(stem)s instead of %(key)s.")
                % {"stem": key_stem(stem), "key": stem})
        elif (Indicator.objects.filter(source_table=indicator.source_table, source_key_stem=stem)
              .exclude(pk=indicator.pk).exists()):
            # The CBS importers find an indicator by its table and key stem, so two would be ambiguous.
            errors["source_key_stem"].append(_("Another indicator already reads this key stem from this table."))
    if indicator.is_own_measurement and indicator.source_table:
        errors["source_table"].append(_("An own measurement has no CBS source table; leave it empty."))
    if errors:
        raise ValidationError(dict(errors))


def _normalise(fields: dict) -> dict:
    text = {name: value.strip() for name, value in fields.items() if isinstance(value, str)}
    fields = {**fields, **text}
    if "source_table" in fields:
        fields["source_table"] = fields["source_table"].upper()
    return fields


def _check_classes(classes: list[tuple[str, str, str]]) -> None:
    """Value classes are (code, Dutch label, English label), lowest first, with distinct codes."""
    if len(classes) < 2:
        raise ValidationError({"classes": _("Give at least two value classes, lowest first (such as Laag, Midden, "
                                            "Hoog).")})
    codes = [code.strip().casefold() for code, _label_nl, _label_en in classes]
    if any(not code for code in codes) or len(set(codes)) != len(codes):
        raise ValidationError({"classes": _("Every value class needs its own name.")})
    if any(len(code.strip()) > 40 for code, _nl, _en in classes):
        raise ValidationError({"classes": _("A value class name has at most 40 characters.")})


@transaction.atomic
def create_indicator(*, code: str, by, classes: list[tuple[str, str, str]] | None = None, **fields) -> Indicator:
    """Add an indicator to the catalogue (typically an own measurement such as a process indicator). Only the
    programme team may. Refuses a taken or malformed code, and the rules of ``_check_rules``, with ValidationError.

    A categorical indicator (``value_type="category"``) needs its ``classes``: (code as the source writes it, Dutch
    label, English label), lowest first."""
    _check_permission(by)
    if fields.get("value_type") == ValueType.CATEGORY:
        _check_classes(classes or [])
    elif classes:
        raise ValidationError({"classes": _("Only an indicator of ordered classes has value classes.")})
    unknown = set(fields) - {*INDICATOR_FIELDS, "value_type"}
    if unknown:
        raise TypeError(f"create_indicator() got unexpected fields: {', '.join(sorted(unknown))}")
    indicator = Indicator(code=code.strip().upper(), **_normalise(fields))
    indicator.full_clean()
    _check_rules(indicator)
    try:
        # A savepoint, so that losing a race for the same code leaves the transaction usable for the refusal.
        with transaction.atomic():
            indicator.save()
    except IntegrityError as error:
        raise ValidationError({"code": _("An indicator with this code already exists.")}, code="unique") from error
    for position, (class_code, label_nl, label_en) in enumerate(classes or [], start=1):
        IndicatorClass.objects.create(indicator=indicator, position=position, code=class_code.strip(),
                                      label_nl=label_nl.strip() or class_code.strip(),
                                      label_en=label_en.strip() or label_nl.strip() or class_code.strip())
    audit.record_create(indicator, by=by, fields=[*INDICATOR_AUDIT_FIELDS, "value_type"])
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, by, **fields) -> Indicator:
    """Change an indicator's reference sheet. Only the programme team may. Records the changed fields in the audit
    trail (nothing when nothing changed, so a repeated submit is harmless). Returns the saved indicator."""
    _check_permission(by)
    unknown = set(fields) - set(INDICATOR_FIELDS)
    if unknown:
        raise TypeError(f"update_indicator() got unexpected fields: {', '.join(sorted(unknown))}")
    current = Indicator.objects.select_for_update().get(pk=indicator.pk)
    before = audit.snapshot(current, INDICATOR_AUDIT_FIELDS)
    for name, value in _normalise(fields).items():
        setattr(current, name, value)
    current.full_clean()
    _check_rules(current)
    current.save()
    audit.record_change(current, by=by, before=before, fields=INDICATOR_AUDIT_FIELDS)
    return current


# -- the programme team's data page: what is loaded per boundary year and level ----------------------------------

LEVEL_DEPTH = {AreaLevel.GEMEENTE: 0, AreaLevel.WIJK: 1, AreaLevel.BUURT: 2}
SPATIAL_DEPTH = {"gemeente": 0, "wijk": 1, "buurt": 2}


def fits_level(indicator: Indicator, level: str) -> bool:
    """Whether figures of ``indicator`` can exist for areas of ``level``: its finest level is as fine or finer.
    Figures per postcode or another division can only be summed up to gemeenten."""
    depth = SPATIAL_DEPTH.get(indicator.spatial_level)
    if depth is None:
        return level == AreaLevel.GEMEENTE
    return depth >= LEVEL_DEPTH[AreaLevel(level)]


@dataclass
class Loaded:
    indicator: Indicator
    areas: int  # areas of the level with at least one figure (any status) of the indicator


@dataclass
class LevelData:
    level: str
    areas: int
    loaded: list[Loaded]
    missing: list[Indicator]
    commands: list[str]  # the commands that fetch the missing figures, one per table

    @property
    def label(self) -> str:
        return AreaLevel(self.level).label


@dataclass
class YearData:
    boundary_year: int
    levels: list[LevelData]
    command: str  # fetches every catalogue table of the year

    @property
    def has_figures(self) -> bool:
        return any(level.loaded for level in self.levels)


def data_overview(*, boundary_year: int | None = None) -> list[YearData]:
    """Per boundary year (latest first; only ``boundary_year`` when given) and level with areas: how many areas it
    has, which indicators have figures there and for how many areas, which indicators that fit the level have none,
    and the commands that fetch them. Three queries."""
    indicators = {indicator.pk: indicator for indicator in Indicator.objects.order_by("domain", "code")}
    areas = Area.objects.values_list("boundary_year", "level").annotate(n=Count("id")).order_by()
    figures = Observation.objects.values_list("area__boundary_year", "area__level", "indicator_id").annotate(
        n=Count("area_id", distinct=True)).order_by()
    if boundary_year is not None:
        areas = areas.filter(boundary_year=boundary_year)
        figures = figures.filter(area__boundary_year=boundary_year)
    counts: dict[tuple[int, str], dict[int, int]] = defaultdict(dict)
    for year, level, indicator_id, n in figures:
        counts[(year, level)][indicator_id] = n
    by_year: dict[int, dict[str, int]] = defaultdict(dict)
    for year, level, n in areas:
        by_year[year][level] = n
    overview = []
    for year in sorted(by_year, reverse=True):
        levels = []
        for level in (AreaLevel.GEMEENTE, AreaLevel.WIJK, AreaLevel.BUURT):
            if level not in by_year[year]:
                continue
            held = counts.get((year, level), {})
            missing = [indicator for pk, indicator in indicators.items()
                       if pk not in held and fits_level(indicator, level)]
            commands = list(dict.fromkeys(fetch_command(indicator, boundary_year=year) for indicator in missing))
            levels.append(LevelData(
                level=level, areas=by_year[year][level], missing=missing, commands=commands,
                loaded=[Loaded(indicators[pk], n) for pk, n in sorted(
                    held.items(), key=lambda item: (indicators[item[0]].domain, indicators[item[0]].code))]))
        overview.append(YearData(year, levels, f"python manage.py fetch_cbs_year {year}"))
    return overview
