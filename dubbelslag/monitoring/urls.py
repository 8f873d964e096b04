from django.urls import path

from .views import results
from .views._pending import pending

app_name = "monitoring"

urlpatterns = [
    # --- Results and dashboard (views/results.py) ---
    path("experiment/<int:experiment_pk>/", results.results, name="results"),
    path("programma/<slug:slug>/", results.dashboard, name="dashboard"),

    # --- Updates (views/updates.py) ---
    path("indicator/<int:indicator_pk>/periode/<int:period_pk>/", pending, name="update-edit"),
    path("rapportage/<int:pk>/", pending, name="update-detail"),

    # --- Framework and periods (views/framework.py) ---
    path("experiment/<int:experiment_pk>/raamwerk/", pending, name="framework"),
    path("programma/<slug:slug>/raamwerk/", pending, name="programme-framework"),
    path("programma/<slug:slug>/perioden/", pending, name="periods"),

    # --- Exports and reports (views/exports.py) ---
    path("experiment/<int:experiment_pk>/export.<str:fmt>", pending, name="experiment-export"),
    path("programma/<slug:slug>/export.<str:fmt>", pending, name="programme-export"),
    path("experiment/<int:experiment_pk>/periode/<int:period_pk>/rapport.pdf", pending, name="report-pdf"),
]
