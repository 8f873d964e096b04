"""The research log of an experiment: learning questions, action-research cycles, log entries and their attachments.

The only way these rows are created, changed or deleted. Each service is one transaction; it checks the actor's right
(``PermissionDenied``: the experiment's editors and the programme team write, see ``access.may_write_log``; ``by=None``
is the system: commands and demo data), refuses bad input with a ``ValidationError`` whose translated messages name the
field and the problem, and records the audit trail with the experiment as parent, so the experiment's history shows
its log. Entries are kept in the full-text index and their excerpts anchored in the same transaction.

Edits are guarded by ``version``: the version the editor's form started from. When someone saved in between, the edit
is refused with a message naming who changed it and when; nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import os
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditEvent
from dubbelslag.core.uploads import TEXT_TYPES, check_upload
from dubbelslag.labs.models import KnowledgeLab, KnowledgeQuestion
from dubbelslag.programme.access import experiment_role
from dubbelslag.programme.models import Experiment

from ..access import may_write_log
from ..anchoring import normalise_newlines
from ..enums import Consent, CyclePhase, EntryKind, LearningQuestionStatus
from ..models import Attachment, Cycle, Excerpt, HarvestRecord, LearningQuestion, LogEntry, Memo, SearchKind
from ..workflows import LEARNING_QUESTION_AUDIT_FIELDS, LEARNING_QUESTIONS, check_closed_on
from . import search_index
from .excerpts import reanchor_excerpts

CYCLE_AUDIT_FIELDS = ["number", "title", "learning_questions", "plan", "act", "observe", "reflect", "plan_starts_on",
                      "act_starts_on", "observe_starts_on", "reflect_starts_on", "ends_on", "reflection_lab"]
ENTRY_AUDIT_FIELDS = ["kind", "title", "occurred_on", "author", "text", "consent", "cycle", "learning_questions"]
ATTACHMENT_AUDIT_FIELDS = ["entry", "title", "content_type", "size"]
MEMO_AUDIT_FIELDS = ["title", "text"]
EXCERPT_AUDIT_FIELDS = ["entry", "start", "end", "quote", "anchor_status"]
CODING_AUDIT_FIELDS = ["excerpt", "code", "coder"]

LEARNING_QUESTION_FIELDS = {"question", "explanation", "status", "opened_on", "closed_on", "knowledge_question",
                            "position"}
CYCLE_FIELDS = {"title", "plan", "act", "observe", "reflect", "plan_starts_on", "act_starts_on", "observe_starts_on",
                "reflect_starts_on", "ends_on", "reflection_lab"}
ENTRY_FIELDS = {"kind", "title", "occurred_on", "text", "consent", "cycle"}
CLOSED_STATUSES = {LearningQuestionStatus.ANSWERED, LearningQuestionStatus.DROPPED}


# --- Helpers -----------------------------------------------------------------------------------------------------


def _require_writer(by, experiment: Experiment) -> None:
    if by is not None and not may_write_log(experiment_role(by, experiment)):
        raise PermissionDenied


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def last_change(obj) -> AuditEvent | None:
    """The latest audit event about ``obj`` itself: who last saved it, and when."""
    return AuditEvent.objects.about(obj).order_by("-at", "-pk").first()


def stale_error(obj, what: str) -> ValidationError:
    """The refusal of an edit made on an older version of ``obj``, naming who saved it since and when."""
    event = last_change(obj)
    if event is None:
        return ValidationError(
            _("Someone else changed this %(what)s after you opened it. Your changes have not been saved: reload the "
              "page to see the latest version and make your changes again.") % {"what": what}, code="stale")
    when = formats.date_format(timezone.localtime(event.at), "DATETIME_FORMAT")
    return ValidationError(
        _("%(who)s changed this %(what)s on %(when)s, after you opened it. Your changes have not been saved: reload "
          "the page to see their version and make your changes again.")
        % {"who": event.actor_label or _("someone else"), "what": what, "when": when}, code="stale")


def _check_version(obj, version, what: str) -> None:
    if version is None or int(version) != obj.version:
        raise stale_error(obj, what)


def _unknown(fields: dict, allowed: set[str], service: str) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"{service}() got unexpected fields: {', '.join(sorted(unknown))}")


def _check_learning_questions(questions, experiment: Experiment) -> list[LearningQuestion]:
    questions = list(questions)
    foreign = [question for question in questions if question.experiment_id != experiment.pk]
    if foreign:
        raise ValidationError({"learning_questions": _("“%(question)s” is a learning question of another "
                                                       "experiment.") % {"question": foreign[0].question}},
                              code="foreign")
    return questions


def _check_cycle(cycle: Cycle | None, experiment: Experiment) -> None:
    if cycle is not None and cycle.experiment_id != experiment.pk:
        raise ValidationError({"cycle": _("This cycle belongs to another experiment.")}, code="foreign")


def _check_knowledge_question(question: KnowledgeQuestion | None, experiment: Experiment, by) -> None:
    if question is None:
        return
    if question.programme_id != experiment.programme_id:
        raise ValidationError({"knowledge_question": _("This knowledge question belongs to another programme.")},
                              code="foreign")
    if question.experiment_id and question.experiment_id != experiment.pk:
        raise ValidationError({"knowledge_question": _("This knowledge question belongs to another experiment.")},
                              code="foreign")
    if by is not None and not KnowledgeQuestion.objects.visible_to(by).filter(pk=question.pk).exists():
        raise PermissionDenied


def _check_lab(lab: KnowledgeLab | None, experiment: Experiment) -> None:
    if lab is not None and lab.programme_id != experiment.programme_id:
        raise ValidationError({"reflection_lab": _("This Kennislab belongs to another programme.")}, code="foreign")


def _date(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def check_phase_dates(cycle: Cycle) -> None:
    """The phases start in order (plan, act, observe, reflect) and the cycle does not end before the last phase
    started. A phase may be left empty; each date set is compared with the latest earlier one that is set."""
    errors = {}
    previous_label, previous = CyclePhase.PLAN.label, cycle.plan_starts_on
    for phase, field in Cycle.PHASE_DATES[1:]:
        starts = getattr(cycle, field)
        if starts is None:
            continue
        if previous is not None and starts < previous:
            errors[field] = _("The %(phase)s phase cannot start (%(date)s) before the %(previous)s phase "
                              "(%(previous_date)s).") % {"phase": phase.label, "date": _date(starts),
                                                         "previous": previous_label, "previous_date": _date(previous)}
        else:
            previous_label, previous = phase.label, starts
    if cycle.ends_on is not None and previous is not None and cycle.ends_on < previous:
        errors["ends_on"] = _("The cycle cannot end (%(date)s) before its %(phase)s phase starts (%(start)s).") % {
            "date": _date(cycle.ends_on), "phase": previous_label, "start": _date(previous)}
    if errors:
        raise ValidationError(errors, code="phase_order")


# --- Learning questions ------------------------------------------------------------------------------------------


@transaction.atomic
def create_learning_question(*, experiment: Experiment, by, question: str, explanation: str = "",
                             knowledge_question: KnowledgeQuestion | None = None,
                             opened_on: date | None = None) -> LearningQuestion:
    """Put a question on the experiment's learning agenda, at the end, open."""
    _require_writer(by, experiment)
    _check_knowledge_question(knowledge_question, experiment, by)
    last = LearningQuestion.objects.filter(experiment=experiment).aggregate(last=Max("position"))["last"]
    item = LearningQuestion(experiment=experiment, question=(question or "").strip(),
                            explanation=(explanation or "").strip(), knowledge_question=knowledge_question,
                            opened_on=opened_on or timezone.localdate(), status=LearningQuestionStatus.OPEN,
                            position=min((last or 0) + 1, 32767), created_by=_actor(by))
    item.full_clean(exclude=["created_by"])
    item.save()
    audit.record_create(item, by=by, fields=LEARNING_QUESTION_AUDIT_FIELDS, parent=experiment)
    return item


