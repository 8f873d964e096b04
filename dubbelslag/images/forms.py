"""The forms of the image library. They read the input; the services check it (their messages name the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import Consent, ImageLicence
from .models import Image
from .services import METADATA_FIELDS


def _required(name: str) -> dict:
    """The model's own message for a missing value, so the form and the service say the same."""
    return {"required": Image._meta.get_field(name).error_messages["blank"]}


class ImageMetadataForm(forms.Form):
    alt_nl = forms.CharField(label=_("Alternative text (Dutch)"), max_length=300,
                             error_messages=_required("alt_nl"),
                             help_text=_("What the image shows, for someone who cannot see it, such as “Bewoners "
                                         "bekijken een warmtepomp in de huiskamer”."))
    alt_en = forms.CharField(label=_("Alternative text (English)"), max_length=300, required=False,
                             help_text=_("Needed where the page is in English."))
    caption_nl = forms.CharField(label=_("Caption (Dutch)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)
    credit = forms.CharField(label=_("Photographer or source"), max_length=200, error_messages=_required("credit"),
                             help_text=_("Shown with the image wherever it appears, such as “Foto: Anna de Vries”."))
    licence = forms.ChoiceField(label=_("Licence"), choices=[("", "—"), *ImageLicence.choices],
                                error_messages=_required("licence"))
    recognisable_people = forms.BooleanField(
        label=_("People can be recognised in this image"), required=False,
        help_text=_("A face, or a front door with its house number. Photographs of residents are personal data."))
    consent = forms.ChoiceField(
        label=_("Consent of the people shown"), required=False,
        choices=[("", _("— (no recognisable people)")), *Consent.choices],
        help_text=_("Without written consent or a public event, the image is not published."))
    experiment = forms.ModelChoiceField(label=_("Experiment"), required=False, queryset=None,
                                        help_text=_("The experiment the image belongs to, if any."))
    on_experiment_page = forms.BooleanField(
        label=_("Show as the picture on the experiment's page"), required=False,
        help_text=_("On the public page too, when the experiment is listed publicly."))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experiment"].queryset = programme.experiments.order_by("title")

    @classmethod
    def initial_for(cls, image: Image) -> dict:
        return {name: getattr(image, name) for name in METADATA_FIELDS}

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data[name] for name in METADATA_FIELDS}


class ImageUploadForm(ImageMetadataForm):
    file = forms.FileField(
        label=_("Image"), error_messages={"required": _("Choose an image to upload.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. Hidden information in the file, such as the GPS position and the camera, "
                    "is removed; the original file is not kept."))
    field_order = ["file"]

    def service_kwargs(self) -> dict:
        return {**super().service_kwargs(), "file": self.cleaned_data["file"]}


class ImageUpdateForm(ImageMetadataForm):
    edit_version = forms.IntegerField(widget=forms.HiddenInput)
