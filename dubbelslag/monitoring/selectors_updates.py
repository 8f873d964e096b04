"""Reads of the update pages (part U of issue 15): what the reporter sees beside the form, and an update's page.

A fixed number of queries per page, whatever the number of categories, links, files or comments.
"""

from dubbelslag.programme.selectors import audit_trail
from dubbelslag.research.models import HarvestRecord, LogEntry

from .models import Baseline, DisaggregationValue, ReportingPeriod, ResultIndicator, Target, Update


def reporting_context(indicator: ResultIndicator, period: ReportingPeriod) -> dict:
    """The indicator's baseline, its target for ``period``, the previous period's update, and its disaggregations'
    categories (in the order the form shows them)."""
    categories = list(DisaggregationValue.objects.filter(disaggregation__indicator=indicator)
                      .select_related("disaggregation")
                      .order_by("disaggregation__dimension", "position", "pk"))
    return {
        "baseline": Baseline.objects.filter(indicator=indicator).first(),
        "target": Target.objects.filter(indicator=indicator, period=period).first(),
        "previous": (Update.objects.filter(indicator=indicator, period__start__lt=period.start)
                     .select_related("period").order_by("-period__start").first()),
        "categories": categories,
    }


def update_for_page(indicator: ResultIndicator, period: ReportingPeriod) -> Update | None:
    """The indicator's update for ``period`` with what its form reads, or None before the first save."""
    return (Update.objects.filter(indicator=indicator, period=period)
            .prefetch_related("log_entries", "harvest_records", "disaggregated_values", "attachments")
            .first())


def update_page(update: Update, user) -> dict:
    """What the update's own page shows ``user``: its parts by dimension, the log entries and records it rests on
    that ``user`` may read, its files, its comments and its history."""
    parts = list(update.disaggregated_values.select_related("category__disaggregation")
                 .order_by("category__disaggregation__dimension", "category__position", "category__pk"))
    return {
        "parts": parts,
        "log_entries": list(LogEntry.objects.visible_to(user).filter(monitoring_updates=update)
                            .order_by("-occurred_on", "-pk")),
        "harvest_records": list(HarvestRecord.objects.visible_to(user).filter(monitoring_updates=update)
                                .order_by("-created_at", "-pk")),
        "attachments": list(update.attachments.select_related("uploaded_by")),
        "comments": list(update.comments.select_related("author")),
        "audit_events": list(audit_trail(update, limit=200)),
    }
