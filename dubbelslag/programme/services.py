"""The write paths of the programme app. Views, commands, the admin and tests all change data through these."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dubbelslag.accounts.models import Organisation
from dubbelslag.areas.models import Area
from dubbelslag.core import audit

from .access import can_change_experiment, experiment_role, programme_role
from .enums import MembershipRole
from .models import Experiment, Membership, Participation, Programme, Theme

EXPERIMENT_FIELDS = [
    "title", "gemeente", "summary", "energy_ambition", "livability_ambition", "approach", "phase",
    "neighbourhood_type", "start_date", "end_date", "is_public",
]
EXPERIMENT_AUDIT_FIELDS = [*EXPERIMENT_FIELDS, "focus_areas", "themes"]
PARTICIPATION_AUDIT_FIELDS = ["organisation", "role"]
MEMBERSHIP_AUDIT_FIELDS = ["user", "programme", "experiment", "role"]
PROGRAMME_AUDIT_FIELDS = ["name", "description", "start_date", "end_date", "organisers"]
# The slug is fixed once created: it is the programme's address.
PROGRAMME_FIELDS = ["name", "description", "start_date", "end_date"]


def _check_focus_areas(gemeente: Area, focus_areas: list[Area]) -> None:
    outside = [area for area in focus_areas if area.gemeente_code != gemeente.code or area.pk == gemeente.pk]
    if outside:
        raise ValidationError({"focus_areas": _("%(areas)s is not a wijk or buurt of %(gemeente)s.") % {
            "areas": ", ".join(str(area) for area in outside), "gemeente": gemeente.name}})


@transaction.atomic
def create_programme(*, name: str, slug: str, start_date: date, end_date: date, by, description: str = "",
                     organisers: list[Organisation] = (), is_demo: bool = False) -> Programme:
    programme = Programme(name=name, slug=slug, description=description, start_date=start_date, end_date=end_date,
                          is_demo=is_demo)
    programme.full_clean()
    programme.save()
    programme.organisers.set(organisers)
    audit.record_create(programme, by=by, fields=PROGRAMME_AUDIT_FIELDS)
    return programme


@transaction.atomic
def update_programme(programme: Programme, *, by, organisers: list[Organisation] | None = None,
                     **fields) -> Programme:
    """Change a programme's name, description, dates or organisers, and record the change in the audit trail."""
    unknown = set(fields) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"update_programme() got unexpected fields: {', '.join(sorted(unknown))}")
    current = Programme.objects.select_for_update().get(pk=programme.pk)
    before = audit.snapshot(current, PROGRAMME_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    if organisers is not None:
        current.organisers.set(organisers)
    audit.record_change(current, by=by, before=before, fields=PROGRAMME_AUDIT_FIELDS)
    return current


@transaction.atomic
def create_experiment(*, programme: Programme, by, focus_areas: list[Area] = (), themes: list[Theme] = (),
                      **fields) -> Experiment:
    """Create an experiment in `programme`. Only its coordinators may."""
    if by is not None and programme_role(by, programme) != MembershipRole.COORDINATOR:
        raise PermissionDenied
    experiment = Experiment(programme=programme, **fields)
    experiment.full_clean()
    _check_focus_areas(experiment.gemeente, list(focus_areas))
    experiment.save()
    experiment.focus_areas.set(focus_areas)
    experiment.themes.set(themes)
    audit.record_create(experiment, by=by, fields=EXPERIMENT_AUDIT_FIELDS)
    return experiment


@transaction.atomic
def update_experiment(experiment: Experiment, *, by, version: int, focus_areas: list[Area] | None = None,
                      themes: list[Theme] | None = None, **fields) -> Experiment:
    """Change an experiment. `version` is the version the editor started from: if someone else saved in between,
    the change is refused rather than overwriting theirs."""
    if by is not None and not can_change_experiment(experiment_role(by, experiment)):
        raise PermissionDenied
    # Lock the row so two saves of the same version cannot both pass the check.
    current = Experiment.objects.select_for_update().get(pk=experiment.pk)
    if current.version != version:
        raise ValidationError(_("Someone else changed this experiment while you were editing it. Your changes have "
                                "not been saved; reload the page to see the latest version and make them again."),
                              code="stale")
    before = audit.snapshot(current, EXPERIMENT_AUDIT_FIELDS)
    unknown = set(fields) - set(EXPERIMENT_FIELDS)
    if unknown:
        raise TypeError(f"update_experiment() got unexpected fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    if focus_areas is not None:
        _check_focus_areas(current.gemeente, list(focus_areas))
    current.version += 1
    current.save()
    if focus_areas is not None:
        current.focus_areas.set(focus_areas)
    if themes is not None:
        current.themes.set(themes)
    audit.record_change(current, by=by, before=before, fields=EXPERIMENT_AUDIT_FIELDS)
    return current


@transaction.atomic
def add_participation(experiment: Experiment, *, organisation: Organisation, role: str, by) -> Participation:
    if by is not None and not can_change_experiment(experiment_role(by, experiment)):
        raise PermissionDenied
    participation = Participation(experiment=experiment, organisation=organisation, role=role)
    participation.full_clean()  # includes the unique check: a duplicate is refused with a message
    participation.save()
    audit.record_create(participation, by=by, fields=PARTICIPATION_AUDIT_FIELDS, parent=experiment)
    return participation


@transaction.atomic
def remove_participation(participation: Participation, *, by) -> None:
    experiment = participation.experiment
    if by is not None and not can_change_experiment(experiment_role(by, experiment)):
        raise PermissionDenied
    audit.record_delete(participation, by=by, fields=PARTICIPATION_AUDIT_FIELDS, parent=experiment)
    participation.delete()


@transaction.atomic
def grant_membership(user, *, programme: Programme, role: str, by, experiment: Experiment | None = None) -> Membership:
    membership = Membership(user=user, programme=programme, experiment=experiment, role=role)
    membership.full_clean()
    membership.save()
    audit.record_create(membership, by=by, fields=MEMBERSHIP_AUDIT_FIELDS, parent=experiment or programme)
    return membership


@transaction.atomic
def revoke_membership(membership: Membership, *, by) -> None:
    """Take a person's role away; recorded under the experiment or programme the role was in."""
    audit.record_delete(membership, by=by, fields=MEMBERSHIP_AUDIT_FIELDS,
                        parent=membership.experiment or membership.programme)
    membership.delete()
