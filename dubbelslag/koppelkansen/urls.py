from django.urls import path

from . import views

app_name = "koppelkansen"

urlpatterns = [
    path("", views.koppelkans_list, name="koppelkans-list"),
    path("nieuw/", views.koppelkans_create, name="koppelkans-create"),
    path("adopties/<int:pk>/verwijderen/", views.adoption_delete, name="adoption-delete"),
    path("<str:code>/", views.koppelkans_detail, name="koppelkans-detail"),
    path("<str:code>/bewerken/", views.koppelkans_update, name="koppelkans-update"),
    path("<str:code>/adopteren/", views.adoption_create, name="adoption-create"),
]
