"""Action research per experiment and the programme's harvest register.

An experiment keeps a learning agenda (learning questions), action-research cycles (plan, act, observe, reflect) and a
research log of dated entries with attachments. Researchers mark excerpts in entries and code them with the one
hierarchical codebook; memos can hang on anything. Out of that material come harvest records (challenges, solutions,
insights, lessons), each linked to the entries and excerpts it rests on, validated and, when public, published.

``services/`` is the only way to change these rows (it keeps the audit trail, the search index and the excerpt
anchors right); ``access.py`` holds the gates.
"""

import secrets
import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion
from dubbelslag.programme.enums import EXPERIMENT_ROLES, PROGRAMME_ROLES, MembershipRole
from dubbelslag.programme.models import Experiment, Programme, Theme

from .enums import (
    AnchorStatus,
    Confidence,
    Confidentiality,
    Consent,
    CyclePhase,
    EntryKind,
    EvidenceLevel,
    LearningQuestionStatus,
    RecordKind,
    RecordStatus,
)


class ExperimentScopedQuerySet(models.QuerySet):
    """Rows that belong to one experiment are read by whoever may read that experiment."""

    experiment_path = "experiment"

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(**{f"{self.experiment_path}__in": Experiment.objects.visible_to(user).values("pk")})


class EntryScopedQuerySet(ExperimentScopedQuerySet):
    """Rows that hang on a log entry follow the entry's experiment."""

    experiment_path = "entry__experiment"


