from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from dubbelslag.accounts.forms import AdminLoginForm
from dubbelslag.accounts.views import switch_language
from dubbelslag.core.views import healthz

# The admin's login page signs in through the site's throttled form, so a throttled account cannot sign in there
# either (the backend refuses it on every path; the form says when to try again).
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The language switch only sets the language cookie (and remembers a signed-in person's choice for their mail),
    # so it needs no CSRF token, which lets the public pages be cached whole for anonymous visitors
    # (dubbelslag.public.cache). Django's set_language still checks its `next` address.
    path("taal/", switch_language, name="set-language"),
    path("account/", include("dubbelslag.accounts.urls")),
    path("meldingen/", include("dubbelslag.labs.notification_urls")),
    path("beheer/", admin.site.urls),
    path("indicatoren/", include("dubbelslag.indicators.urls")),
    path("koppelkansen/", include("dubbelslag.koppelkansen.urls")),
    # The scan's JSON moved to the one API; the old address (linked from pages and scripts) stays, permanently.
    path("scan/api/", RedirectView.as_view(pattern_name="api:scan", permanent=True, query_string=True)),
    path("scan/", include("dubbelslag.scan.urls")),
    path("kennislabs/", include("dubbelslag.labs.urls")),
    path("onderzoek/", include("dubbelslag.research.urls")),
    path("monitoring/", include("dubbelslag.monitoring.urls")),
    path("afbeeldingen/", include("dubbelslag.images.urls")),
    path("kennisproducten/", include("dubbelslag.publications.urls")),
    # The open read API (/api/v1/…) and its docs page (/api/): areas, indicators, observations, scan, knowledge.
    path("api/", include("dubbelslag.api.urls")),
    # The public knowledge base (/kennisbank/…), its CSV and PDF downloads, sitemap and statements.
    path("", include("dubbelslag.public.urls")),
    # The area pages (/gebieden/…).
    path("", include("dubbelslag.atlas.urls")),
    path("", include("dubbelslag.programme.urls")),
]

handler403 = "dubbelslag.core.views.permission_denied"
handler404 = "dubbelslag.core.views.page_not_found"
handler500 = "dubbelslag.core.views.server_error"
