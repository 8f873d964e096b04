"""Kennislabs, working groups, deep-dive sessions and the knowledge questions that travel between them.

A knowledge question is raised for an experiment or for the programme, triaged, assigned to one session (a lab's
agenda, a working group or a deep dive), worked on, answered and closed; ``workflows.QUESTIONS`` declares the
lifecycle and the workflow executor is the only way through it. Sessions hold the agenda, registrations, minutes,
outcomes, follow-up actions and documents.
"""

import secrets
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from dubbelslag.programme.models import Experiment, Programme, Theme

from .enums import OPEN_STATUSES, ActionStatus, NotificationEvent, Priority, QuestionStatus


class Session(models.Model):
    """What a Kennislab, a working-group meeting and a deep dive share: when and where."""

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online link"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                                   name="%(class)s_ends_after_start"),
        ]

    @property
    def is_past(self) -> bool:
        from django.utils import timezone

        return (self.ends_at or self.starts_at) < timezone.now()


class KnowledgeLab(Session):
    """One quarterly Kennislab of a programme."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="labs")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="labs")
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))
    outcomes = models.TextField(_("outcomes"), blank=True, help_text=_("Markdown."))
    # A cancelled lab stays, with its history and registrations, so the calendar and the participants can see it
    # is off; ``services.sessions.cancel_lab`` is the one way to set these.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("reason for cancelling"), blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta(Session.Meta):
        ordering = ["programme", "starts_at"]
        constraints = [
            *Session.Meta.constraints,
            models.UniqueConstraint(fields=["programme", "number"], name="lab_programme_number_unique"),
        ]
        verbose_name = _("Kennislab")
        verbose_name_plural = _("Kennislabs")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("labs:lab-detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(models.Model):
    lab = models.ForeignKey(KnowledgeLab, verbose_name=_("Kennislab"), on_delete=models.CASCADE,
                            related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    questions = models.ManyToManyField("KnowledgeQuestion", verbose_name=_("knowledge questions"), blank=True,
                                       related_name="agenda_items")
    outcome = models.TextField(_("what came of it"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["lab", "order", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A participant registered for a lab; ``attended`` is filled in afterwards (None: not yet recorded)."""

    lab = models.ForeignKey(KnowledgeLab, verbose_name=_("Kennislab"), on_delete=models.CASCADE,
                            related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE,
                             related_name="lab_registrations")
    registered_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["lab", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="registration_lab_user_unique")]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self):
        return f"{self.user} – {self.lab}"


class WorkingGroup(models.Model):
    """A thematic working group that works out specific questions between labs."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="working_groups")
    name = models.CharField(_("name"), max_length=200)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="working_groups")
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("chair"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="chaired_working_groups")
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True,
                                     related_name="working_groups")

    class Meta:
        ordering = ["programme", "name"]
        constraints = [models.UniqueConstraint(fields=["programme", "name"], name="working_group_name_unique")]
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("labs:working-group-detail", args=[self.pk])


class WorkingGroupMeeting(Session):
    group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), on_delete=models.CASCADE,
                              related_name="meetings")
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("Markdown."))

    class Meta(Session.Meta):
        ordering = ["group", "starts_at"]
        verbose_name = _("working-group meeting")
        verbose_name_plural = _("working-group meetings")

    def __str__(self):
        return f"{self.group} {self.starts_at:%Y-%m-%d}"


class DeepDive(Session):
    """A deep-dive session (*verdiepingssessie*) on one topic with an expert."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="deep_dives")
    topic = models.CharField(_("topic"), max_length=200)
    presenter = models.CharField(_("expert or presenter"), max_length=200, blank=True)
    report = models.TextField(_("report"), blank=True, help_text=_("Markdown."))

    class Meta(Session.Meta):
        ordering = ["programme", "starts_at"]
        verbose_name = _("deep-dive session")
        verbose_name_plural = _("deep-dive sessions")

    def __str__(self):
        return self.topic

    def get_absolute_url(self):
        return reverse("labs:deep-dive-detail", args=[self.pk])


class KnowledgeQuestionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def visible_to(self, user):
        """Programme-wide questions to everyone with a role in the programme; an experiment's questions to its
        members and the programme team (the same people who may read the experiment)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        from dubbelslag.programme.enums import PROGRAMME_ROLES

        visible_experiments = Experiment.objects.visible_to(user).values("pk")
        return self.filter(
            Q(experiment__isnull=True, programme__memberships__user=user)
            | Q(experiment__in=visible_experiments)
            | Q(programme__memberships__user=user, programme__memberships__role__in=PROGRAMME_ROLES)
        ).distinct()


class KnowledgeQuestion(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="questions")
    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="questions",
                                   help_text=_("Empty for a question of the whole programme."))
    title = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("explanation"), blank=True, help_text=_("Markdown."))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="questions")
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("raised by"), null=True,
                                  on_delete=models.SET_NULL, related_name="raised_questions")
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=20, choices=QuestionStatus.choices,
                              default=QuestionStatus.RAISED)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    duplicate_of = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="duplicates")
    assigned_lab = models.ForeignKey(KnowledgeLab, verbose_name=_("on the agenda of"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="assigned_questions")
    assigned_group = models.ForeignKey(WorkingGroup, verbose_name=_("working group"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="assigned_questions")
    assigned_deep_dive = models.ForeignKey(DeepDive, verbose_name=_("deep-dive session"), null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="assigned_questions")
    answer_summary = models.TextField(_("answer"), blank=True, help_text=_("Markdown."))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    followers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("followers"), blank=True,
                                       related_name="followed_questions")
    # When the question last moved (a transition or an edit): what "without progress for N weeks" measures.
    last_progress_at = models.DateTimeField(_("last progress"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = KnowledgeQuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        constraints = [
            # Assigned to one place at a time.
            models.CheckConstraint(
                condition=(Q(assigned_lab__isnull=True, assigned_group__isnull=True)
                           | Q(assigned_lab__isnull=True, assigned_deep_dive__isnull=True)
                           | Q(assigned_group__isnull=True, assigned_deep_dive__isnull=True)),
                name="question_assigned_to_one_place"),
            models.CheckConstraint(condition=~Q(duplicate_of=models.F("pk")), name="question_not_merged_into_itself"),
        ]
        indexes = [models.Index(fields=["programme", "status"])]
        verbose_name = _("knowledge question")
        verbose_name_plural = _("knowledge questions")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("labs:question-detail", args=[self.pk])

    @property
    def assigned_to(self):
        """The lab, working group or deep dive the question is assigned to, or None."""
        return self.assigned_lab or self.assigned_group or self.assigned_deep_dive


class Action(models.Model):
    """A follow-up action agreed in a session: who does what by when."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="actions")
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT,
                              related_name="lab_actions")
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    lab = models.ForeignKey(KnowledgeLab, verbose_name=_("Kennislab"), null=True, blank=True,
                            on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(WorkingGroupMeeting, verbose_name=_("working-group meeting"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="actions")
    deep_dive = models.ForeignKey(DeepDive, verbose_name=_("deep-dive session"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="actions")
    question = models.ForeignKey(KnowledgeQuestion, verbose_name=_("knowledge question"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="actions")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["status", "due_date", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self):
        return self.title

    @property
    def session(self):
        return self.lab or self.meeting or self.deep_dive


def document_path(document: "Document", filename: str) -> str:
    # A random folder per file: names are not guessable and two uploads of "verslag.pdf" do not collide.
    return f"labs/{secrets.token_hex(8)}/{filename}"


class Document(models.Model):
    """A file attached to a session. Stored under MEDIA_ROOT, outside the web root, and served only through the
    session's access gate."""

    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    lab = models.ForeignKey(KnowledgeLab, verbose_name=_("Kennislab"), null=True, blank=True,
                            on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(WorkingGroupMeeting, verbose_name=_("working-group meeting"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="documents")
    deep_dive = models.ForeignKey(DeepDive, verbose_name=_("deep-dive session"), null=True, blank=True,
                                  on_delete=models.CASCADE, related_name="documents")

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret address of a user's personal calendar feed: calendar clients cannot sign in, so the token is the
    key. Renewing it invalidates the old address."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
                                related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """A person's own notifications: nobody reads another's."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One event that concerns a person, kept for their notifications page whether or not it was also e-mailed:
    a knowledge question they follow assigned or answered (written by ``workflows._notify_followers``), or a
    monitoring event (an update of theirs returned, a period closing without their experiment's updates), written
    by the ``monitoring`` app. Every one is written through ``services.notifications.notify``, in the transaction of
    the step it tells about.

    What it says is a snapshot (the question's title and where it went; the strings in ``params``): it says what
    happened then, as the e-mail did. The sentence itself is rendered when read, in the reader's language. A
    question's notification leads to the question; any other to its stored ``link`` (a path on this site).
    ``key`` names a reminder, so the same reminder is never written to the same person twice."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="notifications")
    event = models.CharField(_("event"), max_length=30, choices=NotificationEvent.choices)
    question = models.ForeignKey(KnowledgeQuestion, verbose_name=_("knowledge question"), on_delete=models.CASCADE,
                                 null=True, blank=True, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    target = models.CharField(_("assigned to"), max_length=300, blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True,
                            help_text=_("The path on this site the notification leads to."))
    # The strings the sentence needs, each a text or a [Dutch, English] pair (see ``_localised``).
    params = models.JSONField(_("details"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The header counts a person's unread notifications on every signed-in page.
        indexes = [models.Index(fields=["recipient", "read_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(question__isnull=False) | ~Q(link=""),
                                   name="labs_notification_leads_somewhere"),
            models.UniqueConstraint(fields=["recipient", "key"], condition=~Q(key=""),
                                    name="labs_notification_key_once"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self):
        return self.message

    def get_absolute_url(self):
        if self.question_id is not None:
            return reverse("labs:question-detail", args=[self.question_id])
        # Only a path on this site: the link was written by our own code, but never lead off the site.
        return self.link if self.link.startswith("/") and not self.link.startswith("//") else reverse(
            "notifications:notification-list")

    def _param(self, name: str) -> str:
        return _localised(self.params.get(name, ""))

    @property
    def message(self) -> str:
        event = self.event
        if event == NotificationEvent.QUESTION_ANSWERED:
            return gettext("The knowledge question “%(title)s” has been answered.") % {"title": self.title}
        if event == NotificationEvent.QUESTION_ASSIGNED:
            return gettext("The knowledge question “%(title)s” has been assigned to %(target)s.") % {
                "title": self.title, "target": self.target}
        if event == NotificationEvent.MONITORING_UPDATE_RETURNED:
            return gettext("Your update on “%(indicator)s” for %(period)s (%(experiment)s) was returned for "
                           "revision.") % {"indicator": self._param("indicator"), "period": self._param("period"),
                                           "experiment": self._param("experiment")}
        if event == NotificationEvent.MONITORING_PERIOD_CLOSING:
            count = len(self.params.get("missing", []))
            context = {"period": self._param("period"), "experiment": self._param("experiment"), "count": count,
                       "end": _format_day(self.params.get("end", ""))}
            if self.params.get("ended"):
                return ngettext(
                    "The period %(period)s ended on %(end)s and is still open: %(experiment)s has not submitted an "
                    "update for %(count)d indicator.",
                    "The period %(period)s ended on %(end)s and is still open: %(experiment)s has not submitted "
                    "updates for %(count)d indicators.", count) % context
            return ngettext(
                "The period %(period)s ends on %(end)s: %(experiment)s has not submitted an update for %(count)d "
                "indicator yet.",
                "The period %(period)s ends on %(end)s: %(experiment)s has not submitted updates for %(count)d "
                "indicators yet.", count) % context
        return self.title

    @property
    def details(self) -> list[str]:
        """The lines under the sentence: a return's reason, a reminder's missing indicators."""
        if self.event == NotificationEvent.MONITORING_UPDATE_RETURNED:
            return [gettext("Reason: %(reason)s") % {"reason": self._param("reason")}]
        if self.event == NotificationEvent.MONITORING_PERIOD_CLOSING:
            return [_localised(title) for title in self.params.get("missing", [])]
        return []

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


def _localised(value) -> str:
    """A notification's string: a text as it is, or a [Dutch, English] pair in the reader's language (the
    English falling back to the Dutch when it is empty)."""
    if isinstance(value, list | tuple):
        dutch, english = (list(value) + ["", ""])[:2]
        return english if (get_language() or "nl").startswith("en") and english else dutch
    return str(value)


def _format_day(iso: str) -> str:
    """An ISO date of a notification's params as the reader's language writes it."""
    try:
        return date_format(date.fromisoformat(iso), "j F Y")
    except (TypeError, ValueError):
        return iso
