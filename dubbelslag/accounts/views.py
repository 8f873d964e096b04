"""The signed-in person's own pages that Django's auth views do not cover: their preferences, and the language
switch (which also remembers a signed-in person's choice for their mail)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language

from . import services
from .forms import PreferencesForm


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    user = request.user
    form = PreferencesForm(request.POST or None, initial={
        "language": user.mail_language, "notify_by_email": user.notify_by_email})
    if request.method == "POST" and form.is_valid():
        services.update_preferences(user, by=user, **form.cleaned_data)
        messages.success(request, _("Your settings have been saved."))
        return redirect("accounts:preferences")
    return render(request, "accounts/preferences.html", {"form": form})


# The switch needs no CSRF token, so that anonymous pages can be cached whole (see dubbelslag/urls.py). Remembering
# a signed-in person's language is safe without one too: the session cookie is SameSite=Lax, so a cross-site POST
# arrives signed out, and the worst a forged switch could do is change the language of someone's mail.
@csrf_exempt
def switch_language(request):
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.remember_language(request.user, language=request.POST.get("language", ""))
    return response
