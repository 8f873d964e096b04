"""Forms of the research log: learning questions, cycles, entries, attachments, and the entry filters.

Made for a phone as much as a desk: native date pickers, plain selects and checkboxes, no JavaScript needed. Edit
forms carry the ``version`` they started from, so a save on an outdated version is refused by the service.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dubbelslag.core.uploads import DOCUMENT_TYPES, check_upload
from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion

from ..enums import Consent, EntryKind, LearningQuestionStatus
from ..models import Cycle, LearningQuestion, LogEntry
from ..services.log import max_upload_bytes

MARKDOWN_HELP = _("Markdown: *italic*, **bold**, lists with -.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput, help_text=help_text)


def markdown_field(label, *, rows: int = 4, required: bool = False, help_text=MARKDOWN_HELP) -> forms.CharField:
    return forms.CharField(label=label, required=required, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": rows}))


class LearningQuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, question):
        return question.question


class KnowledgeQuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, question):
        return question.title


class LabChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, lab):
        return f"{lab.title} ({lab.starts_at:%d-%m-%Y})"


def learning_questions_field() -> LearningQuestionChoiceField:
    return LearningQuestionChoiceField(label=_("Learning questions"), required=False,
                                       queryset=LearningQuestion.objects.none(),
                                       widget=forms.CheckboxSelectMultiple)


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["version"] = data.get("version") or 0
        return data


class LearningQuestionForm(VersionedForm):
    """A question on the learning agenda. On edit also its status and the date it was answered or dropped."""

    question = forms.CharField(label=_("Learning question"), max_length=300,
                               help_text=_("What does the experiment want to learn? One question."))
    explanation = markdown_field(_("Explanation"))
    knowledge_question = KnowledgeQuestionChoiceField(
        label=_("Knowledge question"), required=False, queryset=KnowledgeQuestion.objects.none(),
        empty_label=_("None"), help_text=_("The programme's knowledge question this one works on, if any."))
    status = forms.ChoiceField(label=_("Status"), choices=LearningQuestionStatus.choices)
    closed_on = date_field(_("Answered or dropped on"), required=False,
                           help_text=_("Empty: today, when the status is answered or dropped."))

    def __init__(self, *args, experiment, user, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        visible = KnowledgeQuestion.objects.visible_to(user).filter(programme=experiment.programme)
        self.fields["knowledge_question"].queryset = visible.filter(
            Q(experiment__isnull=True) | Q(experiment=experiment)).distinct().order_by("title")
        if not editing:
            del self.fields["status"], self.fields["closed_on"], self.fields["version"]

    @classmethod
    def initial_for(cls, question: LearningQuestion) -> dict:
        return {"question": question.question, "explanation": question.explanation,
                "knowledge_question": question.knowledge_question_id, "status": question.status,
                "closed_on": question.closed_on, "version": question.version}


class CycleForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("What this cycle tries, in a few words."))
    learning_questions = learning_questions_field()
    plan_starts_on = date_field(_("Plan starts on"))
    act_starts_on = date_field(_("Act starts on"), required=False)
    observe_starts_on = date_field(_("Observe starts on"), required=False)
    reflect_starts_on = date_field(_("Reflect starts on"), required=False)
    ends_on = date_field(_("Ends on"), required=False)
    plan = markdown_field(_("Plan"), help_text=Cycle._meta.get_field("plan").help_text)
    act = markdown_field(_("Act"), help_text=Cycle._meta.get_field("act").help_text)
    observe = markdown_field(_("Observe"), help_text=Cycle._meta.get_field("observe").help_text)
    reflect = markdown_field(_("Reflect"), help_text=Cycle._meta.get_field("reflect").help_text)
    reflection_lab = LabChoiceField(label=_("Reflected at Kennislab"), required=False,
                                    queryset=KnowledgeLab.objects.none(), empty_label=_("None"))

    def __init__(self, *args, experiment, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning_questions"].queryset = LearningQuestion.objects.filter(experiment=experiment)
        self.fields["reflection_lab"].queryset = KnowledgeLab.objects.filter(
            programme=experiment.programme).order_by("starts_at")
        if not editing:
            del self.fields["version"]

    @classmethod
    def initial_for(cls, cycle: Cycle) -> dict:
        initial = {name: getattr(cycle, name) for name in (
            "title", "plan", "act", "observe", "reflect", "plan_starts_on", "act_starts_on", "observe_starts_on",
            "reflect_starts_on", "ends_on", "version")}
        initial["reflection_lab"] = cycle.reflection_lab_id
        initial["learning_questions"] = list(cycle.learning_questions.values_list("pk", flat=True))
        return initial


class EntryForm(VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=EntryKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    occurred_on = date_field(_("Date"), help_text=_("When it happened."))
    text = forms.CharField(
        label=_("Text"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: *italic*, **bold**, lists with -. No names or addresses of residents."))
    consent = forms.ChoiceField(label=_("Consent"), choices=Consent.choices,
                                help_text=_("What the people in this entry agreed to."))
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=Cycle.objects.none(),
                                   empty_label=_("No cycle"))
    learning_questions = learning_questions_field()
    # A new entry can take its files at once (a phone's photo of a flip-over, the notes of a talk); later files go
    # through the entry's attachment form. ``accept`` names the types core.uploads takes, so a phone offers its
    # camera and files; the photo field's ``capture`` opens the camera straight away.
    file = forms.FileField(label=_("Attachment"), required=False, widget=forms.ClearableFileInput(attrs={
        "accept": ",".join([f".{extension}" for extension in DOCUMENT_TYPES] + sorted(set(DOCUMENT_TYPES.values())))}),
        help_text=_("Optional: a PDF, image, Office or OpenDocument file, or plain text, CSV or Markdown."))
    photo = forms.FileField(label=_("Photo"), required=False, widget=forms.ClearableFileInput(attrs={
        "accept": "image/jpeg,image/png", "capture": "environment"}),
        help_text=_("Optional: on a phone this opens the camera. No recognisable residents without their consent."))

    def __init__(self, *args, experiment, editing: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = Cycle.objects.filter(experiment=experiment)
        self.fields["learning_questions"].queryset = LearningQuestion.objects.filter(experiment=experiment)
        if editing:
            del self.fields["file"], self.fields["photo"]
        else:
            del self.fields["version"]

    def _checked_upload(self, name):
        # The service checks again; checking here puts the reason on the field the file came in.
        upload = self.cleaned_data.get(name)
        if upload:
            try:
                check_upload(upload, max_bytes=max_upload_bytes())
            except forms.ValidationError as error:
                raise forms.ValidationError(error.message_dict["file"]) from None
        return upload

    def clean_file(self):
        return self._checked_upload("file")

    def clean_photo(self):
        return self._checked_upload("photo")

    def create_kwargs(self) -> dict:
        """The arguments of services.create_entry: the fields, with the uploads as its attachments."""
        data = dict(self.cleaned_data)
        data["attachments"] = [upload for upload in (data.pop("file", None), data.pop("photo", None)) if upload]
        return data

    @classmethod
    def initial_for(cls, entry: LogEntry) -> dict:
        return {"kind": entry.kind, "title": entry.title, "occurred_on": entry.occurred_on, "text": entry.text,
                "consent": entry.consent, "cycle": entry.cycle_id, "version": entry.version,
                "learning_questions": list(entry.learning_questions.values_list("pk", flat=True))}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Empty: the file's name."))


class EntryFilterForm(forms.Form):
    """The filters of an experiment's log. Bad values are dropped, never an error page."""

    q = forms.CharField(label=_("Text"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    cycle = forms.ModelChoiceField(label=_("Cycle"), required=False, queryset=Cycle.objects.none(),
                                   empty_label=_("All cycles"))
    question = forms.ModelChoiceField(label=_("Learning question"), required=False,
                                      queryset=LearningQuestion.objects.none(), empty_label=_("All questions"))

    def __init__(self, *args, experiment, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All kinds")), *EntryKind.choices]
        self.fields["cycle"].queryset = Cycle.objects.filter(experiment=experiment)
        self.fields["question"].queryset = LearningQuestion.objects.filter(experiment=experiment)
        self.fields["question"].label_from_instance = lambda question: question.question

    def filters(self) -> dict:
        """The valid filters; an invalid one is ignored."""
        self.is_valid()
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}