@transaction.atomic
def update_learning_question(question: LearningQuestion, /, *, by, version: int, **fields) -> LearningQuestion:
    """Change a learning question: its text, explanation, knowledge question, position, the date it was closed, or
    its status. A new status is a step of ``research.workflows.LEARNING_QUESTIONS`` (closing sets ``closed_on``,
    today unless given; reopening clears it), taken by the executor after the other changes."""
    _unknown(fields, LEARNING_QUESTION_FIELDS, "update_learning_question")
    _require_writer(by, question.experiment)
    lock_row(question)
    _check_version(question, version, _("learning question"))
    status = fields.pop("status", question.status)
    if status not in LearningQuestionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")}, code="status")
    closed_on = fields.pop("closed_on", None)
    if "knowledge_question" in fields and fields["knowledge_question"] != question.knowledge_question:
        _check_knowledge_question(fields["knowledge_question"], question.experiment, by)
    before = audit.snapshot(question, LEARNING_QUESTION_AUDIT_FIELDS)
    for name, value in fields.items():
        if name in {"question", "explanation"}:
            value = (value or "").strip()
        setattr(question, name, value)
    if status == question.status and question.status in CLOSED_STATUSES and closed_on:
        question.closed_on = closed_on  # a correction of the date a closed question was closed
    check_closed_on(question.opened_on, question.closed_on)
    question.full_clean(exclude=["created_by"])
    if audit.diff(before, audit.snapshot(question, LEARNING_QUESTION_AUDIT_FIELDS)):
        question.version += 1
        question.save()
        audit.record_change(question, by=by, before=before, fields=LEARNING_QUESTION_AUDIT_FIELDS,
                            parent=question.experiment)
    if status != question.status:
        LEARNING_QUESTIONS.apply(question, LEARNING_QUESTIONS.verb_to(question, status), by=by,
                                 **({} if status == LearningQuestionStatus.OPEN else {"closed_on": closed_on}))
    return question


