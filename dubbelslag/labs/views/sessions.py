"""Kennislabs (list, detail, edit, prepare, agenda, registration, attendance), and the follow-up actions and
documents of every kind of session. Working groups and deep dives are in ``views/groups.py``. Every write goes
through ``services/sessions.py``."""

import os
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from dubbelslag.core.forms import add_service_errors
from dubbelslag.core.models import AuditEvent
from dubbelslag.core.params import as_pk
from dubbelslag.programme.models import Programme

from .. import forms_sessions as forms
from .. import selectors
from ..access import (
    get_deep_dive_for_user,
    get_lab_for_user,
    get_meeting_for_user,
    is_coordinator,
    programmes_of,
    takes_part,
)
from ..enums import ActionStatus, QuestionStatus
from ..forms_questions import UnassignForm
from ..models import (
    Action,
    AgendaItem,
    Document,
    KnowledgeQuestion,
    WorkingGroupMeeting,
)
from ..services import sessions as services

GET_POST = require_http_methods(["GET", "HEAD", "POST"])
# The session kinds in document and action URLs (Dutch path words).
LAB, MEETING, DEEP_DIVE = "kennislab", "overleg", "verdiepingssessie"


def visible_questions(user):
    return KnowledgeQuestion.objects.filter(pk__in=KnowledgeQuestion.objects.visible_to(user).values("pk"))


def audit_events_for(obj, user, programme):
    return AuditEvent.objects.for_object(obj)[:50] if is_coordinator(user, programme) else None


def ordered_actions(queryset):
    return queryset.select_related("owner", "question").order_by("status", "due_date", "pk")


def _session_for_user(user, kind: str, pk: int, *, write: bool):
    """The lab, meeting or deep dive named in a URL, through its gate, and the service keyword naming it."""
    if kind == LAB:
        return get_lab_for_user(user, pk, write=write), "lab"
    if kind == MEETING:
        return get_meeting_for_user(user, pk, write=write), "meeting"
    if kind == DEEP_DIVE:
        return get_deep_dive_for_user(user, pk, write=write), "deep_dive"
    raise Http404


def _programme_of(session) -> Programme:
    return session.group.programme if isinstance(session, WorkingGroupMeeting) else session.programme


def _session_url(session) -> str:
    if isinstance(session, WorkingGroupMeeting):
        return reverse("labs:meeting-detail", args=[session.pk])
    return session.get_absolute_url()


# --- Kennislabs ------------------------------------------------------------------------------------------------


@login_required
@require_safe
def lab_list(request):
    programmes = list(programmes_of(request.user))
    labs = selectors.labs_with_counts(programmes)
    coordinated = [programme for programme in programmes if is_coordinator(request.user, programme)]
    return render(request, "labs/lab_list.html", {
        "labs": labs, "next_lab_ids": selectors.next_lab_ids(labs), "programmes": programmes,
        "coordinated": coordinated,
    })


@login_required
@require_POST
def lab_series(request, slug):
    programme = get_object_or_404(Programme, slug=slug)
    if not takes_part(request.user, programme):
        raise Http404
    created = services.plan_lab_series(programme, by=request.user)
    if created:
        messages.success(request, ngettext("%(count)s Kennislab has been planned.",
                                           "%(count)s Kennislabs have been planned.", len(created))
                         % {"count": len(created)})
    else:
        messages.info(request, _("Every quarter already has its Kennislab; nothing was added."))
    return redirect("labs:lab-list")


