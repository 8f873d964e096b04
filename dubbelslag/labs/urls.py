"""URLs under /kennislabs/. Each views module contributes its own patterns."""

from .views import calendar, questions, sessions

app_name = "labs"

urlpatterns = [*questions.urlpatterns, *sessions.urlpatterns, *calendar.urlpatterns]
