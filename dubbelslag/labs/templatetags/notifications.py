from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    """The signed-in person's unread notifications, for the header: one indexed COUNT query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.for_recipient(user).unread().count()
