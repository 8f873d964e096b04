"""Access gates for the catalogue. Reading it is public; changing it is for the programme team (coordinators and
researchers). Switched-off koppelkansen are hidden (404) from everyone else."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from dubbelslag.programme.access import is_programme_team

from .models import Koppelkans


def check_catalogue_write(user) -> None:
    """403 unless `user` is in the programme team (the view has already sent anonymous visitors to log in)."""
    if not is_programme_team(user):
        raise PermissionDenied


def get_koppelkans_for_user(user, code: str, *, write: bool = False) -> Koppelkans:
    koppelkans = get_object_or_404(Koppelkans.objects.visible_to(user), code=code)
    if write:
        check_catalogue_write(user)
    return koppelkans
