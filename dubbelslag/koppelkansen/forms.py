from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from dubbelslag.indicators.models import Indicator
from dubbelslag.programme.forms import ThemeChoiceField
from dubbelslag.programme.models import Theme

from .enums import Operator, ReferenceKind
from .models import Koppelkans, TriggerRule


class KoppelkansForm(forms.ModelForm):
    """The catalogue entry. Saved through the services, never with `form.save()`."""

    themes = ThemeChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Theme.objects.filter(parent__isnull=False).select_related("parent")
        .order_by("parent__position", "position"),
    )

    class Meta:
        model = Koppelkans
        fields = ["code", "title_nl", "title_en", "orientation", "description_nl", "description_en", "themes",
                  "examples_nl", "evidence_note", "is_active"]
        widgets = {
            "description_nl": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "examples_nl": forms.Textarea(attrs={"rows": 8}),
            "evidence_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The code is the page's address; changing it would break links to it.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code cannot be changed: it is part of the page's address.")
        else:
            self.fields["code"].help_text = _("K followed by two or three digits, like K18.")

    def clean(self):
        data = super().clean()
        # Browsers send line breaks as CRLF; store them as LF so that an unchanged text stays unchanged.
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r\n", "\n")
        return data

    def _post_clean(self):
        # Validate on a copy, so that an invalid post does not leave the instance half-changed in memory.
        original = self.instance
        if original.pk:
            self.instance = Koppelkans.objects.get(pk=original.pk)
        try:
            super()._post_clean()
        finally:
            self.instance = original

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        if self.instance.pk:
            data.pop("code", None)
        return data


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, indicator):
        return f"{indicator.code} – {indicator.name}"


class RuleForm(forms.Form):
    indicator = IndicatorChoiceField(label=_("Indicator"), queryset=Indicator.objects.order_by("code"))
    operator = forms.ChoiceField(label=_("Operator"), choices=Operator.choices, initial=Operator.GTE)
    # Initial values matter: an empty row as the browser sends it must count as unchanged, and so be skipped.
    reference = forms.ChoiceField(label=_("Compared with"), choices=ReferenceKind.choices,
                                  initial=ReferenceKind.GEMEENTE_PERCENTILE)
    threshold = forms.FloatField(label=_("Threshold"), localize=True)
    absolute_limit = forms.FloatField(label=_("And at least / at most"), required=False, localize=True)
    group = forms.IntegerField(label=_("AND group"), required=False, min_value=1, max_value=99)

    FIELDS = ("indicator", "operator", "reference", "threshold", "absolute_limit", "group")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            TriggerRule(**{name: data.get(name) for name in self.FIELDS}).clean()
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, errors in error.error_dict.items():
                    self.add_error(name if name in self.FIELDS else None, errors)
            else:
                self.add_error(None, error)
        return data

    @classmethod
    def initial_for(cls, rule: TriggerRule) -> dict:
        return {"indicator": rule.indicator_id, "operator": rule.operator, "reference": rule.reference,
                "threshold": rule.threshold, "absolute_limit": rule.absolute_limit, "group": rule.group}


class BaseRuleFormSet(forms.BaseFormSet):
    def specs(self) -> list[dict]:
        """The rules to keep: the existing rows and the filled-in new ones, less those marked for removal."""
        return [{name: form.cleaned_data.get(name) for name in RuleForm.FIELDS}
                for index, form in enumerate(self.forms)
                if (index < self.initial_form_count() or form.has_changed())
                and form.cleaned_data and not form.cleaned_data.get("DELETE")]


RuleFormSet = forms.formset_factory(RuleForm, formset=BaseRuleFormSet, extra=2, can_delete=True, max_num=30,
                                    validate_max=True)


class AdoptionForm(forms.Form):
    """Adopt a koppelkans for an experiment. Which experiments the user may choose is decided by the access gate,
    not by this form: any other id is a 404 or 403 there."""

    experiment = forms.IntegerField(label=_("Experiment"), min_value=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean_note(self):
        return self.cleaned_data["note"].replace("\r\n", "\n")
