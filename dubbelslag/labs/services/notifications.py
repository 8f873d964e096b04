"""Reading notifications. They are written by the step they tell about (``labs.workflows._notify_followers``); a
person only marks their own as read. Marking read is a person's own bookkeeping, so it writes no audit event."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..models import Notification


def mark_notification_read(notification: Notification, *, by) -> Notification:
    """Mark `notification` read (once: the first time it was read is kept). Only its recipient may."""
    if by is None or notification.recipient_id != by.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


@transaction.atomic
def mark_all_notifications_read(*, by) -> int:
    """Mark every unread notification of `by` read; returns how many were unread."""
    return Notification.objects.for_recipient(by).unread().update(read_at=timezone.now())
