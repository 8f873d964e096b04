"""Access gates of the labs app.

Who takes part in a programme (any membership: programme team or an experiment role) sees its labs, working groups,
deep dives and programme-wide questions; an experiment's questions are seen by those who may read the experiment.
Coordinators plan and change sessions and steer questions (triage, assign, merge, close); a working group's chair
keeps its meetings; whoever raised a question may edit its text while it is not yet triaged.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import programme_role
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Membership, Programme

from .enums import QuestionStatus
from .models import DeepDive, KnowledgeLab, KnowledgeQuestion, Notification, WorkingGroup, WorkingGroupMeeting


def takes_part(user, programme: Programme) -> bool:
    """Any role in the programme, its experiments included."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or Membership.objects.filter(user=user, programme=programme).exists()


def is_coordinator(user, programme: Programme) -> bool:
    return programme_role(user, programme) == MembershipRole.COORDINATOR


def programmes_of(user):
    """The programmes ``user`` takes part in."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(memberships__user=user).distinct()


def _gate(user, programme: Programme, *, write: bool, may_write: bool) -> None:
    if not takes_part(user, programme):
        raise Http404
    if write and not may_write:
        raise PermissionDenied


def get_lab_for_user(user, pk: int, *, write: bool = False) -> KnowledgeLab:
    lab = get_object_or_404(KnowledgeLab.objects.select_related("programme"), pk=pk)
    _gate(user, lab.programme, write=write, may_write=write and is_coordinator(user, lab.programme))
    return lab


def get_working_group_for_user(user, pk: int, *, write: bool = False) -> WorkingGroup:
    group = get_object_or_404(WorkingGroup.objects.select_related("programme", "chair"), pk=pk)
    may_write = write and (is_coordinator(user, group.programme) or group.chair_id == user.pk)
    _gate(user, group.programme, write=write, may_write=may_write)
    return group


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> WorkingGroupMeeting:
    """A working group's meeting through its group's gate (the chair keeps the meetings)."""
    meeting = get_object_or_404(WorkingGroupMeeting, pk=pk)
    meeting.group = get_working_group_for_user(user, meeting.group_id, write=write)
    return meeting


def get_deep_dive_for_user(user, pk: int, *, write: bool = False) -> DeepDive:
    deep_dive = get_object_or_404(DeepDive.objects.select_related("programme"), pk=pk)
    _gate(user, deep_dive.programme, write=write, may_write=write and is_coordinator(user, deep_dive.programme))
    return deep_dive


def get_question_for_user(user, pk: int) -> KnowledgeQuestion:
    """The question when ``user`` may see it, else 404. What they may do with it is for the services to check."""
    question = KnowledgeQuestion.objects.visible_to(user).filter(pk=pk).select_related(
        "programme", "experiment", "raised_by", "duplicate_of", "assigned_lab", "assigned_group",
        "assigned_deep_dive").first()
    if question is None:
        raise Http404
    return question


def may_steer(user, question: KnowledgeQuestion) -> bool:
    """Triage, assign, merge, close and reopen a question: the programme's coordinators."""
    return user is not None and user.is_authenticated and is_coordinator(user, question.programme)


def may_work_on(user, question: KnowledgeQuestion) -> bool:
    """Start and answer a question: coordinators, and the chair of the working group it is assigned to."""
    if may_steer(user, question):
        return True
    group = question.assigned_group
    return bool(user is not None and user.is_authenticated and group is not None and group.chair_id == user.pk)


def may_edit_question(user, question: KnowledgeQuestion) -> bool:
    """Edit a question's text: the raiser while it is not yet triaged; coordinators always."""
    if may_steer(user, question):
        return True
    return (user is not None and user.is_authenticated and question.raised_by_id == user.pk
            and question.status == QuestionStatus.RAISED)


def may_keep_group(by, group: WorkingGroup) -> bool:
    return by is None or is_coordinator(by, group.programme) or (group.chair_id is not None
                                                                  and group.chair_id == by.pk)


def may_keep_session(user, session) -> bool:
    """Coordinators keep every session of their programme; a working group's chair keeps its meetings."""
    if isinstance(session, WorkingGroupMeeting):
        return may_keep_group(user, session.group)
    return user is None or is_coordinator(user, session.programme)


def get_notification_for_user(user, pk: int) -> Notification:
    """A person's own notification; anyone else's is not found (404), whoever asks."""
    return get_object_or_404(Notification.objects.for_recipient(user), pk=pk)
