app_name = "atlas"

urlpatterns = []
