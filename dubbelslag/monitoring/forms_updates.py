"""Forms of the update pages (part U of issue 15): the update itself, a workflow step, a comment, an attachment.

The forms only parse what was typed; every rule (a percentage above 100, parts above the total, a locked period, a
stale version) is the services', whose refusals ``UpdateForm.add_refusal`` puts next to the field they name.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dubbelslag.research.models import HarvestRecord, LogEntry

from .enums import IndicatorKind
from .models import ResultIndicator, Update


def _number(label, *, help_text=""):
    # Typed as text so "12,5" works in Dutch (a number input refuses the comma); the keyboard is still numeric.
    return forms.DecimalField(label=label, required=False, max_digits=14, decimal_places=2, localize=True,
                              help_text=help_text, widget=forms.TextInput(attrs={"inputmode": "decimal"}))


class UpdateForm(forms.Form):
    """One update's fields by the indicator's kind, one input per disaggregation category (``part_<pk>``), and the
    log entries and harvest records of the experiment the reporter may read."""

    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    narrative = forms.CharField(
        label=_("Narrative"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened this period, in Markdown. No names or addresses of residents."))
    log_entries = forms.ModelMultipleChoiceField(
        label=_("Research log entries it rests on"), required=False, queryset=LogEntry.objects.none(),
        widget=forms.CheckboxSelectMultiple)
    harvest_records = forms.ModelMultipleChoiceField(
        label=_("Harvest records it rests on"), required=False, queryset=HarvestRecord.objects.none(),
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, indicator: ResultIndicator, update: Update | None, user, categories, **kwargs):
        self.indicator, self.update, self.categories = indicator, update, list(categories)
        kwargs.setdefault("initial", self.initial_for(update))
        super().__init__(*args, **kwargs)
        self.parts_errors: list[str] = []
        kind = indicator.kind
        value_fields = {}
        if kind == IndicatorKind.NUMBER:
            value_fields["value"] = _number(_("Value") + (f" ({indicator.unit})" if indicator.unit else ""))
        elif kind == IndicatorKind.PERCENTAGE:
            value_fields["numerator"] = _number(_("Numerator"), help_text=_("How many of them, e.g. households "
                                                                            "reached."))
            value_fields["denominator"] = _number(_("Denominator"), help_text=_("Out of how many, e.g. all "
                                                                                "households."))
            value_fields["value"] = _number(_("Percentage"), help_text=_(
                "Only without a numerator and denominator; with them, the percentage is computed."))
        elif indicator.score_labels:
            value_fields["score"] = forms.TypedChoiceField(
                label=_("Score"), required=False, coerce=int, empty_value=None, widget=forms.RadioSelect,
                choices=[("", _("No score"))] + [(number, f"{number}. {label}")
                                                 for number, label in enumerate(indicator.score_labels, start=1)])
        # The value fields first, then the rest in declaration order.
        self.fields = {**value_fields, **self.fields}
        for category in self.categories:
            self.fields[f"part_{category.pk}"] = _number(category.label)
        entries = LogEntry.objects.visible_to(user).filter(experiment_id=indicator.experiment_id)
        self.fields["log_entries"].queryset = entries.order_by("-occurred_on", "-pk")
        # This experiment's records, and those linked already (the service allows the programme's), so saving
        # does not drop a link the page would not list.
        linked = Q(monitoring_updates=update) if update is not None else Q(pk__in=[])
        records = HarvestRecord.objects.visible_to(user).filter(
            Q(experiments=indicator.experiment_id) | linked).distinct()
        self.fields["harvest_records"].queryset = records.order_by("-created_at", "-pk")

    @staticmethod
    def initial_for(update: Update | None) -> dict:
        if update is None:
            return {}
        initial = {"version": update.version, "value": update.value, "numerator": update.numerator,
                   "denominator": update.denominator, "score": update.score, "narrative": update.narrative,
                   "log_entries": [entry.pk for entry in update.log_entries.all()],
                   "harvest_records": [record.pk for record in update.harvest_records.all()]}
        if update.numerator is not None:
            initial["value"] = None  # computed: the page shows it beside the numerator, not as an input
        for part in update.disaggregated_values.all():
            initial[f"part_{part.category_id}"] = part.value
        return initial

    @property
    def part_groups(self) -> list[tuple]:
        """(disaggregation, its categories' bound fields), in the categories' order: one group per dimension."""
        groups = []
        for category in self.categories:
            if not groups or groups[-1][0].pk != category.disaggregation_id:
                groups.append((category.disaggregation, []))
            groups[-1][1].append(self[f"part_{category.pk}"])
        return groups

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "value": data.get("value"), "numerator": data.get("numerator"), "denominator": data.get("denominator"),
            "score": data.get("score"), "narrative": data.get("narrative", ""),
            "parts": {category: data.get(f"part_{category.pk}") for category in self.categories
                      if data.get(f"part_{category.pk}") is not None},
            "log_entries": list(data.get("log_entries", [])), "harvest_records": list(data.get("harvest_records", [])),
            "version": data.get("version"),
        }

    def add_refusal(self, error: ValidationError) -> None:
        """A service's refusal next to the field it names; the parts' beside their group; the rest on top."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for field, errors in error.error_dict.items():
            if field == "parts":
                self.parts_errors.extend(message for item in errors for message in item.messages)
            else:
                self.add_error(field if field in self.fields else None, errors)

    @property
    def has_problems(self) -> bool:
        return bool(self.errors or self.parts_errors)

    def error_summary(self) -> list[tuple[str | None, str]]:
        """(anchor, message) for every problem, in the page's order: the error summary's lines."""
        lines = [(None, str(message)) for message in self.non_field_errors()]
        for field in self.visible_fields():
            grouped = field.widget_type in {"checkboxselectmultiple", "radioselect"}
            anchor = f"{field.auto_id}_0" if grouped else field.auto_id
            lines += [(anchor, f"{field.label}: {message}") for message in field.errors]
        lines += [("parts", str(message)) for message in self.parts_errors]
        return lines


class StepForm(forms.Form):
    """A workflow step as posted from the update's page: the version the viewer saw, and for a return the reason."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for returning"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("The reporter sees this at the top of the update."))

    def __init__(self, *args, reason_required: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_required:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _(
                "Say why the update is returned; the reporter sees it at once.")
        else:
            del self.fields["reason"]

    def service_kwargs(self) -> dict:
        values = {"version": self.cleaned_data["version"]}
        if "reason" in self.fields:
            values["reason"] = self.cleaned_data["reason"].strip()
        return values


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write a comment.")})


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), error_messages={"required": _("Choose a file to attach.")})
