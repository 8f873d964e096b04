"""Calendar feeds (/kennislabs/agenda/…) and the page that hands out their addresses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from dubbelslag.core.addresses import absolute_url
from dubbelslag.programme.models import Programme

from .. import calendar
from ..access import programmes_of


def _ics(body: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Inline, so that a browser shows or hands the feed to the calendar app instead of saving a file.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        # The personal feed is a secret address: keep it out of shared caches and search engines.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    else:
        response["Cache-Control"] = "public, max-age=900"
    return response


@require_safe
def programme_feed(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    return _ics(calendar.programme_calendar(programme), f"kennislabs-{programme.slug}.ics", private=False)


@require_safe
def user_feed(request, token):
    feed = calendar.feed_for_token(token)
    if feed is None:
        raise Http404
    return _ics(calendar.user_calendar(feed.user), "mijn-kennislabs.ics", private=True)


def _webcal(url: str) -> str:
    """The same address with the webcal scheme, which opens the subscription dialogue of Apple Calendar and
    Outlook."""
    return "webcal://" + url.split("://", 1)[1]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    feed = calendar.feed_for(request.user)
    if request.method == "POST":
        calendar.renew_feed_token(feed, by=request.user)
        messages.success(request, _("Your calendar has a new address. The old address no longer works: replace it "
                                    "in your calendar app."))
        return redirect("labs:calendar-settings")
    personal_url = absolute_url(request, reverse("labs:calendar-user", args=[feed.token]))
    programme_feeds = []
    for programme in programmes_of(request.user).order_by("name"):
        url = absolute_url(request, reverse("labs:calendar-programme", args=[programme.slug]))
        programme_feeds.append({"programme": programme, "url": url, "webcal": _webcal(url)})
    return render(request, "labs/calendar_settings.html", {
        "personal_url": personal_url, "personal_webcal": _webcal(personal_url), "programme_feeds": programme_feeds,
    })


urlpatterns = [
    path("agenda/", calendar_settings, name="calendar-settings"),
    path("agenda/mijn/<str:token>.ics", user_feed, name="calendar-user"),
    path("agenda/<slug:slug>.ics", programme_feed, name="calendar-programme"),
]
