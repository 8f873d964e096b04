"""Writing and reading notifications. ``notify`` is the one way a notification is written, by the step it tells
about (a knowledge question's, ``labs.workflows._notify_followers``; the monitoring app's returns and reminders); a
person only marks their own as read. Marking read is a person's own bookkeeping, so it writes no audit event."""

import logging
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.core.mail import get_connection, send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dubbelslag.core.addresses import absolute_url

from ..models import Notification

logger = logging.getLogger(__name__)


def notify(recipients: Iterable, *, event: str, title: str, link: str = "", question=None, target: str = "",
           params: dict | None = None, key: str = "", mail: Callable | None = None,
           send_email: bool = True) -> list[Notification]:
    """Write one notification per recipient and, for those who keep e-mail on, one e-mail each (no one sees the
    others' addresses) in the recipient's own language, sent once the surrounding step is committed: a refused or
    rolled-back step leaves no notification and sends nothing, and a mail server that is down never undoes the
    step. ``mail(notification)`` gives the (subject, body) in the active language; by default the notification's
    own sentence, its details and its link. ``key`` names a reminder: whoever already has a notification with that
    key gets none again. ``send_email=False`` writes the notifications only (a demo's invented addresses).
    Returns the notifications written."""
    recipients = [user for user in recipients if user is not None and user.is_active]
    if key:
        already = set(Notification.objects.filter(key=key, recipient__in=recipients)
                      .values_list("recipient_id", flat=True))
        recipients = [user for user in recipients if user.pk not in already]
    if not recipients:
        return []
    notifications = Notification.objects.bulk_create([
        Notification(recipient=user, event=event, question=question, title=title[:300], target=target[:300],
                     link=link, params=params or {}, key=key)
        for user in recipients])
    if not send_email:
        return notifications
    compose = mail or default_mail
    messages = []
    for notification in notifications:
        user = notification.recipient
        if user.notify_by_email and user.email:
            with translation.override(user.mail_language):
                messages.append((user.email, *compose(notification)))
    if messages:
        # The backend as configured now, when the step is taken (a demo loader may have switched mail off).
        connection = get_connection()

        def send():
            for address, subject, body in messages:
                try:
                    send_mail(subject, body, None, [address], connection=connection)
                except Exception:  # a mail server that is down must not undo the step
                    logger.exception("Could not e-mail %s about a %s notification", address, event)

        transaction.on_commit(send)
    return notifications


def default_mail(notification: Notification) -> tuple[str, str]:
    """A notification as an e-mail, in the active language: its sentence as the subject; the sentence, its details
    and its link as the body, with the way to switch these e-mails off."""
    message = notification.message
    lines = [message, ""]
    details = notification.details
    if details:
        lines += [f"- {line}" if len(details) > 1 else line for line in details] + [""]
    lines.append(_("Read more: %(link)s") % {"link": absolute_url(None, notification.get_absolute_url())})
    lines += ["", _("You receive this e-mail because of your role in the programme. Stop these e-mails in your "
                    "notification settings: %(settings)s") % {
        "settings": absolute_url(None, reverse("accounts:preferences"))}]
    return " ".join(message.split())[:250], "\n".join(lines)


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
