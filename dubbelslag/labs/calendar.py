"""iCalendar feeds (RFC 5545) of the programme's sessions: every Kennislab, working-group meeting and deep dive.

Two feeds. The programme feed is public, so it carries titles, times, places and a link to the session's page, but no
online meeting links and no names of people. The personal feed is reached by a secret token (calendar clients cannot
sign in): it covers every programme the token's user takes part in, with the online links, and marks the labs the user
registered for and the meetings of their own working groups.

Times are written in UTC (``…Z``), which every client reads without a VTIMEZONE; ``X-WR-TIMEZONE`` tells Google and
Apple which zone to show a new subscription in. UIDs are stable (``lab-<pk>@<host of SITE_URL>``) so that a client
updates an event instead of adding a copy; SEQUENCE follows the lab's version (edits bump it). Subscribed feeds are
replaced whole on every refresh, so DTSTAMP is the time the feed was written (METHOD:PUBLISH).

The two writes (creating the feed on first use, renewing its token) live here rather than in ``services/`` because
nothing else touches ``CalendarFeed``.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dubbelslag.core.addresses import absolute_url, site_root
from dubbelslag.core.audit import record, record_create
from dubbelslag.core.models import AuditAction

from .access import programmes_of
from .models import CalendarFeed, DeepDive, KnowledgeLab, WorkingGroupMeeting, new_calendar_token

PRODID = "-//Dubbelslag//Kennislabs//NL"
REFRESH = "PT1H"
REGISTERED_MARK = "✓ "


@dataclass
class Entry:
    """One session as a calendar event, before it is written out."""

    uid: str
    summary: str
    starts_at: datetime
    ends_at: datetime | None
    location: str
    url: str
    category: str
    programme: str
    sequence: int = 0
    online_url: str = ""
    presenter: str = ""
    mine: bool = False
    notes: list[str] = field(default_factory=list)


def _host() -> str:
    return urlsplit(site_root()).hostname or "localhost"


def _absolute(name: str, pk: int) -> str:
    """The session's page on the site."""
    return absolute_url(None, reverse(name, args=[pk]))


def _lab_entry(lab: KnowledgeLab) -> Entry:
    return Entry(
        uid=f"lab-{lab.pk}@{_host()}",
        summary=lab.title,
        starts_at=lab.starts_at, ends_at=lab.ends_at, location=lab.location, online_url=lab.online_url,
        url=_absolute("labs:lab-detail", lab.pk), category=_("Kennislab"), programme=lab.programme.name,
        # The model's version starts at 1, SEQUENCE at 0.
        sequence=max(lab.version - 1, 0),
    )


def _meeting_entry(meeting: WorkingGroupMeeting) -> Entry:
    return Entry(
        uid=f"meeting-{meeting.pk}@{_host()}",
        summary=_("Working group: %(name)s") % {"name": meeting.group.name},
        starts_at=meeting.starts_at, ends_at=meeting.ends_at, location=meeting.location,
        online_url=meeting.online_url, url=_absolute("labs:meeting-detail", meeting.pk),
        category=_("Working group"), programme=meeting.group.programme.name,
    )


def _deep_dive_entry(deep_dive: DeepDive) -> Entry:
    return Entry(
        uid=f"deepdive-{deep_dive.pk}@{_host()}",
        summary=_("Deep dive: %(topic)s") % {"topic": deep_dive.topic},
        starts_at=deep_dive.starts_at, ends_at=deep_dive.ends_at, location=deep_dive.location,
        online_url=deep_dive.online_url, url=_absolute("labs:deep-dive-detail", deep_dive.pk),
        category=_("Deep dive"), programme=deep_dive.programme.name, presenter=deep_dive.presenter,
    )


