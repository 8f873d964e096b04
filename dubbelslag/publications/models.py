"""Knowledge products: best-practice descriptions, factsheets, inspiration examples, guides and reports.

A ``KnowledgeProduct`` is the lasting identity (its address, type and programme); its content lives in numbered
``ProductVersion`` rows. At most one version is open (draft or in review) at a time; the public sees
``product.published_version`` only, and every version is kept with its change note. A version's text is a set of
``Section`` rows (the template of its type, Dutch and optional English), it cites harvest records (``Citation``,
from ``[@R12]`` markers in the text) and embeds figures from the neighbourhood data (``Figure``, from
``[[figure 1]]`` markers) whose values are frozen on publication. Reviewers comment per section
(``ReviewComment``). ``ProductSearchEntry`` is the full-text index row of a published product (migration 0002).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.models import Area
from dubbelslag.images.models import Image
from dubbelslag.indicators.models import Indicator
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Experiment, Programme, Theme
from dubbelslag.research.enums import EvidenceLevel
from dubbelslag.research.models import HarvestRecord

from .enums import Licence, ProductType, ProjectStatus, SectionKey, VersionStatus

# The knowledge questions a published product may name: those of the whole programme and of experiments listed
# publicly (a private experiment's question names that experiment's business). Used by the product page, its PDF,
# the public facets and the open data alike.
PUBLICLY_NAMED_QUESTION = Q(experiment__isnull=True) | Q(experiment__is_public=True)


def in_language(nl: str, en: str) -> str:
    """The English text when English is active and there is one, else the Dutch."""
    return en if en and translation.get_language() == "en" else nl


class KnowledgeProductQuerySet(models.QuerySet):
    def published(self):
        """Products the public may read: those with a published version."""
        return self.filter(published_version__isnull=False, published_version__status=VersionStatus.PUBLISHED)


class KnowledgeProduct(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="knowledge_products")
    slug = models.SlugField(_("web address"), max_length=120, unique=True,
                            help_text=_("The last part of the product's public address; fixed once published."))
    product_type = models.CharField(_("type"), max_length=20, choices=ProductType.choices)
    # The version the public reads; empty before the first publication and after unpublishing.
    published_version = models.OneToOneField("ProductVersion", verbose_name=_("published version"), null=True,
                                             blank=True, on_delete=models.SET_NULL, related_name="+")
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("unpublished by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_reason = models.TextField(_("reason for unpublishing"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = KnowledgeProductQuerySet.as_manager()

    class Meta:
        ordering = ["-first_published_at", "-created_at"]
        verbose_name = _("knowledge product")
        verbose_name_plural = _("knowledge products")

    def __str__(self):
        return self.slug

    def audit_label(self) -> str:
        return self.slug

    @property
    def is_published(self) -> bool:
        return self.published_version_id is not None


class ProductVersionQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[VersionStatus.DRAFT, VersionStatus.IN_REVIEW])


class ProductVersion(models.Model):
    product = models.ForeignKey(KnowledgeProduct, verbose_name=_("knowledge product"), on_delete=models.CASCADE,
                                related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices,
                              default=VersionStatus.DRAFT)

    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    subtitle_nl = models.CharField(_("subtitle (Dutch)"), max_length=200, blank=True,
                                   help_text=_("Place and approach, such as “Huiskamer aardgasvrij in Rotterdam”."))
    subtitle_en = models.CharField(_("subtitle (English)"), max_length=200, blank=True)
    lead_nl = models.TextField(_("lead (Dutch)"), blank=True, help_text=_("One paragraph: what, where, for whom."))
    lead_en = models.TextField(_("lead (English)"), blank=True)

    # At a glance (docs/domain.md#at-a-glance).
    project_status = models.CharField(_("status of the practice"), max_length=20, choices=ProjectStatus.choices,
                                      blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True, help_text=_("For example 2019–2021."))
    partners = models.TextField(_("partners"), blank=True, help_text=_("Organisations and their roles."))
    budget = models.CharField(_("budget"), max_length=200, blank=True)
    funding = models.CharField(_("funding"), max_length=200, blank=True,
                               help_text=_("Sources such as PAW, VHF, NPLV/SPUK, own funds."))
    scale = models.CharField(_("scale"), max_length=200, blank=True,
                             help_text=_("Households or dwellings reached."))
    contact = models.CharField(_("contact"), max_length=200, blank=True,
                               help_text=_("A role or organisation to contact; no private addresses."))

    # Metadata (docs/domain.md#metadata).
    authors = models.TextField(_("authors"), help_text=_("One per line: name (organisation)."))
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True, related_name="+")
    koppelkansen = models.ManyToManyField(Koppelkans, verbose_name=_("koppelkansen"), blank=True, related_name="+")
    knowledge_questions = models.ManyToManyField(KnowledgeQuestion, verbose_name=_("knowledge questions answered"),
                                                 blank=True, related_name="+")
    experiments = models.ManyToManyField(Experiment, verbose_name=_("experiments"), blank=True, related_name="+")
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), blank=True, related_name="+")
    evidence_level = models.CharField(_("evidence level"), max_length=30, choices=EvidenceLevel.choices,
                                      blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)

    change_note = models.TextField(_("what changed"), blank=True,
                                   help_text=_("For a new version: what changed since the previous one."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted for review"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # Bumped by every edit; an edit made on an older edit_version is refused instead of silently overwriting.
    edit_version = models.PositiveIntegerField(default=1)

    objects = ProductVersionQuerySet.as_manager()

    class Meta:
        ordering = ["product", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["product", "number"], name="productversion_unique_number"),
            # At most one version per product is being worked on.
            models.UniqueConstraint(fields=["product"], condition=Q(status__in=["draft", "in_review"]),
                                    name="productversion_one_open"),
            models.CheckConstraint(condition=~Q(status="published") | Q(published_at__isnull=False),
                                   name="productversion_published_has_date"),
        ]
        verbose_name = _("product version")
        verbose_name_plural = _("product versions")

    def __str__(self):
        return f"{self.title_nl} (v{self.number})"

    def audit_label(self) -> str:
        return f"{self.product.slug} v{self.number}"

    @property
    def title(self) -> str:
        return in_language(self.title_nl, self.title_en)

    @property
    def subtitle(self) -> str:
        return in_language(self.subtitle_nl, self.subtitle_en)

    @property
    def lead(self) -> str:
        return in_language(self.lead_nl, self.lead_en)

    @property
    def has_english(self) -> bool:
        return bool(self.title_en)

    @property
    def is_open(self) -> bool:
        return self.status in (VersionStatus.DRAFT, VersionStatus.IN_REVIEW)

    def author_list(self) -> list[str]:
        return [line.strip() for line in self.authors.splitlines() if line.strip()]


class Section(models.Model):
    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("section"), max_length=30, choices=SectionKey.choices)
    position = models.PositiveSmallIntegerField(default=0)
    body_nl = models.TextField(_("text (Dutch)"), blank=True, help_text=_("Markdown."))
    body_en = models.TextField(_("text (English)"), blank=True, help_text=_("Markdown."))

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="section_unique_key")]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.get_key_display()

    @property
    def body(self) -> str:
        return in_language(self.body_nl, self.body_en)


class Citation(models.Model):
    """A harvest record cited in a version's text, numbered in order of first appearance."""

    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="citations")
    record = models.ForeignKey(HarvestRecord, verbose_name=_("harvest record"), on_delete=models.PROTECT,
                               related_name="product_citations")
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "record"], name="citation_unique_record"),
            models.UniqueConstraint(fields=["version", "number"], name="citation_unique_number"),
        ]
        verbose_name = _("citation")
        verbose_name_plural = _("citations")

    def __str__(self):
        return f"[{self.number}] R{self.record_id}"


