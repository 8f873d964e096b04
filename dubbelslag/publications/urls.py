from . import views

app_name = "publications"

urlpatterns = views.urlpatterns