def _entries(programmes) -> list[Entry]:
    """Every session of ``programmes``, in three queries."""
    labs = KnowledgeLab.objects.filter(programme__in=programmes).select_related("programme")
    meetings = WorkingGroupMeeting.objects.filter(group__programme__in=programmes).select_related(
        "group__programme")
    deep_dives = DeepDive.objects.filter(programme__in=programmes).select_related("programme")
    entries = ([_lab_entry(lab) for lab in labs] + [_meeting_entry(meeting) for meeting in meetings]
               + [_deep_dive_entry(deep_dive) for deep_dive in deep_dives])
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.uid))


def _event(entry: Entry, *, private: bool, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("sequence", entry.sequence)
    event.add("summary", (REGISTERED_MARK if entry.mine else "") + entry.summary)
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    if entry.ends_at:
        event.add("dtend", entry.ends_at.astimezone(UTC))
    location = entry.location or (entry.online_url if private else "") or (_("Online") if entry.online_url else "")
    if location:
        event.add("location", location)
    if entry.url:
        event.add("url", entry.url)
    event.add("categories", [entry.category])
    event.add("status", "CONFIRMED")
    # Sessions one takes part in block time; the others show as free, for information.
    event.add("transp", "OPAQUE" if entry.mine else "TRANSPARENT")
    # Outlook and Google ignore URL, so the links go in the description too.
    lines = [*entry.notes, entry.programme]
    if private and entry.presenter:
        lines.append(_("Presenter: %(name)s") % {"name": entry.presenter})
    if private and entry.online_url:
        lines.append(_("Join online: %(url)s") % {"url": entry.online_url})
    if entry.url:
        lines.append(_("Agenda, documents and minutes: %(url)s") % {"url": entry.url})
    event.add("description", "\n".join(lines))
    return event


def _calendar(name: str, entries: list[Entry], *, private: bool) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", REFRESH)
    stamp = timezone.now().astimezone(UTC).replace(microsecond=0)
    for entry in entries:
        calendar.add_component(_event(entry, private=private, stamp=stamp))
    return calendar.to_ical()


def programme_calendar(programme) -> bytes:
    """The public feed of one programme: no online links, no names of people."""
    return _calendar(_("Kennislabs – %(programme)s") % {"programme": programme.name}, _entries([programme]),
                     private=False)


def user_calendar(user) -> bytes:
    """The personal feed of ``user``: every session of the programmes they take part in, with online links; the labs
    they registered for and their own working groups' meetings are marked."""
    entries = _entries(list(programmes_of(user)))
    registered = {f"lab-{pk}@{_host()}" for pk in user.lab_registrations.values_list("lab_id", flat=True)}
    own_meetings = {f"meeting-{pk}@{_host()}" for pk in WorkingGroupMeeting.objects.filter(
        Q(group__members=user) | Q(group__chair=user)).values_list("pk", flat=True)}
    for entry in entries:
        if entry.uid in registered:
            entry.mine = True
            entry.notes.append(_("You registered for this Kennislab."))
        elif entry.uid in own_meetings:
            entry.mine = True
            entry.notes.append(_("A meeting of your working group."))
    return _calendar(_("My Kennislabs"), entries, private=True)


def feed_for(user) -> CalendarFeed:
    """The user's personal feed, created (with a new token) on first use."""
    feed = CalendarFeed.objects.filter(user=user).first()
    if feed is None:
        with transaction.atomic():
            feed, created = CalendarFeed.objects.get_or_create(user=user)
            if created:
                record_create(feed, by=user, fields=["user"])
    return feed


@transaction.atomic
def renew_feed_token(feed: CalendarFeed, *, by) -> CalendarFeed:
    """Give the feed a new token: the old address stops working at once. The trail records that it happened, never
    the token."""
    feed.token = new_calendar_token()
    feed.full_clean()
    feed.save(update_fields=["token"])
    # Like the rest of the trail, the note is written in the default language.
    with translation.override(settings.LANGUAGE_CODE):
        note = _("Calendar address renewed; the old address no longer works.")
    record(feed, by=by, action=AuditAction.CHANGE, note=note)
    return feed


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(token=token, user__is_active=True).select_related("user").first()
