from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from dubbelslag.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # The language switch only sets the language cookie, so it needs no CSRF token, which lets the public pages be
    # cached whole for anonymous visitors (dubbelslag.public.cache). set_language still checks its `next` address.
    path("taal/", csrf_exempt(set_language), name="set-language"),
    path("account/", include("dubbelslag.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("indicatoren/", include("dubbelslag.indicators.urls")),
    path("koppelkansen/", include("dubbelslag.koppelkansen.urls")),
    path("scan/", include("dubbelslag.scan.urls")),
    path("kennislabs/", include("dubbelslag.labs.urls")),
    path("onderzoek/", include("dubbelslag.research.urls")),
    path("kennisproducten/", include("dubbelslag.publications.urls")),
    # The public knowledge base (/kennisbank/…), its open data (/api/v1/products…, CSV), sitemap and statements.
    path("", include("dubbelslag.public.urls")),
    # The area pages and the read API (/gebieden/…, /api/v1/…).
    path("", include("dubbelslag.atlas.urls")),
    path("", include("dubbelslag.programme.urls")),
]

handler403 = "dubbelslag.core.views.permission_denied"
handler404 = "dubbelslag.core.views.page_not_found"
handler500 = "dubbelslag.core.views.server_error"