def close_learning_question(question: LearningQuestion, /, *, by, version: int,
                            status: str = LearningQuestionStatus.ANSWERED,
                            closed_on: date | None = None) -> LearningQuestion:
    """Mark a learning question answered (or dropped) on ``closed_on`` (today unless given)."""
    if status not in CLOSED_STATUSES:
        raise ValidationError({"status": _("A learning question is closed as answered or dropped.")},
                              code="not_closed")
    return update_learning_question(question, by=by, version=version, status=status,
                                    closed_on=closed_on or timezone.localdate())


def reopen_learning_question(question: LearningQuestion, *, by, version: int) -> LearningQuestion:
    return update_learning_question(question, by=by, version=version, status=LearningQuestionStatus.OPEN)


# --- Cycles ------------------------------------------------------------------------------------------------------


def _save_cycle(cycle: Cycle, learning_questions) -> None:
    cycle.title = (cycle.title or "").strip()
    for name in ("plan", "act", "observe", "reflect"):
        setattr(cycle, name, (getattr(cycle, name) or "").strip())
    _check_lab(cycle.reflection_lab, cycle.experiment)
    check_phase_dates(cycle)
    cycle.full_clean(exclude=["created_by"])
    cycle.save()
    if learning_questions is not None:
        cycle.learning_questions.set(learning_questions)


@transaction.atomic
def create_cycle(*, experiment: Experiment, by, title: str, plan_starts_on: date, learning_questions=(),
                 **fields) -> Cycle:
    """Start a new action-research cycle, numbered after the experiment's last one. Phase dates must be in order."""
    _unknown(fields, CYCLE_FIELDS, "create_cycle")
    _require_writer(by, experiment)
    learning_questions = _check_learning_questions(learning_questions, experiment)
    # Lock the experiment so two cycles started at the same moment do not get the same number.
    list(Experiment.objects.select_for_update().filter(pk=experiment.pk).values_list("pk", flat=True))
    last = Cycle.objects.filter(experiment=experiment).aggregate(last=Max("number"))["last"]
    cycle = Cycle(experiment=experiment, number=(last or 0) + 1, title=title, plan_starts_on=plan_starts_on,
                  created_by=_actor(by), **fields)
    _save_cycle(cycle, learning_questions)
    audit.record_create(cycle, by=by, fields=CYCLE_AUDIT_FIELDS, parent=experiment)
    return cycle


