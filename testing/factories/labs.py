"""Plain factories for the labs tests: no hidden behaviour, every field overridable."""

from datetime import datetime, timedelta

from django.utils import timezone

from dubbelslag.labs.enums import NotificationEvent
from dubbelslag.labs.models import DeepDive, KnowledgeLab, KnowledgeQuestion, Notification, WorkingGroup


def in_days(days: int, hour: int = 13) -> datetime:
    """An aware datetime `days` from today at `hour`:00 (negative for the past)."""
    now = timezone.localtime()
    return (now + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


def make_lab(*, programme, number: int = 1, **overrides) -> KnowledgeLab:
    starts_at = overrides.pop("starts_at", in_days(30 * number))
    fields = {"title": f"Kennislab {number}", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=3),
              "location": "Rotterdam"}
    fields.update(overrides)
    themes = fields.pop("themes", ())
    lab = KnowledgeLab.objects.create(programme=programme, number=number, **fields)
    if themes:
        lab.themes.set(themes)
    return lab


def make_working_group(*, programme, name: str = "Werkgroep Betaalbaarheid", **overrides) -> WorkingGroup:
    members = overrides.pop("members", ())
    group = WorkingGroup.objects.create(programme=programme, name=name, **overrides)
    if members:
        group.members.set(members)
    return group


def make_deep_dive(*, programme, topic: str = "Warmtenetten in de praktijk", **overrides) -> DeepDive:
    starts_at = overrides.pop("starts_at", in_days(45))
    fields = {"presenter": "Dr. Warmte", "starts_at": starts_at, "ends_at": starts_at + timedelta(hours=2)}
    fields.update(overrides)
    return DeepDive.objects.create(programme=programme, topic=topic, **fields)


def make_question(*, programme, title: str = "Hoe bereiken we bewoners die niet komen?", **overrides) \
        -> KnowledgeQuestion:
    """A question straight in the database (bypassing the services): set `status`, `assigned_*` etc. freely.
    `themes` and `followers` are set after creation; `last_progress_at` and `raised_at` may be overridden."""
    themes = overrides.pop("themes", ())
    followers = overrides.pop("followers", ())
    last_progress_at = overrides.pop("last_progress_at", None)
    raised_at = overrides.pop("raised_at", None)
    question = KnowledgeQuestion.objects.create(programme=programme, title=title, **overrides)
    if themes:
        question.themes.set(themes)
    if followers:
        question.followers.set(followers)
    # auto_now_add fields ignore values passed to create(): update afterwards.
    updates = {}
    if last_progress_at is not None:
        updates["last_progress_at"] = last_progress_at
    if raised_at is not None:
        updates["raised_at"] = raised_at
    if updates:
        KnowledgeQuestion.objects.filter(pk=question.pk).update(**updates)
        question.refresh_from_db()
    return question


def make_notification(*, recipient, question, **overrides) -> Notification:
    """A notification straight in the database: an assignment of `question` unless `event` says otherwise."""
    fields = {"event": NotificationEvent.QUESTION_ASSIGNED, "title": question.title, "target": "Kennislab 1"}
    fields.update(overrides)
    return Notification.objects.create(recipient=recipient, question=question, **fields)
