"""Write paths for accounts: organisations and the login throttle."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from dubbelslag.core import audit

from .models import LoginFailure, Organisation

ORGANISATION_AUDIT_FIELDS = ["name", "type", "website", "description"]


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