class LearningQuestion(models.Model):
    """One question on an experiment's dynamic learning agenda (RMA, docs/domain.md#learning-agenda)."""

    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE,
                                   related_name="learning_questions")
    question = models.CharField(_("learning question"), max_length=300)
    explanation = models.TextField(_("explanation"), blank=True, help_text=_("Markdown."))
    status = models.CharField(_("status"), max_length=20, choices=LearningQuestionStatus.choices,
                              default=LearningQuestionStatus.OPEN)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    knowledge_question = models.ForeignKey(
        KnowledgeQuestion, verbose_name=_("knowledge question"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="learning_questions",
        help_text=_("The programme's knowledge question this learning question works on, when there is one."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = ExperimentScopedQuerySet.as_manager()

    class Meta:
        ordering = ["experiment", "position", "pk"]
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")
        constraints = [
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                                   name="learningquestion_closed_after_opened"),
        ]

    def __str__(self):
        return self.question


class Cycle(models.Model):
    """One action-research cycle of an experiment: plan, act, observe, reflect, each with the date it starts."""

    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE,
                                   related_name="cycles")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    learning_questions = models.ManyToManyField(LearningQuestion, verbose_name=_("learning questions"), blank=True,
                                                related_name="cycles")
    plan = models.TextField(_("plan"), blank=True,
                            help_text=_("What you will do, what you expect and why (Markdown)."))
    act = models.TextField(_("act"), blank=True, help_text=_("What was done (Markdown)."))
    observe = models.TextField(_("observe"), blank=True, help_text=_("What was seen and measured (Markdown)."))
    reflect = models.TextField(_("reflect"), blank=True,
                               help_text=_("What it means and what changes in the next cycle (Markdown)."))
    plan_starts_on = models.DateField(_("plan starts on"))
    act_starts_on = models.DateField(_("act starts on"), null=True, blank=True)
    observe_starts_on = models.DateField(_("observe starts on"), null=True, blank=True)
    reflect_starts_on = models.DateField(_("reflect starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reflection_lab = models.ForeignKey(
        KnowledgeLab, verbose_name=_("reflected at Kennislab"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="reflected_cycles",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    objects = ExperimentScopedQuerySet.as_manager()

    # Each phase's start, in order: a later phase cannot start before an earlier one.
    PHASE_DATES = (
        (CyclePhase.PLAN, "plan_starts_on"),
        (CyclePhase.ACT, "act_starts_on"),
        (CyclePhase.OBSERVE, "observe_starts_on"),
        (CyclePhase.REFLECT, "reflect_starts_on"),
    )

    class Meta:
        ordering = ["experiment", "number"]
        verbose_name = _("action-research cycle")
        verbose_name_plural = _("action-research cycles")
        constraints = [
            models.UniqueConstraint(fields=["experiment", "number"], name="cycle_number_unique_per_experiment"),
            models.CheckConstraint(
                condition=Q(act_starts_on__isnull=True) | Q(act_starts_on__gte=F("plan_starts_on")),
                name="cycle_act_after_plan"),
            models.CheckConstraint(
                condition=Q(observe_starts_on__isnull=True) | Q(observe_starts_on__gte=F("plan_starts_on")),
                name="cycle_observe_after_plan"),
            models.CheckConstraint(
                condition=Q(reflect_starts_on__isnull=True) | Q(reflect_starts_on__gte=F("plan_starts_on")),
                name="cycle_reflect_after_plan"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("plan_starts_on")),
                name="cycle_ends_after_plan"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def current_phase(self, today=None) -> str | None:
        """The phase ``today`` falls in; None before the plan starts or after the cycle ended."""
        today = today or timezone.localdate()
        if today < self.plan_starts_on or (self.ends_on and today > self.ends_on):
            return None
        current = None
        for phase, field in self.PHASE_DATES:
            starts = getattr(self, field)
            if starts is not None and starts <= today:
                current = phase
        return current


class LogEntry(models.Model):
    """One dated entry of an experiment's research log: an observation, interview note, session report,
    reflection or document, in Markdown."""

    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE,
                                   related_name="log_entries")
    cycle = models.ForeignKey(Cycle, verbose_name=_("cycle"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="entries")
    learning_questions = models.ManyToManyField(LearningQuestion, verbose_name=_("learning questions"), blank=True,
                                                related_name="entries")
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices, default=EntryKind.OBSERVATION)
    title = models.CharField(_("title"), max_length=200)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="log_entries")
    text = models.TextField(_("text"), blank=True, help_text=_("Markdown. No names or addresses of residents."))
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices, default=Consent.NOT_NEEDED)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Bumped by every edit; a save made on an older version is refused instead of silently overwriting.
    version = models.PositiveIntegerField(default=1)

    objects = ExperimentScopedQuerySet.as_manager()

    # Field notes may describe residents: the audit trail records that the text changed, not what it said.
    AUDIT_REDACTED_FIELDS = {"text"}

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["experiment", "-occurred_on"], name="logentry_experiment_date")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:entry-detail", args=[self.pk])


def attachment_path(attachment: "Attachment", filename: str) -> str:
    # A random folder per file: names are not guessable and two uploads of "verslag.pdf" do not collide.
    return f"research/{secrets.token_hex(8)}/{filename}"


class Attachment(models.Model):
    """A file attached to a log entry. Stored under MEDIA_ROOT, outside the web root, served only through the
    entry's access gate."""

    entry = models.ForeignKey(LogEntry, verbose_name=_("log entry"), on_delete=models.CASCADE,
                              related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EntryScopedQuerySet.as_manager()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title


class Code(models.Model):
    """One code of the programme's single hierarchical codebook. The first codes come from the theme taxonomy;
    researchers add their own below and beside them. ``guid`` is the code's identity in REFI-QDA exchange."""

    parent = models.ForeignKey("self", verbose_name=_("parent code"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("definition"), blank=True,
                                   help_text=_("When to apply this code, and when not (Markdown)."))
    color = models.CharField(_("colour"), max_length=7, blank=True, help_text=_("Like #1f6feb."))
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="codes")
    is_codable = models.BooleanField(_("can be applied"), default=True,
                                     help_text=_("Off for a code that only groups others."))
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, unique=True, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="code_name_unique_among_siblings"),
            models.UniqueConstraint(fields=["name"], condition=Q(parent__isnull=True),
                                    name="code_name_unique_at_top"),
            models.CheckConstraint(condition=Q(color="") | Q(color__regex=r"^#[0-9a-fA-F]{6}$"),
                                   name="code_color_hex"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("research:code-detail", args=[self.pk])

    @property
    def label(self) -> str:
        if self.name_en and (get_language() or "nl").startswith("en"):
            return self.name_en
        return self.name


class Excerpt(models.Model):
    """A highlighted span of a log entry's text: character offsets ``start``–``end`` into ``entry.text``, with the
    quoted text and a little context on both sides, so the span is found again after the entry is edited
    (``services.excerpts.reanchor_excerpts``) and the quote survives even when the text around it is gone."""

    entry = models.ForeignKey(LogEntry, verbose_name=_("log entry"), on_delete=models.CASCADE,
                              related_name="excerpts")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    quote = models.TextField(_("quoted text"))
    prefix = models.CharField(_("text before"), max_length=64, blank=True)
    suffix = models.CharField(_("text after"), max_length=64, blank=True)
    anchor_status = models.CharField(_("anchor"), max_length=10, choices=AnchorStatus.choices,
                                     default=AnchorStatus.EXACT)
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("marked by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("marked at"), default=timezone.now)
    codes = models.ManyToManyField(Code, through="Coding", related_name="excerpts", verbose_name=_("codes"))

    objects = EntryScopedQuerySet.as_manager()

    AUDIT_REDACTED_FIELDS = {"quote"}

    class Meta:
        ordering = ["entry", "start", "pk"]
        verbose_name = _("excerpt")
        verbose_name_plural = _("excerpts")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="excerpt_end_after_start"),
        ]

    def __str__(self):
        return self.quote if len(self.quote) <= 80 else f"{self.quote[:79]}…"

    def audit_label(self) -> str:
        return f"excerpt {self.guid}"


class Coding(models.Model):
    """One coder applied one code to one excerpt, at a moment (excerpt × code × coder × date)."""

    excerpt = models.ForeignKey(Excerpt, verbose_name=_("excerpt"), on_delete=models.CASCADE,
                                related_name="codings")
    code = models.ForeignKey(Code, verbose_name=_("code"), on_delete=models.PROTECT, related_name="codings")
    coder = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("coder"), null=True,
                              on_delete=models.SET_NULL, related_name="codings")
    coded_at = models.DateTimeField(_("coded at"), default=timezone.now)
    guid = models.UUIDField(_("GUID"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["coded_at", "pk"]
        verbose_name = _("coding")
        verbose_name_plural = _("codings")
        constraints = [
            models.UniqueConstraint(fields=["excerpt", "code", "coder"], name="coding_unique_per_coder"),
        ]

    def __str__(self):
        return f"{self.code} ← {self.excerpt}"

    def audit_label(self) -> str:
        return f"{self.code} ← excerpt {self.excerpt.guid}"


class Memo(models.Model):
    """An analytic note on any object: a code, an excerpt, a log entry, a cycle, a learning question, a record.
    A memo is read by whoever may read what it is about."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="memos")
    title = models.CharField(_("title"), max_length=200, blank=True)
    text = models.TextField(_("text"), help_text=_("Markdown."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(default=1)

    AUDIT_REDACTED_FIELDS = {"text"}

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        indexes = [models.Index(fields=["content_type", "object_id"], name="memo_target")]

    def __str__(self):
        return self.title or self.text[:60]

    def audit_label(self) -> str:
        return self.title or f"memo {self.pk}"


class HarvestRecordQuerySet(models.QuerySet):
    def published(self):
        """What the public may read: published and public."""
        return self.filter(status=RecordStatus.PUBLISHED, confidentiality=Confidentiality.PUBLIC)

    def visible_to(self, user):
        """The public reads published public records. The programme's project leaders (the editors of its
        experiments) also read its validated records meant for the programme or the public: that is the exchange
        between experiments. An experiment's members, readers included, read all records of their own experiment,
        drafts included, but not another experiment's programme-level records: readers are partners and residents
        given a view of one experiment. The programme team reads everything in its programmes; an author reads
        their own records."""
        if not user.is_authenticated:
            return self.published()
        if user.is_superuser:
            return self
        team_programmes = Programme.objects.filter(
            memberships__user=user, memberships__role__in=PROGRAMME_ROLES, memberships__experiment__isnull=True,
        ).values("pk")
        sharing = Programme.objects.filter(
            Q(memberships__role__in=PROGRAMME_ROLES, memberships__experiment__isnull=True)
            | Q(memberships__role=MembershipRole.EDITOR),
            memberships__user=user,
        ).values("pk")
        own_experiments = Experiment.objects.filter(
            memberships__user=user, memberships__role__in=EXPERIMENT_ROLES,
        ).values("pk")
        of_own_experiments = HarvestRecord.experiments.through.objects.filter(
            experiment__in=own_experiments).values("harvestrecord_id")
        return self.filter(
            Q(status=RecordStatus.PUBLISHED, confidentiality=Confidentiality.PUBLIC)
            | Q(programme__in=team_programmes)
            | Q(pk__in=of_own_experiments)
            | Q(created_by=user)
            | Q(status__in=[RecordStatus.VALIDATED, RecordStatus.PUBLISHED],
                confidentiality__in=[Confidentiality.PROGRAMME, Confidentiality.PUBLIC],
                programme__in=sharing)
        )


class HarvestRecord(models.Model):
    """A challenge (knelpunt), solution, insight or lesson harvested from practice, traceable to its evidence.

    Optional outcome-harvesting fields describe an observed change in a social actor and the experiment's
    contribution to it; optional Most Significant Change fields hold a story of change and why it was chosen.
    """

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="harvest_records")
    kind = models.CharField(_("kind"), max_length=20, choices=RecordKind.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("description"), help_text=_("Markdown. No names or addresses of residents."))
    status = models.CharField(_("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    confidentiality = models.CharField(_("confidentiality"), max_length=20, choices=Confidentiality.choices,
                                       default=Confidentiality.EXPERIMENT)
    evidence_level = models.CharField(_("evidence level"), max_length=30, choices=EvidenceLevel.choices,
                                      default=EvidenceLevel.DESCRIBED)
    confidence = models.CharField(_("confidence"), max_length=10, choices=Confidence.choices,
                                  default=Confidence.MEDIUM)

    experiments = models.ManyToManyField(Experiment, verbose_name=_("experiments"), blank=True,
                                         related_name="harvest_records")
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="harvest_records")
    koppelkansen = models.ManyToManyField(Koppelkans, verbose_name=_("koppelkansen"), blank=True,
                                          related_name="harvest_records")
    knowledge_questions = models.ManyToManyField(KnowledgeQuestion, verbose_name=_("knowledge questions"),
                                                 blank=True, related_name="harvest_records")
    evidence_entries = models.ManyToManyField(LogEntry, verbose_name=_("evidence: log entries"), blank=True,
                                              related_name="harvest_records")
    evidence_excerpts = models.ManyToManyField(Excerpt, verbose_name=_("evidence: excerpts"), blank=True,
                                               related_name="harvest_records")
    # A solution answers challenges; a lesson draws on insights.
    responds_to = models.ManyToManyField("self", verbose_name=_("challenges it answers"), symmetrical=False,
                                         blank=True, related_name="solutions")
    draws_on = models.ManyToManyField("self", verbose_name=_("insights it draws on"), symmetrical=False,
                                      blank=True, related_name="lessons")

    # Outcome harvesting (Wilson-Grau): the observed change, in whom, why it matters, how the experiment contributed.
    outcome = models.TextField(_("outcome: what changed"), blank=True)
    social_actor = models.CharField(_("in whom (social actor)"), max_length=200, blank=True,
                                    help_text=_("A role or organisation, never a resident's name."))
    significance = models.TextField(_("significance"), blank=True)
    contribution = models.TextField(_("contribution of the experiment"), blank=True)
    substantiation = models.TextField(_("substantiation"), blank=True,
                                      help_text=_("Who confirmed the outcome, and how."))
    # Most Significant Change (Davies & Dart): a story of change, its domain, the teller's role and why it was chosen.
    story = models.TextField(_("story of change"), blank=True)
    story_domain = models.CharField(_("domain of change"), max_length=200, blank=True)
    story_teller_role = models.CharField(_("told by (role)"), max_length=200, blank=True,
                                         help_text=_("A role, such as 'resident' or 'energy coach', never a name."))
    story_selection_reason = models.TextField(_("why it was selected as most significant"), blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True,
                                   on_delete=models.SET_NULL, related_name="harvest_records")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    validated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("validated by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = HarvestRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("harvest record")
        verbose_name_plural = _("harvest records")
        constraints = [
            # Only a public record can be published.
            models.CheckConstraint(
                condition=~Q(status=RecordStatus.PUBLISHED) | Q(confidentiality=Confidentiality.PUBLIC),
                name="harvestrecord_published_is_public"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("research:record-detail", args=[self.pk])

    @property
    def has_outcome(self) -> bool:
        return bool(self.outcome or self.social_actor or self.significance or self.contribution)

    @property
    def has_story(self) -> bool:
        return bool(self.story)


class SearchKind(models.TextChoices):
    ENTRY = "entry", _("log entry")
    RECORD = "record", _("harvest record")


class SearchEntry(models.Model):
    """The full-text index row of one log entry or harvest record, with the columns the access rules need.

    The text index itself is the database's: on SQLite an FTS5 table kept in step by triggers, on PostgreSQL a
    generated ``tsvector`` column (Dutch configuration) with a GIN index; migration 0002 creates whichever applies.
    Services write these rows (``services.search_index``); ``search.py`` queries them.
    """

    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.PositiveBigIntegerField()
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    # A log entry's experiment; empty for records, whose experiments are in HarvestRecord.experiments.
    experiment = models.ForeignKey(Experiment, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    record_kind = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20, blank=True)
    confidentiality = models.CharField(max_length=20, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    occurred_on = models.DateField(null=True, blank=True)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="searchentry_unique_object")]
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return f"{self.kind} {self.object_id}"
