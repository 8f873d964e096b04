"""URLs under /kennislabs/. Each views module contributes its own patterns."""

from .views import calendar, groups, questions, sessions

app_name = "labs"

urlpatterns = [*questions.urlpatterns, *sessions.urlpatterns, *groups.urlpatterns, *calendar.urlpatterns]
