"""The harvest register's write path: creating and editing records, and each step of their status.

Every service is one transaction. It locks the record row (an edit is checked against the record as it is now, not
as it was when the page was loaded), checks the actor's right (``PermissionDenied``) and the link rules
(``ValidationError`` with a specific, translated message), records the audit trail and re-indexes the record for
full-text search. A refusal changes nothing. The status steps are declared once in ``research.workflows.RECORDS``
and taken by the one executor (``core.workflow``); the functions at the end name them for their callers.

``by=None`` is the system (demo data, commands): rights and visibility are not checked, the other rules are.

Links the actor may not see (evidence of another experiment, a record that is still a draft elsewhere, an
experiment they may not write to) are never shown to them, so an edit cannot have meant to remove them: on update,
such links are kept as they were and the submitted links replace only the part the actor may see.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.koppelkansen.models import Koppelkans
from dubbelslag.labs.models import KnowledgeQuestion
from dubbelslag.programme.access import experiment_role, is_programme_team
from dubbelslag.programme.models import Experiment, Programme, Theme

from ..access import may_edit_record, may_write_log
from ..enums import Confidence, Confidentiality, EvidenceLevel, RecordKind, RecordStatus
from ..models import Excerpt, HarvestRecord, LogEntry
from ..workflows import RECORDS, Verb
from . import search_index

__all__ = ["Verb"]

# The optional free-text fields: outcome harvesting and Most Significant Change.
TEXT_FIELDS = (
    "outcome", "social_actor", "significance", "contribution", "substantiation",
    "story", "story_domain", "story_teller_role", "story_selection_reason",
)
LINK_FIELDS = (
    "experiments", "themes", "koppelkansen", "knowledge_questions", "evidence_entries", "evidence_excerpts",
    "responds_to", "draws_on",
)
RECORD_AUDIT_FIELDS = [
    "kind", "title", "summary", "status", "confidentiality", "evidence_level", "confidence", *TEXT_FIELDS,
    *LINK_FIELDS,
]
# created_by is empty for records made by the system; full_clean would refuse that.
NULLABLE_UNCHECKED = ["created_by"]


def may_take(user, record: HarvestRecord, verb: str) -> bool:
    """Whether `user` has the right to take step `verb` (regardless of the record's status)."""
    return RECORDS.may(user, record, verb)


def available_verbs(user, record: HarvestRecord) -> list[str]:
    """The steps `user` may take on `record` in its current status, in a stable order."""
    return RECORDS.available(user, record)


def writable_experiments(user, programme: Programme) -> QuerySet[Experiment]:
    """The experiments of `programme` whose research log `user` may write: all of them for the programme team,
    else those where they are an editor."""
    experiments = Experiment.objects.filter(programme=programme)
    if user is None or is_programme_team(user, programme):
        return experiments
    if not user.is_authenticated:
        return experiments.none()
    return experiments.filter(pk__in=[experiment.pk for experiment in experiments.filter(memberships__user=user)
                                      if may_write_log(experiment_role(user, experiment))])


def may_create_record(user, programme: Programme) -> bool:
    """The programme team, and whoever may write the research log of at least one of the programme's experiments."""
    if user is not None and is_programme_team(user, programme):
        return True
    return writable_experiments(user, programme).exists()


# --- Helpers ---------------------------------------------------------------------------------------------------

def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _ids(objects) -> set[int]:
    return {obj if isinstance(obj, int) else obj.pk for obj in objects or ()}


def _names(queryset, ids) -> str:
    return ", ".join(f"“{obj}”" for obj in queryset.filter(pk__in=ids)[:5])


def _check_links(*, programme: Programme, kind: str, by, record: HarvestRecord | None, links: dict) -> dict:
    """Check the submitted links against the rules; returns {field: set of ids} to set. Raises ValidationError with
    one message per field that breaks a rule. For an existing record, links the actor may not see are kept."""
    errors: dict[str, list[str]] = {}
    result: dict[str, set[int]] = {}
    system = by is None

    def old(field: str) -> set[int]:
        if record is None or record.pk is None:
            return set()
        return set(getattr(record, field).values_list("pk", flat=True))

    # Experiments: of the record's programme; the actor may add only those whose log they may write.
    experiments = _ids(links.get("experiments"))
    allowed = set(writable_experiments(by, programme).values_list("pk", flat=True))
    of_programme = set(Experiment.objects.filter(programme=programme, pk__in=experiments)
                       .values_list("pk", flat=True))
    if experiments - of_programme:
        errors.setdefault("experiments", []).append(_("Link only experiments of the record's programme."))
    elif not system and (experiments - old("experiments")) - allowed:
        errors.setdefault("experiments", []).append(
            _("You may link only experiments whose research log you may write: %(names)s is not one of them.")
            % {"names": _names(Experiment.objects.all(), (experiments - old("experiments")) - allowed)})
    result["experiments"] = experiments | (old("experiments") - allowed)

    # Evidence: log entries and excerpts of the programme's experiments that the actor may see.
    for field, model, path, label in (
        ("evidence_entries", LogEntry, "experiment__programme", _("log entries")),
        ("evidence_excerpts", Excerpt, "entry__experiment__programme", _("excerpts")),
    ):
        submitted = _ids(links.get(field))
        in_programme = set(model.objects.filter(pk__in=submitted, **{path: programme})
                           .values_list("pk", flat=True))
        visible = model.objects.all() if system else model.objects.visible_to(by)
        seen = set(visible.filter(pk__in=submitted).values_list("pk", flat=True))
        if submitted - seen:
            errors.setdefault(field, []).append(
                _("You may cite only evidence you may read; some of the chosen %(what)s are not accessible to "
                  "you.") % {"what": label})
        elif submitted - in_programme:
            errors.setdefault(field, []).append(
                _("Cite only %(what)s of the experiments of the record's programme.") % {"what": label})
        hidden = old(field) - set(visible.filter(pk__in=old(field)).values_list("pk", flat=True))
        result[field] = submitted | hidden

    # Solution → challenges, lesson → insights: records of the same programme, of the right kind, never itself.
    for field, source_kind, target_kind, wrong_source, wrong_target in (
        ("responds_to", RecordKind.SOLUTION, RecordKind.CHALLENGE,
         _("Only a solution answers challenges."), _("A solution can answer only challenges: %(names)s is not one.")),
        ("draws_on", RecordKind.LESSON, RecordKind.INSIGHT,
         _("Only a lesson draws on insights."), _("A lesson can draw only on insights: %(names)s is not one.")),
    ):
        submitted = _ids(links.get(field))
        visible = HarvestRecord.objects.all() if system else HarvestRecord.objects.visible_to(by)
        hidden = old(field) - set(visible.filter(pk__in=old(field)).values_list("pk", flat=True))
        targets = HarvestRecord.objects.filter(pk__in=submitted)
        if record is not None and record.pk in submitted:
            errors.setdefault(field, []).append(_("A record cannot refer to itself."))
        elif submitted - set(visible.filter(pk__in=submitted).values_list("pk", flat=True)):
            errors.setdefault(field, []).append(_("You may link only records you may read."))
        elif targets.exclude(programme=programme).exists():
            errors.setdefault(field, []).append(_("Link only records of the same programme."))
        elif targets.exclude(kind=target_kind).exists():
            errors.setdefault(field, []).append(
                wrong_target % {"names": _names(targets.exclude(kind=target_kind), submitted)})
        elif (submitted | hidden) and kind != source_kind:
            errors.setdefault(field, []).append(wrong_source)
        result[field] = submitted | hidden

    # Knowledge questions of the programme that the actor may read; themes and koppelkansen from the catalogues.
    questions = _ids(links.get("knowledge_questions"))
    visible = KnowledgeQuestion.objects.all() if system else KnowledgeQuestion.objects.visible_to(by)
    visible = visible.filter(programme=programme)
    if questions - set(visible.filter(pk__in=questions).values_list("pk", flat=True)):
        errors.setdefault("knowledge_questions", []).append(
            _("Link only knowledge questions of the record's programme that you may read."))
    hidden = old("knowledge_questions") - set(visible.filter(pk__in=old("knowledge_questions"))
                                              .values_list("pk", flat=True))
    result["knowledge_questions"] = questions | hidden

    koppelkansen = _ids(links.get("koppelkansen"))
    visible = Koppelkans.objects.all() if system else Koppelkans.objects.visible_to(by)
    if koppelkansen - set(visible.filter(pk__in=koppelkansen).values_list("pk", flat=True)):
        errors.setdefault("koppelkansen", []).append(_("Choose koppelkansen from the catalogue."))
    hidden = old("koppelkansen") - set(visible.filter(pk__in=old("koppelkansen")).values_list("pk", flat=True))
    result["koppelkansen"] = koppelkansen | hidden

    themes = _ids(links.get("themes"))
    if themes - set(Theme.objects.filter(pk__in=themes).values_list("pk", flat=True)):
        errors.setdefault("themes", []).append(_("Choose themes from the taxonomy."))
    result["themes"] = themes

    if errors:
        raise ValidationError(errors)
    return result


def _check_choices(*, kind: str, confidentiality: str, evidence_level: str, confidence: str) -> None:
    errors = {}
    if kind not in RecordKind.values:
        errors["kind"] = _("Choose a kind: challenge, solution, insight or lesson.")
    if confidentiality not in Confidentiality.values:
        errors["confidentiality"] = _("Choose who may read the record.")
    if evidence_level not in EvidenceLevel.values:
        errors["evidence_level"] = _("Choose an evidence level.")
    if confidence not in Confidence.values:
        errors["confidence"] = _("Choose a confidence.")
    if errors:
        raise ValidationError(errors)


def _check_text_fields(fields: dict) -> None:
    unknown = set(fields) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown record fields: {', '.join(sorted(unknown))}")


def _set_links(record: HarvestRecord, links: dict[str, set[int]]) -> None:
    for field, ids in links.items():
        getattr(record, field).set(sorted(ids))


# --- Creating and editing --------------------------------------------------------------------------------------

@transaction.atomic
def create_record(*, programme: Programme, by, kind: str, title: str, summary: str,
                  confidentiality: str = Confidentiality.EXPERIMENT, evidence_level: str = EvidenceLevel.DESCRIBED,
                  confidence: str = Confidence.MEDIUM, experiments=(), themes=(), koppelkansen=(),
                  knowledge_questions=(), evidence_entries=(), evidence_excerpts=(), responds_to=(), draws_on=(),
                  **fields) -> HarvestRecord:
    """A new draft record. The programme team may create one; so may whoever may write the research log of every
    experiment they link (at least one). `fields` are the outcome-harvesting and MSC texts (``TEXT_FIELDS``)."""
    _check_text_fields(fields)
    if by is not None:
        _require(may_create_record(by, programme))
        if not is_programme_team(by, programme) and not experiments:
            raise ValidationError({"experiments": _(
                "Link at least one experiment whose research log you write; the programme team may also record "
                "programme-wide findings.")})
    _check_choices(kind=kind, confidentiality=confidentiality, evidence_level=evidence_level, confidence=confidence)
    links = _check_links(programme=programme, kind=kind, by=by, record=None, links={
        "experiments": experiments, "themes": themes, "koppelkansen": koppelkansen,
        "knowledge_questions": knowledge_questions, "evidence_entries": evidence_entries,
        "evidence_excerpts": evidence_excerpts, "responds_to": responds_to, "draws_on": draws_on})
    record = HarvestRecord(programme=programme, kind=kind, title=title, summary=summary, status=RecordStatus.DRAFT,
                           confidentiality=confidentiality, evidence_level=evidence_level, confidence=confidence,
                           created_by=by if by is not None and by.is_authenticated else None, **fields)
    record.full_clean(exclude=NULLABLE_UNCHECKED)
    record.save()
    _set_links(record, links)
    after = audit.snapshot(record, RECORD_AUDIT_FIELDS)
    audit.record(record, by=by, action=AuditAction.CREATE,
                 changes={name: [None, value] for name, value in after.items() if value not in (None, "", [])})
    search_index.index_record(record)
    return record


@transaction.atomic
def update_record(record: HarvestRecord, *, by, version: int, kind: str, title: str, summary: str,
                  confidentiality: str, evidence_level: str, confidence: str, experiments=(), themes=(),
                  koppelkansen=(), knowledge_questions=(), evidence_entries=(), evidence_excerpts=(),
                  responds_to=(), draws_on=(), **fields) -> HarvestRecord:
    """Change a record's text, classification and links. `version` is the one the editor started from: when the
    record changed since, the edit is refused. A published record stays public: unpublish it first."""
    _check_text_fields(fields)
    lock_row(record)
    if by is not None:
        _require(may_edit_record(by, record))
    if record.version != version:
        raise ValidationError(_("Someone else changed this record while you were editing it. Your changes have not "
                                "been saved; reload the page to see the latest version and make them again."),
                              code="stale")
    _check_choices(kind=kind, confidentiality=confidentiality, evidence_level=evidence_level, confidence=confidence)
    if record.status == RecordStatus.PUBLISHED and confidentiality != Confidentiality.PUBLIC:
        raise ValidationError({"confidentiality": _(
            "This record is published, so it must stay public. Unpublish it first if fewer people should read "
            "it.")}, code="published_is_public")
    links = _check_links(programme=record.programme, kind=kind, by=by, record=record, links={
        "experiments": experiments, "themes": themes, "koppelkansen": koppelkansen,
        "knowledge_questions": knowledge_questions, "evidence_entries": evidence_entries,
        "evidence_excerpts": evidence_excerpts, "responds_to": responds_to, "draws_on": draws_on})
    before = audit.snapshot(record, RECORD_AUDIT_FIELDS)
    record.kind, record.title, record.summary = kind, title, summary
    record.confidentiality, record.evidence_level, record.confidence = confidentiality, evidence_level, confidence
    for name in TEXT_FIELDS:
        if name in fields:
            setattr(record, name, fields[name])
    record.version += 1
    record.full_clean(exclude=NULLABLE_UNCHECKED)
    record.save()
    _set_links(record, links)
    changes = audit.diff(before, audit.snapshot(record, RECORD_AUDIT_FIELDS))
    if changes:
        audit.record(record, by=by, action=AuditAction.CHANGE, changes=changes)
    search_index.index_record(record)
    return record


# --- Status steps ----------------------------------------------------------------------------------------------

def validate_record(record: HarvestRecord, *, by) -> HarvestRecord:
    """draft → validated: the programme team confirms the record rests on its evidence (at least one log entry or
    excerpt)."""
    return RECORDS.apply(record, Verb.VALIDATE, by=by)


def publish_record(record: HarvestRecord, *, by) -> HarvestRecord:
    """validated → published: a coordinator publishes a validated, public record for everyone to read."""
    return RECORDS.apply(record, Verb.PUBLISH, by=by)


def unpublish_record(record: HarvestRecord, *, by, reason: str) -> HarvestRecord:
    """published → validated: a coordinator takes a record off the public site, giving a reason."""
    return RECORDS.apply(record, Verb.UNPUBLISH, by=by, reason=reason)


def return_to_draft(record: HarvestRecord, *, by, reason: str) -> HarvestRecord:
    """validated → draft: the programme team sends a record back for more work, giving a reason."""
    return RECORDS.apply(record, Verb.RETURN, by=by, reason=reason)
