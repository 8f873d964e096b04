from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dubbelslag.accounts.models import Organisation
from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import Area

from .enums import (
    EXPERIMENT_ROLES,
    PROGRAMME_ROLES,
    MembershipRole,
    NeighbourhoodType,
    ParticipationRole,
    Phase,
    ThemeKind,
)


class Theme(models.Model):
    """One node of the single theme taxonomy, named in Dutch and English."""

    parent = models.ForeignKey(
        "self", verbose_name=_("parent theme"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ThemeKind.choices, default=ThemeKind.OTHER)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name_nl"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") and self.name_en else self.name_nl

    @property
    def description(self) -> str:
        if (get_language() or "nl").startswith("en") and self.description_en:
            return self.description_en
        return self.description_nl

    def clean(self):
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A theme cannot be placed under itself.")})
            ancestor = ancestor.parent


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown"))
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organised by"), blank=True,
                                        related_name="organised_programmes")
    is_demo = models.BooleanField(_("demo content"), default=False)

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="programme_dates_ordered"),
        ]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:programme-detail", args=[self.slug])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


class ExperimentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Experiments whose private pages `user` may read: the programme team sees its programmes' experiments,
        members see their own."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(programme__memberships__user=user, programme__memberships__role__in=PROGRAMME_ROLES)
            | Q(memberships__user=user, memberships__role__in=EXPERIMENT_ROLES)
        ).distinct()

    def public(self):
        return self.filter(is_public=True)


class Experiment(models.Model):
    """One participant's experiment in one neighbourhood."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="experiments")
    title = models.CharField(_("title"), max_length=200)
    gemeente = models.ForeignKey(
        Area, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="experiments",
        limit_choices_to={"level": AreaLevel.GEMEENTE},
    )
    focus_areas = models.ManyToManyField(
        Area, verbose_name=_("focus neighbourhoods"), blank=True, related_name="focus_of_experiments",
        help_text=_("Wijken and buurten of the municipality where the experiment takes place."),
    )
    summary = models.TextField(_("summary"), help_text=_("A few sentences: what the experiment does and why."))
    energy_ambition = models.TextField(_("energy ambition"), blank=True, help_text=_("Markdown"))
    livability_ambition = models.TextField(_("livability ambition"), blank=True, help_text=_("Markdown"))
    approach = models.TextField(_("approach"), blank=True, help_text=_("Markdown"))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.EXPLORING)
    neighbourhood_type = models.CharField(_("type of neighbourhood"), max_length=20,
                                          choices=NeighbourhoodType.choices, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="experiments")
    is_public = models.BooleanField(
        _("listed publicly"), default=False,
        help_text=_("Show the title, municipality and summary on the public programme page."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Bumped by every edit; an edit made on an older version is refused instead of silently overwriting.
    version = models.PositiveIntegerField(default=1)

    objects = ExperimentQuerySet.as_manager()

    class Meta:
        ordering = ["gemeente__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="experiment_dates_ordered",
            ),
        ]
        verbose_name = _("experiment")
        verbose_name_plural = _("experiments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programme:experiment-detail", args=[self.pk])

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date cannot be before the start date.")})
        if self.gemeente_id and self.gemeente.level != AreaLevel.GEMEENTE:
            raise ValidationError({"gemeente": _("Choose a municipality (a GM code).")})


class Participation(models.Model):
    """An organisation taking part in an experiment, in one role."""

    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), on_delete=models.CASCADE,
                                   related_name="participations")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="participations")
    role = models.CharField(_("role"), max_length=20, choices=ParticipationRole.choices)

    class Meta:
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["experiment", "organisation"], name="participation_unique",
                                    violation_error_message=_("This organisation already takes part in this "
                                                              "experiment.")),
        ]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class Membership(models.Model):
    """A person's role: in the programme team (coordinator, researcher) or in one experiment (editor, reader)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                             related_name="memberships")
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE,
                                  related_name="memberships")
    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=MembershipRole.choices)

    class Meta:
        ordering = ["programme", "experiment", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role__in=PROGRAMME_ROLES, experiment__isnull=True)
                           | Q(role__in=EXPERIMENT_ROLES, experiment__isnull=False)),
                name="membership_role_matches_scope",
            ),
            models.UniqueConstraint(fields=["user", "programme"], condition=Q(experiment__isnull=True),
                                    name="membership_programme_unique"),
            models.UniqueConstraint(fields=["user", "experiment"], condition=Q(experiment__isnull=False),
                                    name="membership_experiment_unique"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        scope = self.experiment or self.programme
        return f"{self.user} – {self.get_role_display()} – {scope}"

    def clean(self):
        if self.role in PROGRAMME_ROLES and self.experiment_id:
            raise ValidationError({"experiment": _("A programme role applies to the whole programme; leave the "
                                                   "experiment empty.")})
        if self.role in EXPERIMENT_ROLES and not self.experiment_id:
            raise ValidationError({"experiment": _("Choose the experiment this role applies to.")})
        if self.experiment_id and self.programme_id and self.experiment.programme_id != self.programme_id:
            raise ValidationError({"experiment": _("The experiment belongs to another programme.")})
