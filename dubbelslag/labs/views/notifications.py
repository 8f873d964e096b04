"""The signed-in person's notifications (/meldingen/): the list, opening one, and marking all read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from dubbelslag.core.params import paginate

from ..access import get_notification_for_user
from ..models import Notification
from ..services import notifications as services

PAGE_SIZE = 25


@login_required
@require_safe
def notification_list(request):
    notifications = Notification.objects.for_recipient(request.user)
    page = paginate(notifications, PAGE_SIZE, request.GET.get("page"))
    return render(request, "labs/notification_list.html", {
        "page": page, "unread_count": notifications.unread().count()})


@login_required
@require_POST
def notification_open(request, pk):
    """Opening a notification marks it read and goes to what it is about (that page checks who may read it)."""
    notification = get_notification_for_user(request.user, pk)
    services.mark_notification_read(notification, by=request.user)
    return redirect(notification)


@login_required
@require_POST
def notification_read_all(request):
    count = services.mark_all_notifications_read(by=request.user)
    messages.success(request, ngettext("%(count)d notification marked as read.",
                                       "%(count)d notifications marked as read.", count) % {"count": count})
    return redirect("notifications:notification-list")


urlpatterns = [
    path("", notification_list, name="notification-list"),
    path("<int:pk>/openen/", notification_open, name="notification-open"),
    path("alles-gelezen/", notification_read_all, name="notification-read-all"),
]
