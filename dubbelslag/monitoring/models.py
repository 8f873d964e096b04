"""The results framework: goals → indicators (shared by the programme or an experiment's own) → periods → updates.

Modelled on Akvo RSR's results framework, with its known faults designed out: an experiment's
adoption of a shared indicator stays linked (``adopted_from``) so it rolls up; disaggregations are copied on
adoption; a return carries its reason on the update; every rule the database can hold is a constraint.
Every write goes through ``services.py``; every status change through ``workflows.UPDATES``.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dubbelslag.indicators.models import Indicator
from dubbelslag.programme.models import Experiment, Programme
from dubbelslag.research.models import HarvestRecord, LogEntry

from .enums import Dimension, Direction, IndicatorKind, RollupRule, Side, UpdateStatus

DECIMAL = {"max_digits": 14, "decimal_places": 2}


def _translated(nl: str, en: str) -> str:
    return en if (get_language() or "nl").startswith("en") and en else nl


class Goal(models.Model):
    """What the programme (``experiment`` empty) or one experiment wants to reach on one side."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="goals")
    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="goals")
    side = models.CharField(_("side"), max_length=20, choices=Side.choices)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["programme", "experiment", "side", "position", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return _translated(self.title_nl, self.title_en)

    def clean(self):
        if self.experiment_id and self.programme_id and self.experiment.programme_id != self.programme_id:
            raise ValidationError({"experiment": _("The experiment belongs to another programme.")})


class ResultIndicatorQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(experiment__isnull=True)

    def visible_to(self, user):
        """Shared indicators for everyone with a role in the programme; an experiment's for who may read it."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(experiment__isnull=True, programme__memberships__user=user)
            | Q(experiment__in=Experiment.objects.visible_to(user).values("pk"))
        ).distinct()


class ResultIndicator(models.Model):
    """A measure of a goal: shared by the programme (``experiment`` empty) or one experiment's. An experiment's
    adoption of a shared indicator points at it through ``adopted_from``, which is how the programme rolls up."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="result_indicators")
    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="result_indicators")
    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.PROTECT, related_name="indicators")
    adopted_from = models.ForeignKey("self", verbose_name=_("adopted from"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="adoptions")
    title_nl = models.CharField(_("title (Dutch)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    kind = models.CharField(_("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.NUMBER)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices,
                                 default=Direction.HIGHER_BETTER)
    cumulative = models.BooleanField(
        _("cumulative"), default=False,
        help_text=_("Each period's value is the total so far, not what was added in the period."))
    catalogue_indicator = models.ForeignKey(
        Indicator, verbose_name=_("open statistic"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="result_indicators",
        help_text=_("A catalogue indicator whose figures for the area are shown beside this one."))
    rollup_rule = models.CharField(_("roll-up rule"), max_length=20, choices=RollupRule.choices,
                                   default=RollupRule.SUM)
    # The labels of a qualitative indicator's score scale, score 1 first; empty: narrative only.
    score_labels = models.JSONField(_("score labels"), default=list, blank=True)
    is_public = models.BooleanField(_("public"), default=False,
                                    help_text=_("Show this indicator's approved values in public periods."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = ResultIndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["goal__side", "goal__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(adopted_from__isnull=True) | Q(experiment__isnull=False),
                                   name="monitoring_adoption_belongs_to_experiment"),
            models.CheckConstraint(condition=~Q(kind=IndicatorKind.QUALITATIVE) | Q(cumulative=False),
                                   name="monitoring_qualitative_not_cumulative"),
            models.UniqueConstraint(fields=["experiment", "adopted_from"], condition=Q(adopted_from__isnull=False),
                                    name="monitoring_adopted_once",
                                    violation_error_message=_("The experiment already adopted this indicator.")),
        ]
        verbose_name = _("result indicator")
        verbose_name_plural = _("result indicators")

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return _translated(self.title_nl, self.title_en)

    @property
    def is_shared(self) -> bool:
        return self.experiment_id is None

    def clean(self):
        errors = {}
        if self.goal_id and self.programme_id:
            if self.goal.programme_id != self.programme_id:
                errors["goal"] = _("The goal belongs to another programme.")
            elif self.goal.experiment_id is not None and self.goal.experiment_id != self.experiment_id:
                errors["goal"] = _("The goal belongs to another experiment.")
        if self.experiment_id and self.programme_id and self.experiment.programme_id != self.programme_id:
            errors["experiment"] = _("The experiment belongs to another programme.")
        if self.adopted_from_id and self.adopted_from.experiment_id is not None:
            errors["adopted_from"] = _("Only a shared programme indicator can be adopted.")
        if self.kind == IndicatorKind.QUALITATIVE and self.cumulative:
            errors["cumulative"] = _("A qualitative indicator cannot be cumulative.")
        labels = self.score_labels
        if not isinstance(labels, list) or not all(isinstance(label, str) and label.strip() for label in labels):
            errors["score_labels"] = _("Give each score of the scale a label.")
        elif labels and self.kind != IndicatorKind.QUALITATIVE:
            errors["score_labels"] = _("Only a qualitative indicator has a score scale.")
        if errors:
            raise ValidationError(errors)


class Baseline(models.Model):
    """Where an indicator started."""

    indicator = models.OneToOneField(ResultIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                     related_name="baseline")
    value = models.DecimalField(_("value"), null=True, blank=True, **DECIMAL)
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **DECIMAL)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    measured_on = models.DateField(_("date"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="monitoring_baseline_value_not_negative"),
            models.CheckConstraint(condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                                   name="monitoring_baseline_numerator_not_negative"),
            models.CheckConstraint(condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                                   name="monitoring_baseline_denominator_positive"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="monitoring_baseline_numerator_within_denominator"),
        ]
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")

    def __str__(self):
        return f"{self.indicator} ({self.measured_on})"


class ReportingPeriodQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)


class ReportingPeriod(models.Model):
    """One period of the programme's reporting rhythm (a quarter, "2020-K1")."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="reporting_periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    label = models.CharField(_("label"), max_length=30)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_public = models.BooleanField(_("public"), default=False)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="monitoring_period_dates_ordered"),
            models.UniqueConstraint(fields=["programme", "label"], name="monitoring_period_label_unique",
                                    violation_error_message=_("The programme already has a period with this "
                                                              "label.")),
            models.UniqueConstraint(fields=["programme", "start"], name="monitoring_period_start_unique",
                                    violation_error_message=_("The programme already has a period starting on "
                                                              "this date.")),
        ]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self):
        return self.label

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})
        if self.programme_id and self.start and self.end and (
                self.start < self.programme.start_date or self.end > self.programme.end_date):
            raise ValidationError(_("A period must lie within the programme (%(start)s – %(end)s).") % {
                "start": self.programme.start_date, "end": self.programme.end_date})


class Target(models.Model):
    """What an indicator should reach by the end of a period, or at the end (``period`` empty)."""

    indicator = models.ForeignKey(ResultIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="targets")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField(_("value"), null=True, blank=True, **DECIMAL)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["indicator", F("period__start").asc(nulls_last=True)]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], condition=Q(period__isnull=False),
                                    name="monitoring_target_per_period"),
            models.UniqueConstraint(fields=["indicator"], condition=Q(period__isnull=True),
                                    name="monitoring_one_end_target"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="monitoring_target_value_not_negative"),
            models.CheckConstraint(condition=Q(value__isnull=False) | Q(score__isnull=False),
                                   name="monitoring_target_has_value"),
        ]
        verbose_name = _("target")
        verbose_name_plural = _("targets")

    def __str__(self):
        return f"{self.indicator} – {self.period or _('end target')}"


class Disaggregation(models.Model):
    """A dimension an indicator's values are split by, e.g. tenure."""

    indicator = models.ForeignKey(ResultIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="disaggregations")
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)

    class Meta:
        ordering = ["indicator", "dimension"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "dimension"], name="monitoring_dimension_once",
                                    violation_error_message=_("The indicator is already split by this "
                                                              "dimension.")),
        ]
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")

    def __str__(self):
        return f"{self.indicator} – {self.get_dimension_display()}"


