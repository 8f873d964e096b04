from . import views

app_name = "images"

urlpatterns = views.urlpatterns
