"""The write paths for sessions: Kennislabs and their agenda, registrations and attendance, working groups and
their meetings, deep dives, follow-up actions and documents. Views, commands, the demo seed and tests all change
these through here; each function is one transaction and records the audit trail (under the lab, group or deep dive
when a part of it changes)."""

import calendar
import os
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from dubbelslag.core import audit, uploads
from dubbelslag.core.uploads import TEXT_TYPES
from dubbelslag.programme.models import Programme

from ..access import is_coordinator, may_keep_group, may_keep_session, takes_part
from ..enums import ActionStatus
from ..models import (
    Action,
    AgendaItem,
    DeepDive,
    Document,
    KnowledgeLab,
    Registration,
    WorkingGroup,
    WorkingGroupMeeting,
)
from ..workflows import ACTION_AUDIT_FIELDS, ACTIONS

LAB_FIELDS = ["title", "starts_at", "ends_at", "location", "online_url", "minutes", "outcomes"]
LAB_AUDIT_FIELDS = ["number", *LAB_FIELDS, "themes", "cancelled_at", "cancellation_reason"]
AGENDA_FIELDS = ["order", "title", "duration_minutes", "presenter", "outcome"]
AGENDA_AUDIT_FIELDS = [*AGENDA_FIELDS, "questions"]
REGISTRATION_AUDIT_FIELDS = ["user", "attended"]
GROUP_FIELDS = ["name", "theme", "description", "chair"]
GROUP_AUDIT_FIELDS = [*GROUP_FIELDS, "members"]
SESSION_FIELDS = ["starts_at", "ends_at", "location", "online_url"]
MEETING_FIELDS = [*SESSION_FIELDS, "minutes"]
DEEP_DIVE_FIELDS = ["topic", "presenter", *SESSION_FIELDS, "report"]
ACTION_FIELDS = ["title", "owner", "due_date", "question"]  # the status: labs.workflows.ACTIONS
DOCUMENT_AUDIT_FIELDS = ["title", "file", "content_type", "size"]

# The default slot of a quarter's lab: the second Thursday of the quarter's middle month, 13:30–17:00.
LAB_TIMEZONE = ZoneInfo("Europe/Amsterdam")
LAB_START = time(13, 30)
LAB_END = time(17, 0)


def _require_coordinator(by, programme: Programme) -> None:
    if by is not None and not is_coordinator(by, programme):
        raise PermissionDenied


def _check_times(starts_at, ends_at) -> None:
    if starts_at and ends_at and ends_at < starts_at:
        raise ValidationError({"ends_at": _("The end cannot be before the start.")})


def _set_fields(obj, fields: dict, allowed: list[str], service: str) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(obj, name, value)


# --- the quarterly series --------------------------------------------------------------------------------------