@login_required
@GET_POST
def lab_create(request):
    """A single Kennislab outside the quarterly series, for a programme the user coordinates."""
    form = forms.NewLabForm(request.POST or None, user=request.user)
    if not form.fields["programme"].queryset.exists():
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            lab = services.create_lab(data.pop("programme"), by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(lab)s has been planned.") % {"lab": lab})
            return redirect(lab)
    return render(request, "labs/lab_form.html", {"form": form})


@login_required
@GET_POST
def lab_cancel(request, pk):
    lab = get_lab_for_user(request.user, pk, write=True)
    form = forms.CancelLabForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_lab(lab, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(lab)s has been cancelled.") % {"lab": lab})
            return redirect(lab)
    return render(request, "labs/lab_cancel.html", {"lab": lab, "form": form})


@login_required
@require_safe
def lab_detail(request, pk):
    lab = get_lab_for_user(request.user, pk)
    visible = visible_questions(request.user)
    agenda = lab.agenda_items.prefetch_related(Prefetch("questions", queryset=visible.order_by("pk")))
    registrations = list(lab.registrations.select_related("user", "user__organisation"))
    own = next((registration for registration in registrations if registration.user_id == request.user.pk), None)
    return render(request, "labs/lab_detail.html", {
        "lab": lab, "can_change": is_coordinator(request.user, lab.programme), "agenda": agenda,
        "themes": lab.themes.all(), "assigned_questions": visible.filter(assigned_lab=lab).order_by("pk"),
        "actions": ordered_actions(lab.actions), "registrations": registrations, "own_registration": own,
        "may_register": takes_part(request.user, lab.programme) and not lab.is_past and not lab.is_cancelled,
        "attended_count": sum(1 for registration in registrations if registration.attended),
        "documents": lab.documents.select_related("uploaded_by"), "audit_events": audit_events_for(lab, request.user,
                                                                                          lab.programme),
        "document_form": forms.DocumentForm(), "kind": LAB,
    })


@login_required
@GET_POST
def lab_update(request, pk):
    lab = get_lab_for_user(request.user, pk, write=True)
    form = forms.LabForm(request.POST or None, initial=forms.LabForm.initial_for(lab))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_lab(lab, by=request.user, version=form.cleaned_data["version"] or 0,
                                **form.service_kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(lab)
    return render(request, "labs/lab_form.html", {"lab": lab, "form": form})


@login_required
@GET_POST
def lab_prepare(request, pk):
    """The coordinator's preparation page: the programme's open questions, each assignable to this lab's agenda."""
    lab = get_lab_for_user(request.user, pk, write=True)
    if request.method == "POST":
        from ..services.questions import assign_question

        question = get_object_or_404(KnowledgeQuestion, pk=as_pk(request.POST.get("question", "")) or 0,
                                     programme=lab.programme)
        if lab.is_past and request.POST.get("confirm_past") != "1":
            # A lab that took place: say so, and ask again, rather than silently rewriting its agenda.
            return render(request, "labs/lab_prepare_confirm.html", {"lab": lab, "question": question})
        try:
            assign_question(question, by=request.user, lab=lab)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("“%(question)s” is now on the agenda of %(lab)s.") % {
                "question": question, "lab": lab})
        return redirect("labs:lab-prepare", lab.pk)
    return render(request, "labs/lab_prepare.html", {
        "lab": lab, "open_questions": selectors.questions_awaiting_a_place(lab.programme),
        "unassign_form": UnassignForm(),
        "triaged": QuestionStatus.TRIAGED, "agenda": selectors.agenda_with_questions(lab),
        "assigned_questions": lab.assigned_questions.order_by("pk"),
        "agenda_form": forms.AgendaItemForm(programme=lab.programme,
                                            initial={"order": selectors.next_agenda_order(lab)}),
    })


@login_required
@require_POST
def lab_register(request, pk):
    lab = get_lab_for_user(request.user, pk)
    try:
        if request.POST.get("action") == "unregister":
            services.unregister_from_lab(lab, user=request.user)
            messages.success(request, _("You are no longer registered for %(lab)s.") % {"lab": lab})
        else:
            services.register_for_lab(lab, user=request.user)
            messages.success(request, _("You are registered for %(lab)s.") % {"lab": lab})
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(lab.get_absolute_url() + "#registrations")


@login_required
@require_POST
def lab_unassign(request, pk):
    """Take a question off this lab's agenda from the preparation page, with a reason: the question's own step."""
    from dubbelslag.core.workflow_views import take_step

    from ..workflows import QUESTIONS

    lab = get_lab_for_user(request.user, pk, write=True)
    question = get_object_or_404(KnowledgeQuestion, pk=as_pk(request.POST.get("question", "")) or 0,
                                 assigned_lab=lab)
    return take_step(request, QUESTIONS, question, "unassign", form=UnassignForm(request.POST),
                     success=_("“%(question)s” is no longer on the agenda of %(lab)s.") % {
                         "question": question, "lab": lab},
                     done=reverse("labs:lab-prepare", args=[lab.pk]) + "#assigned")


@login_required
@GET_POST
def lab_participants(request, pk):
    """Register someone else for the lab, or record a walk-in (someone who came without registering)."""
    lab = get_lab_for_user(request.user, pk, write=True)
    query = request.GET.get("q", "").strip()[:100]
    form = forms.RegisterParticipantForm(request.POST or None, programme=lab.programme, query=query)
    walk_in = request.POST.get("walk_in") == "1"
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        try:
            services.register_participant(lab, user=user, by=request.user, walk_in=walk_in)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            text = _("%(person)s has been recorded as attending.") if walk_in else _("%(person)s is registered.")
            messages.success(request, text % {"person": user})
            return redirect("labs:lab-participants", lab.pk)
    return render(request, "labs/lab_participants.html", {
        "lab": lab, "form": form, "query": query, "started": lab.starts_at <= timezone.now(),
        "registrations": lab.registrations.select_related("user", "user__organisation"),
    })


@login_required
@require_safe
def lab_attendance_list(request, pk):
    """The printable attendance list: everyone registered, with a column to sign, and blank rows for walk-ins."""
    lab = get_lab_for_user(request.user, pk, write=True)
    return render(request, "labs/lab_attendance_list.html", {
        "lab": lab, "registrations": lab.registrations.select_related("user", "user__organisation"),
        "blank_rows": range(8),
    })


@login_required
@GET_POST
def lab_attendance(request, pk):
    lab = get_lab_for_user(request.user, pk, write=True)
    registrations = lab.registrations.select_related("user", "user__organisation")
    form = forms.AttendanceForm(request.POST or None, registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(lab, by=request.user, attendance=form.attendance())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Attendance has been saved."))
            return redirect(lab.get_absolute_url() + "#registrations")
    return render(request, "labs/lab_attendance.html",
                  {"lab": lab, "form": form, "started": lab.starts_at <= timezone.now()})


# --- agenda items ----------------------------------------------------------------------------------------------


@login_required
@GET_POST
def agenda_item_create(request, pk):
    lab = get_lab_for_user(request.user, pk, write=True)
    form = forms.AgendaItemForm(request.POST or None, programme=lab.programme,
                                initial={"order": selectors.next_agenda_order(lab)})
    if request.method == "POST" and form.is_valid():
        try:
            services.create_agenda_item(lab, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The agenda item has been added."))
            return redirect("labs:lab-prepare", lab.pk)
    return render(request, "labs/agenda_item_form.html", {"lab": lab, "form": form})


def _agenda_item_for_user(user, pk):
    item = get_object_or_404(AgendaItem, pk=pk)
    item.lab = get_lab_for_user(user, item.lab_id, write=True)
    return item


@login_required
@GET_POST
def agenda_item_update(request, pk):
    item = _agenda_item_for_user(request.user, pk)
    form = forms.AgendaItemForm(request.POST or None, programme=item.lab.programme,
                                initial=forms.AgendaItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("labs:lab-prepare", item.lab.pk)
    return render(request, "labs/agenda_item_form.html", {"lab": item.lab, "item": item, "form": form})


@login_required
@GET_POST
def agenda_item_delete(request, pk):
    item = _agenda_item_for_user(request.user, pk)
    if request.method == "POST":
        services.delete_agenda_item(item, by=request.user)
        messages.success(request, _("The agenda item “%(title)s” has been removed.") % {"title": item.title})
        return redirect("labs:lab-prepare", item.lab.pk)
    return render(request, "labs/agenda_item_confirm_delete.html", {"lab": item.lab, "item": item})


# --- actions ---------------------------------------------------------------------------------------------------


@login_required
@GET_POST
def action_create(request, kind, pk):
    session, keyword = _session_for_user(request.user, kind, pk, write=True)
    programme = _programme_of(session)
    form = forms.ActionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_action(by=request.user, **form.cleaned_data, **{keyword: session})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action has been added."))
            return redirect(_session_url(session) + "#actions")
    return render(request, "labs/action_form.html",
                  {"form": form, "session": session, "session_url": _session_url(session)})


@login_required
@GET_POST
def action_update(request, pk):
    action = get_object_or_404(Action.objects.select_related("programme", "owner", "lab", "meeting__group",
                                                             "deep_dive"), pk=pk)
    if not takes_part(request.user, action.programme):
        raise Http404
    keeper = services.may_keep_session(request.user, action.session)
    if not keeper and action.owner_id != request.user.pk:
        raise PermissionDenied
    if keeper and "quick" not in request.POST:
        form = forms.ActionForm(request.POST or None, programme=action.programme, with_status=True,
                                initial=forms.ActionForm.initial_for(action))
    else:
        form = forms.ActionStatusForm(request.POST or None, initial={"status": action.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(action, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The action has been updated."))
            if request.POST.get("next") == "mine":
                return redirect("labs:my-actions")
            return redirect(_session_url(action.session) + "#actions")
    return render(request, "labs/action_form.html", {"form": form, "action": action, "session": action.session,
                                                     "session_url": _session_url(action.session)})


@login_required
@require_safe
def my_actions(request):
    todo = selectors.TODO_OVERDUE if request.GET.get("todo") == selectors.TODO_OVERDUE else ""
    actions = selectors.my_actions(request.user, todo=todo)
    open_actions = [action for action in actions if action.status == ActionStatus.OPEN]
    open_actions.sort(key=lambda action: (action.due_date is None, action.due_date or date.max, action.pk))
    return render(request, "labs/action_mine.html", {
        "open_actions": open_actions, "closed_actions": [a for a in actions if a.status != ActionStatus.OPEN],
        "status_form": forms.ActionStatusForm(), "statuses": ActionStatus.choices, "todo": todo,
    })


# --- documents -------------------------------------------------------------------------------------------------


@login_required
@GET_POST
def document_upload(request, kind, pk):
    session, keyword = _session_for_user(request.user, kind, pk, write=True)
    form = forms.DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(by=request.user, title=form.cleaned_data["title"],
                                     file=form.cleaned_data["file"], **{keyword: session})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The document has been added."))
            return redirect(_session_url(session) + "#documents")
    return render(request, "labs/document_upload.html", {
        "form": form, "session": session, "session_url": _session_url(session),
        "max_mb": services.max_upload_bytes() / 1_048_576,
    })


@login_required
@require_safe
def document_download(request, pk):
    """Serve a document to those who may see its session, as a download that browsers do not sniff."""
    document = get_object_or_404(Document, pk=pk)
    if document.lab_id:
        get_lab_for_user(request.user, document.lab_id)
    elif document.meeting_id:
        get_meeting_for_user(request.user, document.meeting_id)
    elif document.deep_dive_id:
        get_deep_dive_for_user(request.user, document.deep_dive_id)
    else:
        raise Http404
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as missing:
        raise Http404 from missing
    response = FileResponse(handle, as_attachment=True, filename=os.path.basename(document.file.name),
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("", lab_list, name="lab-list"),
    path("reeks/<slug:slug>/", lab_series, name="lab-series"),
    path("nieuw/", lab_create, name="lab-create"),
    path("<int:pk>/", lab_detail, name="lab-detail"),
    path("<int:pk>/afgelasten/", lab_cancel, name="lab-cancel"),
    path("<int:pk>/van-agenda/", lab_unassign, name="lab-unassign"),
    path("<int:pk>/deelnemers/", lab_participants, name="lab-participants"),
    path("<int:pk>/presentielijst/", lab_attendance_list, name="lab-attendance-list"),
    path("<int:pk>/bewerken/", lab_update, name="lab-update"),
    path("<int:pk>/voorbereiden/", lab_prepare, name="lab-prepare"),
    path("<int:pk>/aanmelden/", lab_register, name="lab-register"),
    path("<int:pk>/aanwezigheid/", lab_attendance, name="lab-attendance"),
    path("<int:pk>/agendapunten/nieuw/", agenda_item_create, name="agenda-item-create"),
    path("agendapunten/<int:pk>/bewerken/", agenda_item_update, name="agenda-item-update"),
    path("agendapunten/<int:pk>/verwijderen/", agenda_item_delete, name="agenda-item-delete"),
    path("acties/nieuw/<str:kind>/<int:pk>/", action_create, name="action-create"),
    path("acties/<int:pk>/", action_update, name="action-update"),
    path("mijn-acties/", my_actions, name="my-actions"),
    path("documenten/nieuw/<str:kind>/<int:pk>/", document_upload, name="document-upload"),
    path("documenten/<int:pk>/", document_download, name="document-download"),
]
