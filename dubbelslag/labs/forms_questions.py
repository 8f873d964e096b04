"""Forms for knowledge questions: raising, editing and each transition a coordinator or chair takes."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dubbelslag.programme.models import Experiment, Theme

from .enums import Priority
from .models import DeepDive, KnowledgeQuestion, WorkingGroup
from .selectors import merge_candidates, upcoming_labs


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, theme):
        return f"{theme.parent.name} – {theme.name}" if theme.parent_id else theme.name


def theme_field(**kwargs) -> ThemeChoiceField:
    return ThemeChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple,
        queryset=Theme.objects.filter(parent__isnull=False).select_related("parent").order_by("parent__position",
                                                                                               "position"),
        **kwargs)


class QuestionForm(forms.Form):
    """Edit a question's text and themes; `version` guards against overwriting someone else's change."""

    title = forms.CharField(label=_("Question"), max_length=300)
    description = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Markdown: *italic*, **bold**, lists with -."))
    themes = theme_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @classmethod
    def initial_for(cls, question: KnowledgeQuestion) -> dict:
        return {"title": question.title, "description": question.description,
                "themes": list(question.themes.all()), "version": question.version}


class RaiseQuestionForm(forms.Form):
    """Raise a question in one of the user's programmes, for the whole programme or an experiment they may read."""

    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=None)
    experiment = forms.ModelChoiceField(label=_("Experiment"), queryset=None, required=False,
                                        empty_label=_("The whole programme"),
                                        help_text=_("Leave empty for a question of the whole programme."))
    title = forms.CharField(label=_("Question"), max_length=300)
    description = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("Markdown: *italic*, **bold**, lists with -."))
    themes = theme_field()

    def __init__(self, *args, programmes, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["experiment"].queryset = (Experiment.objects.visible_to(user).filter(programme__in=programmes)
                                              .select_related("programme").order_by("title"))

    def clean(self):
        cleaned = super().clean()
        programme, experiment = cleaned.get("programme"), cleaned.get("experiment")
        if programme and experiment and experiment.programme_id != programme.pk:
            self.add_error("experiment", _("This experiment belongs to another programme."))
        return cleaned


class TriageForm(forms.Form):
    themes = theme_field()
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.NORMAL)


class AssignForm(forms.Form):
    """One choice among the programme's upcoming labs, its working groups and its upcoming deep dives, as
    "lab-12", "group-3" or "deep-dive-4": a plain select that works without JavaScript."""

    target = forms.ChoiceField(label=_("Assign to"))

    def __init__(self, *args, question: KnowledgeQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        programme = question.programme
        self.targets = {}
        for lab in upcoming_labs(programme):
            self.targets[f"lab-{lab.pk}"] = ("lab", lab)
        for group in WorkingGroup.objects.filter(programme=programme).order_by("name"):
            self.targets[f"group-{group.pk}"] = ("group", group)
        for deep_dive in DeepDive.objects.filter(programme=programme, starts_at__gte=timezone.now()):
            self.targets[f"deep-dive-{deep_dive.pk}"] = ("deep_dive", deep_dive)
        labels = {"lab": _("Kennislabs"), "group": _("Working groups"), "deep_dive": _("Deep-dive sessions")}
        choices = [("", "—")]
        for kind, label in labels.items():
            options = [(key, self._label(obj)) for key, (k, obj) in self.targets.items() if k == kind]
            if options:
                choices.append((label, options))
        self.fields["target"].choices = choices

    @staticmethod
    def _label(obj) -> str:
        starts_at = getattr(obj, "starts_at", None)
        return f"{obj} ({timezone.localtime(starts_at):%d-%m-%Y})" if starts_at else str(obj)

    def service_kwargs(self) -> dict:
        kind, obj = self.targets[self.cleaned_data["target"]]
        return {kind: obj}


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Duplicate of"), queryset=None,
                                  help_text=_("The followers of this question will follow that one."))

    def __init__(self, *args, question: KnowledgeQuestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = merge_candidates(question)


class AnswerForm(forms.Form):
    summary = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 6}),
                              help_text=_("Markdown. Summarise the answer; the followers receive it by e-mail."))


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


class UnassignForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Why it comes off; the question goes back to triaged."))


class StaleForm(forms.Form):
    weeks = forms.IntegerField(label=_("Without progress for at least (weeks)"), min_value=1, max_value=520,
                               initial=6)
