from . import api, views

app_name = "public"

# Each module keeps its own urlpatterns: the pages (views), the open data (api: JSON and CSV).
urlpatterns = views.urlpatterns + api.urlpatterns
