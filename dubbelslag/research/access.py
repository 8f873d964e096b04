"""Access gates of the research app.

The research log of an experiment (learning agenda, cycles, entries, attachments, excerpts, codings) is read by
whoever may read the experiment: its members and the programme team. It is written by the experiment's editors and
the programme team (coordinators and researchers: action research is the researchers' work). Everyone else gets 404,
as if it did not exist; a reader who tries to write gets 403.

The codebook is the programme's: read by everyone who takes part in a programme, changed by the programme team.

Harvest records follow ``HarvestRecord.objects.visible_to``. A record is changed by its author, the editors of its
experiments and the programme team; validated by the programme team and published by a coordinator.

Memos are read by whoever may read what they are about (for a record: whoever takes part in its programme, since
a published record is public but the notes on it are not), and written by whoever may write there.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import experiment_role, is_programme_team, programme_role
from dubbelslag.programme.enums import MembershipRole
from dubbelslag.programme.models import Experiment, Membership

from .models import Attachment, Code, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo

LOG_WRITERS = {MembershipRole.COORDINATOR, MembershipRole.RESEARCHER, MembershipRole.EDITOR}


def may_write_log(role: str | None) -> bool:
    return role in LOG_WRITERS


def get_experiment_log_for_user(user, pk: int, *, write: bool = False) -> tuple[Experiment, str]:
    """The experiment whose research log is asked for, and the user's role in it."""
    experiment = get_object_or_404(Experiment.objects.select_related("programme", "gemeente"), pk=pk)
    role = experiment_role(user, experiment)
    if role is None:
        raise Http404
    if write and not may_write_log(role):
        raise PermissionDenied
    return experiment, role


def _experiment_gate(user, experiment: Experiment, *, write: bool) -> str:
    role = experiment_role(user, experiment)
    if role is None:
        raise Http404
    if write and not may_write_log(role):
        raise PermissionDenied
    return role


def get_entry_for_user(user, pk: int, *, write: bool = False) -> LogEntry:
    entry = get_object_or_404(
        LogEntry.objects.select_related("experiment__programme", "experiment__gemeente", "cycle", "author"), pk=pk)
    _experiment_gate(user, entry.experiment, write=write)
    return entry


def get_learning_question_for_user(user, pk: int, *, write: bool = False) -> LearningQuestion:
    question = get_object_or_404(
        LearningQuestion.objects.select_related("experiment__programme", "knowledge_question"), pk=pk)
    _experiment_gate(user, question.experiment, write=write)
    return question


def get_cycle_for_user(user, pk: int, *, write: bool = False) -> Cycle:
    cycle = get_object_or_404(Cycle.objects.select_related("experiment__programme", "reflection_lab"), pk=pk)
    _experiment_gate(user, cycle.experiment, write=write)
    return cycle


def get_attachment_for_user(user, pk: int, *, write: bool = False) -> Attachment:
    attachment = get_object_or_404(Attachment.objects.select_related("entry__experiment__programme"), pk=pk)
    _experiment_gate(user, attachment.entry.experiment, write=write)
    return attachment


def get_excerpt_for_user(user, pk: int, *, write: bool = False) -> Excerpt:
    excerpt = get_object_or_404(Excerpt.objects.select_related("entry__experiment__programme"), pk=pk)
    _experiment_gate(user, excerpt.entry.experiment, write=write)
    return excerpt


def may_read_codebook(user) -> bool:
    return user.is_authenticated and (user.is_superuser or Membership.objects.filter(user=user).exists())


def may_change_codebook(user) -> bool:
    return is_programme_team(user)


def get_code_for_user(user, pk: int, *, write: bool = False) -> Code:
    if not may_read_codebook(user):
        raise Http404
    code = get_object_or_404(Code.objects.select_related("parent", "theme"), pk=pk)
    if write and not may_change_codebook(user):
        raise PermissionDenied
    return code


def get_record_for_user(user, pk: int) -> HarvestRecord:
    """The record when ``user`` may read it, else 404. What they may do with it: ``may_edit_record`` and friends."""
    record = HarvestRecord.objects.visible_to(user).filter(pk=pk).select_related(
        "programme", "created_by", "validated_by", "published_by").first()
    if record is None:
        raise Http404
    return record


def may_edit_record(user, record: HarvestRecord) -> bool:
    if not user.is_authenticated:
        return False
    if is_programme_team(user, record.programme) or (record.created_by_id and record.created_by_id == user.pk):
        return True
    return Membership.objects.filter(
        user=user, experiment__in=record.experiments.all(), role=MembershipRole.EDITOR).exists()


def may_validate_record(user, record: HarvestRecord) -> bool:
    return is_programme_team(user, record.programme)


def may_publish_record(user, record: HarvestRecord) -> bool:
    return programme_role(user, record.programme) == MembershipRole.COORDINATOR


# What a memo can be about, and how to reach it through its gate. Each getter takes (user, pk, write=...).
MEMO_TARGETS = {
    "logentry": get_entry_for_user,
    "excerpt": get_excerpt_for_user,
    "cycle": get_cycle_for_user,
    "learningquestion": get_learning_question_for_user,
    "code": get_code_for_user,
}


def get_memo_target_for_user(user, model: str, pk: int, *, write: bool = False):
    """The object a memo is (to be) about, through that object's own gate: 404 for an unknown kind or an object
    the user may not read, 403 when they may read but not write there."""
    if model == "harvestrecord":
        record = get_record_for_user(user, pk)
        # A published record is public; the analytic notes on it are not.
        if not (user.is_authenticated and (user.is_superuser or Membership.objects.filter(
                user=user, programme=record.programme).exists())):
            raise Http404
        if write and not may_edit_record(user, record):
            raise PermissionDenied
        return record
    getter = MEMO_TARGETS.get(model)
    if getter is None:
        raise Http404
    return getter(user, pk, write=write)


def get_memo_for_user(user, pk: int, *, write: bool = False) -> Memo:
    """A memo through its target's gate; only its author (or the programme team) changes it."""
    memo = get_object_or_404(Memo.objects.select_related("content_type", "author"), pk=pk)
    get_memo_target_for_user(user, memo.content_type.model, memo.object_id)
    if write and memo.author_id != user.pk and not is_programme_team(user):
        raise PermissionDenied
    return memo