def quarters_between(start: date, end: date) -> list[tuple[int, int]]:
    """Every (year, quarter) from the one holding `start` to the one holding `end`."""
    result = []
    year, quarter = start.year, (start.month - 1) // 3 + 1
    while (year, quarter) <= (end.year, (end.month - 1) // 3 + 1):
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def default_lab_date(year: int, quarter: int, *, start: date | None = None, end: date | None = None) -> date | None:
    """The second Thursday of the quarter's middle month; moved to the nearest Thursday inside the programme
    (`start`..`end`) when it falls outside, or None when the quarter holds no Thursday of the programme."""
    month = (quarter - 1) * 3 + 2
    first_thursday = 1 + (calendar.THURSDAY - date(year, month, 1).weekday()) % 7
    day = date(year, month, first_thursday + 7)
    quarter_start = date(year, (quarter - 1) * 3 + 1, 1)
    quarter_end = date(year + (quarter == 4), 1 if quarter == 4 else quarter * 3 + 1, 1) - timedelta(days=1)
    if start and day < start:
        day = start + timedelta(days=(calendar.THURSDAY - start.weekday()) % 7)
    if end and day > end:
        day = end - timedelta(days=(end.weekday() - calendar.THURSDAY) % 7)
    if not quarter_start <= day <= quarter_end or (start and day < start) or (end and day > end):
        return None
    return day


def _quarter_of(moment: datetime) -> tuple[int, int]:
    local = timezone.localtime(moment, LAB_TIMEZONE)
    return local.year, (local.month - 1) // 3 + 1


@transaction.atomic
def plan_lab_series(programme: Programme, *, by) -> list[KnowledgeLab]:
    """Plan one Kennislab per quarter over the programme's whole duration, on the default slot; return the labs
    created. Quarters that already have a lab (whatever its date within the quarter) are left alone, so running it
    again adds only the missing ones. Only coordinators may."""
    _require_coordinator(by, programme)
    # Lock the programme's labs so two planners running at once cannot both add the same quarter.
    existing = list(KnowledgeLab.objects.select_for_update().filter(programme=programme))
    covered = {_quarter_of(lab.starts_at) for lab in existing}
    numbers = {lab.number for lab in existing}
    created = []
    for index, (year, quarter) in enumerate(quarters_between(programme.start_date, programme.end_date), start=1):
        if (year, quarter) in covered:
            continue
        day = default_lab_date(year, quarter, start=programme.start_date, end=programme.end_date)
        if day is None:
            continue
        number = index if index not in numbers else max(numbers) + 1
        numbers.add(number)
        lab = KnowledgeLab(
            programme=programme, number=number, title=f"Kennislab {number} ({year} Q{quarter})",
            starts_at=datetime.combine(day, LAB_START, tzinfo=LAB_TIMEZONE),
            ends_at=datetime.combine(day, LAB_END, tzinfo=LAB_TIMEZONE),
        )
        lab.full_clean()
        lab.save()
        audit.record_create(lab, by=by, fields=LAB_AUDIT_FIELDS, parent=programme)
        created.append(lab)
    return created


@transaction.atomic
def create_lab(programme: Programme, *, by, number: int | None = None, themes=(), **fields) -> KnowledgeLab:
    """One extra lab outside the quarterly rhythm; numbered after the last one unless `number` is given."""
    _require_coordinator(by, programme)
    if number is None:
        number = (programme.labs.aggregate(highest=Max("number"))["highest"] or 0) + 1
    lab = KnowledgeLab(programme=programme, number=number)
    _set_fields(lab, fields, LAB_FIELDS, "create_lab")
    _check_times(lab.starts_at, lab.ends_at)
    lab.full_clean()
    lab.save()
    lab.themes.set(themes)
    audit.record_create(lab, by=by, fields=LAB_AUDIT_FIELDS, parent=programme)
    return lab


@transaction.atomic
def update_lab(lab: KnowledgeLab, *, by, version: int, themes=None, **fields) -> KnowledgeLab:
    """Change a lab's date, place, themes, minutes or outcomes. `version` is the version the editor started from:
    if someone else saved in between, the change is refused rather than overwriting theirs."""
    _require_coordinator(by, lab.programme)
    current = KnowledgeLab.objects.select_for_update().select_related("programme").get(pk=lab.pk)
    if current.is_cancelled:
        raise ValidationError(_("This Kennislab has been cancelled; it can no longer be changed."), code="cancelled")
    if current.version != version:
        raise ValidationError(_("Someone else changed this Kennislab while you were editing it. Your changes have "
                                "not been saved; reload the page to see the latest version and make them again."),
                              code="stale")
    before = audit.snapshot(current, LAB_AUDIT_FIELDS)
    _set_fields(current, fields, LAB_FIELDS, "update_lab")
    _check_times(current.starts_at, current.ends_at)
    current.full_clean()
    current.version += 1
    current.save()
    if themes is not None:
        current.themes.set(themes)
    audit.record_change(current, by=by, before=before, fields=LAB_AUDIT_FIELDS, parent=current.programme)
    return current


@transaction.atomic
def cancel_lab(lab: KnowledgeLab, *, by, reason: str) -> KnowledgeLab:
    """Call off a lab that is still to come, with a reason kept in the history. The lab stays (registrations,
    agenda and history with it) and says it is cancelled; the questions assigned to it keep their place until the
    coordinator moves them. Only coordinators may."""
    _require_coordinator(by, lab.programme)
    current = KnowledgeLab.objects.select_for_update().select_related("programme").get(pk=lab.pk)
    reason = (reason or "").strip()
    if current.is_cancelled:
        raise ValidationError(_("This Kennislab has already been cancelled."), code="cancelled")
    if current.is_past:
        raise ValidationError(_("This Kennislab has already taken place; it can no longer be cancelled."),
                              code="past")
    if not reason:
        raise ValidationError({"reason": _("Give a reason; it is kept in the history.")})
    before = audit.snapshot(current, LAB_AUDIT_FIELDS)
    current.cancelled_at = timezone.now()
    current.cancellation_reason = reason[:1000]
    current.version += 1
    current.save(update_fields=["cancelled_at", "cancellation_reason", "version"])
    audit.record_change(current, by=by, before=before, fields=LAB_AUDIT_FIELDS, parent=current.programme)
    return current


# --- agenda ----------------------------------------------------------------------------------------------------


def _check_questions(questions, programme: Programme) -> None:
    foreign = [question for question in questions if question.programme_id != programme.pk]
    if foreign:
        raise ValidationError({"questions": _("%(questions)s belongs to another programme.") % {
            "questions": ", ".join(str(question) for question in foreign)}})


@transaction.atomic
def create_agenda_item(lab: KnowledgeLab, *, by, title: str, order: int = 0, questions=(), **fields) -> AgendaItem:
    _require_coordinator(by, lab.programme)
    item = AgendaItem(lab=lab, title=title, order=order)
    _set_fields(item, fields, AGENDA_FIELDS, "create_agenda_item")
    item.full_clean()
    _check_questions(questions, lab.programme)
    item.save()
    item.questions.set(questions)
    audit.record_create(item, by=by, fields=AGENDA_AUDIT_FIELDS, parent=lab)
    return item


@transaction.atomic
def update_agenda_item(item: AgendaItem, *, by, questions=None, **fields) -> AgendaItem:
    """Change an agenda item; `outcome` records what came of it."""
    lab = item.lab
    _require_coordinator(by, lab.programme)
    before = audit.snapshot(item, AGENDA_AUDIT_FIELDS)
    _set_fields(item, fields, AGENDA_FIELDS, "update_agenda_item")
    item.full_clean()
    if questions is not None:
        _check_questions(questions, lab.programme)
    item.save()
    if questions is not None:
        item.questions.set(questions)
    audit.record_change(item, by=by, before=before, fields=AGENDA_AUDIT_FIELDS, parent=lab)
    return item


@transaction.atomic
def delete_agenda_item(item: AgendaItem, *, by) -> None:
    lab = item.lab
    _require_coordinator(by, lab.programme)
    audit.record_delete(item, by=by, fields=AGENDA_AUDIT_FIELDS, parent=lab)
    item.delete()


# --- registrations and attendance -------------------------------------------------------------------------------


@transaction.atomic
def register_for_lab(lab: KnowledgeLab, *, user) -> Registration:
    """Register `user` for an upcoming lab; registering twice changes nothing."""
    if not takes_part(user, lab.programme):
        raise PermissionDenied
    if lab.is_past:
        raise ValidationError(_("This Kennislab has already taken place; registration is closed."))
    if lab.is_cancelled:
        raise ValidationError(_("This Kennislab has been cancelled; registration is closed."))
    registration, created = Registration.objects.get_or_create(lab=lab, user=user)
    if created:
        audit.record_create(registration, by=user, fields=["user"], parent=lab)
    return registration


@transaction.atomic
def register_participant(lab: KnowledgeLab, *, user, by, walk_in: bool = False) -> Registration:
    """A coordinator registers someone who takes part in the programme for a lab that is still to come, or, with
    `walk_in`, records someone who came without registering (possible once the lab has started) as attended.
    Registering someone already registered changes nothing, except that a walk-in marks them as attended."""
    _require_coordinator(by, lab.programme)
    _check_people([user], lab.programme, "user")
    if lab.is_cancelled:
        raise ValidationError(_("This Kennislab has been cancelled; registration is closed."))
    if walk_in and lab.starts_at > timezone.now():
        raise ValidationError(_("Walk-in attendance can be recorded once the Kennislab has started."))
    if not walk_in and lab.is_past:
        raise ValidationError(_("This Kennislab has already taken place; record who came as walk-in attendance."))
    registration = Registration.objects.select_for_update().filter(lab=lab, user=user).first()
    if registration is None:
        registration = Registration.objects.create(lab=lab, user=user, attended=True if walk_in else None)
        audit.record_create(registration, by=by, fields=REGISTRATION_AUDIT_FIELDS, parent=lab)
    elif walk_in and registration.attended is not True:
        before = audit.snapshot(registration, REGISTRATION_AUDIT_FIELDS)
        registration.attended = True
        registration.save(update_fields=["attended"])
        audit.record_change(registration, by=by, before=before, fields=REGISTRATION_AUDIT_FIELDS, parent=lab)
    return registration


@transaction.atomic
def unregister_from_lab(lab: KnowledgeLab, *, user) -> None:
    if not takes_part(user, lab.programme):
        raise PermissionDenied
    if lab.is_past:
        raise ValidationError(_("This Kennislab has already taken place; registrations can no longer be "
                                "withdrawn."))
    registration = Registration.objects.filter(lab=lab, user=user).first()
    if registration is not None:
        audit.record_delete(registration, by=user, fields=["user"], parent=lab)
        registration.delete()


@transaction.atomic
def record_attendance(lab: KnowledgeLab, *, by, attendance: dict[int, bool | None]) -> list[Registration]:
    """Record who came: `attendance` maps registration ids of this lab to True (attended), False (did not) or None
    (not known). Possible once the lab has started; only coordinators may."""
    _require_coordinator(by, lab.programme)
    if lab.starts_at > timezone.now():
        raise ValidationError(_("Attendance can be recorded once the Kennislab has started."))
    registrations = {registration.pk: registration
                     for registration in lab.registrations.select_related("user").select_for_update()}
    unknown = set(attendance) - set(registrations)
    if unknown:
        raise ValidationError(_("Some registrations do not belong to this Kennislab."))
    changed = []
    for pk, attended in attendance.items():
        registration = registrations[pk]
        if registration.attended is attended:
            continue
        before = audit.snapshot(registration, REGISTRATION_AUDIT_FIELDS)
        registration.attended = attended
        registration.save(update_fields=["attended"])
        audit.record_change(registration, by=by, before=before, fields=REGISTRATION_AUDIT_FIELDS, parent=lab)
        changed.append(registration)
    return changed


# --- working groups, meetings, deep dives ----------------------------------------------------------------------


def _check_people(people, programme: Programme, field: str) -> None:
    outside = [person for person in people if person is not None and not takes_part(person, programme)]
    if outside:
        raise ValidationError({field: _("%(people)s does not take part in the programme.") % {
            "people": ", ".join(str(person) for person in outside)}})


@transaction.atomic
def create_working_group(programme: Programme, *, by, name: str, members=(), **fields) -> WorkingGroup:
    _require_coordinator(by, programme)
    group = WorkingGroup(programme=programme, name=name)
    _set_fields(group, fields, GROUP_FIELDS, "create_working_group")
    group.full_clean()
    _check_people([group.chair, *members], programme, "chair")
    group.save()
    group.members.set(members)
    audit.record_create(group, by=by, fields=GROUP_AUDIT_FIELDS, parent=programme)
    return group


@transaction.atomic
def update_working_group(group: WorkingGroup, *, by, **fields) -> WorkingGroup:
    _require_coordinator(by, group.programme)
    before = audit.snapshot(group, GROUP_AUDIT_FIELDS)
    _set_fields(group, fields, GROUP_FIELDS, "update_working_group")
    group.full_clean()
    _check_people([group.chair], group.programme, "chair")
    group.save()
    audit.record_change(group, by=by, before=before, fields=GROUP_AUDIT_FIELDS, parent=group.programme)
    return group


@transaction.atomic
def add_group_member(group: WorkingGroup, *, user, by) -> WorkingGroup:
    """Coordinators and the group's chair add members; members take part in the programme."""
    if not may_keep_group(by, group):
        raise PermissionDenied
    _check_people([user], group.programme, "user")
    if not group.members.filter(pk=user.pk).exists():
        before = audit.snapshot(group, ["members"])
        group.members.add(user)
        audit.record_change(group, by=by, before=before, fields=["members"], parent=group.programme)
    return group


@transaction.atomic
def remove_group_member(group: WorkingGroup, *, user, by) -> WorkingGroup:
    if not may_keep_group(by, group):
        raise PermissionDenied
    if group.members.filter(pk=user.pk).exists():
        before = audit.snapshot(group, ["members"])
        group.members.remove(user)
        audit.record_change(group, by=by, before=before, fields=["members"], parent=group.programme)
    return group


@transaction.atomic
def create_meeting(group: WorkingGroup, *, by, **fields) -> WorkingGroupMeeting:
    """A meeting of a working group; coordinators and the chair plan them."""
    if not may_keep_group(by, group):
        raise PermissionDenied
    meeting = WorkingGroupMeeting(group=group)
    _set_fields(meeting, fields, MEETING_FIELDS, "create_meeting")
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.full_clean()
    meeting.save()
    audit.record_create(meeting, by=by, fields=MEETING_FIELDS, parent=group)
    return meeting


@transaction.atomic
def update_meeting(meeting: WorkingGroupMeeting, *, by, **fields) -> WorkingGroupMeeting:
    """Change a meeting's time and place or record its minutes."""
    if not may_keep_group(by, meeting.group):
        raise PermissionDenied
    before = audit.snapshot(meeting, MEETING_FIELDS)
    _set_fields(meeting, fields, MEETING_FIELDS, "update_meeting")
    _check_times(meeting.starts_at, meeting.ends_at)
    meeting.full_clean()
    meeting.save()
    audit.record_change(meeting, by=by, before=before, fields=MEETING_FIELDS, parent=meeting.group)
    return meeting


@transaction.atomic
def create_deep_dive(programme: Programme, *, by, **fields) -> DeepDive:
    _require_coordinator(by, programme)
    deep_dive = DeepDive(programme=programme)
    _set_fields(deep_dive, fields, DEEP_DIVE_FIELDS, "create_deep_dive")
    _check_times(deep_dive.starts_at, deep_dive.ends_at)
    deep_dive.full_clean()
    deep_dive.save()
    audit.record_create(deep_dive, by=by, fields=DEEP_DIVE_FIELDS, parent=programme)
    return deep_dive


@transaction.atomic
def update_deep_dive(deep_dive: DeepDive, *, by, **fields) -> DeepDive:
    _require_coordinator(by, deep_dive.programme)
    before = audit.snapshot(deep_dive, DEEP_DIVE_FIELDS)
    _set_fields(deep_dive, fields, DEEP_DIVE_FIELDS, "update_deep_dive")
    _check_times(deep_dive.starts_at, deep_dive.ends_at)
    deep_dive.full_clean()
    deep_dive.save()
    audit.record_change(deep_dive, by=by, before=before, fields=DEEP_DIVE_FIELDS, parent=deep_dive.programme)
    return deep_dive


# --- actions ---------------------------------------------------------------------------------------------------


def _session_and_programme(*, lab=None, meeting=None, deep_dive=None):
    sessions = [session for session in (lab, meeting, deep_dive) if session is not None]
    if len(sessions) != 1:
        raise TypeError("Give exactly one of lab, meeting or deep_dive.")
    session = sessions[0]
    programme = session.group.programme if meeting is not None else session.programme
    return session, programme


def _session_parent(session):
    return session.group if isinstance(session, WorkingGroupMeeting) else session


@transaction.atomic
def create_action(*, by, title: str, owner, due_date: date | None = None, question=None, lab=None, meeting=None,
                  deep_dive=None) -> Action:
    """A follow-up action agreed in one session. The owner takes part in the programme."""
    session, programme = _session_and_programme(lab=lab, meeting=meeting, deep_dive=deep_dive)
    if not may_keep_session(by, session):
        raise PermissionDenied
    action = Action(programme=programme, title=title, owner=owner, due_date=due_date, question=question, lab=lab,
                    meeting=meeting, deep_dive=deep_dive)
    action.full_clean()
    _check_people([owner], programme, "owner")
    if question is not None and question.programme_id != programme.pk:
        raise ValidationError({"question": _("The question belongs to another programme.")})
    action.save()
    audit.record_create(action, by=by, fields=ACTION_AUDIT_FIELDS, parent=_session_parent(session))
    return action


@transaction.atomic
def update_action(action: Action, *, by, **fields) -> Action:
    """Change an action. Whoever keeps its session changes everything; its owner changes only its status. A new
    status is a step of ``labs.workflows.ACTIONS``, taken by the executor after the other changes."""
    session = action.session
    keeper = may_keep_session(by, session)
    if not keeper and not (by is not None and by.pk == action.owner_id and set(fields) <= {"status"}):
        raise PermissionDenied
    status = fields.pop("status", action.status)
    if status not in ActionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    if fields:
        before = audit.snapshot(action, ACTION_AUDIT_FIELDS)
        _set_fields(action, fields, ACTION_FIELDS, "update_action")
        action.full_clean()
        if "owner" in fields:
            _check_people([action.owner], action.programme, "owner")
        if action.question is not None and action.question.programme_id != action.programme_id:
            raise ValidationError({"question": _("The question belongs to another programme.")})
        action.save()
        audit.record_change(action, by=by, before=before, fields=ACTION_AUDIT_FIELDS,
                            parent=_session_parent(session))
    if status != action.status:
        ACTIONS.apply(action, ACTIONS.verb_to(action, status), by=by)
    return action


def set_action_status(action: Action, *, by, status: str) -> Action:
    return update_action(action, by=by, status=status)


def max_upload_bytes() -> int:
    return getattr(settings, "LABS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def check_upload(file) -> str:
    """The upload's content type when it may be attached to a session (``core.uploads.check_upload`` with the
    labs size limit), else a ValidationError saying why."""
    return uploads.check_upload(file, max_bytes=max_upload_bytes())


@transaction.atomic
def upload_document(*, by, title: str, file, lab=None, meeting=None, deep_dive=None) -> Document:
    """Attach a file to one session, after checking its size and its content (not only its name). Nothing is
    stored when it is refused."""
    session, _programme = _session_and_programme(lab=lab, meeting=meeting, deep_dive=deep_dive)
    if not may_keep_session(by, session):
        raise PermissionDenied
    content_type = check_upload(file)
    # Keep the name short enough for the storage path (labs/<16 hex>/<name>, at most 100 characters).
    root, extension = os.path.splitext(os.path.basename(file.name))
    file.name = f"{root[:60]}{extension.lower()}"
    document = Document(title=title.strip() or root[:200], file=file, size=file.size,
                        content_type=f"{content_type}; charset=utf-8" if content_type in TEXT_TYPES else content_type,
                        uploaded_by=by if by is not None and by.is_authenticated else None,
                        lab=lab, meeting=meeting, deep_dive=deep_dive)
    document.full_clean(exclude=["file", "uploaded_by"])
    document.save()
    audit.record_create(document, by=by, fields=DOCUMENT_AUDIT_FIELDS, parent=_session_parent(session))
    return document


def document_session(document: Document):
    return document.lab or document.meeting or document.deep_dive
