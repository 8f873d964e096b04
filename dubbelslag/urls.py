from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from dubbelslag.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("taal/", set_language, name="set-language"),
    path("account/", include("dubbelslag.accounts.urls")),
    path("beheer/", admin.site.urls),
    path("", include("dubbelslag.programme.urls")),
]

handler403 = "dubbelslag.core.views.permission_denied"
handler404 = "dubbelslag.core.views.page_not_found"
handler500 = "dubbelslag.core.views.server_error"
