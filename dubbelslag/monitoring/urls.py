from django.urls import path

from .views import exports, framework, results, updates

app_name = "monitoring"

urlpatterns = [
    # --- Results and dashboard (views/results.py) ---
    path("experiment/<int:experiment_pk>/", results.results, name="results"),
    path("programma/<slug:slug>/", results.dashboard, name="dashboard"),
    path("programma/<slug:slug>/indicator/<int:pk>/", results.dashboard_indicator, name="dashboard-indicator"),
    path("programma/<slug:slug>/rapportages/<str:kind>/", results.dashboard_updates, name="dashboard-updates"),

    # --- Updates (views/updates.py) ---
    path("indicator/<int:indicator_pk>/periode/<int:period_pk>/", updates.update_edit, name="update-edit"),
    path("rapportage/<int:pk>/", updates.update_detail, name="update-detail"),
    path("rapportage/<int:pk>/stap/<str:verb>/", updates.update_step, name="update-step"),
    path("rapportage/<int:pk>/reactie/", updates.update_comment, name="update-comment"),
    path("rapportage/<int:pk>/bijlagen/", updates.attachment_add, name="update-attachment-add"),
    path("bijlage/<int:pk>/", updates.attachment_download, name="update-attachment"),
    path("bijlage/<int:pk>/verwijderen/", updates.attachment_remove, name="update-attachment-remove"),

    # --- Framework and periods (views/framework.py) ---
    path("experiment/<int:experiment_pk>/raamwerk/", framework.experiment_framework_page, name="framework"),
    path("programma/<slug:slug>/raamwerk/", framework.programme_framework_page, name="programme-framework"),
    path("programma/<slug:slug>/perioden/", framework.periods_page, name="periods"),
    path("indicator/<int:pk>/", framework.indicator_page, name="indicator"),
    path("doel/<int:pk>/", framework.goal_page, name="goal"),
    path("periode/<int:pk>/vergrendelen/", framework.period_lock_page, name="period-lock"),

    # --- Exports and reports (views/exports.py) ---
    path("experiment/<int:experiment_pk>/export.<str:fmt>", exports.experiment_export, name="experiment-export"),
    path("programma/<slug:slug>/export.<str:fmt>", exports.programme_export, name="programme-export"),
    path("experiment/<int:experiment_pk>/periode/<int:period_pk>/rapport.pdf", exports.report_pdf,
         name="report-pdf"),
]
