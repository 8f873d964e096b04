from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import services


class LoginForm(AuthenticationForm):
    """The standard sign-in form, refusing further attempts after repeated failures."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match. Note that the password is case-sensitive."),
        "throttled": _(
            "Too many failed attempts. For your safety, signing in is blocked for a while; try again in "
            "%(minutes)s minutes or reset your password."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip_address = services.client_ip(self.request) if self.request else None
        if email and services.login_is_throttled(email=email, ip_address=ip_address):
            raise forms.ValidationError(
                self.error_messages["throttled"], code="throttled",
                params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW // 60)},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                services.record_login_failure(email=email, ip_address=ip_address)
            raise
        services.clear_login_failures(email=email)
        return cleaned
