"""The framework pages' forms. Each only parses and checks input; the services do every write and every rule that
needs the database, and their refusals are shown on these forms (``core.forms.add_service_errors``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from dubbelslag.indicators.enums import Domain
from dubbelslag.indicators.models import Indicator

from .enums import Dimension, Direction, IndicatorKind, RollupRule, Side
from .models import DisaggregationValue, Goal, ReportingPeriod, ResultIndicator

VALUE = {"max_digits": 14, "decimal_places": 2, "min_value": 0}


class GoalForm(forms.Form):
    side = forms.ChoiceField(label=_("Side"), choices=Side.choices)
    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    version = forms.CharField(widget=forms.HiddenInput, required=False)


class CatalogueChoiceField(forms.ChoiceField):
    """The indicator catalogue as a select grouped by domain, like the catalogue page; one query."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._by_pk = {}

    def load(self):
        groups = {}
        for indicator in Indicator.objects.order_by("domain", "code"):
            self._by_pk[str(indicator.pk)] = indicator
            groups.setdefault(indicator.domain, []).append((str(indicator.pk), str(indicator)))
        self.choices = [("", _("— none —"))] + [(Domain(domain).label.capitalize(), options)
                                                for domain, options in groups.items()]

    def clean(self, value):
        value = super().clean(value)
        return self._by_pk.get(value) if value else None


class IndicatorForm(forms.Form):
    """An indicator's definition; ``goals`` (a queryset) adds the goal select for a new indicator, ``public`` the
    public checkbox (a coordinator's choice)."""

    goal = forms.ModelChoiceField(label=_("Goal"), queryset=Goal.objects.none(),
                                  error_messages={"invalid_choice": _("Choose one of the goals listed.")})
    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text=_("Markdown"))
    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    score_labels = forms.CharField(
        label=_("Score labels"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Qualitative indicators only: one label per line, score 1 first. Leave empty for a narrative "
                    "without a score."))
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices)
    cumulative = forms.BooleanField(
        label=_("Cumulative: each period's value is the total so far"), required=False)
    catalogue_indicator = CatalogueChoiceField(
        label=_("Open statistic"), required=False,
        help_text=_("A catalogue indicator whose figures for the area are shown beside this one."))
    rollup_rule = forms.ChoiceField(label=_("Roll-up rule"), choices=RollupRule.choices,
                                    help_text=_("How the experiments' values add up to the programme's."))
    is_public = forms.BooleanField(label=_("Public"), required=False,
                                   help_text=_("Show this indicator's approved values in public periods."))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, goals=None, public=False, shared=True, **kwargs):
        super().__init__(*args, **kwargs)
        if goals is None:
            del self.fields["goal"]
        else:
            self.fields["goal"].queryset = goals
        if not public:
            del self.fields["is_public"]
        if not shared:
            # Only a shared indicator rolls up; an experiment's own has no rule to set.
            del self.fields["rollup_rule"]
        self.fields["catalogue_indicator"].load()

    @classmethod
    def initial_for(cls, indicator: ResultIndicator) -> dict:
        return {"title_nl": indicator.title_nl, "title_en": indicator.title_en,
                "description": indicator.description, "kind": indicator.kind, "unit": indicator.unit,
                "score_labels": "\n".join(indicator.score_labels), "direction": indicator.direction,
                "cumulative": indicator.cumulative, "catalogue_indicator": indicator.catalogue_indicator_id or "",
                "rollup_rule": indicator.rollup_rule, "is_public": indicator.is_public,
                "version": indicator.version}

    def clean_score_labels(self):
        return [line.strip() for line in self.cleaned_data["score_labels"].splitlines() if line.strip()]

    def definition(self) -> dict:
        """The keyword arguments of ``create_indicator`` / ``change_indicator``."""
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title_nl", "title_en", "description", "kind", "unit",
                                                 "direction", "cumulative", "catalogue_indicator",
                                                 "score_labels")}
        fields["rollup_rule"] = data.get("rollup_rule") or RollupRule.SUM
        return fields


class ValuesForm(forms.Form):
    """A value, a numerator and denominator, or a score, as the indicator's kind asks."""

    value = forms.DecimalField(label=_("Value"), required=False, **VALUE)
    numerator = forms.DecimalField(label=_("Numerator"), required=False, **VALUE)
    denominator = forms.DecimalField(label=_("Denominator"), required=False, **VALUE)
    score = forms.TypedChoiceField(label=_("Score"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, indicator: ResultIndicator, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator.kind == IndicatorKind.QUALITATIVE:
            for name in ("value", "numerator", "denominator"):
                self.fields.pop(name, None)
            self.fields["score"].choices = [("", "–")] + [(str(number), f"{number}. {label}") for number, label
                                                          in enumerate(indicator.score_labels, start=1)]
        else:
            del self.fields["score"]
            if indicator.kind != IndicatorKind.PERCENTAGE:
                self.fields.pop("numerator", None)
                self.fields.pop("denominator", None)

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("value", "numerator", "denominator", "score")
                if name in self.fields}


class BaselineForm(ValuesForm):
    measured_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["value", "numerator", "denominator", "score", "measured_on", "source", "note"]


class TargetForm(ValuesForm):
    period = forms.ModelChoiceField(
        label=_("Period"), queryset=ReportingPeriod.objects.none(), required=False,
        empty_label=_("At the end (end target)"),
        error_messages={"invalid_choice": _("Choose one of this programme's periods; a target cannot lie outside "
                                            "the programme.")})
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["period", "value", "numerator", "denominator", "score", "note"]

    def __init__(self, *args, indicator: ResultIndicator, periods, **kwargs):
        super().__init__(*args, indicator=indicator, **kwargs)
        # A target is a value or a score: numerator and denominator are for reports.
        self.fields.pop("numerator", None)
        self.fields.pop("denominator", None)
        self.fields["period"].queryset = periods


class DisaggregationForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices,
                                  help_text=_("The dimension's usual categories are added; targets per category "
                                              "can be set afterwards."))


class CategoryTargetForm(forms.Form):
    category = forms.ModelChoiceField(queryset=DisaggregationValue.objects.none(), widget=forms.HiddenInput,
                                      error_messages={"invalid_choice": _("This category is not one of this "
                                                                          "indicator's.")})
    target = forms.DecimalField(label=_("Target"), required=False, **VALUE)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class ConfirmRemoveForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, remove it, with its baseline, targets and disaggregations"),
                                 error_messages={"required": _("Tick the box to confirm the removal.")})


class PublicForm(forms.Form):
    is_public = forms.BooleanField(required=False, widget=forms.HiddenInput)


class PeriodForm(forms.Form):
    label = forms.CharField(label=_("Label"), max_length=30, help_text=_("For example 2020-K1."))
    start = forms.DateField(label=_("Start"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End"), widget=forms.DateInput(attrs={"type": "date"}))
    is_public = forms.BooleanField(label=_("Public"), required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    # The database refuses a second period with the same label or start too; checked here as well (as a ModelForm
    # would) so the message stands next to its field.
    def clean_label(self):
        label = self.cleaned_data["label"].strip()
        if ReportingPeriod.objects.filter(programme=self.programme, label=label).exists():
            raise forms.ValidationError(_("The programme already has a period with this label."))
        return label

    def clean_start(self):
        start = self.cleaned_data["start"]
        if ReportingPeriod.objects.filter(programme=self.programme, start=start).exists():
            raise forms.ValidationError(_("The programme already has a period starting on this date."))
        return start

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end date cannot be before the start date."))
        return data
