"""Absolute addresses: permanent addresses, citations, the feed, the sitemap, PDF links, calendar and mail links.

One rule everywhere: ``settings.SITE_URL`` when it is set (production, behind a proxy), otherwise the scheme and host
the request came in on, so that ``make run PORT=8123`` or a test server on another host links to itself rather than
to a fixed ``127.0.0.1:8000``. Code deep below a view (rendering a product, typesetting its PDF) has no request at
hand: ``SiteRootMiddleware`` keeps the current request in a context variable for the length of the request, so
``site_root()`` without arguments still answers with the request's host. Outside a request (a management command
sending mail) without SITE_URL the address falls back to ``FALLBACK_ROOT``; set SITE_URL wherever mail is sent.
The host is Django's ``request.get_host()``, checked against ALLOWED_HOSTS, so a forged Host header is refused
(400) before any address is built on it.
"""

from __future__ import annotations

from contextvars import ContextVar
from urllib.parse import urlsplit

from django.conf import settings

FALLBACK_ROOT = "http://127.0.0.1:8000"

_current_request: ContextVar = ContextVar("dubbelslag_current_request", default=None)


def site_root(request=None) -> str:
    """The site's root address without a trailing slash: SITE_URL, else the request's (or the current request's)
    scheme and host, else FALLBACK_ROOT."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    request = request if request is not None else _current_request.get()
    if request is not None:
        return f"{request.scheme}://{request.get_host()}"
    return FALLBACK_ROOT


def absolute_url(request, path: str) -> str:
    """``path`` (starting with "/") as an absolute address on the site; an address that already has a scheme, or an
    empty one, is returned as it is."""
    if not path or urlsplit(path).scheme:
        return path
    return site_root(request) + path


def site_host(request=None) -> str:
    """The host (and port) of ``site_root``: the sitemap's domain, the calendar's UIDs."""
    return urlsplit(site_root(request)).netloc


def site_scheme(request=None) -> str:
    return urlsplit(site_root(request)).scheme or "https"


class SiteRootMiddleware:
    """Makes the current request known to ``site_root()`` for code that is not handed the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)
