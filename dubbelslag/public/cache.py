"""Whole-page caching of the public knowledge base for anonymous visitors.

Anonymous visitors all see the same page for the same address and language, so it is rendered once and kept in
the cache under a key that also holds the data version: one small query over the tables whose changes can alter a
public page. Every write through a service adds an audit event, and products changed directly in the database
(demo seeding, tests) change the product version stamps, so a publication, an unpublication, a record taken back
or an experiment made private is seen at the next request, in every worker process. ``PUBLIC_PAGE_CACHE_SECONDS``
bounds how long anything else may lag (0 switches the cache off).

Only plain anonymous GET and HEAD requests are cached: no session cookie (signed-in visitors see links of their
own), no pending messages. The cached page holds no per-visitor token: the language switch is the only form an
anonymous page has, and it carries none (see ``dubbelslag.urls``).
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from dubbelslag.core.addresses import site_root

_VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM core_auditevent), (SELECT MAX(id) FROM publications_productversion), "
    "(SELECT COUNT(*) FROM publications_knowledgeproduct WHERE published_version_id IS NOT NULL), "
    "(SELECT MAX(published_version_id) FROM publications_knowledgeproduct)"
)


def data_version() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        return ".".join(str(value) for value in cursor.fetchone())


def _cacheable(request) -> bool:
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "messages" not in request.COOKIES and settings.PUBLIC_PAGE_CACHE_SECONDS > 0)


def _key(request) -> str:
    # The site's root is part of the address: without SITE_URL the pages' absolute links use the request's host.
    address = hashlib.sha256((site_root(request) + request.get_full_path()).encode()).hexdigest()
    return f"public-page:{get_language()}:{data_version()}:{address}"


def anonymous_page_cache(view):
    """Serve ``view``'s successful answers to anonymous visitors from the cache (see the module's docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                if hasattr(response, "render") and callable(response.render):
                    response = response.render()
                cache.set(key, response, settings.PUBLIC_PAGE_CACHE_SECONDS)
        patch_vary_headers(response, ("Cookie",))
        return response

    return wrapper
