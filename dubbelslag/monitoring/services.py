"""The monitoring app's write services: the framework (goals, indicators, adoption, baselines, targets,
disaggregations), the reporting periods and the updates with their comments.

Each service checks the actor's right (``by=None`` is the system), validates everything before it writes, writes in
one transaction and records the audit trail. Status changes of an update go through ``workflows.UPDATES``; the
step services here only add the stale-edit check that names who changed the update since.
"""

import contextlib
import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dubbelslag.core import audit
from dubbelslag.core.locking import lock_row
from dubbelslag.core.models import AuditAction
from dubbelslag.core.uploads import TEXT_TYPES, check_upload
from dubbelslag.programme.models import Experiment, Programme
from dubbelslag.research.services.log import stale_error

from .access import is_coordinator, may_comment, may_define, may_report, may_report_update
from .enums import Dimension, Direction, IndicatorKind, RollupRule, UpdateStatus, Verb, default_categories
from .models import (
    Baseline,
    Disaggregation,
    DisaggregationValue,
    Goal,
    ReportingPeriod,
    ResultIndicator,
    Target,
    Update,
    UpdateAttachment,
    UpdateComment,
    UpdateDisaggregation,
)
from .workflows import UPDATE_AUDIT_FIELDS, UPDATES, check_period_open

GOAL_AUDIT_FIELDS = ["side", "title_nl", "title_en", "experiment"]
INDICATOR_AUDIT_FIELDS = [
    "title_nl", "title_en", "goal", "experiment", "adopted_from", "kind", "unit", "direction", "cumulative",
    "catalogue_indicator", "rollup_rule", "score_labels", "is_public",
]
BASELINE_AUDIT_FIELDS = ["value", "numerator", "denominator", "score", "measured_on", "source", "note"]
TARGET_AUDIT_FIELDS = ["period", "value", "score", "note"]
PERIOD_AUDIT_FIELDS = ["label", "start", "end", "is_locked", "is_public"]
CATEGORY_AUDIT_FIELDS = ["code", "label_nl", "target"]
HUNDRED = Decimal(100)


# --- Helpers ---------------------------------------------------------------------------------------------------

def _require(allowed: bool, by) -> None:
    if by is not None and not allowed:
        raise PermissionDenied


