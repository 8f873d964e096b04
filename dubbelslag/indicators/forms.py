from django import forms
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

from .catalogue import INDICATOR_FIELDS
from .models import Indicator


class IndicatorForm(forms.ModelForm):
    """The reference sheet of an indicator, as the programme team edits it. The catalogue's format rules (table id,
    key stem) are checked by the service, whose errors name these same fields."""

    class Meta:
        model = Indicator
        fields = INDICATOR_FIELDS
        widgets = {
            "definition_nl": forms.Textarea(attrs={"rows": 3}),
            "definition_en": forms.Textarea(attrs={"rows": 3}),
            "source_note": forms.Textarea(attrs={"rows": 2}),
            "source_table": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            "source_key_stem": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            "source_key_stem_aliases": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
        }

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict:
        return model_to_dict(indicator, fields=cls._meta.fields)


class IndicatorCreateForm(IndicatorForm):
    code = forms.CharField(
        label=_("Code"), max_length=40,
        help_text=_("Capital letters, digits and underscores, starting with a letter; for example BP_DRAAGVLAK. "
                    "It cannot be changed later."),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )

    class Meta(IndicatorForm.Meta):
        fields = ["code", *INDICATOR_FIELDS]

    def clean_code(self):
        # Normalised before the model's uniqueness check, so "bp_nieuw" and "BP_NIEUW" are the same code.
        return self.cleaned_data["code"].strip().upper()
