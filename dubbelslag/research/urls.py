from .views import codes, log, records, search

app_name = "research"

urlpatterns = log.urlpatterns + codes.urlpatterns + records.urlpatterns + search.urlpatterns