def _decimal(value) -> Decimal | None:
    """Values as stored (two decimals), so the audit trail compares like with like."""
    return None if value is None or value == "" else Decimal(str(value)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _checked_values(indicator: ResultIndicator, *, value=None, numerator=None, denominator=None,
                    score=None) -> dict:
    """The value fields as stored, or a ValidationError naming each wrong field. A percentage given as numerator
    and denominator is stored with its value computed, so roll-ups and charts read one field."""
    value, numerator, denominator = _decimal(value), _decimal(numerator), _decimal(denominator)
    errors = {}
    if indicator.kind == IndicatorKind.QUALITATIVE:
        if value is not None or numerator is not None or denominator is not None:
            errors["value"] = _("A qualitative indicator takes a narrative and a score, not a number.")
        if score is not None:
            levels = len(indicator.score_labels)
            if not levels:
                errors["score"] = _("This indicator has no score scale.")
            elif not 1 <= int(score) <= levels:
                errors["score"] = _("Choose a score from 1 to %(levels)d.") % {"levels": levels}
    else:
        if score is not None:
            errors["score"] = _("Only a qualitative indicator takes a score.")
        if indicator.kind == IndicatorKind.NUMBER and (numerator is not None or denominator is not None):
            errors["numerator"] = _("Only a percentage takes a numerator and a denominator.")
        if value is not None and value < 0:
            errors["value"] = _("A count cannot be negative.")
        if indicator.kind == IndicatorKind.PERCENTAGE:
            if value is not None and value > HUNDRED:
                errors["value"] = _("A percentage cannot be above 100.")
            if (numerator is None) != (denominator is None):
                errors["denominator"] = _("Give both the numerator and the denominator, or neither.")
            elif numerator is not None:
                if numerator < 0:
                    errors["numerator"] = _("A count cannot be negative.")
                if denominator <= 0:
                    errors["denominator"] = _("The denominator must be above zero.")
                elif numerator > denominator:
                    errors["numerator"] = _("The numerator (%(numerator)s) cannot be above the denominator "
                                            "(%(denominator)s).") % {"numerator": numerator,
                                                                     "denominator": denominator}
                elif not errors:
                    value = (HUNDRED * numerator / denominator).quantize(Decimal("0.01"), ROUND_HALF_UP)
    if errors:
        raise ValidationError(errors)
    return {"value": value, "numerator": numerator, "denominator": denominator,
            "score": None if score is None else int(score)}


def _check_parts(indicator: ResultIndicator, parts: dict, total: Decimal | None) -> list[tuple]:
    """The disaggregated values as (category, value), checked: categories of this indicator, no negative part, and
    per dimension no more in the parts than in the total (fewer is allowed: the roll-up marks it incomplete)."""
    if not parts:
        return []
    if indicator.kind == IndicatorKind.QUALITATIVE:
        raise ValidationError({"parts": _("A qualitative indicator has no disaggregated values.")})
    checked, sums = [], defaultdict(Decimal)
    for category, raw in parts.items():
        if category.disaggregation.indicator_id != indicator.pk:
            raise ValidationError({"parts": _("“%(category)s” is not a category of this indicator.")
                                   % {"category": category}})
        if raw is None or raw == "":
            continue
        part = _decimal(raw)
        if part < 0:
            raise ValidationError({"parts": _("A count cannot be negative.")})
        checked.append((category, part))
        sums[category.disaggregation.dimension] += part
    for dimension, total_of_parts in sums.items():
        if total is None:
            raise ValidationError({"value": _("Give the total before its disaggregated values.")})
        if total_of_parts > total:
            raise ValidationError({"parts": _(
                "The values per %(dimension)s add up to %(parts)s, more than the total of %(total)s.") % {
                "dimension": Dimension(dimension).label, "parts": total_of_parts, "total": total}})
    return checked


def _check_period_of(indicator: ResultIndicator, period: ReportingPeriod) -> None:
    if period.programme_id != indicator.programme_id:
        raise ValidationError({"period": _("The period %(period)s belongs to another programme.")
                               % {"period": period.label}}, )


# --- The framework ---------------------------------------------------------------------------------------------

def create_goal(programme: Programme, *, by, side: str, title_nl: str, title_en: str = "",
                experiment: Experiment | None = None, position: int = 0) -> Goal:
    """A shared programme goal (coordinators) or an experiment's own (also its editors)."""
    goal = Goal(programme=programme, experiment=experiment, side=side, title_nl=title_nl.strip(),
                title_en=title_en.strip(), position=position)
    _require(may_define(by, goal) if by is not None else True, by)
    with transaction.atomic():
        goal.full_clean()
        goal.save()
        audit.record_create(goal, by=by, fields=GOAL_AUDIT_FIELDS, parent=experiment or programme)
    return goal


def create_indicator(goal: Goal, *, by, title_nl: str, title_en: str = "", kind: str = IndicatorKind.NUMBER,
                     unit: str = "", direction: str = Direction.HIGHER_BETTER, cumulative: bool = False,
                     catalogue_indicator=None, rollup_rule: str = RollupRule.SUM,
                     score_labels: Iterable[str] = (), is_public: bool = False, description: str = "",
                     position: int = 0) -> ResultIndicator:
    """An indicator of ``goal``: shared when the goal is the programme's, else the goal's experiment's own."""
    indicator = ResultIndicator(
        programme=goal.programme, experiment=goal.experiment, goal=goal, title_nl=title_nl.strip(),
        title_en=title_en.strip(), kind=kind, unit=unit.strip(), direction=direction, cumulative=cumulative,
        catalogue_indicator=catalogue_indicator, rollup_rule=rollup_rule,
        score_labels=[label.strip() for label in score_labels], is_public=is_public, description=description,
        position=position)
    _require(may_define(by, indicator) if by is not None else True, by)
    with transaction.atomic():
        indicator.full_clean()
        indicator.save()
        audit.record_create(indicator, by=by, fields=INDICATOR_AUDIT_FIELDS, parent=goal.experiment or goal.programme)
    return indicator


def adopt_indicator(shared: ResultIndicator, *, experiment: Experiment, by, goal: Goal | None = None
                    ) -> ResultIndicator:
    """The experiment takes a shared indicator into its framework. The copy stays linked (``adopted_from``) so it
    rolls up, keeps the shared definition, and gets the shared disaggregations (without their targets, which are
    the experiment's to set), so parts can be summed across experiments."""
    _require(may_report(by, experiment) if by is not None else True, by)
    if not shared.is_shared:
        raise ValidationError({"adopted_from": _("Only a shared programme indicator can be adopted.")})
    if experiment.programme_id != shared.programme_id:
        raise ValidationError({"experiment": _("The experiment belongs to another programme.")})
    adoption = ResultIndicator(
        programme=shared.programme, experiment=experiment, goal=goal or shared.goal, adopted_from=shared,
        title_nl=shared.title_nl, title_en=shared.title_en, description=shared.description, kind=shared.kind,
        unit=shared.unit, direction=shared.direction, cumulative=shared.cumulative,
        catalogue_indicator=shared.catalogue_indicator, rollup_rule=shared.rollup_rule,
        score_labels=list(shared.score_labels), is_public=shared.is_public, position=shared.position)
    with transaction.atomic():
        if ResultIndicator.objects.filter(experiment=experiment, adopted_from=shared).exists():
            raise ValidationError({"adopted_from": _("The experiment already adopted this indicator.")})
        adoption.full_clean(validate_constraints=False)
        adoption.save()
        audit.record_create(adoption, by=by, fields=INDICATOR_AUDIT_FIELDS, parent=experiment)
        for disaggregation in shared.disaggregations.prefetch_related("values"):
            _copy_disaggregation(disaggregation, adoption, by=by)
    return adoption


def _copy_disaggregation(disaggregation: Disaggregation, indicator: ResultIndicator, *, by) -> Disaggregation:
    copy = Disaggregation.objects.create(indicator=indicator, dimension=disaggregation.dimension)
    DisaggregationValue.objects.bulk_create([
        DisaggregationValue(disaggregation=copy, code=value.code, label_nl=value.label_nl, label_en=value.label_en,
                            position=value.position)
        for value in disaggregation.values.all()])
    audit.record(indicator, by=by, action=AuditAction.CHANGE,
                 changes={"disaggregations": [None, copy.get_dimension_display()]})
    return copy


def add_disaggregation(indicator: ResultIndicator, *, by, dimension: str,
                       categories: Iterable[tuple[str, str, str]] | None = None) -> Disaggregation:
    """Split ``indicator`` by ``dimension`` into ``categories`` (code, Dutch, English; the dimension's usual ones
    by default). A shared indicator's existing adoptions get the same split."""
    _require(may_define(by, indicator) if by is not None else True, by)
    if dimension not in Dimension.values:
        raise ValidationError({"dimension": _("Choose a dimension.")})
    if indicator.kind == IndicatorKind.QUALITATIVE:
        raise ValidationError({"dimension": _("A qualitative indicator has no disaggregated values.")})
    categories = list(categories) if categories is not None else default_categories(dimension)
    if not categories or len({code for code, _nl, _en in categories}) != len(categories):
        raise ValidationError({"categories": _("Give each category a code of its own.")})
    with transaction.atomic():
        if indicator.disaggregations.filter(dimension=dimension).exists():
            raise ValidationError({"dimension": _("The indicator is already split by this dimension.")})
        disaggregation = Disaggregation.objects.create(indicator=indicator, dimension=dimension)
        values = [DisaggregationValue(disaggregation=disaggregation, code=code, label_nl=nl, label_en=en,
                                      position=position) for position, (code, nl, en) in enumerate(categories)]
        for value in values:
            value.full_clean(exclude=["disaggregation"], validate_constraints=False)
        DisaggregationValue.objects.bulk_create(values)
        audit.record(indicator, by=by, action=AuditAction.CHANGE,
                     changes={"disaggregations": [None, disaggregation.get_dimension_display()]})
        if indicator.is_shared:
            for adoption in indicator.adoptions.exclude(disaggregations__dimension=dimension):
                _copy_disaggregation(disaggregation, adoption, by=by)
    return disaggregation


def set_category_target(category: DisaggregationValue, *, by, target) -> DisaggregationValue:
    indicator = category.disaggregation.indicator
    _require(may_define(by, indicator) if by is not None else True, by)
    target = _decimal(target)
    if target is not None and target < 0:
        raise ValidationError({"target": _("A count cannot be negative.")})
    with transaction.atomic():
        lock_row(category)
        before = audit.snapshot(category, CATEGORY_AUDIT_FIELDS)
        category.target = target
        category.full_clean(validate_constraints=False)
        category.save(update_fields=["target"])
        audit.record_change(category, by=by, before=before, fields=CATEGORY_AUDIT_FIELDS, parent=indicator)
    return category


def set_baseline(indicator: ResultIndicator, *, by, measured_on: date, value=None, numerator=None,
                 denominator=None, score=None, source: str = "", note: str = "") -> Baseline:
    """Set (or correct) where ``indicator`` started."""
    _require(may_define(by, indicator) if by is not None else True, by)
    values = _checked_values(indicator, value=value, numerator=numerator, denominator=denominator, score=score)
    with transaction.atomic():
        baseline = Baseline.objects.select_for_update().filter(indicator=indicator).first()
        created = baseline is None
        baseline = baseline or Baseline(indicator=indicator)
        before = audit.snapshot(baseline, BASELINE_AUDIT_FIELDS)
        for name, field_value in {**values, "measured_on": measured_on, "source": source.strip(),
                                  "note": note.strip()}.items():
            setattr(baseline, name, field_value)
        baseline.full_clean(validate_constraints=False)
        baseline.save()
        if created:
            audit.record_create(baseline, by=by, fields=BASELINE_AUDIT_FIELDS, parent=indicator)
        else:
            audit.record_change(baseline, by=by, before=before, fields=BASELINE_AUDIT_FIELDS, parent=indicator)
    return baseline


def set_target(indicator: ResultIndicator, *, by, period: ReportingPeriod | None = None, value=None,
               score=None, note: str = "") -> Target:
    """Set the target for ``period``, or the end target when ``period`` is None."""
    _require(may_define(by, indicator) if by is not None else True, by)
    if period is not None:
        _check_period_of(indicator, period)
    values = _checked_values(indicator, value=value, score=score)
    if values["value"] is None and values["score"] is None:
        raise ValidationError({"value": _("Give the target.")})
    with transaction.atomic():
        # Unordered: the default order joins the (nullable) period, which PostgreSQL will not lock.
        target = Target.objects.select_for_update().filter(indicator=indicator, period=period).order_by().first()
        created = target is None
        target = target or Target(indicator=indicator, period=period)
        before = audit.snapshot(target, TARGET_AUDIT_FIELDS)
        target.value, target.score, target.note = values["value"], values["score"], note.strip()
        target.full_clean(validate_constraints=False)
        target.save()
        if created:
            audit.record_create(target, by=by, fields=TARGET_AUDIT_FIELDS, parent=indicator)
        else:
            audit.record_change(target, by=by, before=before, fields=TARGET_AUDIT_FIELDS, parent=indicator)
    return target


def set_indicator_public(indicator: ResultIndicator, *, by, is_public: bool) -> ResultIndicator:
    """Whether the public sees the indicator's approved values (in public periods): the coordinators decide."""
    _require(is_coordinator(by, indicator.programme) if by is not None else True, by)
    with transaction.atomic():
        lock_row(indicator)
        before = audit.snapshot(indicator, INDICATOR_AUDIT_FIELDS)
        indicator.is_public = is_public
        indicator.version += 1
        indicator.save(update_fields=["is_public", "version"])
        audit.record_change(indicator, by=by, before=before, fields=INDICATOR_AUDIT_FIELDS,
                            parent=indicator.experiment or indicator.programme)
    return indicator


# --- Reporting periods -----------------------------------------------------------------------------------------

def create_period(programme: Programme, *, by, start: date, end: date, label: str,
                  is_public: bool = False) -> ReportingPeriod:
    _require(is_coordinator(by, programme) if by is not None else True, by)
    period = ReportingPeriod(programme=programme, start=start, end=end, label=label.strip(), is_public=is_public)
    with transaction.atomic():
        period.full_clean()
        period.save()
        audit.record_create(period, by=by, fields=PERIOD_AUDIT_FIELDS, parent=programme)
    return period


def _set_period_flag(period: ReportingPeriod, *, by, field: str, on: bool) -> ReportingPeriod:
    _require(is_coordinator(by, period.programme) if by is not None else True, by)
    with transaction.atomic():
        lock_row(period)
        if getattr(period, field) == on:
            return period
        before = audit.snapshot(period, PERIOD_AUDIT_FIELDS)
        setattr(period, field, on)
        period.save(update_fields=[field])
        audit.record_change(period, by=by, before=before, fields=PERIOD_AUDIT_FIELDS, parent=period.programme)
    return period


def lock_period(period: ReportingPeriod, *, by) -> ReportingPeriod:
    """Freeze the period: none of its updates can change until it is unlocked. Audited."""
    return _set_period_flag(period, by=by, field="is_locked", on=True)


def unlock_period(period: ReportingPeriod, *, by) -> ReportingPeriod:
    return _set_period_flag(period, by=by, field="is_locked", on=False)


def set_period_public(period: ReportingPeriod, *, by, is_public: bool) -> ReportingPeriod:
    return _set_period_flag(period, by=by, field="is_public", on=is_public)


# --- Updates ---------------------------------------------------------------------------------------------------

def save_draft(indicator: ResultIndicator, period: ReportingPeriod, *, by, value=None, numerator=None,
               denominator=None, score=None, narrative: str = "", parts: dict | None = None,
               log_entries: Iterable | None = None, harvest_records: Iterable | None = None,
               version: int | None = None) -> Update:
    """Create the experiment's update for ``indicator`` and ``period``, or save a change to its draft (or to a
    returned one, which stays returned until resubmitted). ``parts`` maps categories to values and replaces the
    update's disaggregated values; ``version`` is the one the reporter saw (required to change an existing
    update). A submitted or approved update changes only after it is returned."""
    if indicator.is_shared:
        raise ValidationError(_("Report on an experiment's indicator; the programme's shared indicator rolls up "
                                "from its adoptions."))
    _require(may_report(by, indicator.experiment) if by is not None else True, by)
    _check_period_of(indicator, period)
    values = _checked_values(indicator, value=value, numerator=numerator, denominator=denominator, score=score)
    parts = _check_parts(indicator, parts or {}, values["numerator"] if values["numerator"] is not None
                         else values["value"])
    log_entries = list(log_entries) if log_entries is not None else None
    harvest_records = list(harvest_records) if harvest_records is not None else None
    if log_entries and any(entry.experiment_id != indicator.experiment_id for entry in log_entries):
        raise ValidationError({"log_entries": _("Link log entries of this experiment only.")})
    if harvest_records and any(record.programme_id != indicator.programme_id for record in harvest_records):
        raise ValidationError({"harvest_records": _("Link harvest records of this programme only.")})

    with transaction.atomic():
        period = ReportingPeriod.objects.get(pk=period.pk)  # locked since the page was loaded? ask the row
        update = Update.objects.filter(indicator=indicator, period=period).first()
        created = update is None
        if created:
            update = Update(indicator=indicator, period=period, created_by=by if getattr(by, "pk", None) else None)
        else:
            lock_row(update)
        update.period = period
        check_period_open(update)
        if not created:
            if version is None or int(version) != update.version:
                raise stale_error(update, _("update"))
            if update.status not in {UpdateStatus.DRAFT, UpdateStatus.RETURNED}:
                raise ValidationError(_("This update is “%(status)s”; it can be changed once it is returned.")
                                      % {"status": update.get_status_display()}, code="not_editable")
        before = audit.snapshot(update, UPDATE_AUDIT_FIELDS) if not created else None
        for name, field_value in values.items():
            setattr(update, name, field_value)
        update.narrative = narrative.strip()
        if not created:
            update.version += 1
        update.full_clean(exclude=["created_by"], validate_constraints=False, validate_unique=False)
        update.save()
        update.disaggregated_values.all().delete()
        UpdateDisaggregation.objects.bulk_create(
            [UpdateDisaggregation(update=update, category=category, value=part) for category, part in parts])
        if log_entries is not None:
            update.log_entries.set(log_entries)
        if harvest_records is not None:
            update.harvest_records.set(harvest_records)
        if created:
            audit.record_create(update, by=by, fields=UPDATE_AUDIT_FIELDS, parent=indicator)
        else:
            audit.record_change(update, by=by, before=before, fields=UPDATE_AUDIT_FIELDS, parent=indicator)
    return update


def _take_step(update: Update, verb: str, *, by, reason: str = "", version: int | None = None) -> Update:
    """Apply a step of ``UPDATES``; a ``version`` older than the update's is refused naming who changed it."""
    with transaction.atomic():
        lock_row(update)
        if by is not None and not UPDATES.may(by, update, verb):
            raise PermissionDenied
        if version is not None and int(version) != update.version:
            raise stale_error(update, _("update"))
        return UPDATES.apply(update, verb, by=by, reason=reason)


def submit_update(update: Update, *, by, version: int | None = None) -> Update:
    """Send the update to the programme team for approval (it must have a value, or a narrative or score)."""
    return _take_step(update, Verb.SUBMIT, by=by, version=version)


def approve_update(update: Update, *, by, version: int | None = None) -> Update:
    return _take_step(update, Verb.APPROVE, by=by, version=version)


def return_update(update: Update, *, by, reason: str, version: int | None = None) -> Update:
    """Return the update for revision; the reason is required and shown to the reporter on the update."""
    return _take_step(update, Verb.RETURN, by=by, reason=reason, version=version)


def comment_on_update(update: Update, *, by, text: str) -> UpdateComment:
    _require(may_comment(by, update) if by is not None else True, by)
    if not text.strip():
        raise ValidationError({"text": _("Write a comment.")})
    with transaction.atomic():
        comment = UpdateComment(update=update, author=by if getattr(by, "pk", None) else None, text=text.strip())
        comment.full_clean(exclude=["author"])
        comment.save()
        audit.record_create(comment, by=by, fields=["text"], parent=update)
    return comment


# --- The update page: saving and submitting at once (part U) ---------------------------------------------------

def save_and_submit(indicator: ResultIndicator, period: ReportingPeriod, *, by, version: int | None = None,
                    **fields) -> Update:
    """``save_draft`` and ``submit_update`` in one transaction, for the page's "Save and submit": when the submit
    is refused (no value yet, say), the draft is not saved either, so a refusal writes nothing."""
    with transaction.atomic():
        update = save_draft(indicator, period, by=by, version=version, **fields)
        return submit_update(update, by=by, version=update.version)


# --- Attachments of an update (part U) -------------------------------------------------------------------------

ATTACHMENT_AUDIT_FIELDS = ["original_name", "content_type", "size"]


def max_upload_bytes() -> int:
    """The limit of one attachment: the research log's (``RESEARCH_MAX_UPLOAD_BYTES``), since an update's files are
    the same kind of evidence as a log entry's."""
    return settings.RESEARCH_MAX_UPLOAD_BYTES


def _check_attachments_editable(update: Update) -> None:
    """An update's files change with the update: while it is a draft or returned, in a period that is open."""
    check_period_open(update)
    if update.status == UpdateStatus.APPROVED:
        raise ValidationError(_("This update has been approved: its attachments cannot change."),
                              code="not_editable")
    if update.status not in {UpdateStatus.DRAFT, UpdateStatus.RETURNED}:
        raise ValidationError(_("This update is “%(status)s”; its attachments can change once it is returned.")
                              % {"status": update.get_status_display()}, code="not_editable")


def _delete_files(names: list[str], storage) -> None:
    for name in names:
        with contextlib.suppress(OSError):  # a file already gone must not undo the removal
            storage.delete(name)


def add_attachment(update: Update, *, by, file) -> UpdateAttachment:
    """Attach ``file`` to the update after checking its size and what its bytes are (``core.uploads``), in a
    random folder under MEDIA_ROOT. Refused in a locked or future period and once the update is submitted or
    approved; nothing is stored on a refusal."""
    _require(may_report_update(by, update) if by is not None else True, by)
    content_type = check_upload(file, max_bytes=max_upload_bytes())
    original_name = os.path.basename(file.name or "")[:255]
    # Keep the stored name short enough for the path (monitoring/<16 hex>/<name>, at most 100 characters).
    root, extension = os.path.splitext(original_name)
    file.name = f"{root[:60]}{extension.lower()}"
    with transaction.atomic():
        lock_row(update)
        _check_attachments_editable(update)
        attachment = UpdateAttachment(
            update=update, file=file, original_name=original_name, size=file.size,
            content_type=f"{content_type}; charset=utf-8" if content_type in TEXT_TYPES else content_type,
            uploaded_by=by if getattr(by, "pk", None) else None)
        attachment.full_clean(exclude=["file", "uploaded_by"])
        attachment.save()
        try:
            audit.record_create(attachment, by=by, fields=ATTACHMENT_AUDIT_FIELDS, parent=update)
        except Exception:
            # The row rolls back with the transaction; the file written by save() must go too.
            _delete_files([attachment.file.name], attachment.file.storage)
            raise
    return attachment


def remove_attachment(attachment: UpdateAttachment, *, by) -> None:
    """Remove an attachment and, once that is committed, its file. Refused like ``add_attachment``."""
    update = attachment.update
    _require(may_report_update(by, update) if by is not None else True, by)
    with transaction.atomic():
        lock_row(update)
        _check_attachments_editable(update)
        audit.record_delete(attachment, by=by, fields=ATTACHMENT_AUDIT_FIELDS, parent=update)
        name, storage = attachment.file.name, attachment.file.storage
        attachment.delete()
        transaction.on_commit(lambda: _delete_files([name], storage))

# --- Editing and removing the framework (the framework pages) --------------------------------------------------

# The definition an adoption copies from its shared indicator and keeps in step with it.
DEFINITION_FIELDS = ["title_nl", "title_en", "description", "kind", "unit", "direction", "cumulative",
                     "catalogue_indicator", "rollup_rule", "score_labels"]


def goal_version(goal: Goal) -> str:
    """A fingerprint of the goal's definition, standing in for a version number (goals have no version column):
    an edit made on a page showing another fingerprint is stale."""
    fields = "\x1f".join(str(value) for value in (goal.side, goal.title_nl, goal.title_en, goal.position))
    return hashlib.sha256(fields.encode()).hexdigest()[:16]


def change_goal(goal: Goal, *, by, version: str, side: str, title_nl: str, title_en: str = "") -> Goal:
    """Change a goal's side and titles. ``version`` is the ``goal_version`` the editor saw; a goal changed since
    is refused, naming who changed it."""
    _require(may_define(by, goal) if by is not None else True, by)
    with transaction.atomic():
        lock_row(goal)
        if version != goal_version(goal):
            raise stale_error(goal, _("goal"))
        before = audit.snapshot(goal, GOAL_AUDIT_FIELDS)
        goal.side, goal.title_nl, goal.title_en = side, title_nl.strip(), title_en.strip()
        goal.full_clean()
        goal.save()
        audit.record_change(goal, by=by, before=before, fields=GOAL_AUDIT_FIELDS,
                            parent=goal.experiment or goal.programme)
    return goal


def change_indicator(indicator: ResultIndicator, *, by, version: int, title_nl: str, title_en: str = "",
                     description: str = "", kind: str, unit: str = "", direction: str, cumulative: bool = False,
                     catalogue_indicator=None, rollup_rule: str = RollupRule.SUM,
                     score_labels: Iterable[str] = ()) -> ResultIndicator:
    """Change an indicator's definition. ``version`` is the one the editor saw (a stale edit is refused naming who
    changed it). An adoption keeps the programme's definition, so it cannot be changed on its own; a change to a
    shared indicator is carried to its adoptions (each audited), so they keep rolling up alike. The kind cannot
    change once there are values (a baseline, targets, updates), which were given for the old kind."""
    _require(may_define(by, indicator) if by is not None else True, by)
    if indicator.adopted_from_id is not None:
        raise ValidationError(_("This indicator is adopted from the programme: its definition is the programme's "
                                "and changes there."), code="adopted")
    with transaction.atomic():
        lock_row(indicator)
        if int(version) != indicator.version:
            raise stale_error(indicator, _("indicator"))
        if kind != indicator.kind and _has_values(indicator):
            raise ValidationError({"kind": _("The kind cannot change once the indicator (or an adoption of it) has "
                                             "a baseline, targets or updates: they were given for the old kind.")})
        new = {"title_nl": title_nl.strip(), "title_en": title_en.strip(), "description": description.strip(),
               "kind": kind, "unit": unit.strip(), "direction": direction, "cumulative": cumulative,
               "catalogue_indicator": catalogue_indicator, "rollup_rule": rollup_rule,
               "score_labels": [label.strip() for label in score_labels]}
        targets = [indicator]
        if indicator.is_shared:
            # Only the adoptions' own rows: PostgreSQL will not lock the nullable side of the join to experiment.
            targets += list(indicator.adoptions.select_for_update(of=("self",)).select_related("experiment", "goal"))
        for target in targets:
            before = audit.snapshot(target, INDICATOR_AUDIT_FIELDS)
            for name, field_value in new.items():
                setattr(target, name, field_value)
            target.version += 1
            target.full_clean(validate_constraints=False)
            target.save()
            audit.record_change(target, by=by, before=before, fields=INDICATOR_AUDIT_FIELDS,
                                parent=target.experiment or target.programme)
    return indicator


def _has_values(indicator: ResultIndicator) -> bool:
    mine = Q(indicator=indicator) | Q(indicator__adopted_from=indicator)
    return (Update.objects.filter(mine).exists() or Baseline.objects.filter(mine).exists()
            or Target.objects.filter(mine).exists())


def remove_indicator(indicator: ResultIndicator, *, by) -> None:
    """Delete an indicator with its baseline, targets and disaggregations. Refused once it has updates (they are
    the record), and for a shared indicator while experiments have adopted it."""
    _require(may_define(by, indicator) if by is not None else True, by)
    with transaction.atomic():
        lock_row(indicator)
        if indicator.updates.exists():
            raise ValidationError(_("This indicator has updates and cannot be removed."), code="has_updates")
        adoptions = indicator.adoptions.count()
        if adoptions:
            raise ValidationError(
                ngettext("%(count)d experiment adopted this indicator: it cannot be removed.",
                         "%(count)d experiments adopted this indicator: it cannot be removed.", adoptions)
                % {"count": adoptions}, code="adopted")
        audit.record_delete(indicator, by=by, fields=INDICATOR_AUDIT_FIELDS,
                            parent=indicator.experiment or indicator.programme)
        indicator.delete()


def remove_goal(goal: Goal, *, by) -> None:
    """Delete a goal that has no indicators (remove or move those first: their updates are the record)."""
    _require(may_define(by, goal) if by is not None else True, by)
    with transaction.atomic():
        lock_row(goal)
        if goal.indicators.exists():
            raise ValidationError(_("This goal still has indicators; remove them first."), code="has_indicators")
        audit.record_delete(goal, by=by, fields=GOAL_AUDIT_FIELDS, parent=goal.experiment or goal.programme)
        goal.delete()


def quarters_of(programme: Programme) -> list[tuple[str, date, date]]:
    """The programme's quarters as (label, start, end), the first and last cut to the programme's dates so each
    lies within it."""
    quarters = []
    year, quarter = programme.start_date.year, (programme.start_date.month - 1) // 3 + 1
    while date(year, 3 * quarter - 2, 1) <= programme.end_date:
        start = date(year, 3 * quarter - 2, 1)
        end = date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - timedelta(days=1)
        quarters.append((f"{year}-K{quarter}", max(start, programme.start_date), min(end, programme.end_date)))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return quarters


def create_quarters(programme: Programme, *, by) -> list[ReportingPeriod]:
    """Create the programme's quarters ("2020-K1", …) from its start to its end date, skipping a quarter whose
    label or start date a period already has, so running it again creates nothing. Returns the created periods."""
    _require(is_coordinator(by, programme) if by is not None else True, by)
    created = []
    with transaction.atomic():
        existing = ReportingPeriod.objects.select_for_update().filter(programme=programme).order_by()
        labels, starts = set(), set()
        for label, start in existing.values_list("label", "start"):
            labels.add(label)
            starts.add(start)
        for label, start, end in quarters_of(programme):
            if label in labels or start in starts:
                continue
            period = ReportingPeriod(programme=programme, start=start, end=end, label=label)
            period.full_clean(validate_constraints=False)
            period.save()
            audit.record_create(period, by=by, fields=PERIOD_AUDIT_FIELDS, parent=programme)
            created.append(period)
    return created
