import re

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


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("A CSV file (UTF-8, UTF-16 or Windows-1252; separated by commas or semicolons) "
                                     "or an Excel workbook (.xlsx: its first sheet is read)."))


ROLE_IGNORE, ROLE_AREA, ROLE_NAME, ROLE_DIMENSION, ROLE_INDICATOR, ROLE_NEW = (
    "ignore", "area", "name", "dimension", "indicator", "new")
ROLE_CHOICES = [
    (ROLE_IGNORE, _("Ignore")), (ROLE_AREA, _("Area code")), (ROLE_NAME, _("Area name")),
    (ROLE_DIMENSION, _("Dimension: import only the rows with one value")),
    (ROLE_INDICATOR, _("An existing indicator")), (ROLE_NEW, _("A new indicator")),
]
NEW_FIELDS = ("code", "name_nl", "name_en", "domain", "unit", "value_type", "classes", "source_note", "licence")


class ImportMappingForm(forms.Form):
    """How to read a staged file: per column its role, and the boundary year, period and decimal separator.
    ``choices()`` is what ``imports.import_arguments`` reads; ``initial_for`` turns it back into the form's initial
    values, so going back a step shows the answers given."""

    boundary_year = forms.TypedChoiceField(
        label=_("Boundary year (indeling)"), coerce=int,
        help_text=_("The CBS area boundaries the file's codes belong to: the same code can mean another "
                    "neighbourhood in another year."))
    period = forms.CharField(label=_("Period"), required=False, max_length=10,
                             help_text=_("The year of the figures, such as 2021 (when the file has no Perioden "
                                         "column)."))
    decimal = forms.ChoiceField(label=_("Decimal separator"), choices=[(",", _("comma (12,5)")),
                                                                       (".", _("point (12.5)"))])
    skip_invalid = forms.BooleanField(label=_("Import the valid rows and leave out the refused ones"),
                                      required=False)

    def __init__(self, *args, preview, years: list[int], indicators, **kwargs):
        super().__init__(*args, **kwargs)
        from dubbelslag.indicators.enums import Domain, ValueType

        self.preview = preview
        self.indicator_codes = {indicator.code for indicator in indicators}
        self.fields["boundary_year"].choices = [("", _("Choose a year")), *((year, year) for year in years)]
        self.columns = []
        if preview.is_long_format:
            for name in ("period", "decimal"):
                del self.fields[name]
            return
        indicator_choices = [("", "–"), *((indicator.code, f"{indicator.code} – {indicator.name}")
                                          for indicator in indicators)]
        for column in preview.columns:
            if not column.name:
                continue
            prefix = f"c{column.index}_"
            label = column.name
            self.fields[prefix + "role"] = forms.ChoiceField(label=_("Column “%(column)s”") % {"column": label},
                                                             choices=ROLE_CHOICES, initial=ROLE_IGNORE)
            self.fields[prefix + "value"] = forms.ChoiceField(
                label=_("Value to import"), required=False,
                choices=[("", "–"), *((value, value) for value in column.values)])
            self.fields[prefix + "indicator"] = forms.ChoiceField(label=_("Indicator"), required=False,
                                                                  choices=indicator_choices)
            self.fields[prefix + "code"] = forms.CharField(label=_("Code"), required=False, max_length=40)
            self.fields[prefix + "name_nl"] = forms.CharField(label=_("Name (Dutch)"), required=False,
                                                              max_length=200)
            self.fields[prefix + "name_en"] = forms.CharField(label=_("Name (English)"), required=False,
                                                              max_length=200)
            self.fields[prefix + "domain"] = forms.ChoiceField(label=_("Domain"), required=False,
                                                               choices=[("", "–"), *Domain.choices])
            self.fields[prefix + "unit"] = forms.CharField(label=_("Unit"), required=False, max_length=50)
            self.fields[prefix + "value_type"] = forms.ChoiceField(
                label=_("Value type"), choices=ValueType.choices,
                initial=ValueType.NUMBER if column.numeric else ValueType.CATEGORY)
            self.fields[prefix + "classes"] = forms.CharField(
                label=_("Classes, lowest first"), required=False, max_length=400,
                initial=", ".join(column.proposed_classes[:10]) if not column.numeric else "",
                help_text=_("Comma-separated, as the file writes them; only for ordered classes."))
            self.fields[prefix + "source_note"] = forms.CharField(label=_("Source note"), required=False,
                                                                  widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[prefix + "licence"] = forms.CharField(label=_("Licence"), required=False, max_length=100,
                                                              initial="CC BY 4.0")
            self.columns.append((column, prefix))

    def column_groups(self):
        """Per column: its summary and its bound fields by short name, for the template."""
        return [(column, {name: self[prefix + name] for name in ("role", "value", "indicator", *NEW_FIELDS)})
                for column, prefix in self.columns]

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, message) for every error, fields first in form order; the anchor is empty for form errors."""
        items = [("", str(error)) for error in self.non_field_errors()]
        for name, bound in self.fields.items():
            for error in self.errors.get(name, []):
                items.append((self[name].auto_id, f"{bound.label}: {error}"))
        return items

    @staticmethod
    def initial_for(choices: dict, preview) -> dict:
        """The form's initial values for saved ``choices``; guesses for a first visit (the area and name columns by
        their usual names, columns named like an indicator code)."""
        from .services import AREA_COLUMNS, NAME_COLUMNS, guess_column

        if choices:
            initial = {key: choices[key] for key in ("boundary_year", "period", "decimal", "skip_invalid")
                       if key in choices}
            for column in preview.columns:
                spec = choices.get("columns", {}).get(column.name)
                if not spec:
                    continue
                prefix = f"c{column.index}_"
                initial[prefix + "role"] = spec["role"]
                for name in ("value", "indicator", *NEW_FIELDS):
                    if name in spec:
                        value = spec[name]
                        initial[prefix + name] = ", ".join(value) if isinstance(value, list) else value
            return initial
        initial = {"decimal": "." if preview.encoding == "xlsx" else ","}
        area = guess_column(preview.header, AREA_COLUMNS)
        name = guess_column(preview.header, NAME_COLUMNS)
        for column in preview.columns:
            prefix = f"c{column.index}_"
            if column.name == area:
                initial[prefix + "role"] = ROLE_AREA
            elif column.name == name:
                initial[prefix + "role"] = ROLE_NAME
            initial[prefix + "code"] = re.sub(r"[^A-Z0-9_]", "_", column.name.upper()).strip("_")[:40]
            initial[prefix + "name_nl"] = column.name
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.preview.is_long_format:
            return cleaned
        from .catalogue import CODE_PATTERN
        from .sources.common import normalise_period

        roles = {prefix: cleaned.get(prefix + "role") for _column, prefix in self.columns}
        for role, message in ((ROLE_AREA, _("Only one column can hold the area codes.")),
                              (ROLE_NAME, _("Only one column can hold the area names."))):
            chosen = [prefix for prefix, value in roles.items() if value == role]
            for prefix in chosen[1:]:
                self.add_error(prefix + "role", message)
        if ROLE_AREA not in roles.values() and not self.preview.has_cbs_area_column:
            self.add_error(None, _("Choose the column that holds the area codes (such as regiocode)."))
        if not {ROLE_INDICATOR, ROLE_NEW} & set(roles.values()):
            self.add_error(None, _("Map at least one column to an indicator, existing or new."))
        new_codes: set[str] = set()
        for _column, prefix in self.columns:
            role = roles[prefix]
            if role == ROLE_DIMENSION and not cleaned.get(prefix + "value"):
                self.add_error(prefix + "value", _("Choose the value whose rows are imported."))
            elif role == ROLE_INDICATOR and not cleaned.get(prefix + "indicator"):
                self.add_error(prefix + "indicator", _("Choose the indicator this column holds."))
            elif role == ROLE_NEW:
                self._clean_new(cleaned, prefix, new_codes, CODE_PATTERN)
        period = (cleaned.get("period") or "").strip()
        if period:
            try:
                cleaned["period"] = normalise_period(period)
            except ValueError as error:
                self.add_error("period", str(error))
        elif not self.preview.has_period_column:
            self.add_error("period", _("Give the period of the figures: the file has no Perioden column."))
        return cleaned

    def _clean_new(self, cleaned, prefix, new_codes, pattern):
        from .enums import ValueType

        code = (cleaned.get(prefix + "code") or "").strip().upper()
        cleaned[prefix + "code"] = code
        if not code:
            self.add_error(prefix + "code", _("Give the new indicator a code."))
        elif not pattern.match(code):
            self.add_error(prefix + "code", _("Use capital letters, digits and underscores, starting with a letter."))
        elif code in self.indicator_codes:
            self.add_error(prefix + "code", _("The catalogue already has an indicator %(code)s: choose it as an "
                                              "existing indicator, or give another code.") % {"code": code})
        elif code in new_codes:
            self.add_error(prefix + "code", _("Two new indicators cannot have the same code."))
        new_codes.add(code)
        for name in ("name_nl", "name_en", "domain"):
            if not cleaned.get(prefix + name):
                self.add_error(prefix + name, _("This field is required."))
        classes = [value.strip() for value in (cleaned.get(prefix + "classes") or "").split(",") if value.strip()]
        cleaned[prefix + "classes"] = classes
        if cleaned.get(prefix + "value_type") == ValueType.CATEGORY and len(classes) < 2:
            self.add_error(prefix + "classes", _("Give at least two classes, lowest first, separated by commas."))

    def choices(self) -> dict:
        """The answers, by column name, as JSON (see ``imports.import_arguments``)."""
        data = self.cleaned_data
        result = {"boundary_year": data["boundary_year"], "skip_invalid": data.get("skip_invalid", False)}
        if self.preview.is_long_format:
            return result
        result.update(period=data.get("period", ""), decimal=data.get("decimal", ","), columns={})
        for column, prefix in self.columns:
            role = data[prefix + "role"]
            spec = {"role": role}
            if role == ROLE_DIMENSION:
                spec["value"] = data[prefix + "value"]
            elif role == ROLE_INDICATOR:
                spec["indicator"] = data[prefix + "indicator"]
            elif role == ROLE_NEW:
                spec.update({name: data.get(prefix + name) or ([] if name == "classes" else "")
                             for name in NEW_FIELDS})
            result["columns"][column.name] = spec
        return result
