"""Write paths for accounts: organisations and the login throttle. People's accounts have no service: they are
created and changed only in the admin (see docs/architecture.md, "The admin")."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from dubbelslag.core import audit

from .models import LoginFailure, Organisation

ORGANISATION_AUDIT_FIELDS = ["name", "type", "website", "description"]
# The slug is fixed once created: it is the organisation's address.
ORGANISATION_FIELDS = ["name", "type", "website", "description"]


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy; the deployment sets it right (docs/configuration.md).
    return request.META.get("REMOTE_ADDR") or None


def login_is_throttled(*, email: str, ip_address: str | None) -> bool:
    """True when this address or client has had too many recent failures to try again now."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    match = Q(email=email.strip().lower())
    if ip_address:
        match |= Q(ip_address=ip_address)
    return LoginFailure.objects.filter(match, at__gte=since).count() >= settings.LOGIN_FAILURE_LIMIT


def record_login_failure(*, email: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(email=email.strip().lower()[:254], ip_address=ip_address)
    # Keep the table small: failures older than a day no longer count for anything.
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()


def clear_login_failures(*, email: str) -> None:
    LoginFailure.objects.filter(email=email.strip().lower()).delete()


@transaction.atomic
def create_organisation(*, name: str, type: str, by, slug: str = "", website: str = "", description: str = "",
                        is_demo: bool = False) -> Organisation:
    base = slug or slugify(name)[:70] or "organisatie"
    slug, n = base, 1
    while Organisation.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    organisation = Organisation(
        name=name, slug=slug, type=type, website=website, description=description, is_demo=is_demo
    )
    organisation.full_clean()
    organisation.save()
    audit.record_create(organisation, by=by, fields=ORGANISATION_AUDIT_FIELDS)
    return organisation


@transaction.atomic
def update_organisation(organisation: Organisation, *, by, **fields) -> Organisation:
    """Change an organisation's name, type, website or description, and record the change in the audit trail."""
    unknown = set(fields) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"update_organisation() got unexpected fields: {', '.join(sorted(unknown))}")
    current = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = audit.snapshot(current, ORGANISATION_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    audit.record_change(current, by=by, before=before, fields=ORGANISATION_AUDIT_FIELDS)
    return current
