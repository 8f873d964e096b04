"""Row locks for the services' check-then-write steps."""

from django.db import models


def lock_row(obj: models.Model) -> models.Model:
    """Lock ``obj``'s row until the transaction ends and bring ``obj`` up to date, so what a service checks next
    (a version, a status) is the row as it is now, not as it was when the page was loaded. Call inside
    ``transaction.atomic``; on SQLite, whose transactions take the write lock up front, the select is a plain read."""
    list(type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("pk", flat=True))
    obj.refresh_from_db()
    return obj
