from django.urls import path

from .views import exports
from .views._pending import pending

app_name = "monitoring"

urlpatterns = [
    # --- Results and dashboard (views/results.py) ---
    path("experiment/<int:experiment_pk>/", pending, name="results"),
    path("programma/<slug:slug>/", pending, name="dashboard"),

    # --- Updates (views/updates.py) ---
    path("indicator/<int:indicator_pk>/periode/<int:period_pk>/", pending, name="update-edit"),
    path("rapportage/<int:pk>/", pending, name="update-detail"),

    # --- Framework and periods (views/framework.py) ---
    path("experiment/<int:experiment_pk>/raamwerk/", pending, name="framework"),
    path("programma/<slug:slug>/raamwerk/", pending, name="programme-framework"),
    path("programma/<slug:slug>/perioden/", pending, name="periods"),

    # --- Exports and reports (views/exports.py) ---
    path("experiment/<int:experiment_pk>/export.<str:fmt>", exports.experiment_export, name="experiment-export"),
    path("programma/<slug:slug>/export.<str:fmt>", exports.programme_export, name="programme-export"),
    path("experiment/<int:experiment_pk>/periode/<int:period_pk>/rapport.pdf", exports.report_pdf,
         name="report-pdf"),
]