class DisaggregationValue(models.Model):
    """One category of a disaggregation (e.g. corporation rental), with an optional target."""

    disaggregation = models.ForeignKey(Disaggregation, verbose_name=_("disaggregation"), on_delete=models.CASCADE,
                                       related_name="values")
    code = models.SlugField(_("code"), max_length=40)
    label_nl = models.CharField(_("label (Dutch)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100, blank=True)
    target = models.DecimalField(_("target"), null=True, blank=True, **DECIMAL)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["disaggregation", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["disaggregation", "code"], name="monitoring_category_unique"),
            models.CheckConstraint(condition=Q(target__isnull=True) | Q(target__gte=0),
                                   name="monitoring_category_target_not_negative"),
        ]
        verbose_name = _("disaggregation category")
        verbose_name_plural = _("disaggregation categories")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return _translated(self.label_nl, self.label_en)


class UpdateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Updates of the experiments ``user`` may read (the programme team reads all of its programme's)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(indicator__experiment__in=Experiment.objects.visible_to(user).values("pk"))


class Update(models.Model):
    """An experiment's report on one indicator for one period: a value, a numerator and denominator or a score,
    and a narrative. Its status moves only through ``workflows.UPDATES``."""

    indicator = models.ForeignKey(ResultIndicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="updates")
    period = models.ForeignKey(ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT,
                               related_name="updates")
    value = models.DecimalField(_("value"), null=True, blank=True, **DECIMAL,
                                help_text=_("For a percentage: computed from numerator and denominator when "
                                            "both are given."))
    numerator = models.DecimalField(_("numerator"), null=True, blank=True, **DECIMAL)
    denominator = models.DecimalField(_("denominator"), null=True, blank=True, **DECIMAL)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    narrative = models.TextField(_("narrative"), blank=True, help_text=_("Markdown. No names or addresses of "
                                                                         "residents."))
    status = models.CharField(_("status"), max_length=20, choices=UpdateStatus.choices, default=UpdateStatus.DRAFT)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    log_entries = models.ManyToManyField(LogEntry, verbose_name=_("log entries"), blank=True,
                                         related_name="monitoring_updates")
    harvest_records = models.ManyToManyField(HarvestRecord, verbose_name=_("harvest records"), blank=True,
                                             related_name="monitoring_updates")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Bumped by every edit and step; an edit made on an older version is refused, naming who changed it since.
    version = models.PositiveIntegerField(default=1)

    objects = UpdateQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "period__start"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="monitoring_update_per_period",
                                    violation_error_message=_("This indicator already has an update for this "
                                                              "period.")),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0),
                                   name="monitoring_update_value_not_negative"),
            models.CheckConstraint(condition=Q(numerator__isnull=True) | Q(numerator__gte=0),
                                   name="monitoring_update_numerator_not_negative"),
            models.CheckConstraint(condition=Q(denominator__isnull=True) | Q(denominator__gt=0),
                                   name="monitoring_update_denominator_positive"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(denominator__isnull=True) | Q(numerator__lte=F("denominator")),
                name="monitoring_update_numerator_within_denominator"),
            models.CheckConstraint(condition=Q(status=UpdateStatus.RETURNED) | Q(return_reason=""),
                                   name="monitoring_reason_only_when_returned"),
            models.CheckConstraint(condition=~Q(status=UpdateStatus.APPROVED) | Q(approved_at__isnull=False),
                                   name="monitoring_approved_has_time"),
        ]
        # The dashboard's lists of updates awaiting approval and returned ones read by state across every period:
        # without this, a programme's every update is scanned for the few hundred in that state.
        indexes = [models.Index(fields=["status", "period"], name="monitoring_update_status")]
        verbose_name = _("update")
        verbose_name_plural = _("updates")

    def __str__(self):
        return f"{self.indicator} – {self.period}"

    @property
    def experiment(self):
        return self.indicator.experiment


