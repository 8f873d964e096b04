"""Pages of the knowledge questions: lists, the detail with its timeline, raising, editing and each transition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.params import as_pk, paginate
from dubbelslag.core.workflow_views import take_step

from .. import forms_questions as forms
from .. import selectors
from ..access import get_question_for_user, programmes_of
from ..enums import Verb
from ..models import KnowledgeQuestion
from ..services import questions as services
from ..workflows import QUESTIONS

PAGE_SIZE = 25
TRANSITION_FORMS = {
    Verb.TRIAGE: forms.TriageForm, Verb.ASSIGN: forms.AssignForm, Verb.MERGE: forms.MergeForm, Verb.START: None,
    Verb.UNASSIGN: forms.UnassignForm,
    Verb.ANSWER: forms.AnswerForm, Verb.CLOSE: forms.CloseForm, Verb.REOPEN: None,
}




def _transition_form(verb: str, question: KnowledgeQuestion, data=None):
    form_class = TRANSITION_FORMS[verb]
    if form_class is None:
        return None
    kwargs = {"question": question} if form_class in (forms.AssignForm, forms.MergeForm) else {}
    return form_class(data, prefix=verb, **kwargs)


def _detail_context(request, question: KnowledgeQuestion, *, bound: dict | None = None) -> dict:
    verbs = services.available_verbs(request.user, question)
    transition_forms = {verb: _transition_form(verb, question) for verb in verbs}
    transition_forms.update(bound or {})
    return {
        "question": question,
        "themes": question.themes.select_related("parent"),
        "timeline": selectors.question_timeline(question),
        "verbs": verbs,
        "forms": transition_forms,
        "may_edit": services.may_edit(request.user, question),
        "is_following": question.followers.filter(pk=request.user.pk).exists(),
        "follower_count": question.followers.count(),
        "agenda_items": question.agenda_items.select_related("lab").order_by("lab__starts_at"),
        "duplicates": selectors.questions_for(request.user).filter(duplicate_of=question),
    }


def _list_page(request, questions, template: str, **context):
    page = paginate(questions, PAGE_SIZE, request.GET.get("page"))
    may_raise = programmes_of(request.user).exists()  # whoever takes part in a programme raises questions
    return render(request, template, {"page": page, "may_raise": may_raise, **context})


@login_required
@require_safe
def question_list(request):
    filters = selectors.QuestionFilters.from_query(request.GET)
    return _list_page(request, selectors.questions_for(request.user, filters), "labs/question_list.html",
                      filters=filters, **selectors.question_filter_choices(request.user))


@login_required
@require_safe
def my_questions(request):
    return _list_page(request, selectors.my_questions(request.user), "labs/question_mine.html")


@login_required
@require_safe
def stale_questions(request):
    form = forms.StaleForm(request.GET or None)
    weeks = forms.StaleForm.base_fields["weeks"].initial
    if form.is_bound:
        if form.is_valid():
            weeks = form.cleaned_data["weeks"]
        else:
            messages.error(request, _("Enter a number of weeks from 1 to 520; showing %(weeks)s weeks.")
                           % {"weeks": weeks})
            form = forms.StaleForm(initial={"weeks": weeks})
    return _list_page(request, selectors.questions_without_progress(request.user, weeks=weeks),
                      "labs/question_stale.html", form=form, weeks=weeks)


@login_required
@require_safe
def question_detail(request, pk):
    question = get_question_for_user(request.user, pk)
    return render(request, "labs/question_detail.html", _detail_context(request, question))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_create(request):
    programmes = programmes_of(request.user)
    if not programmes.exists():
        raise Http404
    initial = {"programme": programmes.filter(slug=request.GET.get("programme", "")).first() or programmes.first()}
    if as_pk(request.GET.get("experiment", "")) is not None:
        initial["experiment"] = as_pk(request.GET["experiment"])
    form = forms.RaiseQuestionForm(request.POST or None, initial=initial, programmes=programmes, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.raise_question(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your question has been raised. You follow it."))
            return redirect(question)
    return render(request, "labs/question_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_update(request, pk):
    question = get_question_for_user(request.user, pk)
    if not services.may_edit(request.user, question):
        raise PermissionDenied
    form = forms.QuestionForm(request.POST or None, initial=forms.QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_question(question, by=request.user, version=data["version"] or 0, title=data["title"],
                                     description=data["description"], themes=data["themes"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(question)
    return render(request, "labs/question_form.html", {"form": form, "question": question})


SUCCESS_MESSAGES = {
    Verb.TRIAGE: lambda: _("The question has been triaged."),
    Verb.ASSIGN: lambda: _("The question has been assigned; its followers have been notified."),
    Verb.MERGE: lambda: _("The question has been merged; its followers now follow the other question."),
    Verb.UNASSIGN: lambda: _("The question has been taken off the agenda; it is triaged again."),
    Verb.START: lambda: _("Work on the question has started."),
    Verb.ANSWER: lambda: _("The answer has been saved; the followers have been notified."),
    Verb.CLOSE: lambda: _("The question has been closed."),
    Verb.REOPEN: lambda: _("The question has been reopened."),
}


def _transition(request, pk: int, verb: str):
    """Gate (404 unless visible, 403 without the right) → form → the step → redirect with a message. Bad input
    re-renders the page with the errors; a step the status no longer allows is refused with a message."""
    question = get_question_for_user(request.user, pk)
    form = _transition_form(verb, question, request.POST)
    return take_step(
        request, QUESTIONS, question, verb, form=form, success=SUCCESS_MESSAGES[verb](), done=question,
        invalid=lambda form: render(request, "labs/question_detail.html",
                                    _detail_context(request, question, bound={verb: form})))


def _transition_view(verb: str):
    @login_required
    @require_POST
    def view(request, pk):
        return _transition(request, pk, verb)

    view.__name__ = view.__qualname__ = f"question_{verb}"
    return view


@login_required
@require_POST
def question_follow(request, pk):
    question = get_question_for_user(request.user, pk)
    if request.POST.get("follow") == "0":
        services.unfollow_question(question, user=request.user)
        messages.success(request, _("You no longer follow this question."))
    else:
        services.follow_question(question, user=request.user)
        messages.success(request, _("You follow this question: you will be notified when it is assigned or "
                                    "answered."))
    return redirect(question)


urlpatterns = [
    path("vragen/", question_list, name="question-list"),
    path("vragen/nieuw/", question_create, name="question-create"),
    path("vragen/stil/", stale_questions, name="stale-questions"),
    path("mijn-vragen/", my_questions, name="my-questions"),
    path("vragen/<int:pk>/", question_detail, name="question-detail"),
    path("vragen/<int:pk>/bewerken/", question_update, name="question-update"),
    path("vragen/<int:pk>/beoordelen/", _transition_view(Verb.TRIAGE), name="question-triage"),
    path("vragen/<int:pk>/toewijzen/", _transition_view(Verb.ASSIGN), name="question-assign"),
    path("vragen/<int:pk>/samenvoegen/", _transition_view(Verb.MERGE), name="question-merge"),
    path("vragen/<int:pk>/van-agenda/", _transition_view(Verb.UNASSIGN), name="question-unassign"),
    path("vragen/<int:pk>/starten/", _transition_view(Verb.START), name="question-start"),
    path("vragen/<int:pk>/beantwoorden/", _transition_view(Verb.ANSWER), name="question-answer"),
    path("vragen/<int:pk>/sluiten/", _transition_view(Verb.CLOSE), name="question-close"),
    path("vragen/<int:pk>/heropenen/", _transition_view(Verb.REOPEN), name="question-reopen"),
    path("vragen/<int:pk>/volgen/", question_follow, name="question-follow"),
]
