"""Forms of the editorial pages: a new product, a version's metadata and sections, figures, review comments and the
reasons for a step back.

Choices offered are only what the writer may see (``visible_to`` and the programme); plain checkboxes, selects and
text fields, so every form works without JavaScript. Areas are entered by CBS code, as on the experiment form.
"""

import re

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dubbelslag.areas.models import CURRENT_BOUNDARY_YEAR, Area
from dubbelslag.indicators.models import Indicator, Observation
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.monitoring.models import ReportingPeriod, ResultIndicator
from dubbelslag.programme.models import Experiment, Programme, Theme
from dubbelslag.research.enums import EvidenceLevel, RecordKind

from .enums import SECTION_HELP, TEMPLATES, Licence, ProductType, ProjectStatus, SectionKey, VersionStatus
from .models import KnowledgeProduct, ProductVersion
from .services.workflow import GLANCE_FIELDS, LINK_FIELDS, META_FIELDS, TEXT_FIELDS

SELECT_HELP = _("Hold Ctrl (Cmd on a Mac) to choose more than one.")
SLUG_MAX_LENGTH = KnowledgeProduct._meta.get_field("slug").max_length


class ThemeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return f"{theme.parent.name} – {theme.name}" if theme.parent_id else theme.name


class KoppelkansField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, koppelkans):
        return f"{koppelkans.code} {koppelkans.title}"


def _multi(label, *, field_class=forms.ModelMultipleChoiceField, checkboxes=True, help_text=""):
    widget = forms.CheckboxSelectMultiple if checkboxes else forms.SelectMultiple(attrs={"size": 6})
    return field_class(label=label, queryset=Theme.objects.none(), required=False, widget=widget,
                       help_text=help_text)


def parse_area_codes(text: str) -> list[Area]:
    """Areas of the current CBS code lists from codes separated by spaces, commas or semicolons, in the order
    given; an unknown code is a ``ValidationError`` naming it."""
    codes = [code.upper() for code in re.split(r"[\s,;]+", text) if code]
    areas = {area.code: area for area in Area.objects.in_year(CURRENT_BOUNDARY_YEAR).filter(code__in=codes)}
    unknown = [code for code in codes if code not in areas]
    if unknown:
        raise forms.ValidationError(
            _("Unknown area code: %(codes)s. Use gemeente (GM…), wijk (WK…) or buurt (BU…) codes from the CBS "
              "%(year)s code list."),
            params={"codes": ", ".join(unknown), "year": CURRENT_BOUNDARY_YEAR}, code="unknown_code")
    return [areas[code] for code in dict.fromkeys(codes)]


