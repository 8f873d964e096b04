import re

from django import forms
from django.utils.translation import gettext_lazy as _

from dubbelslag.accounts.models import Organisation
from dubbelslag.areas.enums import AreaLevel
from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area

from .enums import NeighbourhoodType, ParticipationRole, Phase
from .models import Theme


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return f"{theme.parent.name} – {theme.name}" if theme.parent_id else theme.name


class ExperimentForm(forms.Form):
    """Create or edit an experiment. Areas are entered by their CBS code, which is checked against the code lists."""

    title = forms.CharField(label=_("Title"), max_length=200)
    gemeente_code = forms.CharField(
        label=_("Municipality (CBS code)"), max_length=6,
        help_text=_("For example GM0599 for Rotterdam."),
        widget=forms.TextInput(attrs={"list": "gemeenten", "autocomplete": "off", "spellcheck": "false"}),
    )
    focus_codes = forms.CharField(
        label=_("Focus neighbourhoods (CBS codes)"), required=False,
        help_text=_("Wijk codes (WK……) or buurt codes (BU……) of the municipality, separated by spaces or commas."),
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))
    energy_ambition = forms.CharField(label=_("Energy ambition"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))
    livability_ambition = forms.CharField(label=_("Livability ambition"), required=False,
                                          widget=forms.Textarea(attrs={"rows": 4}))
    approach = forms.CharField(label=_("Approach"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
                               help_text=_("Markdown: *italic*, **bold**, lists with -."))
    phase = forms.ChoiceField(label=_("Phase"), choices=Phase.choices)
    neighbourhood_type = forms.ChoiceField(label=_("Type of neighbourhood"), required=False,
                                           choices=[("", "—"), *NeighbourhoodType.choices])
    start_date = forms.DateField(label=_("Start date"), widget=DateInput())
    end_date = forms.DateField(label=_("End date"), required=False, widget=DateInput())
    themes = ThemeChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Theme.objects.filter(parent__isnull=False).select_related("parent").order_by("parent__position",
                                                                                               "position"),
    )
    is_public = forms.BooleanField(label=_("List this experiment on the public programme page"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Whether focus areas lie in the gemeente and dates are in order is checked once, by the service; its errors
    # name model fields, shown on these form fields.
    MODEL_FIELDS = {"gemeente": "gemeente_code", "focus_areas": "focus_codes"}

    def clean_gemeente_code(self):
        code = self.cleaned_data["gemeente_code"].strip().upper()
        gemeente = Area.objects.in_year(CURRENT_BOUNDARY_YEAR).filter(code=code, level=AreaLevel.GEMEENTE).first()
        if gemeente is None:
            raise forms.ValidationError(
                _("“%(code)s” is not a municipality code in the CBS %(year)s code list."),
                params={"code": code, "year": CURRENT_BOUNDARY_YEAR}, code="unknown_code",
            )
        return gemeente

    def clean_focus_codes(self):
        codes = [code.upper() for code in re.split(r"[\s,;]+", self.cleaned_data["focus_codes"]) if code]
        areas = {area.code: area for area in Area.objects.in_year(CURRENT_BOUNDARY_YEAR).filter(
            code__in=codes, level__in=[AreaLevel.WIJK, AreaLevel.BUURT])}
        unknown = [code for code in codes if code not in areas]
        if unknown:
            raise forms.ValidationError(
                _("Unknown wijk or buurt code: %(codes)s. Use codes from the CBS %(year)s code list."),
                params={"codes": ", ".join(unknown), "year": CURRENT_BOUNDARY_YEAR}, code="unknown_code",
            )
        return [areas[code] for code in dict.fromkeys(codes)]

    @classmethod
    def initial_for(cls, experiment) -> dict:
        return {
            "title": experiment.title, "gemeente_code": experiment.gemeente.code,
            "focus_codes": " ".join(area.code for area in experiment.focus_areas.all()),
            "summary": experiment.summary, "energy_ambition": experiment.energy_ambition,
            "livability_ambition": experiment.livability_ambition, "approach": experiment.approach,
            "phase": experiment.phase, "neighbourhood_type": experiment.neighbourhood_type,
            "start_date": experiment.start_date, "end_date": experiment.end_date,
            "themes": list(experiment.themes.all()), "is_public": experiment.is_public, "version": experiment.version,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["gemeente"] = data.pop("gemeente_code")
        data["focus_areas"] = data.pop("focus_codes")
        data.pop("version", None)
        return data


class ParticipationForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.order_by("name"))
    role = forms.ChoiceField(label=_("Role"), choices=ParticipationRole.choices)