class UpdateDisaggregation(models.Model):
    """An update's value for one disaggregation category."""

    update = models.ForeignKey(Update, verbose_name=_("update"), on_delete=models.CASCADE,
                               related_name="disaggregated_values")
    category = models.ForeignKey(DisaggregationValue, verbose_name=_("category"), on_delete=models.CASCADE,
                                 related_name="update_values")
    value = models.DecimalField(_("value"), **DECIMAL)

    class Meta:
        ordering = ["update", "category__disaggregation__dimension", "category__position"]
        constraints = [
            models.UniqueConstraint(fields=["update", "category"], name="monitoring_update_category_once"),
            models.CheckConstraint(condition=Q(value__gte=0), name="monitoring_part_not_negative"),
        ]
        verbose_name = _("disaggregated value")
        verbose_name_plural = _("disaggregated values")

    def __str__(self):
        return f"{self.category}: {self.value}"


class UpdateComment(models.Model):
    update = models.ForeignKey(Update, verbose_name=_("update"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["update", "created_at", "pk"]
        verbose_name = _("comment on an update")
        verbose_name_plural = _("comments on updates")

    def __str__(self):
        return f"{self.author} – {self.update}"


def update_attachment_path(attachment: "UpdateAttachment", filename: str) -> str:
    # A random folder per file: names are not guessable and two uploads of "verslag.pdf" do not collide.
    return f"monitoring/{secrets.token_hex(8)}/{filename}"


class UpdateAttachment(models.Model):
    """A file attached to an update (a photo of the residents' evening, the count behind a figure). Stored under
    MEDIA_ROOT outside the web root and served only through the update's read gate, never as a public media URL."""

    update = models.ForeignKey(Update, verbose_name=_("update"), on_delete=models.CASCADE,
                               related_name="attachments")
    file = models.FileField(_("file"), upload_to=update_attachment_path)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["update", "uploaded_at", "pk"]
        verbose_name = _("attachment of an update")
        verbose_name_plural = _("attachments of updates")

    def __str__(self):
        return self.original_name
