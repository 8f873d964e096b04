"""The PDF progress report of one experiment for one period, typeset for A4 by WeasyPrint.

The approach of the knowledge products' PDF (``publications/pdf.py``): a print template
(``monitoring/exports_report_pdf.html``) with its own style sheet (``monitoring/pdf/exports_report.css``), the
system's DejaVu fonts, page numbers and a running header from CSS ``@page`` rules, and a URL fetcher that fetches
nothing (the report has no images; the style sheet is read from disk). Per goal, each indicator with its baseline,
the period's target, value and status, its series up to the period as a table, the narratives (qualitative
indicators too) and the disaggregated values. A value that is not approved is marked with its status.

Unlike a published product's, the report is made anew on each request: its figures change with every approval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from dubbelslag.programme.models import Experiment

from .enums import UpdateStatus
from .exports import FrameworkExport, framework_export, score_label
from .models import Goal, ReportingPeriod, ResultIndicator, Target, Update

STYLESHEET = Path(__file__).resolve().parent / "templates" / "monitoring" / "pdf" / "exports_report.css"


@dataclass
class SeriesPoint:
    period: ReportingPeriod
    update: Update | None
    target: Target | None

    @property
    def approved(self) -> bool:
        return self.update is not None and self.update.status == UpdateStatus.APPROVED


@dataclass
class ReportIndicator:
    indicator: ResultIndicator
    current: SeriesPoint
    series: list[SeriesPoint]
    end_target: Target | None
    parts: list = field(default_factory=list)

    @property
    def score_label(self) -> str:
        update = self.current.update
        return score_label(self.indicator, update.score) if update else ""

    @property
    def narratives(self) -> list[SeriesPoint]:
        """Earlier periods' narratives too, newest first, so the report tells the story so far."""
        return [point for point in reversed(self.series) if point.update and point.update.narrative]


@dataclass
class ReportGoal:
    goal: Goal
    indicators: list[ReportIndicator]


def report_data(experiment: Experiment, period: ReportingPeriod) -> list[ReportGoal]:
    """The report's goals with their indicators, read in the fixed queries of ``exports.framework_export``."""
    data: FrameworkExport = framework_export(experiment.programme, experiment=experiment)
    upto = [each for each in data.periods if each.start <= period.start]
    goals: dict[int, ReportGoal] = {}
    for indicator in data.indicators:
        targets = {target.period_id: target for target in indicator.export_targets}
        series = [SeriesPoint(each, data.updates.get((indicator.pk, each.pk)), targets.get(each.pk))
                  for each in upto]
        current = series[-1] if series else SeriesPoint(period, None, targets.get(period.pk))
        parts = data.parts(current.update) if current.update else []
        goals.setdefault(indicator.goal_id, ReportGoal(indicator.goal, [])).indicators.append(
            ReportIndicator(indicator, current, series, targets.get(None), parts))
    return list(goals.values())


def build_html(experiment: Experiment, period: ReportingPeriod) -> str:
    return render_to_string("monitoring/exports_report_pdf.html", {
        "experiment": experiment, "period": period, "goals": report_data(experiment, period),
        "focus_areas": list(experiment.focus_areas.order_by("level", "code")),
        "made_at": timezone.localtime(),
    })


def _fetch_nothing(url, *args, **kwargs):
    raise ValueError(f"Not fetched for a PDF: {url[:200]}")


def _fetcher():
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):  # WeasyPrint 68 and later
        class NoFetching(urls.URLFetcher):
            def fetch(self, url, headers=None):
                _fetch_nothing(url)

        return NoFetching()
    return _fetch_nothing  # pragma: no cover - older WeasyPrint


def report_pdf(experiment: Experiment, period: ReportingPeriod) -> bytes:
    """The report as PDF bytes."""
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    document = HTML(string=build_html(experiment, period), url_fetcher=fetcher)
    stylesheet = CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[stylesheet])
