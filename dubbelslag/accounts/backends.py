from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import services


class EmailBackend(ModelBackend):
    """Sign in by e-mail address, case-insensitively, through the login throttle.

    Every way of signing in with a password (the site's login page, the admin's, `Client.login`, any later API
    that authenticates) ends in `django.contrib.auth.authenticate()` and so here: this is the one place the
    throttle is enforced, so no login path can skip it. The forms ask the same service first only to say when to
    try again."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip().lower()
        if not email or password is None:
            return None
        if not services.start_login_attempt(email=email, ip_address=services.client_ip(request)):
            # Refused without looking at the password; PermissionDenied stops authenticate() trying other backends.
            raise PermissionDenied
        # The attempt already counts as a failure; a right password clears it with the account's earlier ones.
        user = super().authenticate(request, username=email, password=password)
        if user is not None:
            services.clear_login_failures(email=email)
        return user
