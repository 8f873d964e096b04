"""The write paths of the koppelkansen app: the catalogue (for the programme team) and adoptions by experiments."""

from collections.abc import Iterable
from typing import TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from dubbelslag.core import audit
from dubbelslag.core.models import AuditAction
from dubbelslag.indicators.models import Indicator
from dubbelslag.programme.access import can_change_experiment, experiment_role, is_programme_team
from dubbelslag.programme.models import Experiment, Theme

from .models import Adoption, Koppelkans, TriggerRule

KOPPELKANS_FIELDS = [
    "code", "title_nl", "title_en", "description_nl", "description_en", "orientation", "examples_nl",
    "evidence_note", "is_active",
]
KOPPELKANS_AUDIT_FIELDS = [*KOPPELKANS_FIELDS, "themes"]
ADOPTION_AUDIT_FIELDS = ["koppelkans", "note"]


class RuleSpec(TypedDict, total=False):
    indicator: Indicator
    operator: str
    reference: str
    threshold: float
    absolute_limit: float | None
    group: int | None


def _rule_key(rule: TriggerRule) -> tuple:
    return (rule.indicator_id, rule.operator, rule.reference, rule.threshold, rule.absolute_limit, rule.group)


def rule_texts(koppelkans: Koppelkans) -> list[str]:
    """The rules as the audit trail stores them: in words, in the default language."""
    rules = koppelkans.rules.select_related("indicator").order_by("pk") if koppelkans.pk else []
    with translation.override(settings.LANGUAGE_CODE):
        return [(_("AND group %(number)s: ") % {"number": rule.group} if rule.group else "") + rule.describe()
                for rule in rules]


def _snapshot(koppelkans: Koppelkans) -> dict:
    return {**audit.snapshot(koppelkans, KOPPELKANS_AUDIT_FIELDS), "rules": rule_texts(koppelkans)}


def _build_rules(koppelkans: Koppelkans, specs: Iterable[RuleSpec]) -> list[TriggerRule]:
    """Validated, unsaved rules; a refusal names the rule by its position."""
    rules = []
    for number, spec in enumerate(specs, start=1):
        rule = TriggerRule(koppelkans=koppelkans, **spec)
        try:
            rule.full_clean()
        except ValidationError as error:
            raise ValidationError(_("Rule %(number)s: %(errors)s") % {
                "number": number, "errors": " ".join(error.messages)}, code="invalid_rule") from error
        rules.append(rule)
    return rules


def _check_programme_team(by) -> None:
    if by is not None and not is_programme_team(by):
        raise PermissionDenied


@transaction.atomic
def create_koppelkans(*, by, themes: Iterable[Theme] = (), rules: Iterable[RuleSpec] = (),
                      **fields) -> Koppelkans:
    """Add a koppelkans to the catalogue, with its trigger rules. Only the programme team may."""
    _check_programme_team(by)
    koppelkans = Koppelkans(**fields)
    koppelkans.full_clean()
    koppelkans.save()
    built = _build_rules(koppelkans, rules)
    TriggerRule.objects.bulk_create(built)
    koppelkans.themes.set(themes)
    after = _snapshot(koppelkans)
    audit.record(koppelkans, by=by, action=AuditAction.CREATE, changes={name: [None, value]
                                                                        for name, value in after.items()})
    return koppelkans


@transaction.atomic
def update_koppelkans(koppelkans: Koppelkans, *, by, themes: Iterable[Theme] | None = None,
                      rules: Iterable[RuleSpec] | None = None, **fields) -> Koppelkans:
    """Change a koppelkans. `rules`, when given, replace its trigger rules (rules are plain values that nothing
    refers to); the audit trail records them in words."""
    _check_programme_team(by)
    unknown = set(fields) - set(KOPPELKANS_FIELDS)
    if unknown:
        raise TypeError(f"update_koppelkans() got unexpected fields: {', '.join(sorted(unknown))}")
    current = Koppelkans.objects.select_for_update().get(pk=koppelkans.pk)
    before = _snapshot(current)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    if rules is not None:
        built = _build_rules(current, rules)
        if [_rule_key(rule) for rule in built] != [_rule_key(rule) for rule in current.rules.order_by("pk")]:
            current.rules.all().delete()
            TriggerRule.objects.bulk_create(built)
    current.save()
    if themes is not None:
        current.themes.set(themes)
    changes = audit.diff(before, _snapshot(current))
    if changes:
        audit.record(current, by=by, action=AuditAction.CHANGE, changes=changes)
    return current


@transaction.atomic
def adopt_koppelkans(experiment: Experiment, koppelkans: Koppelkans, *, by, note: str = "") -> Adoption:
    """Record that `experiment` takes up `koppelkans`. Its coordinators and editors may; the audit trail records it
    under the experiment."""
    if by is not None and not can_change_experiment(experiment_role(by, experiment)):
        raise PermissionDenied
    if not koppelkans.is_active:
        raise ValidationError(_("This koppelkans has been switched off and cannot be adopted."), code="inactive")
    adoption = Adoption(experiment=experiment, koppelkans=koppelkans, note=note.strip(),
                        adopted_by=by if by is not None and by.is_authenticated else None)
    adoption.full_clean()  # includes the unique check: adopting twice is refused with a message
    adoption.save()
    audit.record_create(adoption, by=by, fields=ADOPTION_AUDIT_FIELDS, parent=experiment)
    return adoption


@transaction.atomic
def drop_adoption(adoption: Adoption, *, by) -> None:
    """Undo an adoption. The audit trail keeps it under the experiment."""
    experiment = adoption.experiment
    if by is not None and not can_change_experiment(experiment_role(by, experiment)):
        raise PermissionDenied
    audit.record_delete(adoption, by=by, fields=ADOPTION_AUDIT_FIELDS, parent=experiment)
    adoption.delete()
