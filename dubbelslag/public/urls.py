from . import downloads, views, views_monitoring

app_name = "public"

# Each module keeps its own urlpatterns: the pages (views), the monitoring pages (views_monitoring), the downloads
# (CSV and PDF). The JSON is dubbelslag.api.
urlpatterns = views.urlpatterns + views_monitoring.urlpatterns + downloads.urlpatterns