@transaction.atomic
def update_cycle(cycle: Cycle, *, by, version: int, learning_questions=None, **fields) -> Cycle:
    """Change a cycle's title, phase texts, phase dates, learning questions or Kennislab."""
    _unknown(fields, CYCLE_FIELDS, "update_cycle")
    _require_writer(by, cycle.experiment)
    lock_row(cycle)
    _check_version(cycle, version, _("cycle"))
    if learning_questions is not None:
        learning_questions = _check_learning_questions(learning_questions, cycle.experiment)
    before = audit.snapshot(cycle, CYCLE_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.version += 1
    _save_cycle(cycle, learning_questions)
    audit.record_change(cycle, by=by, before=before, fields=CYCLE_AUDIT_FIELDS, parent=cycle.experiment)
    return cycle


# --- Entries -----------------------------------------------------------------------------------------------------


def _clean_entry(entry: LogEntry) -> None:
    entry.title = (entry.title or "").strip()
    entry.text = normalise_newlines(entry.text).strip("\n")
    if entry.kind not in EntryKind.values:
        raise ValidationError({"kind": _("Choose what kind of entry this is.")}, code="invalid")
    if entry.consent not in Consent.values:
        raise ValidationError({"consent": _("Choose what the people in this entry agreed to.")}, code="invalid")
    _check_cycle(entry.cycle, entry.experiment)
    entry.full_clean(exclude=["author"])


@transaction.atomic
def create_entry(*, experiment: Experiment, by, kind: str, title: str, occurred_on: date, text: str,
                 consent: str, cycle: Cycle | None = None, learning_questions=(), attachments=()) -> LogEntry:
    """Add an entry to the experiment's research log, written by ``by``, and index it for search. ``attachments``
    (uploaded files) are attached as add_attachment does; when one is refused, nothing is stored: not the entry,
    not its other files."""
    _require_writer(by, experiment)
    learning_questions = _check_learning_questions(learning_questions, experiment)
    entry = LogEntry(experiment=experiment, kind=kind, title=title, occurred_on=occurred_on, text=text,
                     consent=consent, cycle=cycle, author=_actor(by))
    _clean_entry(entry)
    entry.save()
    entry.learning_questions.set(learning_questions)
    search_index.index_entry(entry)
    audit.record_create(entry, by=by, fields=ENTRY_AUDIT_FIELDS, parent=experiment)
    stored = []
    try:
        for upload in attachments:
            stored.append(add_attachment(entry, by=by, title="", file=upload))
    except Exception:
        # The rows roll back with the transaction; the files already written must go too.
        for attachment in stored:
            _delete_files([attachment.file.name], attachment.file.storage)
        raise
    return entry


@transaction.atomic
def update_entry(entry: LogEntry, *, by, version: int, learning_questions=None, **fields) -> LogEntry:
    """Change an entry. Refused when it changed since ``version``. Its excerpts are found again in the new text
    (``entry.reanchored`` counts how many stayed, moved and were lost) and the search index follows."""
    _unknown(fields, ENTRY_FIELDS, "update_entry")
    _require_writer(by, entry.experiment)
    lock_row(entry)
    _check_version(entry, version, _("log entry"))
    if learning_questions is not None:
        learning_questions = _check_learning_questions(learning_questions, entry.experiment)
    before = audit.snapshot(entry, ENTRY_AUDIT_FIELDS)
    old_text = entry.text
    for name, value in fields.items():
        setattr(entry, name, value)
    _clean_entry(entry)
    entry.version += 1
    entry.save()
    if learning_questions is not None:
        entry.learning_questions.set(learning_questions)
    entry.reanchored = reanchor_excerpts(entry) if entry.text != old_text else {}
    search_index.index_entry(entry)
    audit.record_change(entry, by=by, before=before, fields=ENTRY_AUDIT_FIELDS, parent=entry.experiment)
    return entry


def citing_records(entry: LogEntry):
    """The harvest records that cite ``entry`` or one of its excerpts as evidence."""
    return HarvestRecord.objects.filter(
        Q(evidence_entries=entry) | Q(evidence_excerpts__entry=entry)).distinct().order_by("title", "pk")


def _cited_error(entry: LogEntry, by) -> ValidationError | None:
    records = list(citing_records(entry))
    if not records:
        return None
    visible = set(HarvestRecord.objects.visible_to(by).filter(pk__in=[record.pk for record in records])
                  .values_list("pk", flat=True)) if by is not None else {record.pk for record in records}
    titles = [f"“{record.title}”" for record in records if record.pk in visible]
    hidden = len(records) - len(titles)
    if hidden:
        titles.append(ngettext("%(count)d record you cannot see", "%(count)d records you cannot see", hidden)
                      % {"count": hidden})
    return ValidationError(
        _("This entry cannot be deleted: it is evidence for %(records)s. Remove it (and its excerpts) from those "
          "records first.") % {"records": ", ".join(titles)}, code="cited")


def _delete_files(names: list[str], storage) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # a file already gone must not undo the deletion
            storage.delete(name)


@transaction.atomic
def delete_entry(entry: LogEntry, *, by) -> None:
    """Delete an entry with its attachments (and their files), excerpts, codings and memos. Refused while a
    harvest record cites the entry or one of its excerpts."""
    _require_writer(by, entry.experiment)
    lock_row(entry)
    error = _cited_error(entry, by)
    if error is not None:
        raise error
    experiment = entry.experiment
    excerpts = list(entry.excerpts.all())
    memos = Memo.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(LogEntry), object_id=entry.pk)
        | Q(content_type=ContentType.objects.get_for_model(Excerpt), object_id__in=[e.pk for e in excerpts]))
    for memo in memos:
        audit.record_delete(memo, by=by, fields=MEMO_AUDIT_FIELDS, parent=experiment)
    memos.delete()
    for excerpt in excerpts:
        for coding in excerpt.codings.select_related("code", "coder"):
            audit.record_delete(coding, by=by, fields=CODING_AUDIT_FIELDS, parent=experiment)
        audit.record_delete(excerpt, by=by, fields=EXCERPT_AUDIT_FIELDS, parent=experiment)
    attachments = list(entry.attachments.all())
    for attachment in attachments:
        audit.record_delete(attachment, by=by, fields=ATTACHMENT_AUDIT_FIELDS, parent=experiment)
    if attachments:
        storage = attachments[0].file.storage
        names = [attachment.file.name for attachment in attachments]
        transaction.on_commit(lambda: _delete_files(names, storage))
    search_index.unindex(SearchKind.ENTRY, entry.pk)
    audit.record_delete(entry, by=by, fields=ENTRY_AUDIT_FIELDS, parent=experiment)
    entry.delete()


