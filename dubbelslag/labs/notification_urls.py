"""URLs under /meldingen/: a person's notifications, outside /kennislabs/ because they are not only about labs."""

from .views import notifications

app_name = "notifications"

urlpatterns = notifications.urlpatterns
