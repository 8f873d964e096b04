"""Reads of the monitoring app that span models. The public surface reads updates only through
``public_updates``."""

from django.db.models import QuerySet

from dubbelslag.programme.models import Programme

from .enums import UpdateStatus
from .models import Update


def public_updates(programme: Programme | None = None) -> QuerySet[Update]:
    """The updates the public may see: approved, of an indicator the programme made public, in a period it made
    public, of an experiment listed publicly. A returned (or resubmitted) update leaves the public view until it is
    approved again."""
    updates = Update.objects.filter(
        status=UpdateStatus.APPROVED, indicator__is_public=True, period__is_public=True,
        indicator__experiment__is_public=True,
    )
    if programme is not None:
        updates = updates.filter(indicator__programme=programme)
    return updates.select_related("indicator__experiment", "indicator__adopted_from", "period").order_by(
        "indicator__experiment_id", "indicator_id", "period__start")
