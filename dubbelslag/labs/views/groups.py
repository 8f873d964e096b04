"""Working groups with their meetings and members, and deep-dive sessions. Every write goes through
``services/sessions.py``; the actions and documents of these sessions are in ``views/sessions.py``."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from dubbelslag.core.forms import add_service_errors

from .. import forms_sessions as forms
from ..access import (
    get_deep_dive_for_user,
    get_meeting_for_user,
    get_working_group_for_user,
    is_coordinator,
    programmes_of,
)
from ..models import (
    Action,
    DeepDive,
    WorkingGroup,
    WorkingGroupMeeting,
)
from ..services import sessions as services
from .sessions import DEEP_DIVE, GET_POST, MEETING, audit_events_for, ordered_actions, visible_questions

# --- working groups and meetings -------------------------------------------------------------------------------


@login_required
@require_safe
def working_group_list(request):
    programmes = list(programmes_of(request.user))
    groups = (WorkingGroup.objects.filter(programme__in=programmes).select_related("programme", "theme", "chair")
              .annotate(member_count=Count("members", distinct=True),
                        question_count=Count("assigned_questions", distinct=True),
                        meeting_count=Count("meetings", distinct=True)))
    return render(request, "labs/working_group_list.html", {
        "groups": groups, "may_create": any(is_coordinator(request.user, p) for p in programmes)})


@login_required
@GET_POST
def working_group_create(request):
    if not forms.coordinated_programmes(request.user).exists():
        raise PermissionDenied
    form = forms.WorkingGroupForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            group = services.create_working_group(data.pop("programme"), by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The working group has been created."))
            return redirect(group)
    return render(request, "labs/working_group_form.html", {"form": form})


@login_required
@require_safe
def working_group_detail(request, pk):
    group = get_working_group_for_user(request.user, pk)
    may_keep = services.may_keep_session(request.user, WorkingGroupMeeting(group=group))
    return render(request, "labs/working_group_detail.html", {
        "group": group, "can_change": is_coordinator(request.user, group.programme), "may_keep": may_keep,
        "members": group.members.select_related("organisation").order_by("full_name"),
        "questions": visible_questions(request.user).filter(assigned_group=group).order_by("pk"),
        "meetings": group.meetings.order_by("-starts_at"),
        "actions": ordered_actions(Action.objects.filter(meeting__group=group)).select_related("meeting"),
        "member_form": forms.MemberForm(programme=group.programme) if may_keep else None,
        "audit_events": audit_events_for(group, request.user, group.programme),
    })


@login_required
@GET_POST
def working_group_update(request, pk):
    group = get_working_group_for_user(request.user, pk, write=True)
    if not is_coordinator(request.user, group.programme):
        raise PermissionDenied
    form = forms.WorkingGroupForm(request.POST or None, user=request.user, programme=group.programme,
                                  initial=forms.WorkingGroupForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_working_group(group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(group)
    return render(request, "labs/working_group_form.html", {"form": form, "group": group})


@login_required
@require_POST
def working_group_member_add(request, pk):
    group = get_working_group_for_user(request.user, pk, write=True)
    form = forms.MemberForm(request.POST, programme=group.programme)
    if form.is_valid():
        try:
            services.add_group_member(group, user=form.cleaned_data["user"], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(person)s has been added.") % {"person": form.cleaned_data["user"]})
    else:
        messages.error(request, _("Choose a person who takes part in the programme."))
    return redirect(group.get_absolute_url() + "#members")


@login_required
@require_POST
def working_group_member_remove(request, pk, user_pk):
    group = get_working_group_for_user(request.user, pk, write=True)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    services.remove_group_member(group, user=person, by=request.user)
    messages.success(request, _("%(person)s has been removed.") % {"person": person})
    return redirect(group.get_absolute_url() + "#members")


@login_required
@GET_POST
def meeting_create(request, pk):
    group = get_working_group_for_user(request.user, pk, write=True)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.create_meeting(group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The meeting has been planned."))
            return redirect("labs:meeting-detail", meeting.pk)
    return render(request, "labs/meeting_form.html", {"form": form, "group": group})


@login_required
@require_safe
def meeting_detail(request, pk):
    meeting = get_meeting_for_user(request.user, pk)
    group = meeting.group
    return render(request, "labs/meeting_detail.html", {
        "meeting": meeting, "group": group, "may_keep": services.may_keep_session(request.user, meeting),
        "actions": ordered_actions(meeting.actions), "documents": meeting.documents.select_related("uploaded_by"),
        "document_form": forms.DocumentForm(), "kind": MEETING,
    })


@login_required
@GET_POST
def meeting_update(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = forms.MeetingForm(request.POST or None, initial=forms.MeetingForm.initial_for(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(meeting, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("labs:meeting-detail", meeting.pk)
    return render(request, "labs/meeting_form.html", {"form": form, "group": meeting.group, "meeting": meeting})


# --- deep dives ------------------------------------------------------------------------------------------------


@login_required
@require_safe
def deep_dive_list(request):
    programmes = list(programmes_of(request.user))
    deep_dives = (DeepDive.objects.filter(programme__in=programmes).select_related("programme")
                  .annotate(question_count=Count("assigned_questions", distinct=True)).order_by("-starts_at"))
    return render(request, "labs/deep_dive_list.html", {
        "deep_dives": deep_dives, "may_create": any(is_coordinator(request.user, p) for p in programmes),
        "now": timezone.now()})


@login_required
@GET_POST
def deep_dive_create(request):
    if not forms.coordinated_programmes(request.user).exists():
        raise PermissionDenied
    form = forms.DeepDiveForm(request.POST or None, user=request.user, with_programme=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            deep_dive = services.create_deep_dive(data.pop("programme"), by=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The deep-dive session has been planned."))
            return redirect(deep_dive)
    return render(request, "labs/deep_dive_form.html", {"form": form})


@login_required
@require_safe
def deep_dive_detail(request, pk):
    deep_dive = get_deep_dive_for_user(request.user, pk)
    return render(request, "labs/deep_dive_detail.html", {
        "deep_dive": deep_dive, "can_change": is_coordinator(request.user, deep_dive.programme),
        "questions": visible_questions(request.user).filter(assigned_deep_dive=deep_dive).order_by("pk"),
        "actions": ordered_actions(deep_dive.actions), "documents": deep_dive.documents.select_related("uploaded_by"),
        "document_form": forms.DocumentForm(), "kind": DEEP_DIVE,
        "audit_events": audit_events_for(deep_dive, request.user, deep_dive.programme),
    })


@login_required
@GET_POST
def deep_dive_update(request, pk):
    deep_dive = get_deep_dive_for_user(request.user, pk, write=True)
    form = forms.DeepDiveForm(request.POST or None, initial=forms.DeepDiveForm.initial_for(deep_dive))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_deep_dive(deep_dive, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect(deep_dive)
    return render(request, "labs/deep_dive_form.html", {"form": form, "deep_dive": deep_dive})


urlpatterns = [
    path("werkgroepen/", working_group_list, name="working-group-list"),
    path("werkgroepen/nieuw/", working_group_create, name="working-group-create"),
    path("werkgroepen/<int:pk>/", working_group_detail, name="working-group-detail"),
    path("werkgroepen/<int:pk>/bewerken/", working_group_update, name="working-group-update"),
    path("werkgroepen/<int:pk>/leden/", working_group_member_add, name="working-group-member-add"),
    path("werkgroepen/<int:pk>/leden/<int:user_pk>/verwijderen/", working_group_member_remove,
         name="working-group-member-remove"),
    path("werkgroepen/<int:pk>/overleggen/nieuw/", meeting_create, name="meeting-create"),
    path("overleggen/<int:pk>/", meeting_detail, name="meeting-detail"),
    path("overleggen/<int:pk>/bewerken/", meeting_update, name="meeting-update"),
    path("verdiepingssessies/", deep_dive_list, name="deep-dive-list"),
    path("verdiepingssessies/nieuw/", deep_dive_create, name="deep-dive-create"),
    path("verdiepingssessies/<int:pk>/", deep_dive_detail, name="deep-dive-detail"),
    path("verdiepingssessies/<int:pk>/bewerken/", deep_dive_update, name="deep-dive-update"),
]
