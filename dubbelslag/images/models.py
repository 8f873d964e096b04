"""The image library: photographs and illustrations of a programme, with their alternative text, credit, licence and
the consent of the people they show.

An ``Image`` holds no original: its files are the re-encoded variants (``processing``), stored under
``MEDIA_ROOT/images/<token>/`` where ``token`` is random, and served only through views that apply the gate of
where the image is shown (``docs/images.md``). Its files never change once written; the metadata may be edited.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from dubbelslag.programme.models import Experiment, Programme

from .enums import PUBLISHABLE_CONSENTS, Consent, ImageLicence


class ImageQuerySet(models.QuerySet):
    def publishable(self):
        """Images that may be shown in public: without recognisable people, or with their consent."""
        return self.filter(Q(recognisable_people=False) | Q(consent__in=PUBLISHABLE_CONSENTS))


class Image(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT,
                                  related_name="images")
    # The folder of the files under MEDIA_ROOT/images/: random, so no address can be guessed from another.
    token = models.CharField(max_length=40, unique=True, editable=False)
    extension = models.CharField(max_length=4, editable=False)  # "jpg" or "png"
    width = models.PositiveIntegerField(editable=False)  # of the largest variant, upright
    height = models.PositiveIntegerField(editable=False)
    # [{"name": "w640.jpg", "width": 640, "height": 427, "size": 51234}, …], largest first; "print.jpg" first.
    variants = models.JSONField(default=list, editable=False)

    alt_nl = models.CharField(_("alternative text (Dutch)"), max_length=300,
                              help_text=_("What the image shows, for someone who cannot see it."),
                              error_messages={"blank": _("Describe what the image shows, in Dutch: people who "
                                                         "cannot see it read this text.")})
    alt_en = models.CharField(_("alternative text (English)"), max_length=300, blank=True,
                              help_text=_("Needed where the page is in English."))
    caption_nl = models.CharField(_("caption (Dutch)"), max_length=300, blank=True)
    caption_en = models.CharField(_("caption (English)"), max_length=300, blank=True)
    credit = models.CharField(_("photographer or source"), max_length=200,
                              help_text=_("Shown with the image wherever it appears, such as “Foto: Anna de Vries”."),
                              error_messages={"blank": _("Name the photographer or the source; it is shown with "
                                                         "the image.")})
    licence = models.CharField(_("licence"), max_length=20, choices=ImageLicence.choices,
                               error_messages={"blank": _("Choose the licence under which the image may be used.")})
    recognisable_people = models.BooleanField(
        _("recognisable people"), default=False,
        help_text=_("Tick when someone in the image can be recognised (a face, a front door with a house number)."))
    consent = models.CharField(_("consent"), max_length=20, choices=Consent.choices, blank=True,
                               help_text=_("Whether the recognisable people agreed to publication."))
    experiment = models.ForeignKey(Experiment, verbose_name=_("experiment"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="images",
                                   help_text=_("The experiment the image belongs to, if any."))
    on_experiment_page = models.BooleanField(_("picture of the experiment's page"), default=False)
    is_demo = models.BooleanField(default=False, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    # Bumped by every edit; an edit made on an older one is refused.
    edit_version = models.PositiveIntegerField(default=1, editable=False)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["experiment"], condition=Q(on_experiment_page=True),
                                    name="image_one_experiment_picture"),
            models.CheckConstraint(condition=Q(on_experiment_page=False) | Q(experiment__isnull=False),
                                   name="image_experiment_picture_has_experiment"),
        ]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.alt_nl[:60]

    def audit_label(self) -> str:
        return f"{self.token[:8]} {self.alt_nl[:40]}"

    @property
    def alt(self) -> str:
        return self.alt_en if self.alt_en and translation.get_language() == "en" else self.alt_nl

    @property
    def caption(self) -> str:
        return self.caption_en if self.caption_en and translation.get_language() == "en" else self.caption_nl

    @property
    def is_publishable(self) -> bool:
        return not self.recognisable_people or self.consent in PUBLISHABLE_CONSENTS

    @property
    def content_type(self) -> str:
        return "image/png" if self.extension == "png" else "image/jpeg"

    def variant_names(self) -> set[str]:
        return {variant["name"] for variant in self.variants}

    def clean(self):
        errors = {}
        if self.recognisable_people and not self.consent:
            errors["consent"] = _("The image shows recognisable people: say whether they consented.")
        if self.on_experiment_page and not self.experiment_id:
            errors["experiment"] = _("Choose the experiment whose page shows the picture.")
        elif self.on_experiment_page and not self.is_publishable:
            errors["on_experiment_page"] = _(
                "An image of recognisable people without their consent cannot be the picture of an experiment's "
                "page, which the public may see.")
        if self.experiment_id and self.programme_id and self.experiment.programme_id != self.programme_id:
            errors["experiment"] = _("Choose an experiment of the image's programme.")
        if errors:
            raise ValidationError(errors)
