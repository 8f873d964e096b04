"""Forms for Kennislabs, agenda items, attendance, actions, documents, working groups, meetings and deep dives.
They parse input only; what is allowed is checked by the services in ``services/sessions.py``."""

from django import forms
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import gettext_lazy as _

from dubbelslag.programme.models import Programme, Theme

from .enums import ActionStatus
from .models import KnowledgeQuestion
from .selectors import coordinated_programmes


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return f"{theme.parent.name} – {theme.name}" if theme.parent_id else theme.name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.organisation})" if user.organisation_id else str(user)


class QuestionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, question):
        return f"#{question.pk} {question.title} ({question.get_status_display()})"


def themes_queryset():
    return Theme.objects.filter(parent__isnull=False).select_related("parent").order_by("parent__position", "position")


def participants_of(programme: Programme):
    """Everyone who takes part in `programme`: the people who can own actions and join working groups."""
    return (get_user_model().objects.filter(memberships__programme=programme, is_active=True)
            .select_related("organisation").distinct().order_by("full_name"))


def _markdown_field(label):
    return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Markdown: *italic*, **bold**, lists with -."))


class SessionTimesMixin(forms.Form):
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, widget=DateTimeInput())
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] < data["starts_at"]:
            self.add_error("ends_at", _("The end cannot be before the start."))
        return data


