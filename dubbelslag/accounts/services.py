"""Write paths for accounts: organisations, the login throttle and a person's own preferences. People's accounts
are otherwise created and changed only in the admin (see docs/architecture.md, "The admin")."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.text import slugify

from dubbelslag.core import audit

from .models import LoginFailure, Organisation, User

ORGANISATION_AUDIT_FIELDS = ["name", "type", "website", "description"]
# The slug is fixed once created: it is the organisation's address.
ORGANISATION_FIELDS = ["name", "type", "website", "description"]


def client_ip(request) -> str | None:
    # Behind a proxy REMOTE_ADDR is the proxy; the deployment sets it right (docs/configuration.md).
    # authenticate() may be called without a request (a script); such attempts count as from an unknown address.
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _lockout_seconds(failures: int, limit: int) -> int:
    """The wait after `failures` failures when `limit` are allowed: none below the limit, then the first delay,
    doubled with each further failure, up to the cap."""
    if failures < limit:
        return 0
    doublings = min(failures - limit, 30)  # 2**30 seconds is far past any cap; keeps the number small
    return min(settings.LOGIN_LOCKOUT_SECONDS * 2**doublings, settings.LOGIN_LOCKOUT_MAX_SECONDS)


def _account(email: str) -> str:
    return email.strip().lower()[:254]


def login_throttled_until(*, email: str, ip_address: str | None, before: LoginFailure | None = None
                          ) -> datetime | None:
    """When this account may try to sign in again from this client address, or None when it may now. With
    `before`, only the failures recorded before that one count (see start_login_attempt).

    Failures count in two scopes, each with its own limit: the account from this address (a guesser, or a person
    who forgot their password, at one place) and the account from every address together (a guesser spread over
    many addresses). Another account at the same address is never held up. An e-mail address without an account
    counts exactly like one with, so the answer never tells whether an account exists."""
    now = timezone.now()
    recent = LoginFailure.objects.filter(email=_account(email),
                                         at__gte=now - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW))
    if before is not None:
        recent = recent.filter(pk__lt=before.pk)
    here = recent.filter(ip_address=ip_address) if ip_address else recent.filter(ip_address__isnull=True)
    until = None
    for failures, limit in [(here, settings.LOGIN_FAILURE_LIMIT), (recent, settings.LOGIN_ACCOUNT_FAILURE_LIMIT)]:
        counted = failures.aggregate(count=Count("pk"), last=Max("at"))
        wait = _lockout_seconds(counted["count"], limit)
        if wait and counted["last"] + timedelta(seconds=wait) > now:
            until = max(until or now, counted["last"] + timedelta(seconds=wait))
    return until


def login_is_throttled(*, email: str, ip_address: str | None) -> bool:
    """True when this account may not try to sign in from this client address now (see login_throttled_until)."""
    return login_throttled_until(email=email, ip_address=ip_address) is not None


def start_login_attempt(*, email: str, ip_address: str | None) -> bool:
    """Let one password attempt go ahead, or refuse it (False) when the account is throttled at this address.

    The attempt is recorded as a failure before its password is checked, and judged by the failures recorded
    before it: attempts sent in parallel cannot all pass the check while the (slow) password hashing runs, since
    each one sees those that started earlier (sign-in runs in autocommit, so each row is seen at once). A refused
    attempt leaves nothing behind (its password was never checked); one that turns out right is cleared with the
    account's other failures (clear_login_failures)."""
    attempt = record_login_failure(email=email, ip_address=ip_address)
    if login_throttled_until(email=email, ip_address=ip_address, before=attempt) is not None:
        attempt.delete()
        return False
    return True


def record_login_failure(*, email: str, ip_address: str | None) -> LoginFailure:
    failure = LoginFailure.objects.create(email=_account(email), ip_address=ip_address)
    # Keep the table small: failures older than the window no longer count for anything.
    LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)).delete()
    return failure


def clear_login_failures(*, email: str) -> None:
    """Forget every failed sign-in of this account, from every address: after a successful sign-in or password
    reset, or when an operator lets a locked-out person try again at once."""
    LoginFailure.objects.filter(email=_account(email)).delete()


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


# A person's own preferences are not programme data: they are saved without an audit event, like the last login.
PREFERENCE_FIELDS = ["language", "notify_by_email"]


@transaction.atomic
def update_preferences(user: User, *, by, language: str, notify_by_email: bool) -> User:
    """Save the language `user` reads mail in and whether notifications are also e-mailed. Only the person
    themselves changes them here (an administrator uses the admin)."""
    if by is None or by.pk != user.pk:
        raise PermissionDenied
    current = User.objects.select_for_update().get(pk=user.pk)
    current.language, current.notify_by_email = language, notify_by_email
    current.full_clean(exclude=[name for name in _field_names(User) if name not in PREFERENCE_FIELDS])
    current.save(update_fields=PREFERENCE_FIELDS)
    return current


def remember_language(user: User, *, language: str) -> None:
    """Store the language a signed-in person switched to, so their mail follows it. An unknown code is ignored
    (the language switch itself ignores it too)."""
    if language in {code for code, _name in settings.LANGUAGES} and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language


def _field_names(model) -> list[str]:
    return [field.name for field in model._meta.fields]
