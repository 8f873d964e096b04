"""Figures embedded in a knowledge product: one indicator for one area from the neighbourhood data, or one public
monitoring result for one reporting period (``take_monitoring_snapshot``).

A figure is shown from its *snapshot*, a plain dict frozen in ``Figure.snapshot``: the value with its status, the
period, the unit, the indicator's and area's names, where the figure came from (CBS table, import run, licence) and,
for comparison, the median of all areas of the same level in the Netherlands. The workflow services take a snapshot
when a figure is added and whenever a draft is saved, and once more on publication; after that the snapshot never
changes, so a published product keeps showing what it showed even when new data are imported.

The snapshot holds data, not sentences: statuses and levels as codes, so the page says them in its own language.
A suppressed or unknown figure has ``value`` None and is said in words, never shown as 0.

A monitoring figure's snapshot (``"kind": "monitoring"``) holds an experiment's approved value of a public indicator
in a public period, or a shared indicator's programme total for that period by its documented rule, read only
through ``monitoring.selectors.public_updates`` (so only what the public may see), with its source: "monitoring of
experiment X, approved values" or the programme and the experiments counted. Without such a value its status is
``missing`` (said in words, never 0).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area
from dubbelslag.indicators.catalogue import CBS_SOURCES, source_link
from dubbelslag.indicators.enums import ObservationStatus
from dubbelslag.indicators.models import Indicator, Observation
from dubbelslag.indicators.periods import period_sort_key
from dubbelslag.indicators.references import distributions
from dubbelslag.koppelkansen.formatting import format_value
from dubbelslag.monitoring import rollup
from dubbelslag.monitoring.models import ReportingPeriod, ResultIndicator
from dubbelslag.monitoring.selectors import public_updates, rule_description, shared_rollups

from .models import Figure

# No observation at all for the area, indicator and period: not the same as one the source suppressed.
STATUS_MISSING = "missing"

STATUS_LABELS = {
    ObservationStatus.OK: _("value"),
    ObservationStatus.SUPPRESSED: _("not published by the source (too few cases or unreliable)"),
    ObservationStatus.UNKNOWN: _("unknown at the source"),
    STATUS_MISSING: _("no figure available for this area and period"),
}
SNAPSHOT_VERSION = 1


def _observation(area: Area, indicator: Indicator, period: str) -> Observation | None:
    observations = Observation.objects.filter(area=area, indicator=indicator).select_related("import_run",
                                                                                             "value_class")
    if period:
        return observations.filter(period=period).first()
    # The latest period in time: as text 2024KW04 would sort before 2024MM02 (see indicators.periods). An area has
    # a handful of periods per indicator, so they are compared here rather than in SQL.
    return max(observations.order_by(), key=lambda observation: period_sort_key(observation.period), default=None)


def _national_median(indicator: Indicator, area: Area, period: str) -> tuple[float | None, int]:
    summary = distributions({(indicator.pk, period)}, boundary_year=area.boundary_year, level=area.level)
    distribution = summary.get((indicator.pk, period))
    if distribution is None or not distribution.count:
        return None, 0
    return distribution.median, distribution.count


def take_snapshot(*, area: Area, indicator: Indicator, period: str = "", with_median: bool = True) -> dict:
    """What a figure shows now, as a JSON-ready dict (see the module docstring)."""
    observation = _observation(area, indicator, period)
    run = observation.import_run if observation else None
    status = observation.status if observation else STATUS_MISSING
    value = observation.value if observation and status == ObservationStatus.OK else None
    value_class = observation.value_class if observation and status == ObservationStatus.OK else None
    snapshot = {
        "v": SNAPSHOT_VERSION,
        "value": value,
        # A categorical indicator's figure is its class, in both languages (docs/domain.md#categorical-indicators).
        "class_nl": value_class.label_nl if value_class else "",
        "class_en": value_class.label_en if value_class else "",
        "status": status,
        "period": observation.period if observation else period,
        "unit": indicator.unit,
        "indicator_code": indicator.code,
        "indicator_name_nl": indicator.name_nl,
        "indicator_name_en": indicator.name_en,
        "area_code": area.code,
        "area_name": area.name,
        "area_level": area.level,
        "boundary_year": area.boundary_year,
        "source_table": (run.table_id if run and run.table_id else indicator.source_table),
        "source_note": indicator.source_note,
        "is_cbs": bool(indicator.source_table) or bool(run and (run.source in CBS_SOURCES or run.table_id)),
        "own_measurement": indicator.is_own_measurement,
        "import_run_id": run.pk if run else None,
        "retrieved_at": (run.retrieved_at or run.started_at).isoformat() if run else None,
        "licence": indicator.licence,
        "median_nl": None,
        "median_count": 0,
        "taken_at": timezone.now().isoformat(),
    }
    if with_median and value is not None:
        snapshot["median_nl"], snapshot["median_count"] = _national_median(indicator, area, observation.period)
    return snapshot


def _monitoring_value(indicator: ResultIndicator, period: ReportingPeriod) -> tuple:
    """(value, exact text, the experiments counted, the roll-up rule as data) from the public values alone."""
    if indicator.experiment_id is not None:
        update = public_updates(indicator.programme).filter(indicator=indicator, period=period).first()
        if update is None:
            return None, "", [], {}
        value = update.value if update.value is not None else update.score
        return value, "" if value is None else str(value), [indicator.experiment.title], {}
    found = [item for item in shared_rollups(indicator.programme, period=period,
                                             updates=public_updates(indicator.programme))
             if item.indicator.pk == indicator.pk]
    rule = {}
    if found:
        shared = found[0].shared
        rule = {"rule": str(shared.rule), "weight": str(shared.weight), "cumulative": shared.cumulative}
    if not found or not found[0].periods or found[0].periods[0].total is None:
        return None, "", [], rule
    row = found[0].periods[0]
    return row.total, str(row.total), [item.experiment.title for item in row.counted], rule


def take_monitoring_snapshot(*, indicator: ResultIndicator, period: ReportingPeriod) -> dict:
    """What a monitoring figure shows now, as a JSON-ready dict (see the module docstring)."""
    value, exact, counted, rule = _monitoring_value(indicator, period)
    return {
        "v": SNAPSHOT_VERSION,
        "kind": "monitoring",
        # A float for the page's number format; the exact decimal beside it, as approved.
        "value": None if value is None else float(value),
        "value_exact": exact,
        "class_nl": "", "class_en": "",
        "status": ObservationStatus.OK if value is not None else STATUS_MISSING,
        "period": period.label,
        "unit": indicator.unit,
        "indicator_name_nl": indicator.title_nl,
        "indicator_name_en": indicator.title_en,
        "monitoring_indicator_id": indicator.pk,
        "monitoring_period_id": period.pk,
        "shared": indicator.experiment_id is None,
        "experiment": indicator.experiment.title if indicator.experiment_id else "",
        "programme": indicator.programme.name,
        "experiments_counted": counted,
        "rule": rule,
        "area_code": "", "area_name": "", "area_level": "",
        "is_cbs": False, "own_measurement": False, "licence": "", "import_run_id": None,
        "median_nl": None, "median_count": 0,
        "taken_at": timezone.now().isoformat(),
    }


def snapshot_figure(figure: Figure) -> dict:
    if figure.result_indicator_id is not None:
        return take_monitoring_snapshot(indicator=figure.result_indicator, period=figure.reporting_period)
    return take_snapshot(area=figure.area, indicator=figure.indicator, period=figure.period)


def attribution(snapshot: dict) -> str:
    """Who to credit, as the indicator says: "CBS, CC BY 4.0"."""
    parts = []
    if snapshot.get("is_cbs"):
        parts.append("CBS")
    if snapshot.get("licence"):
        parts.append(snapshot["licence"])
    return ", ".join(parts)


@dataclass
class FigureView:
    """A figure as a page shows it, in the active language."""

    number: int
    caption: str
    snapshot: dict

    @property
    def is_monitoring(self) -> bool:
        return self.snapshot.get("kind") == "monitoring"

    @property
    def monitoring_source(self) -> str:
        """Where a monitoring figure comes from, in words."""
        if not self.is_monitoring:
            return ""
        if not self.snapshot.get("shared"):
            return _("monitoring of the experiment %(experiment)s, approved values") % {
                "experiment": self.snapshot.get("experiment", "")}
        counted = self.snapshot.get("experiments_counted") or []
        return _("monitoring of the programme %(programme)s: total of the approved values of %(experiments)s") % {
            "programme": self.snapshot.get("programme", ""),
            "experiments": ", ".join(counted) if counted else _("no experiment yet")}

    @property
    def rule_label(self) -> str:
        """A programme total's roll-up rule in words, in the page's language."""
        rule = self.snapshot.get("rule") or {}
        if not self.is_monitoring or not rule:
            return ""
        return rule_description(rollup.SharedIndicator(rule=rule["rule"], weight=rule["weight"],
                                                       cumulative=rule["cumulative"]))

    @property
    def anchor(self) -> str:
        return f"figuur-{self.number}"

    @property
    def status(self) -> str:
        return self.snapshot.get("status", STATUS_MISSING)

    @property
    def has_value(self) -> bool:
        return self.status == ObservationStatus.OK and (self.snapshot.get("value") is not None
                                                        or bool(self.snapshot.get("class_nl")))

    @property
    def value_display(self) -> str:
        """The value with its unit in the active language's number format, or the class in words; empty when there
        is no value."""
        if not self.has_value:
            return ""
        if self.snapshot.get("value") is None:
            english = (get_language() or "nl").startswith("en") and self.snapshot.get("class_en")
            return self.snapshot["class_en"] if english else self.snapshot["class_nl"]
        return format_value(self.snapshot["value"], self.snapshot.get("unit", ""))

    @property
    def status_label(self) -> str:
        """Why there is no value, in words; empty when there is one."""
        if self.has_value:
            return ""
        return str(STATUS_LABELS.get(self.status, STATUS_LABELS[STATUS_MISSING]))

    @property
    def median_display(self) -> str:
        median = self.snapshot.get("median_nl")
        if median is None or not self.has_value:
            return ""
        return format_value(median, self.snapshot.get("unit", ""))

    @property
    def indicator_name(self) -> str:
        if (get_language() or "nl").startswith("en") and self.snapshot.get("indicator_name_en"):
            return self.snapshot["indicator_name_en"]
        return self.snapshot.get("indicator_name_nl", "")

    @property
    def area_name(self) -> str:
        return self.snapshot.get("area_name", "")

    @property
    def area_code(self) -> str:
        return self.snapshot.get("area_code", "")

    @property
    def area_level_label(self) -> str:
        level = self.snapshot.get("area_level", "")
        return str(AreaLevel(level).label) if level in AreaLevel.values else level

    @property
    def period(self) -> str:
        return self.snapshot.get("period", "")

    @property
    def unit(self) -> str:
        return self.snapshot.get("unit", "")

    @property
    def source_table(self) -> str:
        return self.snapshot.get("source_table", "")

    @property
    def source_url(self) -> str:
        link = source_link(self.source_table)
        return link[0] if link else ""

    @property
    def import_run_id(self):
        return self.snapshot.get("import_run_id")

    @property
    def attribution(self) -> str:
        return attribution(self.snapshot)

    @property
    def own_measurement(self) -> bool:
        return bool(self.snapshot.get("own_measurement"))


def figure_view(figure: Figure, *, live: bool = False) -> FigureView:
    """``live``: a fresh snapshot (a draft's preview); else the stored one (a fresh one only when none is stored)."""
    snapshot = figure.snapshot if figure.snapshot and not live else snapshot_figure(figure)
    return FigureView(number=figure.number, caption=figure.caption, snapshot=snapshot)
