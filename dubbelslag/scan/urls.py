app_name = "scan"

urlpatterns = []