class LabForm(SessionTimesMixin):
    title = forms.CharField(label=_("Title"), max_length=200)
    themes = ThemeChoiceField(label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple,
                              queryset=themes_queryset())
    minutes = _markdown_field(_("Minutes"))
    outcomes = _markdown_field(_("Outcomes"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["title", "starts_at", "ends_at", "location", "online_url", "themes", "minutes", "outcomes"]

    @classmethod
    def initial_for(cls, lab) -> dict:
        return {"title": lab.title, "starts_at": lab.starts_at, "ends_at": lab.ends_at, "location": lab.location,
                "online_url": lab.online_url, "themes": list(lab.themes.all()), "minutes": lab.minutes,
                "outcomes": lab.outcomes, "version": lab.version}

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class NewLabForm(LabForm):
    """A single Kennislab outside the quarterly series, for one of the programmes the user coordinates."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())

    field_order = ["programme", *LabForm.field_order]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = coordinated_programmes(user).order_by("name")
        del self.fields["version"], self.fields["minutes"], self.fields["outcomes"]


class CancelLabForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept in the history and shown on the Kennislab's page."))


class RegisterParticipantForm(forms.Form):
    """Someone who takes part in the programme, chosen by name with their organisation in the label; ``q``
    narrows the list by a part of the name or the organisation."""

    user = PersonChoiceField(label=_("Participant"), queryset=get_user_model().objects.none())

    def __init__(self, *args, programme: Programme, query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        people = participants_of(programme)
        if query:
            people = people.filter(models.Q(full_name__icontains=query) | models.Q(email__icontains=query)
                                   | models.Q(organisation__name__icontains=query))
        self.fields["user"].queryset = people


class AgendaItemForm(forms.Form):
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, initial=10)
    title = forms.CharField(label=_("Title"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, max_value=600, required=False)
    presenter = forms.CharField(label=_("Presenter"), max_length=200, required=False)
    questions = QuestionChoiceField(label=_("Knowledge questions"), required=False,
                                    queryset=KnowledgeQuestion.objects.none(),
                                    widget=forms.SelectMultiple(attrs={"size": 8}))
    outcome = _markdown_field(_("What came of it"))

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = KnowledgeQuestion.objects.filter(programme=programme).order_by("-pk")

    @classmethod
    def initial_for(cls, item) -> dict:
        return {"order": item.order, "title": item.title, "duration_minutes": item.duration_minutes,
                "presenter": item.presenter, "questions": list(item.questions.all()), "outcome": item.outcome}


ATTENDANCE_CHOICES = [("", _("not recorded")), ("yes", _("attended")), ("no", _("did not attend"))]
ATTENDANCE_VALUES = {"": None, "yes": True, "no": False}


class AttendanceForm(forms.Form):
    """One choice per registration: attended, did not attend, or not recorded."""

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            initial = {None: "", True: "yes", False: "no"}[registration.attended]
            self.fields[f"attended_{registration.pk}"] = forms.ChoiceField(
                label=str(registration.user), choices=ATTENDANCE_CHOICES, required=False, initial=initial)

    def attendance(self) -> dict[int, bool | None]:
        return {registration.pk: ATTENDANCE_VALUES[self.cleaned_data[f"attended_{registration.pk}"]]
                for registration in self.registrations}

    def rows(self):
        return [(registration, self[f"attended_{registration.pk}"]) for registration in self.registrations]


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    owner = PersonChoiceField(label=_("Owner"), queryset=get_user_model().objects.none())
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    question = forms.ModelChoiceField(label=_("Knowledge question"), required=False,
                                      queryset=KnowledgeQuestion.objects.none())

    def __init__(self, *args, programme: Programme, with_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = participants_of(programme)
        self.fields["question"].queryset = KnowledgeQuestion.objects.filter(programme=programme).order_by("-pk")
        if with_status:
            self.fields["status"] = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)

    @classmethod
    def initial_for(cls, action) -> dict:
        return {"title": action.title, "owner": action.owner, "due_date": action.due_date,
                "question": action.question, "status": action.status}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Leave empty to use the file name."))
    file = forms.FileField(label=_("File"), help_text=_(
        "PDF, PNG, JPEG, Word, Excel, PowerPoint, OpenDocument, plain text, CSV or Markdown."))


class WorkingGroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    theme = forms.ModelChoiceField(label=_("Theme"), required=False, queryset=themes_queryset())
    description = _markdown_field(_("Description"))
    chair = PersonChoiceField(label=_("Chair"), required=False, queryset=get_user_model().objects.none())

    def __init__(self, *args, user, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is None:
            # A new group: the coordinator picks the programme; the chair is checked against it by the service.
            programmes = coordinated_programmes(user)
            self.fields = {"programme": forms.ModelChoiceField(label=_("Programme"), queryset=programmes,
                                                               initial=programmes.first()), **self.fields}
            self.fields["chair"].queryset = (get_user_model().objects.filter(memberships__programme__in=programmes)
                                             .select_related("organisation").distinct().order_by("full_name"))
        else:
            self.fields["chair"].queryset = participants_of(programme)

    @classmethod
    def initial_for(cls, group) -> dict:
        return {"name": group.name, "theme": group.theme, "description": group.description, "chair": group.chair}


class MemberForm(forms.Form):
    user = PersonChoiceField(label=_("Person"), queryset=get_user_model().objects.none())

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = participants_of(programme)


class MeetingForm(SessionTimesMixin):
    minutes = _markdown_field(_("Minutes"))

    @classmethod
    def initial_for(cls, meeting) -> dict:
        return {"starts_at": meeting.starts_at, "ends_at": meeting.ends_at, "location": meeting.location,
                "online_url": meeting.online_url, "minutes": meeting.minutes}


class DeepDiveForm(SessionTimesMixin):
    topic = forms.CharField(label=_("Topic"), max_length=200)
    presenter = forms.CharField(label=_("Expert or presenter"), max_length=200, required=False)
    report = _markdown_field(_("Report"))

    field_order = ["programme", "topic", "presenter", "starts_at", "ends_at", "location", "online_url", "report"]

    def __init__(self, *args, user=None, with_programme: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if with_programme:
            programmes = coordinated_programmes(user)
            self.fields["programme"] = forms.ModelChoiceField(label=_("Programme"), queryset=programmes,
                                                              initial=programmes.first())
            self.order_fields(self.field_order)

    @classmethod
    def initial_for(cls, deep_dive) -> dict:
        return {"topic": deep_dive.topic, "presenter": deep_dive.presenter, "starts_at": deep_dive.starts_at,
                "ends_at": deep_dive.ends_at, "location": deep_dive.location, "online_url": deep_dive.online_url,
                "report": deep_dive.report}
