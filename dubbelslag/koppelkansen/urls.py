app_name = "koppelkansen"

urlpatterns = []