class ProductCreateForm(forms.Form):
    """A new product; a ``programme`` field only when the writer writes in more than one programme."""

    product_type = forms.ChoiceField(label=_("Type"), choices=ProductType.choices)
    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=200,
                               widget=forms.TextInput(attrs={"data-slug-source": ""}))
    slug = forms.SlugField(
        label=_("Web address"), max_length=SLUG_MAX_LENGTH, required=False,
        widget=forms.TextInput(attrs={"data-slug-target": ""}),
        help_text=_("Lower-case letters, digits and hyphens: the last part of the public address. Leave empty to "
                    "make one from the title. Fixed once published."))
    authors = forms.CharField(label=_("Authors"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One per line: name (organisation)."))

    def __init__(self, *args, programmes: list[Programme], **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = programmes
        if len(programmes) > 1:
            self.fields["programme"] = forms.ModelChoiceField(
                label=_("Programme"), queryset=Programme.objects.filter(pk__in=[p.pk for p in programmes]),
                to_field_name="slug")
            self.order_fields(["programme"])

    def clean_slug(self):
        # Whether the address is free (or reserved) is checked by the service; an empty one it makes from the title.
        return self.cleaned_data["slug"].lower()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"programme": data.get("programme") or self.programmes[0], "product_type": data["product_type"],
                "slug": data["slug"], "title_nl": data["title_nl"], "authors": data["authors"]}


def default_authors(user) -> str:
    """The writer as the first author: "name (organisation)"."""
    name = user.get_full_name() or user.email
    return f"{name} ({user.organisation.name})" if getattr(user, "organisation", None) else name


def section_field_name(key: str, language: str) -> str:
    return f"section_{key}_{language}"


class VersionForm(forms.Form):
    """A draft's metadata and its sections (one Dutch and one English Markdown text per section of its type).
    ``edit_version`` is the version the writer started from; the service refuses a save on an older one."""

    title_nl = forms.CharField(label=_("Title (Dutch)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    subtitle_nl = forms.CharField(label=_("Subtitle (Dutch)"), max_length=200, required=False,
                                  help_text=_("Place and approach, such as “Huiskamer aardgasvrij in Rotterdam”."))
    subtitle_en = forms.CharField(label=_("Subtitle (English)"), max_length=200, required=False)
    lead_nl = forms.CharField(label=_("Lead (Dutch)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One paragraph: what, where, for whom."))
    lead_en = forms.CharField(label=_("Lead (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    project_status = forms.ChoiceField(label=_("Status of the practice"), required=False,
                                       choices=[("", "–"), *ProjectStatus.choices])
    period = forms.CharField(label=_("Period"), max_length=100, required=False,
                             help_text=_("For example 2019–2021."))
    partners = forms.CharField(label=_("Partners"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Organisations and their roles."))
    budget = forms.CharField(label=_("Budget"), max_length=200, required=False)
    funding = forms.CharField(label=_("Funding"), max_length=200, required=False,
                              help_text=_("Sources such as PAW, VHF, NPLV/SPUK, own funds."))
    scale = forms.CharField(label=_("Scale"), max_length=200, required=False,
                            help_text=_("Households or dwellings reached."))
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False,
                              help_text=_("A role or organisation to contact; no private addresses."))

    authors = forms.CharField(label=_("Authors"), widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("One per line: name (organisation)."))
    themes = _multi(_("Themes"), field_class=ThemeField)
    koppelkansen = _multi(_("Koppelkansen"), field_class=KoppelkansField)
    knowledge_questions = _multi(_("Knowledge questions answered"), checkboxes=False, help_text=SELECT_HELP)
    experiments = _multi(_("Experiments"),
                         help_text=_("The experiments this product describes. Their editors may read it and "
                                     "comment in review."))
    areas = forms.CharField(
        label=_("Areas (CBS codes)"), required=False,
        help_text=format_lazy(_("Gemeente, wijk or buurt codes from the CBS {year} code list, separated by spaces or "
                                "commas."), year=CURRENT_BOUNDARY_YEAR))
    evidence_level = forms.ChoiceField(label=_("Evidence level"), required=False,
                                       choices=[("", "–"), *EvidenceLevel.choices])
    licence = forms.ChoiceField(label=_("Licence"), choices=Licence.choices, initial=Licence.CC_BY)
    change_note = forms.CharField(label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                  help_text=_("For a new version: what changed since the previous one."))
    edit_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, error_messages=dict.fromkeys(
        ("required", "invalid", "min_value", "max_value"),
        _("The form was incomplete: reload the page and make your changes again.")))

    FIELDSETS = (
        (_("Title and lead"), TEXT_FIELDS),
        (_("At a glance"), GLANCE_FIELDS),
        (_("Metadata"), ("authors", "experiments", "areas", "themes", "koppelkansen", "knowledge_questions",
                         "evidence_level", "licence", "change_note")),
    )

    def __init__(self, *args, version: ProductVersion, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        programme = version.product.programme
        fields = self.fields
        fields["themes"].queryset = (Theme.objects.filter(parent__isnull=False).select_related("parent")
                                     .order_by("parent__position", "position"))
        fields["koppelkansen"].queryset = Koppelkans.objects.visible_to(user).order_by("code")
        fields["knowledge_questions"].queryset = (KnowledgeQuestion.objects.visible_to(user)
                                                  .filter(programme=programme).order_by("title"))
        fields["experiments"].queryset = Experiment.objects.filter(programme=programme).order_by("title")
        self.section_keys = list(TEMPLATES[version.product.product_type])
        for key in self.section_keys:
            heading = SectionKey(key).label
            fields[section_field_name(key, "nl")] = forms.CharField(
                label=format_lazy("{} ({})", heading, _("Dutch")), required=False,
                widget=forms.Textarea(attrs={"rows": 8, "class": "markdown"}), help_text=SECTION_HELP[key])
            fields[section_field_name(key, "en")] = forms.CharField(
                label=format_lazy("{} ({})", heading, _("English")), required=False,
                widget=forms.Textarea(attrs={"rows": 8, "class": "markdown", "lang": "en"}))

    @classmethod
    def initial_for(cls, version: ProductVersion) -> dict:
        initial = {name: getattr(version, name) for name in (*TEXT_FIELDS, *GLANCE_FIELDS, *META_FIELDS)}
        initial["edit_version"] = version.edit_version
        for name in ("themes", "koppelkansen", "knowledge_questions", "experiments"):
            initial[name] = [obj.pk for obj in getattr(version, name).all()]
        initial["areas"] = " ".join(area.code for area in version.areas.all())
        for section in version.sections.all():
            initial[section_field_name(section.key, "nl")] = section.body_nl
            initial[section_field_name(section.key, "en")] = section.body_en
        return initial

    @classmethod
    def initial_from_data(cls, form: "VersionForm") -> dict:
        """What the writer typed, as initial values: for re-showing the form without checking it (a search in the
        record picker), so nothing typed is lost and no errors are shown yet."""
        return {name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
                for name, field in form.fields.items()}

    def clean_areas(self):
        return parse_area_codes(self.cleaned_data["areas"])

    def clean(self):
        # A hidden field's error would show nowhere: it goes with the form's own errors at the top.
        errors = self._errors.pop("edit_version", None)
        if errors:
            self.add_error(None, errors)
        return super().clean()

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def section_rows(self):
        """Per section of the template: its key, heading, guidance and its Dutch and English fields."""
        return [{"key": key, "heading": SectionKey(key).label, "help": SECTION_HELP[key],
                 "nl": self[section_field_name(key, "nl")], "en": self[section_field_name(key, "en")]}
                for key in self.section_keys]

    def error_fields(self) -> dict[str, str]:
        """Names a service's errors may use, mapped to this form's fields (a section key → its Dutch text)."""
        return {key: section_field_name(key, "nl") for key in self.section_keys}

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {name: data[name] for name in (*TEXT_FIELDS, *GLANCE_FIELDS, *META_FIELDS)}
        for name in LINK_FIELDS:
            kwargs[name] = list(data[name])
        kwargs["sections"] = {key: (data[section_field_name(key, "nl")], data[section_field_name(key, "en")])
                              for key in self.section_keys}
        kwargs["expected_edit_version"] = data["edit_version"]
        return kwargs


class FigureForm(forms.Form):
    """A figure: one indicator for one area, by their codes."""

    area_code = forms.CharField(label=_("Area (CBS code)"), max_length=12,
                                help_text=_("A gemeente (GM…), wijk (WK…) or buurt (BU…) code."))
    indicator_code = forms.CharField(label=_("Indicator (code)"), max_length=40,
                                     help_text=_("Such as BEV_INWONERS; see the list of indicators."))
    period = forms.CharField(label=_("Period"), max_length=20, required=False,
                             help_text=_("Such as 2023. Empty: the latest period with a figure."))
    caption_nl = forms.CharField(label=_("Caption (Dutch)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)

    def clean_indicator_code(self):
        code = self.cleaned_data["indicator_code"].strip().upper()
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            raise forms.ValidationError(_("“%(code)s” is not an indicator code."), params={"code": code},
                                        code="unknown_code")
        return indicator

    def clean(self):
        data = super().clean()
        code = data.get("area_code", "").strip().upper()
        indicator = data.get("indicator_code")
        if code and indicator is not None:
            data["area"] = self.find_area(code, indicator)
            if data["area"] is None:
                self.add_error("area_code", forms.ValidationError(
                    _("“%(code)s” is not an area code in the CBS code lists."), params={"code": code},
                    code="unknown_code"))
        return data

    @staticmethod
    def find_area(code: str, indicator: Indicator) -> Area | None:
        """The area with ``code`` in the latest boundary year that has figures for ``indicator``, else in the
        latest boundary year that has the code at all (figures follow the boundaries of their year)."""
        areas = Area.objects.filter(code=code).order_by("-boundary_year")
        with_data = areas.filter(pk__in=Observation.objects.filter(indicator=indicator).values("area")).first()
        return with_data or areas.first()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {"area": data["area"], "indicator": data["indicator_code"], "period": data["period"].strip(),
                "caption_nl": data["caption_nl"], "caption_en": data["caption_en"]}


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, indicator):
        where = indicator.experiment.title if indicator.experiment_id else _("programme total")
        public = indicator.is_public and (not indicator.experiment_id or indicator.experiment.is_public)
        label = f"{indicator.title} ({where})"
        return label if public else format_lazy("{} – {}", label, _("not public"))


class MonitoringFigureForm(forms.Form):
    """A monitoring figure: a result indicator of the product's programme and a period. Indicators that are not
    public are listed (marked) so that choosing one gets the service's clear refusal, not "not a valid choice"."""

    prefix = "monitoring"

    result_indicator = IndicatorChoice(label=_("Monitoring indicator"), queryset=ResultIndicator.objects.none())
    reporting_period = forms.ModelChoiceField(label=_("Period"), queryset=ReportingPeriod.objects.none())
    caption_nl = forms.CharField(label=_("Caption (Dutch)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result_indicator"].queryset = (
            ResultIndicator.objects.filter(programme=programme).select_related("experiment")
            .order_by("experiment__title", "experiment_id", "title_nl", "pk"))
        self.fields["reporting_period"].queryset = ReportingPeriod.objects.filter(programme=programme).order_by(
            "start")

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class CommentForm(forms.Form):
    section_key = forms.ChoiceField(label=_("Section"), required=False)
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, version: ProductVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section_key"].choices = [
            ("", _("The whole version")),
            *((key, SectionKey(key).label) for key in TEMPLATES[version.product.product_type])]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Kept in the product's history."))


class ProductFilters(forms.Form):
    """The product list's filters; unknown values are ignored, never refused."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    status = forms.ChoiceField(label=_("Status of the latest version"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    # "review": only the products with a version awaiting the user's review (the dashboard's link).
    todo = forms.ChoiceField(required=False, widget=forms.HiddenInput, choices=[("", ""), ("review", "review")])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *VersionStatus.choices]
        self.fields["type"].choices = [("", _("All")), *ProductType.choices]

    def values(self) -> dict:
        """The valid filters: an invalid one counts as not given."""
        self.is_valid()
        return {name: self.cleaned_data.get(name, "") for name in self.fields if name not in self.errors}


class RecordPickerFilters(forms.Form):
    """The filters of the record picker beside the editor (GET parameters, or posted with the form)."""

    q = forms.CharField(label=_("Search records"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    experiment = forms.TypedChoiceField(label=_("Experiment"), required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(label=_("Theme"), required=False)

    def __init__(self, *args, experiments, themes, form_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if form_id:
            # The picker sits beside the editor but is sent with it (HTML's form attribute), so a search keeps the
            # text typed in the editor.
            for field in self.fields.values():
                field.widget.attrs["form"] = form_id
        self.fields["kind"].choices = [("", _("All")), *RecordKind.choices]
        self.fields["experiment"].choices = [("", _("All")), *((e.pk, e.title) for e in experiments)]
        # A main theme also finds the records of its sub-themes.
        self.fields["theme"].choices = [("", _("All")), *(
            (theme.name, [(theme.slug, format_lazy("{} ({})", theme.name, _("all"))),
                          *((child.slug, child.name) for child in theme.children.all())])
            for theme in themes)]

    def values(self) -> dict:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