class Figure(models.Model):
    """A figure embedded in a version: one indicator for one area from the neighbourhood data, or one public
    monitoring result (an experiment's public indicator, or a shared indicator's programme total) for one public
    reporting period.

    ``snapshot`` freezes what is shown (value, status, period, unit, source, import run, licence) when the version
    is saved and again when it is published; a published version never changes when new data is imported or a
    later update is approved.
    """

    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="figures")
    number = models.PositiveSmallIntegerField()
    area = models.ForeignKey(Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("Empty: the latest period."))
    result_indicator = models.ForeignKey(
        "monitoring.ResultIndicator", verbose_name=_("monitoring indicator"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    reporting_period = models.ForeignKey(
        "monitoring.ReportingPeriod", verbose_name=_("reporting period"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+")
    caption_nl = models.CharField(_("caption (Dutch)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="figure_unique_number"),
            models.CheckConstraint(
                condition=(Q(area__isnull=False, indicator__isnull=False, result_indicator__isnull=True,
                             reporting_period__isnull=True)
                           | Q(area__isnull=True, indicator__isnull=True, result_indicator__isnull=False,
                               reporting_period__isnull=False)),
                name="figure_neighbourhood_or_monitoring"),
        ]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self):
        if self.result_indicator_id:
            return f"M{self.result_indicator_id} {self.reporting_period_id}"
        return f"{self.indicator_id} {self.area_id}"

    @property
    def caption(self) -> str:
        return in_language(self.caption_nl, self.caption_en)

    @property
    def is_monitoring(self) -> bool:
        return self.result_indicator_id is not None

    def clean(self):
        """A monitoring figure shows only what the public may see: refused for an indicator the programme has not
        made public (or of an experiment not listed publicly) and for a period that is not public."""
        if self.result_indicator_id is None and self.reporting_period_id is None:
            return
        if self.result_indicator_id is None or self.reporting_period_id is None:
            raise ValidationError(_("Choose both the monitoring indicator and the period."))
        indicator, period = self.result_indicator, self.reporting_period
        if not indicator.is_public or (indicator.experiment_id and not indicator.experiment.is_public):
            raise ValidationError({"result_indicator": _(
                "“%(indicator)s” is not public, so it cannot be shown in a knowledge product. The programme team "
                "can make it public first.") % {"indicator": indicator.title}}, code="not_public")
        if period.programme_id != indicator.programme_id:
            raise ValidationError({"reporting_period": _("The period %(period)s belongs to another programme.")
                                   % {"period": period.label}}, code="other_programme")
        if not period.is_public:
            raise ValidationError({"reporting_period": _(
                "The period %(period)s is not public, so its values cannot be shown in a knowledge product.")
                % {"period": period.label}}, code="not_public")


class ProductImage(models.Model):
    """An image of the programme's library placed in a version: its cover (``is_cover``, at most one), shown where
    the text says ``[[image N]]`` / ``[[afbeelding N]]``, or both.

    ``snapshot`` (``images.display.snapshot``: the files' token and sizes, alternative text, caption, credit,
    licence) is taken when the image is placed and whenever the draft is saved, and frozen on publication, so a
    published version keeps showing what it was published with. Whether the image may be shown in public at all is
    the library's live consent (``Image.is_publishable``): a consent withdrawn takes it off the public site at once.
    """

    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="images")
    number = models.PositiveSmallIntegerField()
    image = models.ForeignKey(Image, verbose_name=_("image"), on_delete=models.PROTECT, related_name="placements")
    is_cover = models.BooleanField(_("cover image"), default=False)
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "number"]
        constraints = [
            models.UniqueConstraint(fields=["version", "number"], name="productimage_unique_number"),
            models.UniqueConstraint(fields=["version"], condition=Q(is_cover=True), name="productimage_one_cover"),
        ]
        verbose_name = _("image in a product")
        verbose_name_plural = _("images in products")

    def __str__(self):
        return f"[[image {self.number}]]"


class ReviewComment(models.Model):
    """A reviewer's comment on one section of a version in review (or on the whole version: empty key)."""

    version = models.ForeignKey(ProductVersion, on_delete=models.CASCADE, related_name="review_comments")
    section_key = models.CharField(_("section"), max_length=30, choices=SectionKey.choices, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("resolved by"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["version", "created_at", "pk"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self):
        return f"{self.section_key or '—'}: {self.text[:40]}"


class ProductSearchEntry(models.Model):
    """The full-text index row of a published product: its published version's text in both languages.

    Written only by the publish and unpublish services (``services.search_index``), so the index never holds a
    draft. The text index itself is the database's (migration 0002): an FTS5 table on SQLite kept in step by
    triggers, a generated ``tsvector`` column (Dutch) with a GIN index on PostgreSQL.
    """

    product = models.OneToOneField(KnowledgeProduct, on_delete=models.CASCADE, related_name="search_entry")
    title = models.CharField(max_length=500)
    body = models.TextField(blank=True)
    published_at = models.DateTimeField()

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self):
        return self.title
