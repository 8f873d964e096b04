from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from dubbelslag.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("taal/", set_language, name="set-language"),
    path("account/", include("dubbelslag.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("indicatoren/", include("dubbelslag.indicators.urls")),
    path("koppelkansen/", include("dubbelslag.koppelkansen.urls")),
    path("scan/", include("dubbelslag.scan.urls")),
    path("kennislabs/", include("dubbelslag.labs.urls")),
    path("onderzoek/", include("dubbelslag.research.urls")),
    # The area pages and the read API (/gebieden/…, /api/v1/…).
    path("", include("dubbelslag.atlas.urls")),
    path("", include("dubbelslag.programme.urls")),
]

handler403 = "dubbelslag.core.views.permission_denied"
handler404 = "dubbelslag.core.views.page_not_found"
handler500 = "dubbelslag.core.views.server_error"
