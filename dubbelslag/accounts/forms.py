import math

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services


class LoginForm(AuthenticationForm):
    """The standard sign-in form. The throttle itself is enforced in the authentication backend, on every login
    path; this form asks it first so that a throttled person is told when to try again instead of being told the
    password is wrong. The message is the same whether or not the account exists."""

    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("That e-mail address and password do not match. Note that the password is case-sensitive."),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        until = email and services.login_throttled_until(email=email, ip_address=services.client_ip(self.request))
        if until:
            minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
            raise forms.ValidationError(ngettext(
                "Too many failed attempts. For your safety, signing in is blocked for a while; try again in "
                "%(minutes)d minute or reset your password.",
                "Too many failed attempts. For your safety, signing in is blocked for a while; try again in "
                "%(minutes)d minutes or reset your password.", minutes) % {"minutes": minutes}, code="throttled")
        return super().clean()


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's login form (/beheer/login/): the site's throttled sign-in, admitting staff only (the check
    comes from Django's AdminAuthenticationForm)."""


class SetNewPasswordForm(SetPasswordForm):
    """Choosing a new password from a reset link. Following the link proves the person reads the account's
    mailbox and the old password no longer matters, so the account's failed sign-ins are forgotten with it: the
    throttled message's "or reset your password" is true. The reset does not sign anyone in; the new password
    goes through the login form and its throttle like any other."""

    def save(self, commit=True):
        with transaction.atomic():
            user = super().save(commit=commit)
            if commit:
                services.clear_login_failures(email=user.email)
        return user


class PreferencesForm(forms.Form):
    """The signed-in person's own settings: the language of their mail and whether notifications are e-mailed."""

    language = forms.ChoiceField(label=_("Language of e-mail"), choices=settings.LANGUAGES)
    notify_by_email = forms.BooleanField(
        label=_("Also e-mail me my notifications"), required=False,
        help_text=_("Notifications always appear on your notifications page; this only decides whether they are "
                    "e-mailed to you as well."),
    )
