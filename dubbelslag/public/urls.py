from . import downloads, views

app_name = "public"

# Each module keeps its own urlpatterns: the pages (views), the downloads (CSV and PDF). The JSON is dubbelslag.api.
urlpatterns = views.urlpatterns + downloads.urlpatterns
