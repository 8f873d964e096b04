from django.urls import path

from . import views

app_name = "programme"

urlpatterns = [
    path("", views.home, name="home"),
    path("mijn/", views.dashboard, name="dashboard"),
    path("programma/<slug:slug>/", views.programme_detail, name="programme-detail"),
    path("programma/<slug:slug>/experimenten/nieuw/", views.experiment_create, name="experiment-create"),
    path("experimenten/", views.experiment_list, name="experiment-list"),
    path("experimenten/<int:pk>/", views.experiment_detail, name="experiment-detail"),
    path("experimenten/<int:pk>/bewerken/", views.experiment_update, name="experiment-update"),
    path("experimenten/<int:pk>/deelnemers/", views.participation_create, name="participation-create"),
    path("experimenten/<int:pk>/deelnemers/<int:participation_pk>/verwijderen/", views.participation_delete,
         name="participation-delete"),
    path("organisaties/", views.organisation_list, name="organisation-list"),
    path("organisaties/<slug:slug>/", views.organisation_detail, name="organisation-detail"),
]
