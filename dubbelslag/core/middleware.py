"""Middleware: the interface language and the response headers every page gets."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

# No inline scripts or styles anywhere, so the policy can stay strict (docs/style.md#views).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'"
)


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response

    return middleware


def language(get_response):
    """Dutch first: the language is the one chosen with the language switch (a cookie), else Dutch. Unlike Django's
    LocaleMiddleware we ignore the browser's Accept-Language, so that a Dutch municipality's English-language browser
    still opens the Dutch interface."""
    supported = {code for code, _name in settings.LANGUAGES}

    def middleware(request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        code = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response

    return middleware


def strip_nul_from_query(get_response):
    """Remove NUL characters from query parameters. No search or filter needs them, and PostgreSQL refuses text
    containing them (a ValueError, so a 500) where SQLite would just find nothing: every filter and search box is
    covered here at once rather than in each view."""

    def middleware(request):
        if "%00" in request.META.get("QUERY_STRING", "") or any("\x00" in value for value in request.GET.values()):
            cleaned = request.GET.copy()
            for key in list(cleaned):
                cleaned.setlist(key, [value.replace("\x00", "") for value in cleaned.getlist(key)])
            cleaned._mutable = False
            request.GET = cleaned
        return get_response(request)

    return middleware
