"""Forms of the harvest register: a record's text, classification and links; the reason for a step back.

The choices offered are only what the user may see or link (``visible_to`` and the write rules); plain checkboxes
and multi-selects, so the forms work without JavaScript. What the user may not see is not offered and is kept
by ``services.harvest.update_record``.
"""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.models import Programme, Theme

from ..enums import Confidence, Confidentiality, EvidenceLevel, RecordKind, RecordStatus
from ..models import Excerpt, HarvestRecord, LogEntry
from ..services.harvest import LINK_FIELDS, TEXT_FIELDS, writable_experiments


class ThemeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return f"{theme.parent.name} – {theme.name}" if theme.parent_id else theme.name


class EntryField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, entry):
        return f"{entry.experiment.title} · {entry.occurred_on:%d-%m-%Y} · {entry.title}"


class ExcerptField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, excerpt):
        quote = excerpt.quote if len(excerpt.quote) <= 90 else f"{excerpt.quote[:89]}…"
        return f"{excerpt.entry.experiment.title} · {excerpt.entry.title}: “{quote}”"


class KoppelkansField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, koppelkans):
        return f"{koppelkans.code} {koppelkans.title}"


def _multi(label, *, field_class=forms.ModelMultipleChoiceField, checkboxes=False, help_text="", size=8):
    widget = forms.CheckboxSelectMultiple if checkboxes else forms.SelectMultiple(attrs={"size": size})
    return field_class(label=label, queryset=None, required=False, widget=widget, help_text=help_text)


def _text(label, *, rows=3, help_text="", max_length=None):
    if max_length:
        return forms.CharField(label=label, required=False, max_length=max_length, help_text=help_text)
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": rows}),
                           help_text=help_text)


SELECT_HELP = _("Hold Ctrl (Cmd on a Mac) to choose more than one.")


class RecordForm(forms.Form):
    """Create or edit a record of one programme. `version` guards against overwriting someone else's change."""

    kind = forms.ChoiceField(label=_("Kind"), choices=RecordKind.choices)
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Markdown. No names or addresses of residents."))
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, initial=Confidentiality.EXPERIMENT,
        help_text=_("Until it is validated, only the people of its experiments and the programme team read a "
                    "record. Only a public record can be published."))
    evidence_level = forms.ChoiceField(label=_("Evidence level"), choices=EvidenceLevel.choices,
                                       initial=EvidenceLevel.DESCRIBED)
    confidence = forms.ChoiceField(label=_("Confidence"), choices=Confidence.choices, initial=Confidence.MEDIUM)

    experiments = _multi(_("Experiments"), checkboxes=True)
    themes = _multi(_("Themes"), field_class=ThemeField, checkboxes=True)
    koppelkansen = _multi(_("Koppelkansen"), field_class=KoppelkansField, checkboxes=True)
    knowledge_questions = _multi(_("Knowledge questions"), help_text=SELECT_HELP)
    evidence_entries = _multi(_("Evidence: log entries"), field_class=EntryField, size=10,
                              help_text=format_lazy("{} {}", _("The log entries this record rests on."), SELECT_HELP))
    evidence_excerpts = _multi(_("Evidence: excerpts"), field_class=ExcerptField, size=10,
                               help_text=format_lazy("{} {}", _("The marked passages this record rests on."),
                                                     SELECT_HELP))
    responds_to = _multi(_("Challenges it answers"),
                         help_text=format_lazy("{} {}", _("For a solution only."), SELECT_HELP))
    draws_on = _multi(_("Insights it draws on"), help_text=format_lazy("{} {}", _("For a lesson only."), SELECT_HELP))

    outcome = _text(_("Outcome: what changed"))
    social_actor = _text(_("In whom (social actor)"), max_length=200,
                         help_text=_("A role or organisation, never a resident's name."))
    significance = _text(_("Significance"))
    contribution = _text(_("Contribution of the experiment"))
    substantiation = _text(_("Substantiation"), help_text=_("Who confirmed the outcome, and how."))
    story = _text(_("Story of change"), rows=6)
    story_domain = _text(_("Domain of change"), max_length=200)
    story_teller_role = _text(_("Told by (role)"), max_length=200,
                              help_text=_("A role, such as 'resident' or 'energy coach', never a name."))
    story_selection_reason = _text(_("Why it was selected as most significant"))

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    FIELDSETS = (
        (_("The record"), ("kind", "title", "summary", "confidentiality", "evidence_level", "confidence")),
        (_("Evidence"), ("evidence_excerpts", "evidence_entries")),
        (_("Links"), ("experiments", "responds_to", "draws_on", "knowledge_questions", "themes", "koppelkansen")),
        (_("Outcome harvesting (optional)"), ("outcome", "social_actor", "significance", "contribution",
                                              "substantiation")),
        (_("Most Significant Change story (optional)"), ("story", "story_domain", "story_teller_role",
                                                         "story_selection_reason")),
    )

    def __init__(self, *args, programme: Programme, user, record: HarvestRecord | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        fields = self.fields
        fields["experiments"].queryset = writable_experiments(user, programme).order_by("title")
        fields["themes"].queryset = (Theme.objects.filter(parent__isnull=False).select_related("parent")
                                     .order_by("parent__position", "position"))
        fields["koppelkansen"].queryset = Koppelkans.objects.visible_to(user).order_by("code")
        fields["knowledge_questions"].queryset = (KnowledgeQuestion.objects.visible_to(user)
                                                  .filter(programme=programme).order_by("title"))
        fields["evidence_entries"].queryset = (LogEntry.objects.visible_to(user)
                                               .filter(experiment__programme=programme).select_related("experiment")
                                               .order_by("experiment__title", "-occurred_on", "-pk"))
        fields["evidence_excerpts"].queryset = (Excerpt.objects.visible_to(user)
                                                .filter(entry__experiment__programme=programme)
                                                .select_related("entry__experiment")
                                                .order_by("entry__experiment__title", "-entry__occurred_on",
                                                          "entry_id", "start"))
        records = HarvestRecord.objects.visible_to(user).filter(programme=programme).order_by("title")
        if record is not None:
            records = records.exclude(pk=record.pk)
        fields["responds_to"].queryset = records.filter(kind=RecordKind.CHALLENGE)
        fields["draws_on"].queryset = records.filter(kind=RecordKind.INSIGHT)
        if record is not None and record.status == RecordStatus.PUBLISHED:
            fields["confidentiality"].help_text = _("This record is published, so it stays public. Unpublish it "
                                                    "first if fewer people should read it.")

    @classmethod
    def initial_for(cls, record: HarvestRecord) -> dict:
        initial = {name: getattr(record, name) for name in (
            "kind", "title", "summary", "confidentiality", "evidence_level", "confidence", "version", *TEXT_FIELDS)}
        for name in LINK_FIELDS:
            initial[name] = list(getattr(record, name).values_list("pk", flat=True))
        return initial

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.FIELDSETS]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        for name in LINK_FIELDS:
            data[name] = list(data.get(name) or ())
        return data


class ProgrammeChoiceForm(forms.Form):
    """Which programme a new record is for, when the user may record in more than one."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, to_field_name="slug", empty_label=None)

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Kept in the record's history."))
