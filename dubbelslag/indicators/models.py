from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area

from .enums import Direction, Domain, ImportSource, ObservationStatus, SpatialLevel, ValueType


class Indicator(models.Model):
    """One measurable quantity (docs/domain.md#areas-and-indicators), in Dutch and English, with its source."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    definition_nl = models.TextField(_("definition (Dutch)"), blank=True)
    definition_en = models.TextField(_("definition (English)"), blank=True)
    domain = models.CharField(_("domain"), max_length=30, choices=Domain.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices, default=Direction.CONTEXT)
    source_table = models.CharField(_("source table"), max_length=20, blank=True,
                                    help_text=_("CBS table id such as 85984NED; empty for our own measurements."))
    source_key_stem = models.CharField(_("source key stem"), max_length=100, blank=True,
                                       help_text=_("The CBS column key without its numeric suffix, "
                                                   "e.g. HuishoudensMetEenLaagInkomen."))
    source_key_stem_aliases = models.CharField(
        _("other key stems"), max_length=300, blank=True,
        help_text=_("Names of the same CBS column in other years' tables, comma-separated: CBS renames a column now "
                    "and then (GemiddeldElektriciteitsverbruikTotaal became GemiddeldeElektriciteitsleveringTotaal)."))
    source_note = models.TextField(_("source note"), blank=True)
    spatial_level = models.CharField(_("finest spatial level"), max_length=10, choices=SpatialLevel.choices,
                                     default=SpatialLevel.BUURT)
    licence = models.CharField(_("licence"), max_length=100, default="CC BY 4.0")
    is_own_measurement = models.BooleanField(_("own measurement"), default=False)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.NUMBER,
        help_text=_("Ordered classes (such as Laag < Midden < Hoog) are shown as words with their share across "
                    "areas and are never averaged."))

    class Meta:
        ordering = ["domain", "code"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return f"{self.code} – {self.name}"

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "nl").startswith("en") and self.name_en else self.name_nl

    @property
    def key_stems(self) -> list[str]:
        """The key stem and its aliases, the first being the current name."""
        aliases = [alias.strip() for alias in self.source_key_stem_aliases.split(",") if alias.strip()]
        return [stem for stem in [self.source_key_stem.strip(), *aliases] if stem]

    @property
    def is_categorical(self) -> bool:
        return self.value_type == ValueType.CATEGORY

    @property
    def definition(self) -> str:
        if (get_language() or "nl").startswith("en") and self.definition_en:
            return self.definition_en
        return self.definition_nl


class IndicatorClass(models.Model):
    """One value class of a categorical indicator, in its order (docs/domain.md#categorical-indicators).

    ``code`` is the word the source writes (``Laag``); ``score`` is the explicit calibration an analysis may use
    (the scan, a QCA condition): a number chosen by the programme team, never derived from the order by itself.
    """

    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE,
                                  related_name="classes")
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("1 for the lowest class."))
    code = models.CharField(_("code in the source"), max_length=40)
    label_nl = models.CharField(_("label (Dutch)"), max_length=100)
    label_en = models.CharField(_("label (English)"), max_length=100)
    score = models.FloatField(_("calibrated score"), null=True, blank=True,
                              help_text=_("The number an analysis uses for this class, if any (0 to 1)."))

    class Meta:
        ordering = ["indicator", "position"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "position"], name="indicator_class_position_unique"),
            models.UniqueConstraint(fields=["indicator", "code"], name="indicator_class_code_unique"),
        ]
        verbose_name = _("value class")
        verbose_name_plural = _("value classes")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.label_en if (get_language() or "nl").startswith("en") and self.label_en else self.label_nl


class ImportRun(models.Model):
    """One import of one file or table: where it came from and what it did to the observations."""

    source = models.CharField(_("source"), max_length=20, choices=ImportSource.choices)
    table_id = models.CharField(_("table id"), max_length=20, blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    boundary_year = models.PositiveSmallIntegerField(
        _("boundary year"), default=CURRENT_BOUNDARY_YEAR,
        help_text=_("The CBS area boundaries (indeling) the figures are given in."))
    retrieved_at = models.DateTimeField(_("retrieved at"), null=True, blank=True)
    checksum = models.CharField(_("checksum (sha256)"), max_length=64, blank=True)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_created = models.PositiveIntegerField(_("rows created"), default=0)
    rows_updated = models.PositiveIntegerField(_("rows updated"), default=0)
    rows_unchanged = models.PositiveIntegerField(_("rows unchanged"), default=0)
    rows_suppressed = models.PositiveIntegerField(_("rows suppressed"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("imported by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)
    settings = models.JSONField(
        _("settings"), default=dict, blank=True,
        help_text=_("How the file was read: column mapping, chosen dimension values, period, decimal separator."))

    # The per-row report of skipped rows; kept on the instance only, not stored.
    report: list[str]

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")

    def __str__(self):
        return f"{self.get_source_display()} {self.table_id or self.file_name}".strip()


class Observation(models.Model):
    """The value of one indicator for one area in one period. ``value`` is None unless ``status`` is ok; for a
    categorical indicator the value is ``value_class`` and ``value`` stays None."""

    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="observations")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT,
                                  related_name="observations")
    period = models.CharField(_("period"), max_length=10)
    value = models.FloatField(_("value"), null=True, blank=True)
    value_class = models.ForeignKey(IndicatorClass, verbose_name=_("class"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="observations")
    status = models.CharField(_("status"), max_length=12, choices=ObservationStatus.choices,
                              default=ObservationStatus.OK)
    import_run = models.ForeignKey(ImportRun, verbose_name=_("import run"), on_delete=models.PROTECT,
                                   related_name="observations")

    class Meta:
        ordering = ["indicator", "period", "area"]
        constraints = [
            models.UniqueConstraint(fields=["area", "indicator", "period"], name="observation_area_indicator_period"),
        ]
        indexes = [models.Index(fields=["indicator", "period"])]
        verbose_name = _("observation")
        verbose_name_plural = _("observations")

    def __str__(self):
        return f"{self.indicator.code} {self.area.code} {self.period}"


class StagedImport(models.Model):
    """A file uploaded on the import page, kept between its steps (preview, mapping, dry run, confirm) for the person
    who uploaded it only. The file is held in the database, never under the web root; the row is deleted by the
    import it leads to, and any left behind are purged after a day (``imports.purge_staged_imports``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE,
                              related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    # The file as UTF-8 CSV: the uploaded bytes when they are UTF-8 already (so the run's checksum is the file's),
    # else decoded from the detected encoding, or converted from the first sheet of a workbook.
    content = models.BinaryField(_("content"))
    encoding = models.CharField(_("encoding"), max_length=20)
    is_long_format = models.BooleanField(_("long format"), default=False)
    # The mapping form's last answers, so going back a step shows them again.
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("staged import")
        verbose_name_plural = _("staged imports")

    def __str__(self):
        return self.file_name
