from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from dubbelslag.indicators.models import Indicator
from dubbelslag.programme.access import is_programme_team
from dubbelslag.programme.models import Experiment, Theme

from .enums import PERCENTILE_KINDS, Operator, Orientation, ReferenceKind
from .formatting import LEVEL_PLURALS, format_threshold, percentile_label, with_unit


def _english() -> bool:
    return (get_language() or "nl").startswith("en")


class KoppelkansQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def visible_to(self, user):
        """The catalogue is public; switched-off koppelkansen are seen only by the programme team, who may switch
        them back on."""
        return self if is_programme_team(user) else self.active()


class Koppelkans(models.Model):
    """A coupling opportunity: an energy and a social goal reached in one approach (docs/domain.md#koppelkansen)."""

    code = models.CharField(
        _("code"), max_length=10, unique=True,
        validators=[RegexValidator(r"^K\d{2,3}$", _("Use a K followed by two or three digits, like K18."))],
    )
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), help_text=_("Markdown"))
    description_en = models.TextField(_("description (English)"), blank=True, help_text=_("Markdown"))
    orientation = models.CharField(_("orientation"), max_length=10, choices=Orientation.choices)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="koppelkansen")
    examples_nl = models.TextField(
        _("practice examples (Dutch)"), blank=True,
        help_text=_("Markdown: Dutch practice examples, each with its source."),
    )
    evidence_note = models.TextField(
        _("evidence note"), blank=True,
        help_text=_("How well the examples and the trigger rules are supported, and what is still to be checked."),
    )
    is_active = models.BooleanField(
        _("active"), default=True,
        help_text=_("Switched-off koppelkansen are hidden from the public catalogue and never suggested."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    objects = KoppelkansQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("koppelkans")
        verbose_name_plural = _("koppelkansen")

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return reverse("koppelkansen:koppelkans-detail", args=[self.code])

    @property
    def title(self) -> str:
        return self.title_en if _english() and self.title_en else self.title_nl

    @property
    def description(self) -> str:
        return self.description_en if _english() and self.description_en else self.description_nl


class TriggerRule(models.Model):
    """A condition on one indicator that makes a koppelkans worth suggesting for an area.

    A koppelkans is suggested when any of its rules holds. Rules that share a `group` number hold only together: all
    of them must hold. A rule whose figure is missing never holds. Rules are heuristics; they suggest, never decide.
    """

    koppelkans = models.ForeignKey(Koppelkans, verbose_name=_("koppelkans"), on_delete=models.CASCADE,
                                   related_name="rules")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="trigger_rules")
    operator = models.CharField(_("operator"), max_length=3, choices=Operator.choices, default=Operator.GTE)
    reference = models.CharField(_("compared with"), max_length=20, choices=ReferenceKind.choices)
    threshold = models.FloatField(
        _("threshold"),
        help_text=_("The value itself (absolute), the percentile 1–99 (percentiles) or the factor (multiple of "
                    "the median)."),
    )
    absolute_limit = models.FloatField(
        _("and at least / at most"), null=True, blank=True,
        help_text=_("Optional: the figure must also be at least (≥) or at most (≤) this value, so that a "
                    "percentile rule does not hold on small differences."),
    )
    group = models.PositiveSmallIntegerField(
        _("AND group"), null=True, blank=True,
        help_text=_("Leave empty for a rule that suggests the koppelkans on its own. Rules with the same number "
                    "suggest it only together."),
    )

    class Meta:
        ordering = ["koppelkans", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reference__in=list(PERCENTILE_KINDS)) | Q(threshold__gt=0, threshold__lt=100),
                name="triggerrule_percentile_range",
            ),
            models.CheckConstraint(
                condition=~Q(reference=ReferenceKind.NL_MEDIAN_MULTIPLE) | Q(threshold__gt=0),
                name="triggerrule_multiple_positive",
            ),
        ]
        verbose_name = _("trigger rule")
        verbose_name_plural = _("trigger rules")

    def __str__(self):
        return self.describe()

    def clean(self):
        if self.threshold is None:
            return
        if self.reference in PERCENTILE_KINDS and not 0 < self.threshold < 100:
            raise ValidationError({"threshold": _("A percentile lies between 0 and 100, for example 75.")})
        if self.reference == ReferenceKind.NL_MEDIAN_MULTIPLE and self.threshold <= 0:
            raise ValidationError({"threshold": _("The factor must be more than 0, for example 1.5.")})

    @property
    def operator_symbol(self) -> str:
        return Operator(self.operator).label

    def reference_text(self, level: str | None = None) -> str:
        """The reference in words, without figures: "p75 of the neighbourhoods in the municipality"."""
        areas = LEVEL_PLURALS[level] if level in LEVEL_PLURALS else gettext("areas of the same level")
        if self.reference == ReferenceKind.ABSOLUTE:
            return with_unit(format_threshold(self.threshold), self.indicator.unit)
        if self.reference == ReferenceKind.GEMEENTE_PERCENTILE:
            return gettext("%(percentile)s of the %(areas)s in the municipality") % {
                "percentile": percentile_label(self.threshold), "areas": areas}
        if self.reference == ReferenceKind.NL_PERCENTILE:
            return gettext("%(percentile)s of all %(areas)s in the Netherlands") % {
                "percentile": percentile_label(self.threshold), "areas": areas}
        return gettext("%(factor)s × the median of all %(areas)s in the Netherlands") % {
            "factor": format_threshold(self.threshold), "areas": areas}

    def limit_text(self) -> str:
        if self.absolute_limit is None:
            return ""
        return gettext("and %(operator)s %(limit)s") % {
            "operator": self.operator_symbol,
            "limit": with_unit(format_threshold(self.absolute_limit), self.indicator.unit),
        }

    def describe(self) -> str:
        """The rule in words, in the active language."""
        text = f"{self.indicator.name} {self.operator_symbol} {self.reference_text()}"
        limit = self.limit_text()
        return f"{text} {limit}" if limit else text


class Adoption(models.Model):
    """An experiment that takes up a koppelkans."""

    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE,
                                   related_name="koppelkans_adoptions")
    koppelkans = models.ForeignKey(Koppelkans, verbose_name=_("koppelkans"), on_delete=models.PROTECT,
                                   related_name="adoptions")
    note = models.TextField(_("note"), blank=True, help_text=_("How the experiment takes up this koppelkans."))
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("adopted by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    adopted_at = models.DateTimeField(_("adopted at"), auto_now_add=True)

    class Meta:
        ordering = ["koppelkans__code", "experiment__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["experiment", "koppelkans"], name="adoption_unique",
                violation_error_message=_("This experiment has already adopted this koppelkans."),
            ),
        ]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")

    def __str__(self):
        return f"{self.koppelkans.code} – {self.experiment}"