# --- Attachments -------------------------------------------------------------------------------------------------


def max_upload_bytes() -> int:
    return settings.RESEARCH_MAX_UPLOAD_BYTES


@transaction.atomic
def add_attachment(entry: LogEntry, *, by, title: str, file) -> Attachment:
    """Attach a file to an entry after checking its size and what its bytes are (not only its name). Stored under
    MEDIA_ROOT in a random folder; nothing is stored when it is refused."""
    _require_writer(by, entry.experiment)
    content_type = check_upload(file, max_bytes=max_upload_bytes())
    # Keep the name short enough for the storage path (research/<16 hex>/<name>, at most 100 characters).
    root, extension = os.path.splitext(os.path.basename(file.name))
    file.name = f"{root[:60]}{extension.lower()}"
    attachment = Attachment(entry=entry, title=(title or "").strip() or root[:200], file=file, size=file.size,
                            content_type=f"{content_type}; charset=utf-8" if content_type in TEXT_TYPES
                            else content_type, uploaded_by=_actor(by))
    attachment.full_clean(exclude=["file", "uploaded_by"])
    attachment.save()
    try:
        search_index.index_entry(entry)
        audit.record_create(attachment, by=by, fields=ATTACHMENT_AUDIT_FIELDS, parent=entry.experiment)
    except Exception:
        # The row rolls back with the transaction; the file written by save() must go too.
        _delete_files([attachment.file.name], attachment.file.storage)
        raise
    return attachment


@transaction.atomic
def delete_attachment(attachment: Attachment, *, by) -> None:
    """Remove an attachment and, once the deletion is committed, its file."""
    entry = attachment.entry
    _require_writer(by, entry.experiment)
    audit.record_delete(attachment, by=by, fields=ATTACHMENT_AUDIT_FIELDS, parent=entry.experiment)
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: _delete_files([name], storage))
    search_index.index_entry(entry)
