"""Row locks for the services' check-then-write steps."""

from django.db import models


def lock_row(obj: models.Model) -> models.Model:
    """Lock ``obj``'s row until the transaction ends and bring ``obj`` up to date, so what a service checks next
    (a version, a status) is the row as it is now, not as it was when the page was loaded. Call inside
    ``transaction.atomic``; on SQLite, whose transactions take the write lock up front, the select is a plain read.

    Without ordering: a model ordered through a nullable relation (a target by its period) would join it with an
    outer join, which PostgreSQL refuses to lock ("FOR UPDATE cannot be applied to the nullable side of an outer
    join"); the row itself is all there is to lock."""
    list(type(obj).objects.select_for_update().filter(pk=obj.pk).order_by().values_list("pk", flat=True))
    obj.refresh_from_db()
    return obj
