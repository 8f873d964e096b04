"""The monitoring pages' rendered content, kept until the data under it changes.

An experiment's results page and the programme dashboard are read far more often than a figure changes, and
rendering them for a programme of 20 experiments × 40 indicators × 12 periods takes a few hundred milliseconds.
Their content is cached as rendered HTML (the template's ``{% cache %}`` fragment, so the page's header, with the
viewer's own name, links and form tokens, stays per request) under a key holding the data version: one small query
over what can change a figure or its context. Every write through a service records an audit event; rows written
directly (demo data, tests' factories) change the counts and largest ids. The read models run only when the
fragment is missing (the views pass them lazily). ``MONITORING_CACHE_SECONDS`` bounds the lag of anything else,
such as a user's name in a list; 0 switches the cache off.
"""

from django.conf import settings
from django.db import connection
from django.utils.functional import SimpleLazyObject

_VERSION_SQL = (
    "SELECT (SELECT MAX(id) FROM core_auditevent), (SELECT MAX(id) FROM monitoring_update), "
    "(SELECT COUNT(*) FROM monitoring_update), (SELECT MAX(updated_at) FROM monitoring_update), "
    "(SELECT COUNT(*) FROM monitoring_updatedisaggregation), (SELECT COUNT(*) FROM monitoring_resultindicator), "
    "(SELECT MAX(id) FROM monitoring_resultindicator), (SELECT COUNT(*) FROM monitoring_target), "
    "(SELECT COUNT(*) FROM monitoring_reportingperiod), (SELECT MAX(id) FROM indicators_importrun)"
)


def data_version() -> str:
    """A string that changes whenever a figure, a status or the framework behind the monitoring pages does; empty
    when the cache is off, which the templates read as "don't cache"."""
    if settings.MONITORING_CACHE_SECONDS <= 0:
        return ""
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        return ".".join(str(value) for value in cursor.fetchone())


def lazy(build):
    """``build()`` run only if a template reads the value, i.e. only when the cached fragment is missing."""
    return SimpleLazyObject(build)
